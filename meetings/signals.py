"""Keep cross-links (document references, official mentions) in step with the texts."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from news.models import Article

from . import linking, photos  # noqa: F401 - photos registers the receiver that deletes a photo's Image
from .attachments import refresh_search_text
from .models import Attachment, Document, Meeting, Official


@receiver(post_save, sender=Article, dispatch_uid="meetings.link_article")
def link_article(sender, instance, raw=False, **kwargs):
    if not raw:
        linking.sync_links(instance)


@receiver(post_save, sender=Meeting, dispatch_uid="meetings.link_meeting")
def link_meeting(sender, instance, raw=False, **kwargs):
    if not raw:
        linking.sync_links(instance)


@receiver(post_save, sender=Document, dispatch_uid="meetings.resolve_references")
def resolve_references(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_search_text(instance)
        linking.resolve_pending(instance)


@receiver(post_save, sender=Attachment, dispatch_uid="meetings.attachment_saved")
@receiver(post_delete, sender=Attachment, dispatch_uid="meetings.attachment_deleted")
def attachment_changed(sender, instance, raw=False, **kwargs):
    """A document's search text includes the text of its files."""
    if not raw and Document.objects.filter(pk=instance.document_id).exists():
        refresh_search_text(instance.document)


@receiver(post_save, sender=Official, dispatch_uid="meetings.find_mentions")
def find_mentions(sender, instance, raw=False, **kwargs):
    # Looking for a name reads many texts: only when the name or its visibility changed.
    if not raw and instance.name_changed:
        linking.find_mentions_of(instance)
        instance._stored_name = (instance.full_name, instance.is_public)
