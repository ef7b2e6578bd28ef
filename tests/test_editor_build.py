"""The vendored CKEditor 5 build: the bytes the vendoring script would produce, a version at or
above the last security fix, and a widget that loads only the plugins the toolbar needs."""

import hashlib
import importlib.util
import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from portal.editor import CONFIG, FIXED_RELEASES, PLUGINS, RichTextEditor

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "vendor_ckeditor5.py"
_spec = importlib.util.spec_from_file_location("vendor_ckeditor5", SCRIPT)
vendor_ckeditor5 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vendor_ckeditor5)

MANIFEST = json.loads(Path(finders.find("vendor/ckeditor5/VENDOR.json")).read_text())


def served_version() -> tuple[int, ...]:
    """The version the served build announces (its CKEDITOR_VERSION), read from its code."""
    code = Path(finders.find("vendor/ckeditor5/ckeditor5.umd.js")).read_text(encoding="utf-8")
    found = set(re.findall(r"let \w+=`(\d+)\.(\d+)\.(\d+)`,\w+=new Date\(", code))
    assert len(found) == 1, f"the build's version string is not where it was: {found}"
    return tuple(int(part) for part in found.pop())


def test_the_served_build_has_the_security_fixes():
    version = served_version()
    assert version[0] in FIXED_RELEASES, f"CKEditor {version} is on a line with no known fixed release"
    assert version >= FIXED_RELEASES[version[0]]
    assert ".".join(map(str, version)) == MANIFEST["version"] == vendor_ckeditor5.VERSION


@pytest.mark.parametrize("name", sorted(MANIFEST["files"]))
def test_vendored_files_are_the_scripts_output(name):
    path = finders.find(f"vendor/ckeditor5/{name}")
    assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == MANIFEST["files"][name]


def test_the_widget_serves_every_vendored_script_and_style():
    media = RichTextEditor().media
    for name in MANIFEST["files"]:
        if name.endswith((".js", ".css")):
            assert f"vendor/ckeditor5/{name}" in str(media)


def test_risky_plugins_stay_off():
    """Raw HTML in the editor would bypass what the toolbar can make; nh3 cleans on save, but
    the editor does not offer it in the first place."""
    assert not {"GeneralHtmlSupport", "HtmlEmbed", "SourceEditing", "FullPage", "HtmlComment"} & set(PLUGINS)
    assert CONFIG["plugins"] is PLUGINS


def test_the_widget_renders_its_configuration_beside_the_textarea():
    html = RichTextEditor().render("body", "<p>Nội dung</p>", attrs={"id": "id_body"})
    assert 'data-rich-text="id_body-editor-config"' in html
    assert f'data-upload-url="{reverse("portal:editor-image-upload")}"' in html
    assert "required" not in html
    script = re.search(
        r'<script id="id_body-editor-config" type="application/json">(.*?)</script>', html, re.S
    )
    config = json.loads(script.group(1))
    assert config == json.loads(json.dumps(CONFIG))
    assert "&lt;p&gt;Nội dung&lt;/p&gt;" in html


def test_the_vendoring_script_refuses_a_tarball_that_is_not_the_pinned_one():
    with pytest.raises(SystemExit, match="refusing"):
        vendor_ckeditor5.check_integrity(b"not the package")
