"""Helpers shared by the editorial tests."""


def form_data(article, **extra):
    data = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id,
        "lead": article.lead,
        "body": article.body,
        "cover_caption": "",
        "cover_alt": "",
        "byline": article.byline,
        "source": "",
        "review_comment": "",
        "schedule_at_0": "",
        "schedule_at_1": "",
    }
    data.update(extra)
    return data
