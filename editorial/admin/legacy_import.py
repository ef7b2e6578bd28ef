"""The admin's side of the legacy import: "Nhập bài từ trang cũ" (upload exports, read the
dry-run report, then import), the list filter "Bài nhập từ trang cũ", the warnings column and
the action that marks imported articles as checked."""

import secrets
import shutil
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from news import legacy
from news.models import Article, Category

from .. import audit, legacy_import
from ..models import AuditEntry

# Django refuses more files in one request (DATA_UPLOAD_MAX_NUMBER_FILES); larger batches go
# through the command, or several uploads.
MAX_FILES = settings.DATA_UPLOAD_MAX_NUMBER_FILES or 100
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
STAGING_HOURS = 24
SESSION_KEY = "legacy-import-uploads"


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", _MultipleFileInput(attrs={"accept": ".txt,text/plain"}))
        kwargs.setdefault("allow_empty_file", True)  # an empty export is reported by name, with the others
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        if not files:
            raise forms.ValidationError("Hãy chọn ít nhất một tệp.")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Mỗi lần tải lên tối đa {MAX_FILES} tệp.")
        if sum(item.size for item in files) > MAX_UPLOAD_BYTES:
            limit = MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"Các tệp cộng lại quá {limit} MB; hãy chia thành nhiều lần tải lên.")
        return [super(_MultipleFileField, self).clean(item, initial) for item in files]


