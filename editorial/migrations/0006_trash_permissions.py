"""The trash (Thùng rác): Duyệt bài see and restore deleted articles; Quản trị see them and
delete them for good (restoring a published article would republish it: not theirs to do).
Groups an administrator removed are left alone."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Duyệt bài": ["view_trashedarticle", "change_trashedarticle"],
    "Quản trị": ["view_trashedarticle", "delete_trashedarticle"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("news")
    models_module, app_config.models_module = getattr(app_config, "models_module", None), True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        permissions = Permission.objects.filter(content_type__app_label="news", codename__in=codenames)
        for group in Group.objects.filter(name=name):
            group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("editorial", "0005_preview_links"), ("news", "0004_trash_and_edit_version")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
