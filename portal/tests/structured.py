"""Reading what a page tells search engines and shared links, in tests."""

import json
import re


def meta(page: str) -> dict:
    """The page's Open Graph and Twitter card tags: {"og:title": …}."""
    return dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', page))


def ld(page: str) -> list[dict]:
    """The page's JSON-LD blocks, parsed."""
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
    ]
