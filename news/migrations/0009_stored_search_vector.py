"""On PostgreSQL, the search tsvector becomes a stored generated column with its own GIN
index (portal/search.py), replacing the expression index that made every matching row's
vector be computed again at query time; articles' titles get one too, for "most relevant
first". Nothing changes on SQLite.

The SQL is written out here rather than taken from portal.search, so that this migration
does what it did when it was written. Adding a stored column rewrites each table: on a large
archive, run it at a quiet hour. A later migration that alters ``search_text`` or
``search_title`` must drop the dependent vector column first and add it again afterwards.
"""

from django.db import migrations

VECTORS = [  # (table, source column, vector column, new index, old expression index)
    ("news_article", "search_text", "search_vector", "article_search_vector_gin", "article_search_gin"),
    ("news_article", "search_title", "search_title_vector", "article_title_vector_gin", None),
    ("meetings_meeting", "search_text", "search_vector", "meeting_search_vector_gin", "meeting_search_gin"),
    ("meetings_official", "search_text", "search_vector", "official_search_vector_gin", "official_search_gin"),
    ("meetings_document", "search_text", "search_vector", "document_search_vector_gin", "document_search_gin"),
]


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, source, column, index, old_index in VECTORS:
        if old_index:
            schema_editor.execute(f"DROP INDEX IF EXISTS {old_index}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('simple'::regconfig, COALESCE({source}, ''))) STORED"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({column})")
    for table in dict.fromkeys(table for table, *_ in VECTORS):
        schema_editor.execute(f"ANALYZE {table}")  # the planner's view of the new columns


def remove_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, source, column, index, old_index in VECTORS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}")
        if old_index:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {old_index} ON {table} "
                f"USING gin (to_tsvector('simple'::regconfig, COALESCE({source}, '')))"
            )


class Migration(migrations.Migration):
    dependencies = [("news", "0008_daily_views"), ("meetings", "0004_search_text")]

    operations = [migrations.RunPython(add_vectors, remove_vectors)]
