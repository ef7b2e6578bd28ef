"""The meetings app's signal receivers, connected by ``MeetingsConfig.ready``: each keeps data
of this app in step with a change to another of its records. (Cross-links found in an
article's or a meeting's text are stored by ``linking.sync_links``, which whoever saves the
text calls: the admin, a restored revision, the legacy import; the demo, a bulk load, calls
``linking.relink_all``.)"""

from django.apps import apps as django_apps
from django.db.models.signals import post_delete, post_save

from portal import freshness
from portal.signals import unwatched, watch

from . import linking, models, photos
from .attachments import refresh_search_text
from .models import Attachment, Document, Meeting, MeetingPhoto, Official


def connect() -> None:
    post_save.connect(document_saved, sender=Document, dispatch_uid="meetings.resolve_references")
    post_save.connect(attachment_changed, sender=Attachment, dispatch_uid="meetings.attachment_saved")
    post_delete.connect(attachment_changed, sender=Attachment, dispatch_uid="meetings.attachment_deleted")
    post_save.connect(official_saved, sender=Official, dispatch_uid="meetings.find_mentions")
    post_delete.connect(photo_deleted, sender=MeetingPhoto, dispatch_uid="meetings.delete_photo_image")
    # Every record of this app is on a public page; the cross-links are written in bulk by
    # ``linking``, which reports the change itself. A kept linked text changes nothing
    # readers see: it is what the page would make anyway (``linked_text``).
    links = (models.DocumentReference, models.OfficialMention, models.LinkedText)
    watch(*(model for model in django_apps.get_app_config("meetings").get_models() if model not in links))
    unwatched(*links)
    freshness.schedule(Meeting.objects.next_publication)
    freshness.schedule(Meeting.objects.next_start)
    freshness.schedule(Document.objects.next_publication)


def document_saved(sender, instance, raw=False, **kwargs):
    """A new or corrected document: its search text, and the references that may mean it."""
    if not raw:
        refresh_search_text(instance)
        linking.resolve_pending(instance)


def attachment_changed(sender, instance, raw=False, **kwargs):
    """A document's search text includes the text of its files."""
    if not raw and Document.objects.filter(pk=instance.document_id).exists():
        refresh_search_text(instance.document)


def official_saved(sender, instance, raw=False, **kwargs):
    # Looking for a name reads many texts: only when the name or its visibility changed.
    if not raw and instance.name_changed:
        linking.find_mentions_of(instance)
        instance._stored_name = (instance.full_name, instance.is_public)


def photo_deleted(sender, instance, **kwargs):
    photos.delete_unused_image(instance)
