"""Meetings and documents go through review like articles: Văn phòng write and submit them
(and no longer publish them), Duyệt bài approve and publish them, which needs the right to
open and change them with their agenda, chairs, files and relations."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICE_LOSES = ["publish_meeting", "publish_document"]
OFFICE_GAINS = ["submit_meeting", "submit_document"]
APPROVER_GAINS = [
    "publish_meeting",
    "publish_document",
    *(f"{action}_{model}" for model in ("meeting", "document") for action in ("view", "change")),
    *(
        f"{action}_{model}"
        for model in ("agendaitem", "meetingchair", "attachment", "documentrelation")
        for action in ("view", "add", "change", "delete")
    ),
    *(f"view_{model}" for model in ("organization", "term", "official", "position", "meetingphoto")),
]


def update_roles(apps, schema_editor):
    app_config = apps.get_app_config("meetings")
    models_module, app_config.models_module = getattr(app_config, "models_module", None), True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(codenames):
        found = list(Permission.objects.filter(content_type__app_label="meetings", codename__in=codenames))
        if len(found) != len(set(codenames)):
            raise LookupError(f"Missing meetings permissions among {codenames}")
        return found

    for group in Group.objects.filter(name="Văn phòng"):
        group.permissions.remove(*permissions(OFFICE_LOSES))
        group.permissions.add(*permissions(OFFICE_GAINS))
    for group in Group.objects.filter(name="Duyệt bài"):
        group.permissions.add(*permissions(APPROVER_GAINS))


class Migration(migrations.Migration):
    dependencies = [("editorial", "0007_workflow_events_for_records"), ("meetings", "0003_workflow")]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
