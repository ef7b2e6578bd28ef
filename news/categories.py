"""Per-category rights: a category may name its writers (Category.writers); then only they,
among reporters and editors, write and edit articles in it and in its subcategories that
name nobody themselves. Approvers are never limited. A category naming nobody, under
parents naming nobody, is open to every writer: the rights are optional.
"""

from news.models import Category

PUBLISH = "news.publish_article"


def writable_ids(user) -> set[int] | None:
    """The categories ``user`` may write in, or None when they may write in all of them.

    Two small queries, once per request (the result is kept on the user object)."""
    cached = getattr(user, "_writable_category_ids", False)
    if cached is not False:
        return cached
    if user.has_perm(PUBLISH):
        result = None
    else:
        parents = dict(Category.objects.values_list("pk", "parent_id"))
        writers: dict[int, set[int]] = {}
        for category_id, user_id in Category.writers.through.objects.values_list("category_id", "user_id"):
            writers.setdefault(category_id, set()).add(user_id)
        if not writers:
            result = None  # no category names its writers: everyone writes everywhere
        else:
            result = {pk for pk in parents if user.pk in _effective_writers(pk, parents, writers, set())}
    user._writable_category_ids = result
    return result


class _Anyone(frozenset):
    """The writers of a category that names none, nor do its ancestors: everybody."""

    def __contains__(self, item):
        return True


_ANYONE = _Anyone()


def _effective_writers(pk, parents, writers, seen):
    """The writers named by the category or its nearest ancestor naming any; else anyone."""
    while pk is not None and pk not in seen:
        if pk in writers:
            return writers[pk]
        seen.add(pk)
        pk = parents.get(pk)
    return _ANYONE


def may_write(user, category_id) -> bool:
    allowed = writable_ids(user)
    return allowed is None or category_id in allowed


def refusal(category) -> str:
    return f"Bạn không được phân công viết cho chuyên mục “{category}”; hãy chọn chuyên mục khác."
