"""The photo manager of a meeting in the admin: bulk upload, then captions, order and cover.

Photos are uploaded one per request by ``static/js/photo-manager.js`` (two at a time), so
a batch of sixty phone photos never makes a request run long; each answer is JSON. Without
JavaScript the same page's multiple-file form posts all the files at once and they are
processed in turn. Below the uploader, one formset edits all the meeting's photos.

The grid marks each photo that still lacks a description of its own (alt text, or "ảnh trang
trí"), and counts them: a meeting is not published while one does (editorial/workflow.py).
The uploader's answer gives the meeting's whole order, which a new photo may have changed
(meetings/photos.py: by the time taken, then the file name), so the page shows it at once.
"""

import logging
from functools import partial

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from portal import freshness
from portal.images import ImageRejected
from portal.text import whole_number
from portal.uploads import PHOTO_NOT_STORED

from ..models import Meeting, MeetingPhoto, Official
from ..photos import add_photo, photo_label, sort_by_time_taken

logger = logging.getLogger(__name__)

THUMB_WIDTH = 480
# The uploader sends this many photos at a time: the server encodes each in about a second.
UPLOADS_IN_PARALLEL = 2
NO_FILE = "Không nhận được tệp ảnh."


def photo_admin_urls(model_admin) -> list:
    """URL patterns of the photo manager, for ``MeetingAdmin.get_urls``."""
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            "<path:object_id>/anh/",
            wrap(partial(photo_manager_view, model_admin)),
            name="meetings_meeting_photos",
        ),
        path(
            "<path:object_id>/anh/tai-len/",
            wrap(require_POST(partial(photo_upload_view, model_admin))),
            name="meetings_meeting_photo_upload",
        ),
    ]


# --- Forms ---------------------------------------------------------------------------------


class UploadForm(forms.Form):
    """What is typed above the uploader and applied to each new photo."""

    caption_prefix = forms.CharField(
        label="Chú thích chung",
        required=False,
        max_length=MeetingPhoto._meta.get_field("caption").max_length,
        help_text="Đặt ở đầu chú thích của mỗi ảnh mới; sau đó hoàn thiện chú thích từng ảnh bên dưới. "
        "Chú thích chung không thay cho mô tả (alt) riêng của từng ảnh.",
    )
    credit = forms.CharField(
        label="Tác giả ảnh",
        required=False,
        max_length=MeetingPhoto._meta.get_field("credit").max_length,
    )


class PhotoForm(forms.ModelForm):
    class Meta:
        model = MeetingPhoto
        fields = ["caption", "alt_text", "decorative", "credit", "officials", "order"]
        widgets = {
            "caption": forms.Textarea(attrs={"rows": 2, "class": "photo-caption"}),
            "alt_text": forms.TextInput(attrs={"class": "photo-alt"}),
            "decorative": forms.CheckboxInput(attrs={"class": "photo-decorative"}),
            "credit": forms.TextInput(attrs={"class": "photo-credit"}),
            "officials": forms.SelectMultiple(attrs={"size": 4, "class": "photo-officials"}),
            "order": forms.NumberInput(attrs={"class": "photo-order", "min": 0}),
        }


class BasePhotoFormSet(forms.BaseModelFormSet):
    """Every form offers the same officials, fetched once, not once per photo; and its thumbnail.
    Each photo knows its meeting without a query (its description is checked against the title)."""

    def __init__(self, *args, official_choices=None, meeting=None, **kwargs):
        self.official_choices = official_choices
        self.meeting = meeting
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        self._prepare(form)
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        self._prepare(form)
        return form

    def _prepare(self, form):
        if self.official_choices is not None:
            form.fields["officials"].choices = self.official_choices
        photo = form.instance
        if photo.pk and self.meeting is not None and photo.meeting_id == self.meeting.pk:
            photo.meeting = self.meeting
        form.thumb_url = photo.image.rendition_url(THUMB_WIDTH) if photo.pk and photo.image_id else ""

    def missing_descriptions(self) -> list[str]:
        """The photos of the grid without a description of their own, as "ảnh số 3 (IMG_2041.jpg)"."""
        return [
            photo_label(number, form.instance)
            for number, form in enumerate(self.forms, 1)
            if form.instance.pk and not form.instance.has_description
        ]


