"""Readers' feedback for the newsroom's roles (editorial.roles.READER_FEEDBACK, copied here so
that this migration keeps meaning what it meant): Biên tập viên and Văn phòng read and answer
it, Duyệt bài also deletes spam. Groups an administrator removed are left alone."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Biên tập viên": ["view_readerfeedback", "change_readerfeedback"],
    "Duyệt bài": ["view_readerfeedback", "change_readerfeedback", "delete_readerfeedback"],
    "Văn phòng": ["view_readerfeedback", "change_readerfeedback"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("website")
    models_module, app_config.models_module = getattr(app_config, "models_module", None), True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        found = Permission.objects.filter(content_type__app_label="website", codename__in=codenames)
        permissions = list(found)
        if len(permissions) != len(codenames):
            raise LookupError(f"Missing website permissions among {codenames}")
        for group in Group.objects.filter(name=name):
            group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("website", "0001_reader_feedback"), ("editorial", "0001_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
