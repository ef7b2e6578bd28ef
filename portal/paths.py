"""Addresses of the portal's records, worked out once per process.

Every page links dozens of records (an article's trail, its tags, the documents it cites),
each through ``get_absolute_url`` and so ``reverse()``, which matches the URL patterns
anew every time: a first reading of an article spent a tenth of its time there. The URL
patterns do not change while a process runs; what ``reverse()`` also depends on (the
script prefix, the request's and the settings' URLconf, the active language) is part of the
key, so a remembered address is the one ``reverse()`` would give.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def path_for(viewname: str, **kwargs) -> str:
    """``reverse(viewname, kwargs=kwargs)``, remembered (the most recent 8,192)."""
    key = tuple(sorted(kwargs.items()))
    return _path(viewname, key, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF, get_language())


@functools.lru_cache(maxsize=8192)
def _path(viewname: str, kwargs: tuple, prefix: str, urlconf, root_urlconf: str, language) -> str:
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))
