"""The compiled catalogues (locale/vi/LC_MESSAGES/*.mo, which Django reads) say what their
.po sources say: a .po edited without `make messages` left the admin in English before."""

import ast
import gettext
from pathlib import Path

import pytest

MESSAGES = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES"


def _entries(po: Path) -> list[dict]:
    """The .po's entries: ``{"msgctxt": …, "msgid": …, "msgid_plural": …, "msgstr": …,
    "msgstr[0]": …}``, the fields an entry has."""
    entries, entry, field = [], {}, None
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line or line.startswith("#"):
            if entry:
                entries.append(entry)
            entry, field = {}, None
            continue
        if line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, text = line.split(" ", 1)
            entry[field] = ast.literal_eval(text)
    return [e for e in entries if e.get("msgid")]  # not the header


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_each_compiled_catalogue_matches_its_source(domain):
    with open(MESSAGES / f"{domain}.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    entries = _entries(MESSAGES / f"{domain}.po")
    assert entries
    for entry in entries:
        if "msgid_plural" in entry:
            found = compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            assert found == entry["msgstr[0]"], f"{entry['msgid']!r}: run `make messages`"
        elif "msgctxt" in entry:
            found = compiled.pgettext(entry["msgctxt"], entry["msgid"])
            assert found == entry["msgstr"], f"{entry['msgid']!r}: run `make messages`"
        else:
            found = compiled.gettext(entry["msgid"])
            assert found == entry["msgstr"], f"{entry['msgid']!r}: run `make messages`"
