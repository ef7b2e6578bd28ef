"""Walking parent links (categories, organizations) without trusting them to end."""


def ancestors(node):
    """Yield ``node.parent``, its parent and so on, up to the root (never ``node`` itself).

    Stops at a cycle written outside the admin instead of looping forever.
    """
    seen = {node.pk}
    node = node.parent
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        yield node
        node = node.parent


def is_own_ancestor(node) -> bool:
    """Whether ``node``'s chosen parent is ``node`` itself or one of its descendants."""
    if node.pk is None or node.parent_id is None:
        return False
    return node.parent_id == node.pk or any(a.parent_id == node.pk for a in ancestors(node))


def descendant_ids(root_id: int, tree) -> list[int]:
    """``root_id`` and every node below it, from the ``(pk, parent_id)`` pairs of ``tree``."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in tree:
        children.setdefault(parent_id, []).append(pk)
    ids, stack = [], [root_id]
    while stack:
        pk = stack.pop()
        if pk in ids:  # a cycle made outside the admin must not hang the page
            continue
        ids.append(pk)
        stack.extend(children.get(pk, []))
    return ids
