"""The English page of the committee's structure and contacts (Nghị định 42/2022/NĐ-CP asks
a portal for one), written once so that every installation starts with it; Quản trị and
Duyệt bài keep it true in the admin afterwards, and may manage other standing pages."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

BODY = """
<p>The Ha Long City Party Committee (<span lang="vi">Thành ủy Hạ Long</span>) leads the
organisation of the Communist Party of Viet Nam in Ha Long City, Quang Ninh Province, under the
leadership of the Quang Ninh Provincial Party Committee. This portal publishes the committee's
news, meetings, leadership and documents in Vietnamese; this page describes the committee in
English.</p>
<h2>Structure</h2>
<ul>
<li><strong>The City Party Congress</strong> (<span lang="vi">Đại hội Đảng bộ thành phố</span>),
held every five years, elects the Executive Committee and sets the course for its term.</li>
<li><strong>The Executive Committee</strong> (<span lang="vi">Ban Chấp hành Đảng bộ thành
phố</span>) leads the city's Party organisation between congresses.</li>
<li><strong>The Standing Committee</strong> (<span lang="vi">Ban Thường vụ Thành ủy</span>),
elected by the Executive Committee, leads between the Executive Committee's meetings.</li>
<li><strong>The Standing Board</strong> (<span lang="vi">Thường trực Thành ủy</span>): the
Secretary and the Deputy Secretaries, who direct the day-to-day work.</li>
<li><strong>The Inspection Commission</strong> (<span lang="vi">Ủy ban Kiểm tra Thành
ủy</span>) oversees Party discipline.</li>
</ul>
<h2>Advisory and support bodies</h2>
<ul>
<li>The Office of the City Party Committee (<span lang="vi">Văn phòng Thành ủy</span>)</li>
<li>The Organisation Commission (<span lang="vi">Ban Tổ chức Thành ủy</span>)</li>
<li>The Propaganda and Mass Mobilisation Commission (<span lang="vi">Ban Tuyên giáo và Dân
vận Thành ủy</span>)</li>
<li>The Political Training Centre (<span lang="vi">Trung tâm Chính trị thành phố</span>)</li>
</ul>
<p>The current leaders are listed, in Vietnamese, on the <a href="/lanh-dao/">Leadership
page (<span lang="vi">Lãnh đạo</span>)</a>; the committee's documents are in the
<a href="/van-ban/">document registry (<span lang="vi">Văn bản</span>)</a>.</p>
"""

ROLES = {
    "Quản trị": ["view_page", "add_page", "change_page", "delete_page"],
    "Duyệt bài": ["view_page", "add_page", "change_page"],
}


def create_page(apps, schema_editor):
    Page = apps.get_model("portal", "Page")
    if not Page.objects.filter(language="en").exists():
        Page.objects.create(
            title="Ha Long City Party Committee: structure and contacts",
            slug="structure-and-contacts",
            language="en",
            summary="How the Ha Long City Party Committee is organised, and how to contact it.",
            body=" ".join(BODY.split()).replace("> <", "><"),
            show_contacts=True,
            show_in_footer=True,
            order=100,
            is_published=True,
        )

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
    dependencies = [("portal", "0003_pages"), ("editorial", "0001_roles")]

    operations = [migrations.RunPython(create_page, migrations.RunPython.noop)]
