"""The rich-text editor of the admin: CKEditor 5's official browser build, vendored.

The build (static/vendor/ckeditor5/, made by scripts/vendor_ckeditor5.py) carries every
open-source plugin; the editor starts with only the ones named in PLUGINS, so General HTML
Support, HTML embed, source editing and the like are not loaded at all. What the toolbar can
produce is what portal.sanitize lets through; the sanitiser still cleans every save.

static/js/editor.js starts one editor per ``textarea[data-rich-text]``: it reads the
configuration from the JSON script beside it, turns plugin names into the build's classes,
uploads photos to ``portal:editor-image-upload`` (the image pipeline) after checking their
size, and shows upload errors beside the editor instead of the browser's ``alert()``.
"""

from django import forms
from django.conf import settings
from django.urls import reverse_lazy

# The build's version is checked by portal/tests/test_editor.py against this floor: the first
# releases with CKEditor's 2026 security fixes (GHSA-rh54-vffm-5fvp, GHSA-v6mg-96c6-gmpq)
# on each maintained line.
FIXED_RELEASES = {47: (47, 6, 0), 48: (48, 5, 1)}

PLUGINS = [
    "Essentials",
    "Autoformat",
    "Paragraph",
    "Heading",
    "Bold",
    "Italic",
    "Underline",
    "Link",
    "AutoLink",
    "List",
    "BlockQuote",
    "Table",
    "TableToolbar",
    "TableCaption",
    "Image",
    "ImageToolbar",
    "ImageCaption",
    "ImageStyle",
    "ImageTextAlternative",
    "ImageUpload",
    "PasteFromOffice",
    "WordCount",
]

CONFIG = {
    "language": "vi",
    "plugins": PLUGINS,
    "toolbar": {
        "items": [
            "heading", "|",
            "bold", "italic", "underline", "link", "|",
            "bulletedList", "numberedList", "blockQuote", "|",
            "insertTable", "uploadImage", "|",
            "undo", "redo",
        ],
        "shouldNotGroupWhenFull": True,
    },
    "heading": {
        "options": [
            {"model": "paragraph", "title": "Đoạn văn", "class": "ck-heading_paragraph"},
            {"model": "heading2", "view": "h2", "title": "Tiêu đề 2", "class": "ck-heading_heading2"},
            {"model": "heading3", "view": "h3", "title": "Tiêu đề 3", "class": "ck-heading_heading3"},
            {"model": "heading4", "view": "h4", "title": "Tiêu đề 4", "class": "ck-heading_heading4"},
        ]
    },
    "image": {
        "toolbar": [
            "imageTextAlternative", "toggleImageCaption", "|",
            "imageStyle:inline", "imageStyle:block", "imageStyle:side",
        ],
        "upload": {"types": ["jpeg", "png", "webp", "gif"]},
    },
    "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells", "toggleTableCaption"]},
    "link": {"addTargetToExternalLinks": True, "defaultProtocol": "https://"},
}  # fmt: skip


class RichTextEditor(forms.Textarea):
    """A textarea that becomes CKEditor 5 in the browser (static/js/editor.js)."""

    template_name = "portal/widgets/rich_text.html"

    class Media:
        css = {"all": ["vendor/ckeditor5/ckeditor5.css", "css/editor.css"]}
        js = ["vendor/ckeditor5/ckeditor5.umd.js", "vendor/ckeditor5/translations/vi.umd.js", "js/editor.js"]

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.upload_url = reverse_lazy("portal:editor-image-upload")

    def use_required_attribute(self, initial):
        # The textarea is hidden behind the editor: a browser that refused to submit an empty
        # required one would say so nowhere the editor sees. The form checks it on the server.
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["config"] = CONFIG
        widget["config_id"] = f"{widget['attrs'].get('id') or name}-editor-config"
        widget["attrs"].update(
            {
                "data-rich-text": widget["config_id"],
                "data-upload-url": str(self.upload_url),
                "data-max-upload-bytes": settings.PORTAL_IMAGE_MAX_UPLOAD_BYTES,
            }
        )
        return context
