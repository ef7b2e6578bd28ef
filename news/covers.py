"""An article's cover when the editor chose none: the first photo of its text.

Without a cover an article is a text-only card beside photo cards on the home page, and its
preview on Facebook and Zalo has no picture. So when the body holds a photo of the portal's
own, the first one becomes the cover (card, ``og:image``, JSON-LD), with its alt text; the
article's page then does not show it twice (``cover_shown_in_body``). With no photo at all,
the workflow panel warns before publishing (editorial/checks.py).
"""

from portal.models import first_own_image, shows_image


def fill_cover_from_body(article) -> bool:
    """Give ``article`` the first photo of its body as its cover if it has none; say if it did."""
    if article.cover_id is not None:
        return False
    image, alt = first_own_image(article.body)
    if image is None:
        return False
    article.cover = image
    article.cover_alt = article.cover_alt or alt[:300]
    return True


def cover_shown_in_body(article) -> bool:
    """Is the cover one of the body's photos (so the page shows it there, not above)?"""
    return article.cover_id is not None and shows_image(article.body, article.cover)
