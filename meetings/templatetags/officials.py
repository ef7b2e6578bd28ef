"""Template helpers for officials: ``{% load officials %}``."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


def _as_date(value) -> datetime.date | None:
    """A date from a date, an aware datetime (read in the portal's time zone) or nothing."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value or None


@register.simple_tag(name="titles_on")
def titles_on_tag(official, day=None) -> str:
    """``{% titles_on official meeting.starts_at %}``: the official's titles on that day.

    Reads ``official.positions.all()``: prefetch positions with their organization to
    keep a list of officials at a fixed number of queries.
    """
    if official is None:
        return ""
    return official.titles_on(_as_date(day))


@register.filter(name="titles_on")
def titles_on_filter(official, day=None) -> str:
    """``{{ official|titles_on:meeting.starts_at }}``, the same as the tag."""
    return titles_on_tag(official, day)
