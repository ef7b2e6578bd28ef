"""Workflow steps of meetings and documents too: ArticleEvent becomes WorkflowEvent, with
exactly one of article, meeting or document."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0006_trash_permissions"),
        ("meetings", "0003_workflow"),
        ("news", "0004_trash_and_edit_version"),
    ]

    operations = [
        migrations.RenameModel("ArticleEvent", "WorkflowEvent"),
        migrations.AlterModelOptions(
            name="workflowevent",
            options={"ordering": ["-at", "-id"], "verbose_name": "bước duyệt", "verbose_name_plural": "nhật ký duyệt"},
        ),
        migrations.AlterField(
            model_name="workflowevent",
            name="article",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="news.article",
                verbose_name="bài viết",
            ),
        ),
        migrations.AddField(
            model_name="workflowevent",
            name="meeting",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="meetings.meeting",
                verbose_name="hội nghị",
            ),
        ),
        migrations.AddField(
            model_name="workflowevent",
            name="document",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="meetings.document",
                verbose_name="văn bản",
            ),
        ),
        migrations.AddConstraint(
            model_name="workflowevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("article__isnull", False), ("document", None), ("meeting", None)),
                    models.Q(("article", None), ("document", None), ("meeting__isnull", False)),
                    models.Q(("article", None), ("document__isnull", False), ("meeting", None)),
                    _connector="OR",
                ),
                name="workflow_event_one_subject",
            ),
        ),
    ]
