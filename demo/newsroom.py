"""Demo accounts, one per role, and a newsroom in motion for them to try the workflow on:
articles waiting for review, one sent back with the approver's note, a draft, the demo
articles credited to their writers and the records to the office. Every step goes through
editorial/workflow.py, so the history panel and the dashboard show what a real day would."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from editorial import roles, workflow
from meetings.models import Document, Meeting
from news.models import Article, Category
from portal.models import Image

from .news import Writer


@dataclass(frozen=True)
class Account:
    username: str
    first_name: str  # Vietnamese order: family and middle names first, then the given name
    last_name: str
    role: str


ACCOUNTS = [
    Account("phongvien", "Nguyễn Thị", "Hoa", roles.REPORTER),
    Account("bientap", "Trần Minh", "Đức", roles.EDITOR),
    Account("duyetbai", "Phạm Thu", "Hằng", roles.APPROVER),
    Account("vanphong", "Lê Văn", "Nam", roles.OFFICE),
    Account("quantri", "Đỗ Thị", "Lan", roles.ADMINISTRATOR),
]

SENT_BACK_NOTE = (
    "Sapo chưa nêu kết quả chính của hội nghị; đề nghị bổ sung số liệu và ảnh có chú thích "
    "đầy đủ họ tên, chức vụ các đồng chí lãnh đạo."
)


def create_accounts() -> list[tuple[Account, str]]:
    """Create the accounts that do not exist yet; return them with their new passwords."""
    User = get_user_model()
    made = []
    for account in ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            account.username,
            password=password,
            first_name=account.first_name,
            last_name=account.last_name,
            # A reserved domain: the workflow's mail shows on the console in `make run` and
            # could never reach anyone were a mail server configured.
            email=f"{account.username}@thanhuy-halong.example",
            is_staff=True,
        )
        user.groups.add(Group.objects.get(name=account.role))
        made.append((account, password))
    return made


@transaction.atomic
def stage_newsroom(seed: int = 2026) -> int:
    """Credit the demo articles to the demo writers and put four new ones in the workflow;
    return how many were staged (none if there is no demo content to stage beside)."""
    User = get_user_model()
    people = {
        user.username: user for user in User.objects.filter(username__in=[a.username for a in ACCOUNTS])
    }
    reporter, editor, approver = people["phongvien"], people["bientap"], people["duyetbai"]
    articles = list(
        Article.objects.filter(created_by__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    if not articles:
        return 0
    for model in (Meeting, Document):  # the office records meetings and keeps the registry
        model.objects.filter(created_by__isnull=True).update(created_by=people["vanphong"])
    Article.objects.filter(pk__in=articles[::2]).update(created_by=reporter)
    Article.objects.filter(pk__in=articles[1::2]).update(created_by=editor)
    categories = {category.name: category for category in Category.objects.all()}
    writer = Writer(seed + 1, timezone.now(), photo_count=0)
    # The two waiting have a photo; the one sent back has none, so its panel warns.
    covers = Article.objects.exclude(cover=None).values("cover")
    photos = list(Image.objects.filter(pk__in=covers).order_by("pk")[:2])
    staged = []
    for index, author in enumerate([reporter, editor, reporter, reporter]):
        demo = writer.article(index, 400)
        category = categories.get(demo.category) or next(iter(categories.values()))
        article = Article(
            title=demo.title,
            category=category,
            lead=demo.lead,
            body=demo.body,
            byline=demo.byline,
            created_by=author,
            updated_by=author,
            cover=photos[index] if index < len(photos) else None,
            cover_alt="Quang cảnh hội nghị tại hội trường Thành ủy" if index < len(photos) else "",
        )
        article.save()
        staged.append((article, author))
    sent_back = staged[2][0]  # the fourth stays a draft
    for article, author in staged[:3]:
        workflow.apply(article, "submit", author)
    workflow.apply(sent_back, "send_back", approver, comment=SENT_BACK_NOTE)
    return len(staged)
