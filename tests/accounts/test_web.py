"""Account pages through the Django test client: sign-up, log-in/out, password reset and change."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.accounts.models import ConsentRecord, User
from smartregions.common.models import ActivityLogEntry
from tests.factories import RegionFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-very-private-phrase-93"


def signup_data(**overrides):
    data = {
        "email": "Jana.Kral@Example.eu",
        "full_name": "Jana Král",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "accepted_terms": "on",
        "directory_consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_signup_page_shows_consents_and_privacy_link(client):
    response = client.get(reverse("web:signup"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="accepted_terms"' in html
    assert 'name="directory_consent"' in html
    assert 'href="/privacy/"' in html
    assert "style=" not in html
    assert "<script>" not in html


def test_signup_creates_account_logs_in_and_records_consent(client):
    response = client.post(reverse("web:signup"), signup_data())
    assert response.status_code == 302
    assert response.url == reverse("web:account")
    user = User.objects.get()
    assert user.email == "jana.kral@example.eu"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert sorted(ConsentRecord.objects.values_list("purpose", "granted")) == [
        ("directory", True),
        ("terms", True),
    ]
    page = client.get(reverse("web:account")).content.decode()
    assert "jana.kral@example.eu" in page
    assert "Being listed in the public directory" in page


def test_signup_without_terms_shows_error_and_creates_nothing(client):
    response = client.post(reverse("web:signup"), signup_data(accepted_terms=None))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "accepted_terms": ["You need to accept the terms of use and privacy notice."]
    }
    assert not User.objects.exists()


def test_signup_reports_weak_password_and_mismatch(client):
    response = client.post(
        reverse("web:signup"), signup_data(password1="password", password2="password")
    )
    assert response.context["form"].errors == {"password1": ["This password is too common."]}
    response = client.post(reverse("web:signup"), signup_data(password2=NEW_PASSWORD + "x"))
    assert response.context["form"].errors == {
        "password2": ["The two password fields didn\u2019t match."]
    }
    assert not User.objects.exists()


def test_signup_with_taken_address_gives_django_unique_error(client):
    UserFactory(email="jana.kral@example.eu")
    response = client.post(reverse("web:signup"), signup_data())
    assert response.context["form"].errors == {
        "email": ["User with this E-mail address already exists."]
    }


def test_login_by_email_in_any_case_then_logout(client):
    user = UserFactory(email="petr@example.eu")
    page = client.get(reverse("web:login")).content.decode()
    assert "E-mail address" in page
    response = client.post(
        reverse("web:login"), {"username": "Petr@Example.EU", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("web:home")
    assert int(client.session["_auth_user_id"]) == user.pk
    home = client.get(reverse("web:home")).content.decode()
    assert reverse("web:logout") in home
    assert "My account" in home
    assert client.get(reverse("web:logout")).status_code == 405
    response = client.post(reverse("web:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_with_wrong_password_fails(client):
    UserFactory(email="petr@example.eu")
    response = client.post(reverse("web:login"), {"username": "petr@example.eu", "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        (
            "Please enter a correct e-mail address and password. "
            "Note that both fields may be case-sensitive."
        )
    ]


def test_anonymous_header_offers_login_and_signup(client):
    html = client.get(reverse("web:home")).content.decode()
    assert f'href="{reverse("web:login")}?next=/"' in html
    assert f'href="{reverse("web:signup")}"' in html


def test_admin_link_only_for_staff(client):
    user = UserFactory()
    client.force_login(user)
    assert "/admin/" not in client.get(reverse("web:home")).content.decode()
    user.is_staff = True
    user.save()
    assert 'href="/admin/"' in client.get(reverse("web:home")).content.decode()


def test_account_page_requires_login(client):
    response = client.get(reverse("web:account"))
    assert response.status_code == 302
    assert response.url == f"{reverse('web:login')}?next={reverse('web:account')}"


def test_account_page_lists_memberships_and_consents(client):
    user = UserFactory()
    region = RegionFactory(code="CZ01", name_latin="Praha")
    grant_membership(actor=None, user=user, role=Role.REGION_REPRESENTATIVE, region=region)
    grant_membership(actor=None, user=user, role=Role.EXPERT)
    client.force_login(user)
    html = client.get(reverse("web:account")).content.decode()
    assert "Region representative" in html
    assert "CZ01 Praha" in html
    assert "Expert / reviewer" in html
    assert "The whole platform" in html
    assert "Not asked" in html


def test_account_page_changes_directory_consent(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("web:account"), {"granted": "on"})
    assert response.status_code == 302
    client.post(reverse("web:account"), {"granted": "on"})  # unchanged: no new row
    client.post(reverse("web:account"), {})
    assert list(
        ConsentRecord.objects.filter(user=user).order_by("id").values_list("granted", flat=True)
    ) == [True, False]


def test_password_reset_flow_by_email(client):
    user = UserFactory(email="olga@example.eu")
    response = client.post(reverse("web:password_reset"), {"email": "OLGA@example.eu"})
    assert response.status_code == 302
    assert response.url == reverse("web:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["olga@example.eu"]
    assert message.subject == "Choose a new password on testserver"
    link = re.search(r"http://testserver(/account/reset/\S+/)", message.body).group(1)

    response = client.get(link)  # Django swaps the token for a session marker and redirects
    assert response.status_code == 302
    form_url = response.url
    assert "Choose a new password" in client.get(form_url).content.decode()
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("web:password_reset_complete")
    assert reverse("web:login") in client.get(response.url).content.decode()

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    response = client.post(
        reverse("web:login"), {"username": "olga@example.eu", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_password_reset_for_unknown_address_looks_the_same_and_sends_nothing(client):
    response = client.post(reverse("web:password_reset"), {"email": "nobody@example.eu"})
    assert response.status_code == 302
    assert response.url == reverse("web:password_reset_done")
    assert mail.outbox == []


def test_password_reset_with_bad_token_says_link_invalid(client):
    html = client.get("/account/reset/MQ/bad-token/").content.decode()
    assert "This password reset link is not valid" in html


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("web:password_change")).status_code == 200
    response = client.post(
        reverse("web:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("web:password_change_done")
    assert client.get(response.url).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_signup_page_redirects_signed_in_user(client):
    client.force_login(UserFactory())
    response = client.get(reverse("web:signup"))
    assert response.status_code == 302
    assert response.url == reverse("web:account")
    assert not ActivityLogEntry.objects.exists()


def test_signup_reports_every_problem_at_once(client):
    response = client.post(
        reverse("web:signup"),
        signup_data(accepted_terms=None, password1="12345678", password2="12345678"),
    )
    assert response.context["form"].errors == {
        "password1": ["This password is too common.", "This password is entirely numeric."],
        "accepted_terms": ["You need to accept the terms of use and privacy notice."],
    }
