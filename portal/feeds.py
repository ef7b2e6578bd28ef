"""What every RSS feed of the portal shares."""

from django.utils.feedgenerator import Rss201rev2Feed

ITEMS = 30  # the newest items of a feed


class VietnameseRss(Rss201rev2Feed):
    """RSS 2.0 in Vietnamese, with the content type readers and validators expect."""

    content_type = "application/rss+xml; charset=utf-8"
