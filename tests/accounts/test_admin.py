"""The Django admin: every registered model's list and add pages render; role changes are logged."""

import pytest
from django.contrib import admin
from django.urls import reverse

from smartregions.accounts.enums import Role
from smartregions.accounts.models import Membership, User
from smartregions.common.models import ActivityLogEntry
from tests.factories import (
    OrganisationFactory,
    PriorityFactory,
    RegionFactory,
    TermFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EXPECTED_MODELS = {
    "accounts.user",
    "accounts.membership",
    "accounts.consentrecord",
    "common.activitylogentry",
    "regions.country",
    "regions.region",
    "regions.nutscorrespondence",
    "regions.taxonomy",
    "regions.term",
    "regions.thematicplatform",
    "regions.thematicarea",
    "regions.strategy",
    "regions.priority",
    "organisations.organisation",
}

#: Kept for accountability: browsable, never added or edited by hand.
READ_ONLY_MODELS = {"accounts.consentrecord", "common.activitylogentry"}


@pytest.fixture
def staff_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    client.user = user
    return client


def test_every_model_is_registered():
    registered = {m._meta.label_lower for m in admin.site._registry}
    assert registered >= EXPECTED_MODELS


@pytest.mark.parametrize("label", sorted(EXPECTED_MODELS))
def test_admin_changelist_and_add_pages_render(staff_client, label):
    PriorityFactory()
    OrganisationFactory()
    app_label, model_name = label.split(".")
    changelist = staff_client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert changelist.status_code == 200
    add = staff_client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert add.status_code == (403 if label in READ_ONLY_MODELS else 200)


def test_region_change_form_omits_boundary(staff_client):
    region = RegionFactory(code="CZ01", boundary={"type": "Point", "coordinates": [14.4, 50.1]})
    response = staff_client.get(reverse("admin:regions_region_change", args=[region.pk]))
    assert response.status_code == 200
    assert "boundary" not in response.context["adminform"].form.fields


def test_admin_adds_user_by_email(staff_client):
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Person@Example.eu",
            "full_name": "New Person",
            "usable_password": "true",
            "password1": "a-long-and-unusual-passphrase-17",
            "password2": "a-long-and-unusual-passphrase-17",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.eu")
    assert user.check_password("a-long-and-unusual-passphrase-17")
    assert ActivityLogEntry.objects.filter(action="user.admin_create").count() == 1


def _user_change_data(user, rows):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "language": "",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(sum(1 for r in rows if "id" in r)),
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"memberships-{i}-{key}"] = value
    return data


def test_membership_inline_grants_and_revokes_through_domain(staff_client):
    user = UserFactory()
    region = RegionFactory(code="CZ01")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url,
        _user_change_data(
            user,
            [{"user": str(user.pk), "role": Role.REGION_REPRESENTATIVE, "region": str(region.pk)}],
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.region) == (Role.REGION_REPRESENTATIVE, region)
    grant = ActivityLogEntry.objects.get(action="membership.grant")
    assert grant.actor == staff_client.user
    view = staff_client.get(reverse("admin:accounts_membership_change", args=[membership.pk]))
    assert view.status_code == 200
    assert view.context["has_change_permission"] is False

    response = staff_client.post(
        url,
        _user_change_data(user, [{"id": str(membership.pk), "user": str(user.pk), "DELETE": "on"}]),
    )
    assert response.status_code == 302
    assert not Membership.objects.exists()
    assert ActivityLogEntry.objects.filter(action="membership.revoke").count() == 1


def test_membership_inline_rejects_representative_without_region(staff_client):
    user = UserFactory()
    response = staff_client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        _user_change_data(user, [{"user": str(user.pk), "role": Role.REGION_REPRESENTATIVE}]),
    )
    assert response.status_code == 200
    assert not Membership.objects.exists()


def test_priority_admin_save_refreshes_search_text_and_limits_axes(staff_client):
    priority = PriorityFactory(title="Old title", description="")
    nace = TermFactory(code="28")
    url = reverse("admin:regions_priority_change", args=[priority.pk])
    data = {
        "strategy": str(priority.strategy_id),
        "reference": priority.reference,
        "title": "Robotika",
        "description": "",
        "keywords": "[]",
        "economic_domains": [str(nace.pk)],
        "language": "",
        "source": "",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    priority.refresh_from_db()
    assert priority.search_text == "robotika"
    assert list(priority.economic_domains.all()) == [nace]
    response = staff_client.post(url, {**data, "scientific_domains": [str(nace.pk)]})
    assert response.status_code == 200
    assert "scientific_domains" in response.context["adminform"].form.errors


def test_term_autocomplete_offers_only_the_axis_kind(staff_client):
    from smartregions.regions.enums import TaxonomyKind
    from tests.factories import TaxonomyFactory

    TermFactory(code="28", label="Machinery")
    ford = TaxonomyFactory(slug="ford-2015", name="FORD", kind=TaxonomyKind.SCIENTIFIC)
    TermFactory(taxonomy=ford, code="2.3", label="Mechanical engineering")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "regions",
            "model_name": "priority",
            "field_name": "scientific_domains",
            "term": "",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["2.3 Mechanical engineering"]
