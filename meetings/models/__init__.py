"""The committee's own records: organizations and their terms, officials and their
positions, meetings with their photos, and the documents they issue.

One module per area:

- ``base``: the publication state shared by meetings and documents (``Publication``,
  ``Published``);
- ``organizations``: ``Organization``, ``Term``, ``Official``, ``Portrait``, ``Position``;
- ``documents``: ``Document``, ``DocumentKind``, ``DocumentRelation``, ``Attachment`` and the
  private storage their files live in;
- ``meetings``: ``Meeting``, ``MeetingChair``, ``AgendaItem``, ``MeetingPhoto``;
- ``links``: ``DocumentReference`` and ``OfficialMention``, the cross-links found in text, and
  ``LinkedText``, a text with them made into links.

Import from ``meetings.models``. Migrations refer to ``meetings.models.attachment_path`` and
``meetings.models.private_storage``, so those stay importable here too.
"""

from .base import Publication
from .documents import Attachment, Document, DocumentKind, DocumentRelation, attachment_path, private_storage
from .links import DocumentReference, LinkedText, OfficialMention
from .meetings import AgendaItem, Meeting, MeetingChair, MeetingPhoto
from .organizations import Official, Organization, Portrait, Position, Term

__all__ = [
    "AgendaItem",
    "Attachment",
    "Document",
    "DocumentKind",
    "DocumentReference",
    "DocumentRelation",
    "LinkedText",
    "Meeting",
    "MeetingChair",
    "MeetingPhoto",
    "Official",
    "OfficialMention",
    "Organization",
    "Portrait",
    "Position",
    "Publication",
    "Term",
    "attachment_path",
    "private_storage",
]
