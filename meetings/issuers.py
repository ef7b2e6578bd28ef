"""Which bodies' documents a filter by one organization shows: its own, and those of the
standing bodies that issue under its code (a Thành ủy's Ban Thường vụ writes ``…/TU``)."""

from portal import freshness

from .models import Organization


def issuing_groups(organizations) -> dict[int, list[int]]:
    """Each organization's pk → its own and those of the bodies below it that issue under its
    code, having none of their own: a Thành ủy's Ban Thường vụ and Thường trực write ``…/TU``.

    A body with a code of its own (UBKTTU, BTGTU, ĐU) issues in its own name, and so do those
    below it. ``organizations``: every Organization (their pk, parent_id and code)."""
    children: dict[int | None, list] = {}
    for organization in organizations:
        children.setdefault(organization.parent_id, []).append(organization)
    groups = {}
    for organization in organizations:
        ids, stack = [], [organization]
        while stack:
            body = stack.pop()
            if body.pk in ids:  # a cycle written outside the admin must not hang the page
                continue
            ids.append(body.pk)
            stack.extend(child for child in children.get(body.pk, []) if not child.code)
        groups[organization.pk] = ids
    return groups


def issuer_group(organization: Organization) -> list[int]:
    """The issuers whose documents an ``organization`` filter shows (``issuing_groups``), from
    the groups kept for the content's version."""
    groups = freshness.remember(
        "meetings:issuing-groups",
        lambda: issuing_groups(list(Organization.objects.only("parent", "code"))),
    )
    return groups.get(organization.pk, [organization.pk])
