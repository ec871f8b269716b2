"""The platform-wide upload size limit stops oversized bodies while they stream in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_an_upload_above_the_platform_limit_is_refused_with_400(client, settings):
    settings.SMARTREGIONS_MAX_UPLOAD_BYTES = 1000
    client.force_login(UserFactory())
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"x" * 2000)
    response = client.post(reverse("web:notifications-read"), {"file": big})
    assert response.status_code == 400


def test_an_upload_within_the_platform_limit_goes_through(client, settings):
    settings.SMARTREGIONS_MAX_UPLOAD_BYTES = 10_000
    client.force_login(UserFactory())
    small = SimpleUploadedFile("small.pdf", b"%PDF-1.4\n" + b"x" * 2000)
    response = client.post(reverse("web:notifications-read"), {"file": small})
    assert response.status_code == 302
