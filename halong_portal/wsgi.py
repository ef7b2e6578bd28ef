"""The WSGI application gunicorn serves (halong_portal/gunicorn.conf.py)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.template.loader import get_template
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "halong_portal.settings")
application = get_wsgi_application()


def warm_up() -> None:
    """Compile the site's templates and the URL patterns before the first request, as a
    worker would at its first pages: once in gunicorn's master, whose workers are forked with
    them ready (``preload_app``), so a worker replaced under load answers at full speed at
    once. Touches neither the database nor the cache."""
    reverse("website:home")
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*.html")):
            get_template(path.relative_to(folder).as_posix())


warm_up()
