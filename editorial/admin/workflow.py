"""The workflow in the admin, shared by articles, meetings and documents: the form's inputs
for the buttons, the panel "Quy trình duyệt", who may change what, and applying a button
after the save (editorial/workflow.py checks everything)."""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .. import notifications, workflow


class WorkflowForm(forms.ModelForm):
    """Inputs of the workflow buttons ("Trả lại", "Hẹn giờ"), not fields of the record."""

    review_comment = forms.CharField(
        label="Ý kiến trả lại",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bắt buộc khi trả lại: người soạn sẽ thấy ý kiến này.",
    )
    schedule_at = forms.SplitDateTimeField(
        label="Hẹn lúc",
        required=False,
        widget=widgets.AdminSplitDateTime,
        help_text="Ngày (dd/mm/yyyy) và giờ (HH:MM) sẽ tự động hiện trên trang.",
    )
    request = None  # set by WorkflowAdminMixin.get_form: the workflow checks who is acting

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        name = self.data.get("_transition")
        if name and self.request is not None:
            if self.instance.pk is None:
                self.instance.created_by = self.request.user  # a new record is its writer's draft
            # Check what the record will be once saved: the form's values on a copy.
            candidate = copy.copy(self.instance)
            model_fields = {f.name for f in candidate._meta.concrete_fields}
            for field, value in cleaned_data.items():
                if field in model_fields:
                    setattr(candidate, field, value)
            try:
                workflow.check(
                    candidate,
                    name,
                    self.request.user,
                    comment=cleaned_data.get("review_comment") or "",
                    when=cleaned_data.get("schedule_at"),
                )
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        return cleaned_data


STATE_COLOURS = {
    "draft": "#666",
    "submitted": "#0b5cad",
    "scheduled": "#a86400",
    "published": "#1b7f3b",
    "unpublished": "#b3121f",
    "archived": "#444",
}


def state_badge(obj):
    """The state as a coloured label for admin lists."""
    flow = workflow.flow_for(obj)
    state = "scheduled" if obj.is_scheduled else flow.state(obj)
    return format_html(
        '<span style="color:#fff;background:{};padding:2px 8px;border-radius:10px;'
        'white-space:nowrap">{}</span>',
        STATE_COLOURS.get(state, "#666"),
        workflow.state_label(obj),
    )