PhotoFormSet = forms.modelformset_factory(
    MeetingPhoto, form=PhotoForm, formset=BasePhotoFormSet, extra=0, can_delete=True
)
FORMSET_PREFIX = "anh"


# --- Views ---------------------------------------------------------------------------------


def _meeting_or_404(model_admin, request: HttpRequest, object_id: str) -> Meeting:
    meeting = model_admin.get_object(request, unquote(object_id))
    if meeting is None:
        raise Http404("Không tìm thấy hội nghị.")
    return meeting


def _may_manage_photos(model_admin, request: HttpRequest, meeting: Meeting) -> bool:
    # Photos are the office's record of the meeting: they are added after it took place,
    # when the meeting is usually published already, so the workflow's rule for changing the
    # meeting's text (approvers only, once published) does not apply to them.
    return request.user.has_perm("meetings.change_meeting") and request.user.has_perm("portal.add_image")


def _photos(meeting: Meeting):
    return (
        MeetingPhoto.objects.filter(meeting=meeting)
        .select_related("image")
        .prefetch_related(Prefetch("officials", queryset=Official.objects.only("pk").order_by()))
        .order_by("order", "id")
    )


def _official_choices() -> list[tuple[int, str]]:
    return [(o.pk, o.full_name) for o in Official.objects.only("pk", "full_name")]


def photo_upload_view(model_admin, request: HttpRequest, object_id: str) -> JsonResponse:
    """Add one photo (field ``file``); answer JSON for the uploader's progress list."""
    meeting = _meeting_or_404(model_admin, request, object_id)
    if not _may_manage_photos(model_admin, request, meeting):
        return JsonResponse({"ok": False, "name": "", "error": "Bạn không có quyền tải ảnh lên."}, status=403)
    upload = request.FILES.get("file")
    name = upload.name if upload is not None else ""
    if upload is None:
        return JsonResponse({"ok": False, "name": name, "error": NO_FILE}, status=400)
    form = UploadForm(request.POST)
    if not form.is_valid():
        error = "; ".join(e for errors in form.errors.values() for e in errors)
        return JsonResponse({"ok": False, "name": name, "error": error}, status=400)
    try:
        photo = add_photo(
            meeting,
            upload,
            user=request.user,
            caption=form.cleaned_data["caption_prefix"],
            credit=form.cleaned_data["credit"],
        )
    except ImageRejected as exc:
        logger.info("Photo %r for meeting %s refused: %s", name, meeting.pk, exc)
        return JsonResponse({"ok": False, "name": name, "error": str(exc)}, status=400)
    except OSError:
        logger.exception("Storage failed for photo %r of meeting %s", name, meeting.pk)
        return JsonResponse({"ok": False, "name": name, "error": PHOTO_NOT_STORED}, status=503)
    arrangement = list(
        MeetingPhoto.objects.filter(meeting=meeting)
        .order_by("order", "id")
        .values_list("pk", "order", "is_cover")
    )
    return JsonResponse(
        {
            "ok": True,
            "id": photo.pk,
            "thumb": photo.image.rendition_url(THUMB_WIDTH),
            "name": name,
            "caption": photo.caption,
            "caption_prefix": photo.caption_prefix,
            "credit": photo.credit,
            "order": photo.order,
            "is_cover": photo.is_cover,
            # Every photo's place now (the new one may have come between others) and the cover.
            "photos": [{"id": pk, "order": order} for pk, order, _ in arrangement],
            "cover": next((pk for pk, _, is_cover in arrangement if is_cover), None),
        }
    )


