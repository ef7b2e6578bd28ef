import random
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape

from demo.corrections import seed_correction
from demo.drawing import draw_photo
from demo.links import seed_links
from demo.news import CATEGORIES, TAGS, DemoArticle, Writer
from demo.records import seed_records
from demo.widgets import seed_widgets
from meetings.linking import relink_all
from meetings.models import DocumentReference, OfficialMention
from news.models import MOST_READ_DAYS, Article, Category, DailyViews, Tag
from portal.images import save_image
from portal.models import SiteSettings
from portal.sanitize import clean_html
from portal.text import slugify_vi, unique_slug

PHOTO_COUNT = 12
BATCH = 1000


class Command(BaseCommand):
    help = "Fill the database with deterministic Vietnamese demo news (categories, tags, photos, articles)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=240, help="How many articles (default 240).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--photos",
            type=int,
            default=PHOTO_COUNT,
            help=f"How many photos to draw and share among articles (default {PHOTO_COUNT}).",
        )
        parser.add_argument("--meetings", type=int, default=40, help="How many demo meetings (default 40).")
        parser.add_argument(
            "--album-photos",
            type=int,
            default=6,
            help="Photos drawn for each of the five newest held meetings (default 6).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database already has articles."
        )

    def handle(self, *args, articles, seed, photos, meetings, album_photos, if_empty, **options):
        if min(articles, photos, meetings, album_photos) < 0:
            raise CommandError("--articles, --photos, --meetings and --album-photos must not be negative.")
        if if_empty and Article.all_objects.exists():
            self.stdout.write("Database already has articles; leaving it as it is.")
            return
        started = time.monotonic()
        SiteSettings.load()
        categories = self._categories()
        tags = self._tags()
        photos = self._photos(seed, photos)
        created = self._articles(articles, seed, categories, tags, photos)
        seed_correction()  # one article with a correction notice (Đính chính)
        records = seed_records(seed, meetings=meetings, photos_per_album=album_photos)
        references, mentions = relink_all()
        seed_widgets(seed)
        links = seed_links()
        self._analyze()
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {created} articles, {len(categories)} categories, {len(tags)} tags and "
                f"{len(photos)} photos"
                + (
                    f"; {records['organizations']} organizations, {records['officials']} officials, "
                    f"{records['documents']} documents, {records['meetings']} meetings with "
                    f"{records['photos']} photos"
                    if records
                    else ""
                )
                + f"; {references} document references, {mentions} mentions linked; {links} links;"
                " demo weather,"
                " exchange rates and visit counts"
                f" in {time.monotonic() - started:.1f}s."
            )
        )

    def _categories(self) -> dict[str, Category]:
        by_name = {c.name: c for c in Category.objects.all()}
        for name, parent, on_home, order in CATEGORIES:
            if name not in by_name:
                by_name[name] = Category.objects.create(
                    name=name,
                    parent=by_name.get(parent),
                    show_on_home=on_home,
                    order=order,
                )
        return by_name

    def _tags(self) -> dict[str, Tag]:
        by_name = {t.name: t for t in Tag.objects.all()}
        for name in TAGS:
            if name not in by_name:
                by_name[name] = Tag.objects.create(name=name)
        return by_name

    def _photos(self, seed: int, count: int):
        rng = random.Random(seed)
        photos = []
        for index in range(count):
            data = draw_photo(rng, index)
            upload = SimpleUploadedFile(f"anh-minh-hoa-{index + 1}.jpg", data, "image/jpeg")
            photos.append(save_image(upload, alt_text="Ảnh minh họa", credit="Ảnh minh họa"))
        return photos

    def _articles(self, count, seed, categories, tags, photos) -> int:
        """``count`` articles, newest first, saved in batches of BATCH."""
        writer = Writer(seed, timezone.localtime().replace(second=0, microsecond=0), len(photos))
        taken = set(Article.all_objects.values_list("slug", flat=True))
        created = 0
        for start in range(0, count, BATCH):
            batch, batch_tags = [], []
            for index in range(start, min(start + BATCH, count)):
                demo = writer.article(index, count)
                batch.append(self._article(index, demo, categories, photos, taken))
                batch_tags.append(demo.tags)
            created += self._save_batch(batch, batch_tags, tags)
        return created

    def _article(self, index: int, demo: DemoArticle, categories, photos, taken: set[str]) -> Article:
        """The unsaved article for a written one; every third with a photo in its text too."""
        body = demo.body
        if demo.photo is not None and index % 3 == 0:
            body = self._with_figure(body, photos[(demo.photo + 1) % len(photos)], demo.caption)
        status = Article.Status.PUBLISHED
        published_at = demo.published_at
        views = demo.view_count
        if index in (3, 11):  # a draft (not yet dated, never read) and ...
            status, published_at, views = Article.Status.DRAFT, None, 0
        if index == 7:  # ... a scheduled article, so the demo shows both
            published_at, views = timezone.now() + timezone.timedelta(days=2), 0
        article = Article(
            title=demo.title,
            slug=self._unique_slug(demo.title, taken),
            lead=demo.lead,
            body=clean_html(body),
            category=categories[demo.category],
            cover=photos[demo.photo] if demo.photo is not None else None,
            cover_caption=demo.caption if demo.photo is not None else "",
            byline=demo.byline,
            source=demo.source,
            status=status,
            published_at=published_at,
            is_featured=demo.featured,
            view_count=views,
            created_at=demo.published_at,
        )
        article.fill_search()  # bulk_create does not call save()
        return article

    @staticmethod
    def _unique_slug(title: str, taken: set[str]) -> str:
        """The title's slug, numbered if another article has it; added to ``taken``. (Bulk
        inserts skip ``Article.save``: the slugs taken are kept in a set, not asked of the
        database one by one.)"""
        slug = unique_slug(slugify_vi(title, 200) or "bai-viet", taken.__contains__, 200)
        taken.add(slug)
        return slug

    @transaction.atomic
    def _save_batch(self, batch: list[Article], batch_tags: list[list[str]], tags) -> int:
        """Insert the articles with their tags and this week's daily views."""
        saved = Article.objects.bulk_create(batch, batch_size=BATCH)
        if saved and saved[0].pk is None:  # backends that do not return ids
            ids = dict(Article.objects.filter(slug__in=[a.slug for a in batch]).values_list("slug", "pk"))
            for article in saved:
                article.pk = ids[article.slug]
        through = Article.tags.through
        through.objects.bulk_create(
            [
                through(article_id=a.pk, tag_id=tags[name].pk)
                for a, names in zip(saved, batch_tags, strict=True)
                for name in names
            ],
            batch_size=BATCH * 3,
        )
        DailyViews.objects.bulk_create(self._recent_views(saved), batch_size=BATCH)
        return len(saved)

    @staticmethod
    def _recent_views(articles):
        """Per-day views of this week, so that "Đọc nhiều" has a ranking: readers come to an
        article mostly in its first days, so a day gets its total views divided by twice
        (2 + its age in days), during its first month: never more than the total in all."""
        today = timezone.localdate()
        rows = []
        for article in articles:
            if article.status != Article.Status.PUBLISHED or article.published_at > timezone.now():
                continue
            first = timezone.localdate(article.published_at)
            for n in range(MOST_READ_DAYS):
                day = today - timezone.timedelta(days=n)
                age = (day - first).days
                if 0 <= age <= 30 and (views := article.view_count // (4 + 2 * age)):
                    rows.append(DailyViews(article_id=article.pk, day=day, views=views))
        return rows

    @staticmethod
    def _analyze():
        """After a bulk load, refresh the planner's statistics (and, on PostgreSQL, the
        visibility map that index-only counts rely on), as autovacuum would later."""
        tables = [
            Article._meta.db_table,
            Article.tags.through._meta.db_table,
            DocumentReference._meta.db_table,
            OfficialMention._meta.db_table,
        ]
        command = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        if connection.in_atomic_block:  # VACUUM cannot run in a transaction (e.g. in tests)
            command = "ANALYZE"
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"{command} {connection.ops.quote_name(table)}")

    @staticmethod
    def _with_figure(body: str, photo, caption: str) -> str:
        storage = photo.file.storage
        srcset = ", ".join(f"{storage.url(name)} {w}w" for w, name in photo.renditions.items())
        figure = (
            f'<figure class="image"><img src="{photo.rendition_url(960)}" srcset="{srcset}" '
            f'sizes="(max-width: 760px) 100vw, 760px" width="{photo.width}" height="{photo.height}" '
            f'alt="{escape(caption)}"><figcaption>{escape(caption)}</figcaption></figure>'
        )
        first_end = body.find("</p>") + len("</p>")
        return body[:first_end] + figure + body[first_end:]
