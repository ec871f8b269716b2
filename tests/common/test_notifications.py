"""In-app notifications: creation with e-mail on commit, the page, the badge, and the API."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from smartregions.common.domain.notifications import (
    mark_notifications_read,
    notify,
    send_pending_emails,
    unread_count,
)
from smartregions.common.models import Notification
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def _notify(*users, **kwargs):
    defaults = {"kind": "test.event", "title": "Your call closed", "body": "Read the results."}
    return notify(recipients=users, **{**defaults, **kwargs})


def test_notify_creates_one_row_per_active_recipient_and_mails_after_commit(
    django_capture_on_commit_callbacks,
):
    alice, bob = UserFactory(email="alice@example.org"), UserFactory(email="bob@example.org")
    gone = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        notes = _notify(alice, bob, alice, gone, None, url="/calls/x/")
    assert sorted(n.recipient.email for n in notes) == ["alice@example.org", "bob@example.org"]
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bob@example.org"]
    assert mail.outbox[0].subject == "[smartregions] Your call closed"
    assert mail.outbox[0].body == "Read the results.\n\nhttp://localhost:8000/calls/x/"


def test_notify_skips_the_excluded_actor_and_sends_no_mail_when_asked(
    django_capture_on_commit_callbacks,
):
    alice, bob = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notes = _notify(alice, bob, exclude=alice, email=False)
    assert [n.recipient for n in notes] == [bob]
    assert mail.outbox == []


def test_notify_mail_is_not_sent_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    alice = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _notify(alice)
    assert len(callbacks) == 1  # queued for commit, never run on rollback
    assert mail.outbox == []


def test_mark_notifications_read_touches_only_the_users_own_unread_ones():
    alice, bob = UserFactory(), UserFactory()
    first, second = _notify(alice)[0], _notify(alice)[0]
    bobs = _notify(bob)[0]
    assert mark_notifications_read(user=alice, ids=[first.pk, bobs.pk]) == 1
    assert unread_count(alice) == 1
    assert mark_notifications_read(user=alice) == 1
    assert mark_notifications_read(user=alice) == 0
    second.refresh_from_db()
    bobs.refresh_from_db()
    assert second.read_at is not None
    assert bobs.read_at is None


def test_notification_page_lists_own_notifications_and_filters_unread(client):
    alice, bob = UserFactory(), UserFactory()
    _notify(alice, title="Alpha")
    read = _notify(alice, title="Beta")[0]
    _notify(bob, title="Gamma")
    mark_notifications_read(user=alice, ids=[read.pk])
    client.force_login(alice)
    html = client.get(reverse("web:notification-list")).content.decode()
    assert "Alpha" in html
    assert "Beta" in html
    assert "Gamma" not in html
    assert "1 unread notification." in html
    unread_only = client.get(reverse("web:notification-list") + "?unread=1").content.decode()
    assert "Alpha" in unread_only
    assert "Beta" not in unread_only


def test_notification_page_needs_login(client):
    response = client.get(reverse("web:notification-list"))
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/notifications/"


def test_notification_badge_shows_the_unread_count(client):
    alice = UserFactory()
    client.force_login(alice)
    assert "unread" not in client.get(reverse("web:notification-badge")).content.decode()
    _notify(alice)
    _notify(alice)
    html = client.get(reverse("web:notification-badge")).content.decode()
    assert '<span class="badge">2 unread</span>' in html


def test_opening_a_notification_marks_it_read_and_follows_only_local_links(client):
    alice = UserFactory()
    local = _notify(alice, url="/calls/")[0]
    foreign = _notify(alice, url="https://evil.example/")[0]
    client.force_login(alice)
    response = client.post(reverse("web:notification-open", args=[local.pk]))
    assert response["Location"] == "/calls/"
    response = client.post(reverse("web:notification-open", args=[foreign.pk]))
    assert response["Location"] == reverse("web:notification-list")
    assert Notification.objects.filter(recipient=alice, read_at__isnull=True).count() == 0


def test_opening_someone_elses_notification_is_not_found(client):
    alice, bob = UserFactory(), UserFactory()
    bobs = _notify(bob)[0]
    client.force_login(alice)
    assert client.post(reverse("web:notification-open", args=[bobs.pk])).status_code == 404


def test_mark_all_read_form_marks_every_unread_notification(client):
    alice = UserFactory()
    _notify(alice)
    _notify(alice)
    client.force_login(alice)
    response = client.post(reverse("web:notifications-read"))
    assert response.status_code == 302
    assert unread_count(alice) == 0


def test_api_lists_only_own_notifications_and_marks_them_read():
    alice, bob = UserFactory(), UserFactory()
    first = _notify(alice, title="Alpha")[0]
    _notify(alice, title="Beta")
    _notify(bob, title="Gamma")
    api = APIClient()
    assert api.get("/api/v1/notifications/").status_code in (401, 403)
    api.force_authenticate(alice)
    listed = api.get("/api/v1/notifications/").json()
    assert [n["title"] for n in listed["results"]] == ["Beta", "Alpha"]
    assert api.post("/api/v1/notifications/read/", {"ids": [first.pk]}, format="json").json() == {
        "marked": 1
    }
    unread = api.get("/api/v1/notifications/?unread=1").json()
    assert [n["title"] for n in unread["results"]] == ["Beta"]
    assert api.post("/api/v1/notifications/read/", {}, format="json").json() == {"marked": 1}
    assert api.post("/api/v1/notifications/read/", {"ids": ["x"]}, format="json").status_code == 400


class _BrokenMailBackend:
    """A mail backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def open(self):
        raise ConnectionRefusedError("mail server down")

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_mail_server_failure_does_not_fail_the_write_and_a_retry_sends_what_is_missing(
    django_capture_on_commit_callbacks, settings
):
    alice = UserFactory(email="alice@example.org")
    settings.EMAIL_BACKEND = "tests.common.test_notifications._BrokenMailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        note = _notify(alice)[0]  # the queued task fails; the caller sees no error
    note.refresh_from_db()
    assert note.emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending_emails(notification_ids=[note.pk]) == 1
    assert send_pending_emails(notification_ids=[note.pk]) == 0
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
