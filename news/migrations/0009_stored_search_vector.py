"""On PostgreSQL, the search tsvector becomes a stored generated column with its own GIN
index (portal/search.py), replacing the expression index that made every matching row's
vector be computed again at query time; articles' titles get one too, for "most relevant
first". Nothing changes on SQLite."""

from django.db import migrations

from portal import search

TABLES = {  # table: (new index, old expression index)
    "news_article": ("article_search_vector_gin", "article_search_gin"),
    "meetings_meeting": ("meeting_search_vector_gin", "meeting_search_gin"),
    "meetings_official": ("official_search_vector_gin", "official_search_gin"),
    "meetings_document": ("document_search_vector_gin", "document_search_gin"),
}


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (index, old_index) in TABLES.items():
        schema_editor.execute(search.gin_index_sql(table, old_index)[1])
        for statement in search.vector_column_sql(table, index)[0]:
            schema_editor.execute(statement)
        if table == "news_article":  # "most relevant first" puts title matches first
            for statement in search.vector_column_sql(table, "article_title_vector_gin", "search_title")[0]:
                schema_editor.execute(statement)
        schema_editor.execute(f"ANALYZE {table}")  # the planner's view of the new columns


def remove_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in search.vector_column_sql("news_article", "article_title_vector_gin", "search_title")[1]:
        schema_editor.execute(statement)
    for table, (index, old_index) in TABLES.items():
        for statement in search.vector_column_sql(table, index)[1]:
            schema_editor.execute(statement)
        schema_editor.execute(search.gin_index_sql(table, old_index)[0])


class Migration(migrations.Migration):
    dependencies = [("news", "0008_daily_views"), ("meetings", "0004_search_text")]

    operations = [migrations.RunPython(add_vectors, remove_vectors)]
