"""Meetings and documents in the admin, with the editorial workflow: the domain's admin
(meetings/admin/) plus the workflow's buttons, its "Công bố" column and its state filter."""

from django.contrib import admin

from meetings.admin.documents import DocumentAdmin as DocumentRecordAdmin
from meetings.admin.documents import DocumentAdminForm
from meetings.admin.meetings import MeetingAdmin as MeetingRecordAdmin
from meetings.admin.meetings import MeetingAdminForm
from meetings.models import Document, Meeting

from .workflow import StateListFilter, WorkflowAdminMixin, WorkflowForm


class MeetingWorkflowForm(WorkflowForm, MeetingAdminForm):
    class Meta(MeetingAdminForm.Meta):
        pass


@admin.register(Meeting)
class MeetingAdmin(WorkflowAdminMixin, MeetingRecordAdmin):
    form = MeetingWorkflowForm
    list_display = ["title", "organization", "kind", "starts_at", "status", "publication_state", "photo_link"]
    list_filter = [StateListFilter, *MeetingRecordAdmin.list_filter]

    @admin.display(description="Công bố", ordering="publication")
    def publication_state(self, obj):
        return self.state_badge(obj)


class DocumentWorkflowForm(WorkflowForm, DocumentAdminForm):
    class Meta(DocumentAdminForm.Meta):
        pass


@admin.register(Document)
class DocumentAdmin(WorkflowAdminMixin, DocumentRecordAdmin):
    form = DocumentWorkflowForm
    list_display = [*DocumentRecordAdmin.list_display, "publication_state"]
    list_filter = [StateListFilter, *DocumentRecordAdmin.list_filter]

    @admin.display(description="công bố", ordering="publication")
    def publication_state(self, obj):
        return self.state_badge(obj)
