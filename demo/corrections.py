"""The demo's corrected story: one article with a correction notice ("Đính chính") and its
"Cập nhật lúc …". Used by ``manage.py seed_demo`` after the demo news."""

from datetime import timedelta

from django.utils import timezone

from news.models import Article, Correction

CORRECTION = (
    "Bài đã đăng ghi chưa đúng số đại biểu dự hội nghị; số liệu trong bài đã được sửa lại cho chính xác."
)


def seed_correction() -> Correction | None:
    """Give the newest public article with a photo a correction made two hours after its
    publication (or now, if sooner), so that the demo shows one; None if it has one already."""
    public = Article.objects.public().newest()
    article = public.exclude(cover=None).first() or public.first()
    if article is None or article.corrections.exists():
        return None
    when = min(article.published_at + timedelta(hours=2), timezone.now())
    correction = Correction.objects.create(article=article, text=CORRECTION, corrected_at=when)
    # "Cập nhật lúc …" at the correction's time, not the moment the demo was filled.
    Article.objects.filter(pk=article.pk).update(content_updated_at=when)
    return correction
