"""The scratch set-up the benchmark scripts share: a throwaway folder, Django on it, a scratch database.

    folder = scratch.configure("portal-bench-", PORTAL_DEMO="1")
    with scratch.scratch_database() as db:
        ...

``configure`` points the portal's files at a new folder in the system's temporary directory
(left in place afterwards) and sets Django up; ``scratch_database`` gives the benchmark an
empty, migrated database: on SQLite the file in that folder, on PostgreSQL (DATABASE_URL) the
test database beside the one named (test_<name>, dropped and recreated, dropped again at the
end). The scripts run as ``python scripts/x.py``, so ``import scratch`` finds this module; they
put the project itself on ``sys.path`` before calling ``configure``.
"""

import contextlib
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def configure(prefix: str, **environ: str) -> Path:
    """Set the environment on a new scratch folder, set Django up and return the folder.

    The folder is PORTAL_VAR_DIR (the SQLite database, ``static/``, the cache) and holds
    ``media/`` (MEDIA_ROOT) and ``private/`` (PRIVATE_MEDIA_ROOT). ``environ`` adds or
    overrides variables (DJANGO_ALLOWED_HOSTS, PORTAL_DEMO…); everything is set in
    ``os.environ`` before Django reads its settings, so a subprocess sees the same.
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    (folder / "static").mkdir()
    os.environ.update(
        {
            "PORTAL_VAR_DIR": str(folder),
            "MEDIA_ROOT": str(folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(folder / "private"),
            "DJANGO_SECRET_KEY": "benchmark-only",
            "DJANGO_SETTINGS_MODULE": "halong_portal.settings",
            **environ,
        }
    )
    import django

    django.setup()
    return folder


@contextlib.contextmanager
def scratch_database(*, migrate: bool = True):
    """Yield the default database's settings, pointed at a scratch database and migrated.

    On PostgreSQL the test database of DATABASE_URL is created (an old one is dropped first)
    and DATABASE_URL names it while the block runs, so that a subprocess (gunicorn) uses it
    too; it is dropped on the way out, even when the benchmark fails. With ``migrate=False``
    the caller migrates (to time it).
    """
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    db = settings.DATABASES["default"]
    postgres = db["ENGINE"].endswith("postgresql")
    url = os.environ.get("DATABASE_URL", "")
    if postgres:
        connection.creation._create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        name = connection.creation._get_test_db_name()
        connection.close()
        db["NAME"] = connection.settings_dict["NAME"] = name
        os.environ["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    try:
        if migrate:
            call_command("migrate", verbosity=0)
        yield db
    finally:
        if postgres:
            connections.close_all()
            connection.creation._destroy_test_db(db["NAME"], verbosity=0)
            os.environ["DATABASE_URL"] = url
