"""Photos in rich text get their height and the column's sizes on save (portal.models)."""

import pytest

from portal.images import save_image
from portal.models import BODY_IMAGE_SIZES, Page, size_body_images

from .imagefiles import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


def editor_figure(image, width=None) -> str:
    """A figure as CKEditor writes it after an upload: width, srcset, sizes="100vw", no height."""
    largest = max(image.renditions, key=int)
    src = image.file.storage.url(image.renditions[largest])
    width_attribute = f' width="{width}"' if width else ""
    return (
        f'<figure class="image"><img src="{src}" srcset="{image.srcset}" sizes="100vw"'
        f'{width_attribute} alt="Đại biểu dự hội nghị"></figure>'
    )


def test_an_uploaded_photo_gets_its_height_and_the_columns_sizes(django_assert_num_queries):
    image = save_image(upload(jpeg_bytes(2000, 1250)))
    placeholder = '<img src="/static/img/legacy-missing-photo.svg" alt="">'
    html = "<p>Trước</p>" + editor_figure(image, width=1600) + placeholder
    with django_assert_num_queries(1):
        sized = size_body_images(html)
    assert 'width="1600" height="1000"' in sized
    assert f'sizes="{BODY_IMAGE_SIZES}"' in sized and 'sizes="100vw"' not in sized
    assert sized.endswith(placeholder)  # not ours: left as it is
    assert size_body_images(sized) == sized  # saving again changes nothing


def test_without_a_width_the_largest_rendition_gives_it():
    image = save_image(upload(jpeg_bytes(1200, 800)))
    widths = sorted(int(w) for w in image.renditions)
    sized = size_body_images(editor_figure(image))
    assert f'width="{widths[-1]}" height="{image.rendition_height(widths[-1])}"' in sized


def test_pages_are_sized_on_save():
    image = save_image(upload(jpeg_bytes(1600, 900)))
    page = Page.objects.create(
        title="Giới thiệu", body="<p>Văn phòng Thành ủy</p>" + editor_figure(image, 1600)
    )
    assert 'height="900"' in page.body and "836px" in page.body


def test_text_without_photos_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert size_body_images("<p>Không có ảnh</p>") == "<p>Không có ảnh</p>"