class WorkflowAdminMixin:
    """Workflow for a ModelAdmin whose model has a ``workflow.Flow`` and a ``WorkflowForm``."""

    def _flow(self):
        return workflow.FLOWS[self.model._meta.concrete_model]

    def get_ordering(self, request):
        # What waits for a decision comes first in the list (the approvers' queue).
        waiting = Case(
            When(**{self._flow().state_field: workflow.SUBMITTED}, then=Value(0)), default=Value(1)
        )
        return [waiting.asc(), *(super().get_ordering(request) or self.model._meta.ordering)]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.request = request  # a class made for this request by modelform_factory
        return form

    def workflow_context(self, request, obj, add):
        flow = self._flow()
        record = obj or flow.model(created_by=request.user)
        buttons = (
            workflow.buttons(record, request.user) if add or self.has_change_permission(request, obj) else []
        )
        schedule = workflow.TRANSITIONS["schedule"].label(flow)
        return {
            "workflow_state": workflow.state_label(record) if obj else "Mới",
            "workflow_transitions": buttons,
            "workflow_needs_comment": any(b.needs_comment for b in buttons),
            "workflow_needs_time": any(b.needs_time for b in buttons),
            "workflow_time_help": f"Chỉ có tác dụng khi bấm “{schedule}”.",
            "workflow_events": list(obj.events.select_related("user")[:30]) if obj else [],
            "workflow_noun": flow.noun,
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(self.workflow_context(request, obj, add))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_readonly_fields(self, request, obj=None):
        # The state and the publication time change only through the workflow's buttons.
        return [*super().get_readonly_fields(request, obj), self._flow().state_field, "published_at"]

    def has_change_permission(self, request, obj=None):
        """Drafts: whoever may write them (workflow.may_edit_draft); submitted: editors of
        articles, approvers of records; published, taken down or archived: approvers only."""
        if not super().has_change_permission(request, obj):
            return False
        flow = self._flow()
        if obj is None or request.user.has_perm(flow.perm("publish")):
            return True
        state = flow.state(obj)
        if state == workflow.DRAFT:
            return workflow.may_edit_draft(obj, request.user)
        if state == workflow.SUBMITTED:
            return (
                bool(flow.edit_any)
                and request.user.has_perm(flow.edit_any)
                and workflow.in_own_categories(obj, request.user)
            )
        return False

    def has_delete_permission(self, request, obj=None):
        """What readers may have seen (published, taken down, archived) is deleted only by
        those who publish: deleting is not a way round the review."""
        if not super().has_delete_permission(request, obj):
            return False
        flow = self._flow()
        if obj is None or request.user.has_perm(flow.perm("publish")):
            return True
        return flow.state(obj) in (workflow.DRAFT, workflow.SUBMITTED) and not obj.is_public

    def response_add(self, request, obj, post_url_continue=None):
        if "_transition" in request.POST:
            return self._after_transition(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_transition" in request.POST:
            return self._after_transition(request, obj)
        return super().response_change(request, obj)

    def _after_transition(self, request, obj):
        noun = self._flow().noun
        refused = getattr(request, "_workflow_refused", "")
        if refused:
            self.message_user(
                request, f"Đã lưu nội dung {noun}, nhưng chưa chuyển trạng thái: {refused}", messages.WARNING
            )
        else:
            self.message_user(
                request, f"Đã lưu {noun} “{obj}”; trạng thái: {workflow.state_label(obj)}.", messages.SUCCESS
            )
        opts = self.model._meta
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def save_model(self, request, obj, form, change):
        flow = self._flow()
        if not change:
            obj.created_by = request.user
        if change:
            # The workflow's fields change only through its buttons: keep what is stored now
            # (locked until this save commits), whatever this page loaded earlier.
            stored = (
                flow.model._default_manager.select_for_update()
                .values(flow.state_field, "published_at", "review_note")
                .get(pk=obj.pk)
            )
            for field, value in stored.items():
                setattr(obj, field, value)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        name = request.POST.get("_transition")
        if name:  # checked already by the form; checked again and applied now, under the lock
            comment = form.cleaned_data.get("review_comment") or ""
            try:
                workflow.apply(
                    form.instance,
                    name,
                    request.user,
                    comment=comment,
                    when=form.cleaned_data.get("schedule_at"),
                )
            except ValidationError as error:
                # Someone moved the record meanwhile: the text is saved, the step is not.
                request._workflow_refused = " ".join(error.messages)
                return
            opts = self.model._meta
            link = request.build_absolute_uri(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[form.instance.pk])
            )
            notifications.send_after_commit(form.instance, name, request.user, link, comment)

    @admin.display(description="Trạng thái")
    def state_badge(self, obj):
        return state_badge(obj)


class StateListFilter(admin.SimpleListFilter):
    """The workflow's states as people name them, "Hẹn giờ" apart from what is live."""

    title = "trạng thái"
    parameter_name = "trang-thai"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Bản nháp"),
            ("submitted", "Chờ duyệt"),
            ("scheduled", "Hẹn giờ"),
            ("live", "Đang hiển thị"),
            ("unpublished", "Đã gỡ xuống"),
            ("archived", "Lưu trữ"),
        ]

    def queryset(self, request, queryset):
        field = workflow.FLOWS[queryset.model._meta.concrete_model].state_field
        now = timezone.now()
        value = self.value()
        if value == "scheduled":
            return queryset.filter(**{field: workflow.PUBLISHED, "published_at__gt": now})
        if value == "live":
            return queryset.filter(**{field: workflow.PUBLISHED, "published_at__lte": now})
        if value in ("draft", "submitted", "unpublished", "archived"):
            return queryset.filter(**{field: value})
        return queryset
