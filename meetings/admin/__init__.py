"""Admin for the committee's records, one module per area. Meetings and documents go through
the editorial workflow: editorial/admin/records.py registers them, from the classes here."""

from . import documents, meetings, officials, organizations  # noqa: F401 - each registers its admin classes
