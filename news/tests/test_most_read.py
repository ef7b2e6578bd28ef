""" "Đọc nhiều": the articles most read over the last 7 local days, counted per day."""

import datetime
import re

import pytest
from django.utils import timezone

from news.models import MOST_READ_DAYS, Article, DailyViews

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def ranked(count=6) -> list[str]:
    return [a.title for a in Article.objects.public().for_cards().most_read()[:count]]


def most_read_box(client) -> list[str]:
    html = client.get("/").content.decode()
    if 'id="doc-nhieu"' not in html:
        return []
    box = html[html.index('id="doc-nhieu"') : html.index("</ol>", html.index('id="doc-nhieu"'))]
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', box)


def test_most_read_ranks_by_the_last_seven_days_not_all_time():
    today = timezone.localdate()
    classic = ArticleFactory(title="Bài cũ đọc nhiều năm trước")
    Article.objects.filter(pk=classic.pk).update(view_count=50_000)
    DailyViews.objects.create(article=classic, day=today - datetime.timedelta(days=MOST_READ_DAYS), views=900)
    week = ArticleFactory(title="Bài được đọc trong tuần")
    DailyViews.objects.create(article=week, day=today - datetime.timedelta(days=MOST_READ_DAYS - 1), views=30)
    DailyViews.objects.create(article=week, day=today, views=15)
    today_only = ArticleFactory(title="Bài đọc hôm nay")
    DailyViews.objects.create(article=today_only, day=today, views=40)

    assert ranked() == ["Bài được đọc trong tuần", "Bài đọc hôm nay"]  # 45 views against 40
    assert Article.objects.most_read().get(pk=week.pk).recent_views == 45


def test_most_read_shows_only_what_readers_may_see():
    today = timezone.localdate()
    for status in (Article.Status.DRAFT, Article.Status.UNPUBLISHED, Article.Status.ARCHIVED):
        hidden = ArticleFactory(title=f"Bài ẩn {status}", status=status)
        DailyViews.objects.create(article=hidden, day=today, views=1_000)
    shown = ArticleFactory(title="Bài công khai")
    DailyViews.objects.create(article=shown, day=today, views=1)
    assert ranked() == ["Bài công khai"]


def test_the_sidebar_lists_the_weeks_most_read_in_order(client):
    today = timezone.localdate()
    for views, title in [(5, "Bài thứ ba"), (50, "Bài thứ nhất"), (20, "Bài thứ hai")]:
        DailyViews.objects.create(article=ArticleFactory(title=title), day=today, views=views)
    ArticleFactory(title="Bài chưa ai đọc tuần này")
    html = client.get("/").content.decode()
    widget = html[html.index('id="doc-nhieu"') : html.index("</ol>", html.index('id="doc-nhieu"'))]
    assert widget.index("Bài thứ nhất") < widget.index("Bài thứ hai") < widget.index("Bài thứ ba")
    assert "Bài chưa ai đọc tuần này" not in widget


def test_a_quiet_week_shows_no_empty_most_read_box(client):
    ArticleFactory(title="Bài không ai đọc")
    assert 'id="doc-nhieu"' not in client.get("/").content.decode()