class ImportOptionsForm(forms.Form):
    category = forms.ModelChoiceField(
        Category.objects.order_by("order", "name"),
        required=False,
        label="Chuyên mục mặc định",
        help_text="Cho bài không có dòng chuyên mục, hoặc có dòng chuyên mục không khớp chuyên mục nào.",
    )
    date = forms.DateField(
        required=False,
        input_formats=["%d/%m/%Y"],
        label="Ngày đăng mặc định",
        help_text="dd/mm/yyyy, cho bài không ghi ngày đăng (bài sẽ được đánh dấu “ngày đăng cần kiểm tra”).",
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    publish = forms.BooleanField(
        required=False, label="Xuất bản ngay", help_text="Nếu không chọn, các bài được tạo ở dạng bản nháp."
    )


class UploadForm(ImportOptionsForm):
    files = _MultipleFileField(
        label="Tệp xuất từ trang cũ", help_text="Một hoặc nhiều tệp .txt, bảng mã UTF-8."
    )

    field_order = ["files", "category", "date", "publish"]


class LegacyListFilter(admin.SimpleListFilter):
    title = "bài nhập từ trang cũ"
    parameter_name = "trang_cu"

    def lookups(self, request, model_admin):
        return [
            ("tat-ca", "Bài nhập từ trang cũ"),
            ("can-kiem-tra", "Còn cần kiểm tra"),
            ("da-kiem-tra", "Đã kiểm tra"),
        ]

    def queryset(self, request, queryset):
        imported = queryset.filter(legacy_key__isnull=False)
        return {
            "tat-ca": imported,
            "can-kiem-tra": imported.exclude(legacy_warnings=[]),
            "da-kiem-tra": imported.filter(legacy_warnings=[]),
        }.get(self.value(), queryset)


def _staging_root() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "legacy-uploads"


def _forget_stale_uploads() -> None:
    root = _staging_root()
    if not root.is_dir():
        return
    cutoff = time.time() - STAGING_HOURS * 3600
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


class LegacyImportAdminMixin:
    """For ArticleAdmin."""

    def get_urls(self):
        return [
            path(
                "nhap-trang-cu/",
                self.admin_site.admin_view(self.legacy_import_view),
                name="news_article_legacy_import",
            ),
            *super().get_urls(),
        ]

    def may_import_legacy(self, request) -> bool:
        return request.user.has_perms(["news.add_article", "news.publish_article"])

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_import_legacy": self.may_import_legacy(request)}
        return super().changelist_view(request, extra_context)

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        if request.GET.get(LegacyListFilter.parameter_name):
            shown.append("legacy_checklist")
        return shown

    @admin.display(description="Cần kiểm tra")
    def legacy_checklist(self, obj):
        if not obj.legacy_warnings:
            return "—"
        return format_html(
            "<ul class='legacy-warnings'>{}</ul>",
            format_html_join("", "<li>{}</li>", ((w,) for w in obj.legacy_warnings)),
        )

    @admin.action(description="Đánh dấu bài nhập từ trang cũ là đã kiểm tra")
    def mark_legacy_checked(self, request, queryset):
        checked = 0
        for article in queryset.filter(legacy_key__isnull=False).exclude(legacy_warnings=[]):
            if self.has_change_permission(request, article):
                # (updated_at moves too: importing the export again leaves the article alone.)
                Article.objects.filter(pk=article.pk).update(legacy_warnings=[], updated_at=timezone.now())
                checked += 1
        self.message_user(request, f"Đã đánh dấu {checked} bài là đã kiểm tra.", messages.SUCCESS)

    def legacy_import_view(self, request):
        if not self.may_import_legacy(request):
            raise PermissionDenied
        _forget_stale_uploads()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Nhập bài từ trang cũ",
            "changelist_url": reverse("admin:news_article_changelist") + "?trang_cu=tat-ca",
        }
        if request.method == "POST" and request.POST.get("token"):
            return self._import_staged(request, context)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            token = secrets.token_urlsafe(16)
            folder = _staging_root() / token
            folder.mkdir(parents=True)
            importer = self._importer(form.cleaned_data, request, dry_run=True)
            for n, upload in enumerate(form.cleaned_data["files"]):
                data = upload.read(legacy.MAX_EXPORT_BYTES + 1)
                name = Path(upload.name).name
                (folder / f"{n:04d}").write_bytes(data)
                (folder / f"{n:04d}.name").write_text(name, encoding="utf-8")
                importer.add(name, data)
            request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-9:], token]
            options = ImportOptionsForm(
                initial={
                    "category": form.cleaned_data["category"],
                    "date": form.cleaned_data["date"].strftime("%d/%m/%Y")
                    if form.cleaned_data["date"]
                    else "",
                    "publish": form.cleaned_data["publish"],
                }
            )
            context.update(report=importer.report, token=token, options=options)
            return render(request, "admin/news/article/legacy_import.html", context)
        context.update(form=form)
        return render(request, "admin/news/article/legacy_import.html", context)

    def _importer(self, options: dict, request, *, dry_run: bool) -> legacy_import.Importer:
        publish = options.get("publish", False)
        return legacy_import.Importer(
            category=options.get("category"),
            date=options.get("date"),
            publish=publish,
            dry_run=dry_run,
            user=request.user,
        )

    def _import_staged(self, request, context):
        token = request.POST["token"]
        folder = _staging_root() / token
        if token not in request.session.get(SESSION_KEY, []) or not folder.is_dir():
            messages.error(request, "Phiên tải lên đã hết hạn hoặc không còn; hãy tải các tệp lên lại.")
            context.update(form=UploadForm())
            return render(request, "admin/news/article/legacy_import.html", context, status=400)
        options = ImportOptionsForm(request.POST)
        if not options.is_valid():
            context.update(form=UploadForm(), options_errors=options.errors)
            return render(request, "admin/news/article/legacy_import.html", context, status=400)
        importer = self._importer(options.cleaned_data, request, dry_run=False)
        for data_file in sorted(p for p in folder.iterdir() if not p.name.endswith(".name")):
            name = (folder / f"{data_file.name}.name").read_text(encoding="utf-8")
            importer.add(name, data_file.read_bytes())
        shutil.rmtree(folder, ignore_errors=True)
        request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, []) if t != token]
        report = importer.report
        files = ", ".join(f.name for f in report.files)
        audit.record(
            AuditEntry.Action.IMPORT,
            files,
            actor=request.user,
            target_type="bài viết",
            detail=report.summary(),
        )
        context.update(report=report, done=True)
        return render(request, "admin/news/article/legacy_import.html", context)
