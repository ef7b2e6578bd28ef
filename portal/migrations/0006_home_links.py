"""The home page's "Liên kết" block: links to the province's and the state's portals, which
Quản trị and Duyệt bài keep in the admin (as they keep the standing pages)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import portal.models

ROLES = {
    "Quản trị": ["view_link", "add_link", "change_link", "delete_link"],
    "Duyệt bài": ["view_link", "add_link", "change_link", "delete_link"],
}


def grant_permissions(apps, schema_editor):
    app_config = apps.get_app_config("portal")
    models_module, app_config.models_module = getattr(app_config, "models_module", None), True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        found = Permission.objects.filter(content_type__app_label="portal", codename__in=codenames)
        for group in Group.objects.filter(name=name):
            group.permissions.add(*found)


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_former_slugs"), ("editorial", "0001_roles")]

    operations = [
        migrations.CreateModel(
            name="Link",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text="Ví dụ: Cổng TTĐT tỉnh Quảng Ninh.",
                        max_length=150,
                        verbose_name="tên trang",
                    ),
                ),
                (
                    "url",
                    models.URLField(
                        help_text="Địa chỉ đầy đủ, ví dụ https://www.quangninh.gov.vn/.",
                        max_length=500,
                        validators=[portal.models.validate_web_address],
                        verbose_name="địa chỉ",
                    ),
                ),
                (
                    "order",
                    models.PositiveSmallIntegerField(
                        default=10, help_text="Số nhỏ hiện trước.", verbose_name="thứ tự"
                    ),
                ),
                ("is_shown", models.BooleanField(default=True, verbose_name="hiện trên trang chủ")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="sửa lúc")),
            ],
            options={
                "verbose_name": "liên kết website",
                "verbose_name_plural": "liên kết website",
                "ordering": ["order", "title", "id"],
            },
        ),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
    ]
