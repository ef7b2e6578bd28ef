"""Admin for the committee's records, one module per area."""

from . import documents, meetings, officials, organizations  # noqa: F401
