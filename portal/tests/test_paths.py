"""portal.paths: remembered addresses are the ones reverse() gives."""

from django.urls import reverse, set_script_prefix

from portal.paths import path_for


def test_the_same_address_as_reverse_and_the_script_prefix_is_kept_apart():
    assert path_for("news:tag", slug="chuyen-doi-so") == reverse("news:tag", kwargs={"slug": "chuyen-doi-so"})
    try:
        set_script_prefix("/cong/")
        assert path_for("news:tag", slug="chuyen-doi-so") == "/cong/tu-khoa/chuyen-doi-so/"
    finally:
        set_script_prefix("/")
    assert path_for("news:tag", slug="chuyen-doi-so") == "/tu-khoa/chuyen-doi-so/"
