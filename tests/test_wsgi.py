"""The WSGI module gunicorn preloads: it readies the templates without the database."""

from django.template import engines

from halong_portal import wsgi


def test_warm_up_compiles_every_site_template_without_the_database():
    """No ``django_db`` mark: a query would fail this test. The cached loader then holds
    the templates a reader's first page needs."""
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    wsgi.warm_up()
    cached = {key.split("-")[0] for key in loader.get_template_cache}
    assert {"base.html", "news/article.html", "partials/article_card.html", "website/search.html"} <= cached
