"""The newsroom's admin, one module per area. Articles, meetings and documents go through the
editorial workflow, so their admin screens are registered here (the domain apps register
the rest of theirs): ``articles`` (with ``newsroom``, ``workflow`` and ``legacy_import``),
``records`` (meetings and documents), ``trash``, and ``accounts`` (users, roles, audit log)."""

from . import accounts, articles, records, trash  # noqa: F401 - each registers its admin classes
