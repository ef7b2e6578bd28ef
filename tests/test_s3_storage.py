"""Media on S3-compatible storage (django-storages), tested against moto's in-process S3 (no
network): photos go to the public bucket with long-lived, unsigned URLs; attachments to the
private one, where a URL would be signed and short-lived, and readers get them only through
the portal's download view, which checks the document first. The settings turn the
PORTAL_S3_* variables into that configuration and open the CSP to the photos' address."""

import json
import os
import subprocess
import sys

import boto3
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from moto import mock_aws

from meetings.models import Attachment, Document, private_storage
from meetings.tests.factories import AttachmentFactory, pdf_bytes
from portal.images import save_image
from portal.tests.imagefiles import jpeg_bytes, upload

pytestmark = pytest.mark.django_db

S3 = {
    "access_key": "kiem-thu",
    "secret_key": "kiem-thu-bi-mat",
    "region_name": "ap-southeast-1",
    "signature_version": "s3v4",
}


@pytest.fixture
def buckets(settings, monkeypatch):
    with mock_aws():
        client = boto3.client("s3", region_name=S3["region_name"])
        for bucket in ("cong-thong-tin-anh", "cong-thong-tin-tep"):
            client.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": S3["region_name"]}
            )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {**S3, "bucket_name": "cong-thong-tin-anh", "querystring_auth": False},
            },
            "private": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {**S3, "bucket_name": "cong-thong-tin-tep", "querystring_auth": True},
            },
        }
        # A FileField takes its storage once, when its model is defined (in production the
        # settings are read before): give it the one these settings make.
        monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", private_storage())
        yield client


def keys(client, bucket: str) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_photos_go_to_the_public_bucket_with_plain_urls(buckets):
    image = save_image(upload(jpeg_bytes(1400, 900)))
    stored = keys(buckets, "cong-thong-tin-anh")
    assert image.file.name in stored and all(name in stored for name in image.renditions.values())
    url = default_storage.url(image.file.name)
    assert url.startswith("https://cong-thong-tin-anh.s3") and "Signature" not in url


def test_attachments_stay_private_and_are_streamed_after_the_check(buckets, client):
    attachment = AttachmentFactory(file__data=pdf_bytes("Nghi quyet so 21"))
    assert keys(buckets, "cong-thong-tin-tep") == [attachment.file.name]
    assert keys(buckets, "cong-thong-tin-anh") == []
    signed = private_storage().url(attachment.file.name)
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=" in signed

    url = reverse("meetings:attachment", args=[attachment.document.slug, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes("Nghi quyet so 21")

    Document.objects.filter(pk=attachment.document.pk).update(scope=Document.Scope.ABSTRACT)
    assert client.get(url).status_code == 404


def settings_from(environ: dict, succeeds: bool = True) -> subprocess.CompletedProcess:
    """STORAGES and the CSP's img-src as the settings make them from these variables."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.STORAGES, settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
        "settings.SERVE_MEDIA]))"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PORTAL_S3", "PYTEST"))}
    env.update(DJANGO_SETTINGS_MODULE="halong_portal.settings", DJANGO_SECRET_KEY="x" * 50, **environ)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert (result.returncode == 0) == succeeds, result.stderr
    return result


def test_the_settings_build_both_buckets_from_the_environment():
    result = settings_from(
        {
            "PORTAL_S3_BUCKET": "anh",
            "PORTAL_S3_PRIVATE_BUCKET": "tep",
            "PORTAL_S3_ENDPOINT_URL": "https://s3.halong.example",
            "PORTAL_S3_ADDRESSING_STYLE": "path",
            "PORTAL_S3_MEDIA_URL": "https://anh.thanhuyhalong.vn",
        }
    )
    storages, img_src, serve_media = json.loads(result.stdout)
    media, private = storages["default"]["OPTIONS"], storages["private"]["OPTIONS"]
    assert (media["bucket_name"], media["querystring_auth"], media["custom_domain"]) == (
        "anh",
        False,
        "anh.thanhuyhalong.vn",
    )
    assert (private["bucket_name"], private["querystring_auth"]) == ("tep", True)
    assert media["endpoint_url"] == private["endpoint_url"] == "https://s3.halong.example"
    assert "https://anh.thanhuyhalong.vn" in img_src and serve_media is False


def test_attachments_are_refused_a_public_bucket():
    result = settings_from({"PORTAL_S3_BUCKET": "anh", "PORTAL_S3_PRIVATE_BUCKET": "anh"}, succeeds=False)
    assert "PORTAL_S3_PRIVATE_BUCKET" in result.stderr
