"""The portal app's signal receivers, connected by ``PortalConfig.ready``."""

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from . import freshness
from .models import INFO_PAGES_CACHE_KEY, SITE_SETTINGS_CACHE_KEY, FormerSlug, Image, Link, Page, SiteSettings

# Every model whose rows readers see, as each app declares them (``watch``), and those an app
# leaves unwatched (``unwatched``): a test checks that every model is in one or the other.
WATCHED: set = set()
UNWATCHED: set = set()


def connect() -> None:
    post_save.connect(settings_changed, sender=SiteSettings, dispatch_uid="portal.settings_saved")
    post_delete.connect(settings_changed, sender=SiteSettings, dispatch_uid="portal.settings_deleted")
    post_save.connect(page_changed, sender=Page, dispatch_uid="portal.page_saved")
    post_delete.connect(page_changed, sender=Page, dispatch_uid="portal.page_deleted")
    post_delete.connect(image_deleted, sender=Image, dispatch_uid="portal.image_deleted")
    watch(SiteSettings, Page, Image, FormerSlug, Link)
    post_migrate.connect(migrated, sender=apps.get_app_config("portal"), dispatch_uid="portal.migrated")


def watch(*models) -> None:
    """A save or deletion of these models (and a change to their many-to-many fields) is a
    change readers see: the content's version changes (``freshness.content_changed``)."""
    for model in models:
        uid = model._meta.label_lower
        post_save.connect(reader_content_changed, sender=model, dispatch_uid=f"freshness.save.{uid}")
        post_delete.connect(reader_content_changed, sender=model, dispatch_uid=f"freshness.delete.{uid}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                reader_content_changed, sender=through, dispatch_uid=f"freshness.m2m.{uid}.{field.name}"
            )
        WATCHED.add(model)


def unwatched(*models) -> None:
    """Declare models whose saves do not change the content's version: readers never see
    their rows as they are (counters, logs), or whoever writes them in bulk calls
    ``freshness.content_changed`` once (a save signal would cost each row a query)."""
    UNWATCHED.update(models)


def reader_content_changed(instance=None, action="post_", **kwargs):
    """A watched record changed; the moments ahead at which it will change pages again are
    its ``content_moments()`` (a scheduled publication), if it has them."""
    if action.startswith("pre_"):
        return  # a many-to-many change is announced before and after: once is enough
    moments = getattr(instance, "content_moments", lambda: ())()
    freshness.content_changed(*moments)


def settings_changed(**kwargs):
    # Now, and again after the commit: a page view between the save and the commit would
    # cache the old row for an hour.
    cache.delete(SITE_SETTINGS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(SITE_SETTINGS_CACHE_KEY))


def page_changed(**kwargs):
    # After the commit: a page view between the save and the commit would cache the old list.
    transaction.on_commit(lambda: cache.delete(INFO_PAGES_CACHE_KEY))


def image_deleted(sender, instance, **kwargs):
    # Only once the deletion is committed: a rolled-back delete must keep its files.
    transaction.on_commit(instance.delete_files)


def migrated(**kwargs):
    """``migrate`` ran, as every release does before its servers start: a new version, so that
    HTML kept from the templates of the release before (the page cache, the remembered
    fragments, for up to an hour) is never served by the new one."""
    freshness.content_changed()
