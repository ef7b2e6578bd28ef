"""Articles' old addresses move to portal.FormerSlug, which meetings, documents, officials and
organizations use too; news.OldSlug goes. The index on view_count goes as well: "Đọc nhiều"
now ranks by news.DailyViews, and without it PostgreSQL can update a view count in place
(a HOT update) instead of writing to every index of the table on each counted view."""

from django.db import migrations


def move_old_slugs(apps, schema_editor):
    OldSlug = apps.get_model("news", "OldSlug")
    FormerSlug = apps.get_model("portal", "FormerSlug")
    ContentType = apps.get_model("contenttypes", "ContentType")
    article_type, _ = ContentType.objects.get_or_create(app_label="news", model="article")
    FormerSlug.objects.bulk_create(
        [
            FormerSlug(content_type=article_type, object_id=old.article_id, slug=old.slug)
            for old in OldSlug.objects.all()
        ],
        ignore_conflicts=True,
    )


def move_back(apps, schema_editor):
    OldSlug = apps.get_model("news", "OldSlug")
    FormerSlug = apps.get_model("portal", "FormerSlug")
    Article = apps.get_model("news", "Article")
    former = FormerSlug.objects.filter(content_type__app_label="news", content_type__model="article")
    existing = set(Article.objects.values_list("pk", flat=True))
    OldSlug.objects.bulk_create(
        [OldSlug(article_id=f.object_id, slug=f.slug) for f in former if f.object_id in existing],
        ignore_conflicts=True,
    )
    former.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0009_stored_search_vector"),
        ("portal", "0005_former_slugs"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(move_old_slugs, move_back),
        migrations.RemoveField(model_name="oldslug", name="article"),
        migrations.RemoveIndex(model_name="article", name="article_views_idx"),
        migrations.DeleteModel(name="OldSlug"),
    ]
