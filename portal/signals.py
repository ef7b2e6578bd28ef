"""The portal app's signal receivers, connected by ``PortalConfig.ready``."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models import INFO_PAGES_CACHE_KEY, SITE_SETTINGS_CACHE_KEY, Image, Page, SiteSettings


def connect() -> None:
    post_save.connect(settings_changed, sender=SiteSettings, dispatch_uid="portal.settings_saved")
    post_delete.connect(settings_changed, sender=SiteSettings, dispatch_uid="portal.settings_deleted")
    post_save.connect(page_changed, sender=Page, dispatch_uid="portal.page_saved")
    post_delete.connect(page_changed, sender=Page, dispatch_uid="portal.page_deleted")
    post_delete.connect(image_deleted, sender=Image, dispatch_uid="portal.image_deleted")


def settings_changed(**kwargs):
    cache.delete(SITE_SETTINGS_CACHE_KEY)


def page_changed(**kwargs):
    # After the commit: a page view between the save and the commit would cache the old list.
    transaction.on_commit(lambda: cache.delete(INFO_PAGES_CACHE_KEY))


def image_deleted(sender, instance, **kwargs):
    # Only once the deletion is committed: a rolled-back delete must keep its files.
    transaction.on_commit(instance.delete_files)
