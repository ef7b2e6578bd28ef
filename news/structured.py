"""Open Graph, Twitter card and JSON-LD (NewsArticle, BreadcrumbList) of an article's page."""

from portal import structured
from portal.models import SiteSettings


def article_data(request, article, breadcrumbs, corrections=()) -> dict:
    """``corrections``: the article's (``reading.shown_corrections``), as schema.org's
    ``correction``; ``dateModified`` is the last change of its text after publication
    (``content_updated_at``: not a view counted or a workflow step), else its publication."""
    site = SiteSettings.current()
    path = article.get_absolute_url()
    url = request.build_absolute_uri(path)
    image = structured.image_object(request, article.cover)
    modified = article.shown_update or article.published_at
    news = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.title[:110],
        "description": article.lead,
        "datePublished": structured.iso(article.published_at),
        "dateModified": structured.iso(modified),
        "articleSection": article.category.name,
        "inLanguage": "vi",
        "publisher": structured.organization(request, site),
        "author": {"@type": "Person", "name": article.byline}
        if article.byline
        else structured.organization(request, site),
    }
    if image:
        news["image"] = [image]
    if corrections:
        news["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": structured.iso(c.corrected_at)}
            for c in corrections
        ]
    trail = [
        *[(c.name, c.get_absolute_url()) for c in breadcrumbs],
        (article.title, path),
    ]
    return {
        "url": url,
        "title": article.title,
        "description": article.lead,
        "image": image,
        "image_alt": article.cover_alt_text if article.cover else "",
        "type": "article",
        "published": structured.iso(article.published_at),
        "modified": structured.iso(modified),
        "section": article.category.name,
        "site_name": site.site_name,
        "json_ld": structured.ld_json(news, structured.breadcrumb_list(request, trail)),
    }
