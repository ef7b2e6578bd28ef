"""Open Graph, Twitter card and JSON-LD (NewsArticle, BreadcrumbList) of an article's page."""

from portal import structured
from portal.models import SiteSettings


def article_data(request, article, breadcrumbs) -> dict:
    site = SiteSettings.current()
    path = article.get_absolute_url()
    url = request.build_absolute_uri(path)
    image = structured.image_object(request, article.cover)
    news = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.title[:110],
        "description": article.lead,
        "datePublished": structured.iso(article.published_at),
        "dateModified": structured.iso(article.updated_at or article.published_at),
        "articleSection": article.category.name,
        "inLanguage": "vi",
        "publisher": structured.organization(request, site),
        "author": {"@type": "Person", "name": article.byline}
        if article.byline
        else structured.organization(request, site),
    }
    if image:
        news["image"] = [image]
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
        "modified": structured.iso(article.updated_at),
        "section": article.category.name,
        "site_name": site.site_name,
        "json_ld": structured.ld_json(news, structured.breadcrumb_list(request, trail)),
    }
