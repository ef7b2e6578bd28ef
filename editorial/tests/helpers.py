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


def page_form(html: str) -> dict:
    """The values a browser would submit from the admin page's main form, as a dict of lists
    (inputs, checked boxes, selected options, text areas; no buttons)."""
    from html.parser import HTMLParser

    class Form(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.values: dict[str, list[str]] = {}
            self.select = self.textarea = None
            self.text = []

        def add(self, name, value):
            self.values.setdefault(name, []).append(value)

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            name = a.get("name")
            if tag == "input" and name and a.get("type") not in ("submit", "button", "file", "image"):
                if a.get("type") in ("checkbox", "radio"):
                    if "checked" in a:
                        self.add(name, a.get("value", "on"))
                else:
                    self.add(name, a.get("value", ""))
            elif tag == "select" and name:
                self.select = name
                self.values.setdefault(name, [])
            elif tag == "option" and self.select and "selected" in a:
                self.add(self.select, a.get("value", ""))
            elif tag == "textarea" and name:
                self.textarea, self.text = name, []

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            elif tag == "textarea" and self.textarea:
                self.add(self.textarea, "".join(self.text).lstrip("\n"))
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                self.text.append(data)

    parser = Form()
    parser.feed(html)
    values = parser.values
    values.pop("csrfmiddlewaretoken", None)
    return values
