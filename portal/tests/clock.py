"""Moments for tests, in Hạ Long's time (the portal's TIME_ZONE), as the pages show them."""

import datetime

from django.utils import timezone


def local(*args) -> datetime.datetime:
    """``local(2022, 6, 23, 15, 4)``: 15:04 on 23/06/2022 in Hạ Long, an aware datetime."""
    return datetime.datetime(*args, tzinfo=timezone.get_current_timezone())