def photo_manager_view(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    """The page: uploader on top, the meeting's photos as an editable grid below."""
    meeting = _meeting_or_404(model_admin, request, object_id)
    if not _may_manage_photos(model_admin, request, meeting):
        raise PermissionDenied
    here = reverse("admin:meetings_meeting_photos", args=[meeting.pk])

    upload_form = UploadForm()
    formset = None
    cover = None
    if request.method == "POST" and request.POST.get("action") == "upload":
        upload_form = UploadForm(request.POST)
        if upload_form.is_valid():
            _upload_many(request, meeting, upload_form.cleaned_data)
            return redirect(here)
    elif request.method == "POST" and request.POST.get("action") == "save":
        formset = _formset(meeting, request.POST)
        cover = request.POST.get("cover", "")
        if formset.is_valid():
            _save_photos(meeting, formset, cover)
            if "_sort" in request.POST:
                sort_by_time_taken(meeting)
                messages.success(request, "Đã lưu các ảnh và xếp lại theo giờ chụp.")
            else:
                messages.success(request, "Đã lưu các ảnh của hội nghị.")
            return redirect(here)

    if formset is None:
        formset = _formset(meeting)
        cover = next((str(f.instance.pk) for f in formset if f.instance.is_cover), "")

    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Ảnh hội nghị",
        "subtitle": str(meeting),
        "opts": Meeting._meta,
        "original": meeting,
        "meeting": meeting,
        "has_view_permission": model_admin.has_view_permission(request, meeting),
        "upload_form": upload_form,
        "upload_url": reverse("admin:meetings_meeting_photo_upload", args=[meeting.pk]),
        "formset": formset,
        "cover": cover,
        "missing_alt": formset.missing_descriptions(),
        "thumb_width": THUMB_WIDTH,
        "max_upload_mb": _max_upload_mb(),
        "uploads_in_parallel": getattr(settings, "MEETING_PHOTO_UPLOADS_IN_PARALLEL", UPLOADS_IN_PARALLEL),
    }
    return TemplateResponse(request, "admin/meetings/meeting/photos.html", context)


def _formset(meeting: Meeting, data=None):
    return PhotoFormSet(
        data,
        queryset=_photos(meeting),
        prefix=FORMSET_PREFIX,
        official_choices=_official_choices(),
        meeting=meeting,
    )


def _max_upload_mb() -> int:
    return settings.PORTAL_IMAGE_MAX_UPLOAD_BYTES // (1024 * 1024)


def _upload_many(request: HttpRequest, meeting: Meeting, data: dict) -> None:
    """The form without JavaScript: every file of one request, in turn; failures by name."""
    files = request.FILES.getlist("files")
    if not files:
        messages.warning(request, "Chưa chọn ảnh nào để tải lên.")
        return
    added = 0
    for upload in files:
        try:
            add_photo(
                meeting, upload, user=request.user, caption=data["caption_prefix"], credit=data["credit"]
            )
        except ImageRejected as exc:
            messages.error(request, f"{upload.name}: {exc}")
        except OSError:
            logger.exception("Storage failed for photo %r of meeting %s", upload.name, meeting.pk)
            messages.error(request, f"{upload.name}: {PHOTO_NOT_STORED}")
        else:
            added += 1
    if added:
        messages.success(request, f"Đã tải lên {added} ảnh.")


def _save_photos(meeting: Meeting, formset, cover: str) -> None:
    with transaction.atomic():
        formset.save()  # deleting a photo deletes its Image too (meetings/photos.py)
        photos = MeetingPhoto.objects.filter(meeting=meeting)
        chosen = photos.filter(pk=number).first() if (number := whole_number(cover)) is not None else None
        if chosen is None:
            # No choice, or the chosen photo was deleted: keep the cover, else the first photo.
            chosen = photos.filter(is_cover=True).first() or photos.order_by("order", "id").first()
        # Unset first: at most one cover per meeting, at every statement.
        photos.filter(is_cover=True).exclude(pk=getattr(chosen, "pk", None)).update(is_cover=False)
        if chosen is not None and not chosen.is_cover:
            photos.filter(pk=chosen.pk).update(is_cover=True)
        freshness.content_changed()
