"""Quản trị reads the audit log (Nhật ký hệ thống); nobody may change it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("editorial")
    models_module, app_config.models_module = getattr(app_config, "models_module", None), True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="editorial", codename="view_auditentry")
    for group in Group.objects.filter(name="Quản trị"):
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [("editorial", "0003_audit_log")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
