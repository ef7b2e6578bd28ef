"""Search (portal/search.py): the tokens of meetings, officials and documents (documents in
the new token form), and on PostgreSQL the GIN indexes that answer queries over them."""

from django.db import migrations, models

from portal import search

TABLES = {
    "meetings_meeting": "meeting_search_gin",
    "meetings_official": "official_search_gin",
    "meetings_document": "document_search_gin",
}


_html = search.html_text


def fill(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Official = apps.get_model("meetings", "Official")
    Document = apps.get_model("meetings", "Document")
    Attachment = apps.get_model("meetings", "Attachment")
    for meeting in Meeting._base_manager.iterator(1000):
        meeting.search_text = search.index_text(meeting.title, meeting.place, meeting.participants, _html(meeting.summary))
        Meeting._base_manager.filter(pk=meeting.pk).update(search_text=meeting.search_text)
    for official in Official._base_manager.iterator(1000):
        text = search.index_text(official.full_name, official.summary, official.hometown, _html(official.biography))
        Official._base_manager.filter(pk=official.pk).update(search_text=text)
    for document in Document._base_manager.iterator(1000):
        files = Attachment.objects.filter(document_id=document.pk).order_by("order", "id").values_list("text", flat=True)
        texts = [document.symbol, document.abstract, document.signer_name, *files]
        Document._base_manager.filter(pk=document.pk).update(search_text=search.index_text(*(t for t in texts if t)))


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, name in TABLES.items():
            schema_editor.execute(search.gin_index_sql(table, name)[0])


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, name in TABLES.items():
            schema_editor.execute(search.gin_index_sql(table, name)[1])


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_workflow")]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="official",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
