"""Demo content: invented Vietnamese news, records and widget data for ``manage.py seed_demo``.

The top layer of the project: it may import ``portal``, ``news``, ``meetings`` and ``widgets``,
and nothing imports it. Installed only when ``PORTAL_DEMO`` is on (by default with
``DJANGO_DEBUG`` and in tests); production leaves it out of INSTALLED_APPS.
"""
