import pytest
from django.contrib.auth.models import Group

from editorial import roles


@pytest.fixture
def people(django_user_model):
    """One staff member per role, each with their own test client."""
    from django.test import Client

    made = {}
    for key, role in [
        ("reporter", roles.REPORTER),
        ("other_reporter", roles.REPORTER),
        ("editor", roles.EDITOR),
        ("other_editor", roles.EDITOR),
        ("approver", roles.APPROVER),
        ("office", roles.OFFICE),
        ("administrator", roles.ADMINISTRATOR),
    ]:
        user = django_user_model.objects.create_user(key, password="Mat-khau-2026-dai", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        client.user = user
        made[key] = client
    return made


@pytest.fixture
def photo():
    """A photo in the library, stored through the real image pipeline."""
    from portal.images import save_image
    from portal.tests.imagefiles import jpeg_bytes, upload

    def make(colour=(200, 30, 30), alt=""):
        return save_image(upload(jpeg_bytes(320, 240, colour=colour, gps=False)), alt_text=alt)

    return make
