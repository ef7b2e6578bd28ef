"""Search (portal/search.py): the tokens of every article, and on PostgreSQL the GIN index
that answers a query over them."""

from django.db import migrations, models

from portal import search

INDEX = "article_search_gin"


def fill(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    batch = []
    for article in Article._base_manager.only("title", "lead", "body", "byline", "source").iterator(2000):
        article.search_text = search.index_text(
            article.title, article.lead, search.html_text(article.body), article.byline, article.source
        )
        article.search_title = search.index_text(article.title)
        batch.append(article)
        if len(batch) == 2000:
            Article._base_manager.bulk_update(batch, ["search_text", "search_title"])
            batch = []
    Article._base_manager.bulk_update(batch, ["search_text", "search_title"])


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search.gin_index_sql("news_article", INDEX)[0])


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search.gin_index_sql("news_article", INDEX)[1])


class Migration(migrations.Migration):
    dependencies = [("news", "0005_category_writers")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="search_title",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
