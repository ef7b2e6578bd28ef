"""The editorial pages outside the admin's own: two-factor sign-in and article previews."""

from .accounts import two_factor_page
from .previews import article_preview, shared_preview

__all__ = ["article_preview", "shared_preview", "two_factor_page"]
