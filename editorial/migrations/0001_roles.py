"""The five roles of the newsroom, as Django groups with their permissions.

Made once; administrators may change them afterwards in the admin (Quản trị › Nhóm), and a
later run of this migration never overwrites their changes (it only creates missing groups).
The definitions are copied here, not imported, so that this migration keeps meaning what it
meant when it was written.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ARTICLE_WRITING = [
    ("news", "view_article"),
    ("news", "add_article"),
    ("news", "change_article"),
    ("news", "submit_article"),
    ("news", "view_category"),
    ("news", "view_tag"),
    ("news", "add_tag"),
    ("portal", "view_image"),
    ("portal", "add_image"),
]
EDITING = [*ARTICLE_WRITING, ("news", "edit_any_article"), ("news", "change_tag"), ("portal", "change_image")]
APPROVING = [
    *EDITING,
    ("news", "publish_article"),
    ("news", "delete_article"),
    ("news", "add_category"),
    ("news", "change_category"),
    ("news", "delete_tag"),
]
ADMINISTRATION = [
    ("auth", "view_user"),
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "view_group"),
    ("auth", "change_group"),
    ("portal", "view_sitesettings"),
    ("portal", "change_sitesettings"),
    ("widgets", "view_snapshot"),
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("axes", "view_accesslog"),
    ("otp_totp", "view_totpdevice"),
    ("otp_totp", "delete_totpdevice"),
    ("otp_static", "view_staticdevice"),
    ("otp_static", "delete_staticdevice"),
]

ROLES = {
    "Phóng viên": ARTICLE_WRITING,
    "Biên tập viên": EDITING,
    "Duyệt bài": APPROVING,
    # Meetings, photos, officials and documents: every permission of the records app.
    "Văn phòng": [("portal", "view_image"), ("portal", "add_image"), ("portal", "change_image"), ("meetings", "*")],
    "Quản trị": ADMINISTRATION,
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        models_module, app_config.models_module = getattr(app_config, "models_module", None), True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, created = Group.objects.get_or_create(name=name)
        if not created:
            continue  # administrators own it now
        for app_label, codename in grants:
            permissions = Permission.objects.filter(content_type__app_label=app_label)
            if codename != "*":
                permissions = permissions.filter(codename=codename)
            found = list(permissions)
            if not found:
                raise LookupError(f"Permission {app_label}.{codename} does not exist")
            group.permissions.add(*found)


def keep_roles(apps, schema_editor):
    """Going back leaves the groups: administrators may have changed them and given them out."""


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0002_article_permissions"),
        ("meetings", "0002_document_kind_copy"),
        ("portal", "0002_sitesettings_exchange_currencies_and_more"),
        ("widgets", "0002_count_batch"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(create_roles, keep_roles)]
