"""The article admin's newsroom pages: revisions (history, compare, restore), shareable
preview links, and deleting into the trash. Mixed into ``editorial.admin.articles.ArticleAdmin``."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from news.models import Article

from .. import presence, previews, revisions, roles, trash, workflow


def check_conflict(form, cleaned_data) -> None:
    """Refuse to save a form opened before someone else's save, unless overwriting is asked.

    Runs inside the admin's transaction; the row is locked until it commits, so two saves of
    the same version cannot both pass (on PostgreSQL; SQLite runs one write at a time).
    """
    article = form.instance
    if article.pk is None:
        return
    stored = Article.objects.select_for_update().filter(pk=article.pk).first()
    if stored is None:
        raise forms.ValidationError("Bài viết này vừa bị chuyển vào Thùng rác; nội dung chưa được lưu.")
    seen = cleaned_data.get("edit_version_seen")
    if seen is None or seen == stored.edit_version or cleaned_data.get("overwrite_conflict"):
        article.edit_version = stored.edit_version + 1
        return
    mine = revisions.Snapshot(
        None,
        {
            "title": cleaned_data.get("title") or "",
            "lead": cleaned_data.get("lead") or "",
            "body": cleaned_data.get("body") or "",
        },
    )
    theirs = revisions.Snapshot(None, {"title": stored.title, "lead": stored.lead, "body": stored.body})
    form.conflict = {
        "by": stored.updated_by,
        "at": stored.updated_at,
        "diff": [d for d in revisions.compare(theirs, mine)[:3] if d.changed],
    }
    who = roles.staff_name(stored.updated_by, missing="Người khác")
    raise forms.ValidationError(
        f"{who} đã lưu bài này lúc {timezone.localtime(stored.updated_at):%H:%M %d/%m/%Y}, "
        "sau khi bạn mở trang. Nội dung bạn vừa sửa chưa được lưu và vẫn còn trong biểu mẫu dưới đây; "
        "hãy xem khác biệt giữa hai bản, rồi sửa lại cho đúng và đánh dấu “Lưu đè bản của người kia” "
        "để lưu. Bản của người kia vẫn còn trong lịch sử phiên bản."
    )


class NewsroomAdminMixin:
    """Revisions, preview links and the trash for ``ArticleAdmin``."""

    object_history_template = "admin/news/article/object_history.html"
    actions = ["move_to_trash"]

    # -- Revisions around every save ---------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        if object_id:
            article = Article.objects.filter(pk=unquote(object_id)).first()
            if article is not None:
                revisions.ensure_baseline(article)
        with reversion.create_revision():
            reversion.set_user(request.user)
            name = request.POST.get("_transition")
            label = revisions_label(name, adding=object_id is None)
            reversion.set_comment(label)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                wrap(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                wrap(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
            path(
                "<path:object_id>/dang-mo/",
                wrap(require_POST(self.presence_view)),
                name="{}_{}_presence".format(*info),
            ),
            path(
                "<path:object_id>/preview-links/",
                wrap(require_POST(self.preview_links_view)),
                name="{}_{}_preview_links".format(*info),
            ),
            *super().get_urls(),
        ]

    def _article_or_404(self, request, object_id, *, change=False):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("Không tìm thấy bài viết (có thể đã bị chuyển vào Thùng rác).")
        allowed = (
            self.has_change_permission(request, article)
            if change
            else self.has_view_or_change_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def _version_or_404(self, article, version_id):
        return get_object_or_404(revisions.versions_of(article), pk=version_id)

    def history_view(self, request, object_id, extra_context=None):
        article = self._article_or_404(request, object_id)
        versions = list(revisions.versions_of(article))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Lịch sử phiên bản: {article}",
            "subtitle": None,
            "opts": self.opts,
            "original": article,
            "object": article,
            "versions": versions,
            "can_restore": self.has_change_permission(request, article),
            "preserved_filters": self.get_preserved_filters(request),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        """Two revisions side by side; ``?tu=<id>&den=<id or "hien-tai">``."""
        article = self._article_or_404(request, object_id)
        versions = revisions.versions_of(article)
        try:
            old_id = int(request.GET.get("tu", ""))
        except ValueError:
            messages.warning(request, "Hãy chọn hai phiên bản để so sánh.")
            return redirect(reverse("admin:news_article_history", args=[article.pk]))
        old = get_object_or_404(versions, pk=old_id)
        new_param = request.GET.get("den", "hien-tai")
        if new_param == "hien-tai":
            new, new_snapshot = None, revisions.current_snapshot(article)
        else:
            try:
                new = get_object_or_404(versions, pk=int(new_param))
            except ValueError:
                raise Http404("Phiên bản không hợp lệ.") from None
            new_snapshot = revisions.snapshot(new)
        if new is not None and (new.revision.date_created, new.pk) < (old.revision.date_created, old.pk):
            old, new = new, old  # always older on the left
            new_snapshot = revisions.snapshot(new)
        diffs = revisions.compare(revisions.snapshot(old), new_snapshot)
        context = {
            **self.admin_site.each_context(request),
            "title": f"So sánh phiên bản: {article}",
            "subtitle": None,
            "opts": self.opts,
            "original": article,
            "old": old,
            "new": new,
            "diffs": diffs,
            "unchanged": not any(d.changed for d in diffs),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/news/article/compare.html", context)

    def restore_view(self, request, object_id, version_id):
        article = self._article_or_404(request, object_id, change=True)
        version = self._version_or_404(article, version_id)
        if request.method == "POST":
            if request.POST.get("edit_version") != str(article.edit_version):
                messages.error(
                    request,
                    "Bài vừa được người khác lưu trong lúc bạn xem; "
                    "hãy xem lại khác biệt trước khi khôi phục.",
                )
                return redirect(request.path)
            warnings = revisions.restore(article, version, request.user)
            when = timezone.localtime(version.revision.date_created)
            self.message_user(
                request,
                f"Đã khôi phục nội dung phiên bản lúc {when:%d/%m/%Y %H:%M}. "
                "Bản trước khi khôi phục vẫn được giữ trong lịch sử.",
                messages.SUCCESS,
            )
            for warning in warnings:
                self.message_user(request, warning, messages.WARNING)
            return redirect(reverse("admin:news_article_change", args=[article.pk]))
        diffs = revisions.compare(revisions.current_snapshot(article), revisions.snapshot(version))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Khôi phục phiên bản: {article}",
            "subtitle": None,
            "opts": self.opts,
            "original": article,
            "version": version,
            "diffs": diffs,
            "unchanged": not any(d.changed for d in diffs),
        }
        return TemplateResponse(request, "admin/news/article/restore.html", context)

    def presence_view(self, request, object_id):
        """The form reports it is open; the answer names who else has it open."""
        article = self._article_or_404(request, object_id)
        return JsonResponse({"others": presence.report(article.pk, request.user)})

    # -- Preview links -------------------------------------------------------------------------

    def preview_links_view(self, request, object_id):
        revoke = request.POST.get("revoke_preview_link")
        # Whoever made a link may revoke it even after losing the right to edit the article.
        article = self._article_or_404(request, object_id, change=not revoke)
        change_url = reverse("admin:news_article_change", args=[article.pk])
        if revoke:
            link = (
                article.preview_links.filter(pk=int(revoke)).first()
                if revoke.isascii() and revoke.isdigit()
                else None
            )
            if link is None:
                raise Http404("Không tìm thấy liên kết xem trước.")
            if link.created_by_id != request.user.pk and not self.has_change_permission(request, article):
                raise PermissionDenied
            previews.revoke(link, request.user)
            self.message_user(request, "Đã thu hồi liên kết xem trước; người nhận không mở được nữa.")
            return redirect(change_url + "#lien-ket-xem-truoc")
        if article.is_public:
            self.message_user(request, "Bài đã đăng công khai: hãy gửi đường dẫn của bài.", messages.WARNING)
            return redirect(change_url)
        link = previews.create(article, request.user, request.POST.get("preview_note", ""))
        url = request.build_absolute_uri(previews.url_for(link))
        until = timezone.localtime(link.expires_at)
        self.message_user(
            request,
            f"Đã tạo liên kết xem trước, dùng được đến {until:%H:%M %d/%m/%Y}: {url}",
            messages.SUCCESS,
        )
        return redirect(change_url + "#lien-ket-xem-truoc")

    def preview_link_rows(self, request, article):
        return [
            (link, request.build_absolute_uri(previews.url_for(link)))
            for link in previews.active_links(article)
        ]

    # -- Deleting into the trash ---------------------------------------------------------------

    delete_confirmation_template = "admin/news/article/delete_confirmation.html"

    def get_actions(self, request):
        # Django's "delete selected" speaks of deleting for good; this one says what happens.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_deleted_objects(self, objs, request):
        # Nothing is deleted: the articles go to the trash with everything attached to them.
        objs = list(objs)
        allowed = all(self.has_delete_permission(request, obj) for obj in objs)
        perms_needed = set() if allowed else {str(self.opts.verbose_name)}
        return [str(obj) for obj in objs], {str(self.opts.verbose_name_plural): len(objs)}, perms_needed, []

    def delete_model(self, request, obj):
        trash.move_to_trash(obj, request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            if self.has_delete_permission(request, article):
                trash.move_to_trash(article, request.user)

    @admin.action(description="Chuyển các bài đã chọn vào Thùng rác", permissions=["delete"])
    def move_to_trash(self, request, queryset):
        articles = list(queryset)
        allowed = [a for a in articles if self.has_delete_permission(request, a)]
        for article in allowed:
            trash.move_to_trash(article, request.user)
        if allowed:
            self.message_user(
                request,
                f"Đã chuyển {len(allowed)} bài vào Thùng rác; có thể khôi phục trong {trash.KEEP_DAYS} ngày.",
                messages.SUCCESS,
            )
        if len(allowed) < len(articles):
            refused = ", ".join(str(a) for a in articles if a not in allowed)
            self.message_user(request, f"Bạn không có quyền xóa: {refused}.", messages.ERROR)

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(
            request,
            f"Đã chuyển bài “{obj_display}” vào Thùng rác; có thể khôi phục trong {trash.KEEP_DAYS} ngày.",
            messages.SUCCESS,
        )
        return redirect(reverse("admin:news_article_changelist"))


def revisions_label(transition: str | None, *, adding: bool) -> str:
    if transition in workflow.TRANSITIONS:
        return f"Lưu, {workflow.TRANSITIONS[transition].label().lower()}"
    return "Tạo bài" if adding else "Sửa bài"
