"""A document whose attachment cannot be stored (a full disk): the form and its attachment
rows come back with the storage message alone, not the admin's "correct the errors" note."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Document
from portal.uploads import STORAGE_FAILED

from .factories import TermFactory, docx_bytes

pytestmark = pytest.mark.django_db


def test_an_attachment_the_storage_refuses_shows_only_the_storage_message(admin_client, full_disk):
    """Nothing in the form or its inline rows is wrong: only the storage message is shown."""
    issuer = TermFactory().organization
    inline = {"TOTAL_FORMS": "1", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}
    data = {
        "kind": "NQ",
        "number": "21",
        "issuer": str(issuer.pk),
        "issued_on": "31/12/2020",
        "abstract": "Về chuyển đổi số thành phố Hạ Long",
        "signer_name": "Nguyễn Văn A",
        "status": "hieu-luc",
        "scope": "toan-van",
        **{f"attachments-{key}": value for key, value in inline.items()},
        **{f"relations_out-{key}": value for key, value in {**inline, "TOTAL_FORMS": "0"}.items()},
        "attachments-0-order": "0",
        "attachments-0-title": "Toàn văn nghị quyết",
        "attachments-0-file": SimpleUploadedFile("nghi-quyet.docx", docx_bytes(["Điều 1. Đẩy mạnh"])),
    }
    response = admin_client.post(reverse("admin:meetings_document_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(STORAGE_FAILED) == 1
    assert 'class="errornote"' not in page and "Vui lòng sửa" not in page
    assert "Về chuyển đổi số thành phố Hạ Long" in page and "Toàn văn nghị quyết" in page
    assert not Document.objects.exists()
