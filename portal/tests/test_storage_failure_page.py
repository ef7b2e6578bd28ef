"""A storage that fails while the admin saves: the page says so once, in its own words, and
does not ask the user to correct errors that are not there."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.admin import ImageUploadForm
from portal.models import Image
from portal.uploads import STORAGE_FAILED

from .imagefiles import jpeg_bytes, upload

pytestmark = pytest.mark.django_db

ADD = reverse("admin:portal_image_add")
ERROR_NOTE = 'class="errornote"'


def add_photo(client):
    data = {
        "upload": upload(jpeg_bytes()),
        "alt_text": "Đại biểu dự hội nghị",
        "caption": "Quang cảnh hội nghị",
    }
    return client.post(ADD, data)


def test_a_storage_failure_shows_only_its_message(admin_client, full_disk):
    """No "Vui lòng sửa các lỗi bên dưới." above the storage message: nothing is wrong in the form."""
    response = add_photo(admin_client)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(STORAGE_FAILED) == 1
    assert ERROR_NOTE not in page and "Vui lòng sửa" not in page and "Chưa lưu" not in page
    # What was typed is still there, and nothing was saved.
    assert "Quang cảnh hội nghị" in page and "Đại biểu dự hội nghị" in page
    assert Image.objects.count() == 0


def test_an_error_to_correct_is_still_shown_beside_a_storage_failure(admin_client, full_disk, monkeypatch):
    """When the form has a real error too, the admin's note and the error are there as usual."""
    calls = []

    def clean_credit(form):
        calls.append(1)
        if len(calls) > 1:  # the second pass, after the storage failed
            raise ValidationError("Tên tác giả ảnh không hợp lệ.")
        return form.cleaned_data["credit"]

    monkeypatch.setattr(ImageUploadForm, "clean_credit", clean_credit, raising=False)
    page = add_photo(admin_client).content.decode()
    assert STORAGE_FAILED in page
    assert ERROR_NOTE in page and "Tên tác giả ảnh không hợp lệ." in page
    assert Image.objects.count() == 0
