import pytest
from django.core.exceptions import ValidationError

from smartregions.accounts.domain.accounts import (
    deactivate_user,
    ensure_platform_admin,
    record_consent,
    sign_up,
)
from smartregions.accounts.domain.memberships import grant_membership, revoke_membership
from smartregions.accounts.domain.queries import (
    current_consents,
    has_consent,
    organisation_ids,
    represented_region_ids,
    roles_of,
)
from smartregions.accounts.enums import ConsentPurpose, Role
from smartregions.accounts.models import ConsentRecord, Membership, User
from smartregions.common.models import ActivityLogEntry
from tests.factories import CountryFactory, OrganisationFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "a-long-and-unusual-passphrase-17"


def test_sign_up_creates_lower_cased_user_with_consents_and_log():
    user = sign_up(
        email=" Ana.Novak@Example.EU ",
        password=GOOD_PASSWORD,
        full_name="  Ana   Novak ",
        accepted_terms=True,
        directory_consent=True,
    )
    assert (user.email, user.full_name) == ("ana.novak@example.eu", "Ana Novak")
    assert user.check_password(GOOD_PASSWORD)
    assert user.is_active is True
    assert user.is_staff is False
    rows = list(ConsentRecord.objects.filter(user=user).values_list("purpose", "granted"))
    assert sorted(rows) == [("directory", True), ("terms", True)]
    assert list(
        ActivityLogEntry.objects.filter(actor=user).order_by("id").values_list("action", flat=True)
    ) == ["user.sign_up", "consent.grant", "consent.grant"]


def test_sign_up_records_refused_directory_consent():
    user = sign_up(email="b@example.eu", password=GOOD_PASSWORD, accepted_terms=True)
    assert has_consent(user, ConsentPurpose.TERMS) is True
    assert has_consent(user, ConsentPurpose.DIRECTORY) is False
    assert ConsentRecord.objects.get(user=user, purpose="directory").granted is False


def test_sign_up_refuses_without_accepted_terms():
    with pytest.raises(ValidationError) as excinfo:
        sign_up(email="c@example.eu", password=GOOD_PASSWORD, accepted_terms=False)
    assert list(excinfo.value.message_dict) == ["accepted_terms"]
    assert not User.objects.exists()
    assert not ActivityLogEntry.objects.exists()


def test_sign_up_refuses_address_in_use_in_any_case_like_a_model_form():
    UserFactory(email="taken@example.eu")
    with pytest.raises(ValidationError) as excinfo:
        sign_up(email="TAKEN@example.eu", password=GOOD_PASSWORD, accepted_terms=True)
    assert excinfo.value.message_dict == {
        "email": ["User with this E-mail address already exists."]
    }
    assert User.objects.count() == 1


def test_sign_up_runs_django_password_validators_and_reports_all_fields():
    with pytest.raises(ValidationError) as excinfo:
        sign_up(email="not-an-address", password="12345", accepted_terms=False)
    errors = excinfo.value.message_dict
    assert sorted(errors) == ["accepted_terms", "email", "password"]
    assert errors["password"] == [
        "This password is too short. It must contain at least 8 characters.",
        "This password is too common.",
        "This password is entirely numeric.",
    ]
    assert not User.objects.exists()


def test_sign_up_refuses_password_similar_to_email():
    with pytest.raises(ValidationError) as excinfo:
        sign_up(
            email="marguerite.dubois@example.eu", password="marguerite.dubois", accepted_terms=True
        )
    assert excinfo.value.message_dict["password"] == [
        "The password is too similar to the e-mail address."
    ]


def test_record_consent_appends_and_latest_counts():
    user = UserFactory()
    record_consent(user=user, purpose=ConsentPurpose.NEWSLETTER, granted=True)
    record_consent(user=user, purpose=ConsentPurpose.NEWSLETTER, granted=False)
    assert ConsentRecord.objects.filter(user=user, purpose="newsletter").count() == 2
    assert has_consent(user, ConsentPurpose.NEWSLETTER) is False
    consents = current_consents(user)
    assert consents["terms"] is None
    assert consents["newsletter"].granted is False
    assert list(ActivityLogEntry.objects.order_by("id").values_list("action", "data__purpose")) == [
        ("consent.grant", "newsletter"),
        ("consent.withdraw", "newsletter"),
    ]


def test_record_consent_refuses_unknown_purpose():
    with pytest.raises(ValidationError):
        record_consent(user=UserFactory(), purpose="marketing", granted=True)
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize(
    ("role", "scope", "field"),
    [
        (Role.REGION_REPRESENTATIVE, {}, "region"),
        (Role.REGION_REPRESENTATIVE, {"region": True, "organisation": True}, "organisation"),
        (Role.ORGANISATION_MEMBER, {}, "organisation"),
        (Role.ORGANISATION_MEMBER, {"region": True, "organisation": True}, "region"),
        (Role.BROKER, {"region": True}, "role"),
        (Role.PLATFORM_ADMIN, {"organisation": True}, "role"),
        ("astronaut", {}, "role"),
    ],
)
def test_grant_membership_validates_scope(role, scope, field):
    region = RegionFactory(code="CZ01")
    organisation = OrganisationFactory(region=region)
    kwargs = {}
    if scope.get("region"):
        kwargs["region"] = region
    if scope.get("organisation"):
        kwargs["organisation"] = organisation
    with pytest.raises(ValidationError) as excinfo:
        grant_membership(actor=None, user=UserFactory(), role=role, **kwargs)
    assert list(excinfo.value.message_dict) == [field]
    assert not Membership.objects.exists()


def test_grant_membership_logs_and_refuses_duplicate():
    admin, user = UserFactory(), UserFactory()
    region = RegionFactory(code="CZ01")
    membership = grant_membership(
        actor=admin, user=user, role=Role.REGION_REPRESENTATIVE, region=region
    )
    entry = ActivityLogEntry.objects.get(action="membership.grant")
    assert (entry.actor, entry.object_id) == (admin, str(membership.pk))
    assert entry.data == {
        "user_id": user.pk,
        "role": "region_representative",
        "region_id": region.pk,
        "organisation_id": None,
    }
    with pytest.raises(ValidationError):
        grant_membership(actor=admin, user=user, role=Role.REGION_REPRESENTATIVE, region=region)
    assert Membership.objects.count() == 1


def test_revoke_membership_deletes_and_logs():
    user = UserFactory()
    membership = grant_membership(actor=None, user=user, role=Role.BROKER)
    revoke_membership(actor=None, membership=membership)
    assert not Membership.objects.exists()
    assert ActivityLogEntry.objects.get(action="membership.revoke").data["role"] == "broker"
    assert roles_of(user) == frozenset()


def test_deactivate_user_blocks_login_and_logs(client):
    user = UserFactory(email="leaving@example.eu")
    deactivate_user(actor=None, user=user)
    user.refresh_from_db()
    assert user.is_active is False
    assert ActivityLogEntry.objects.get(action="user.deactivate").object_id == str(user.pk)
    assert (
        client.login(username="leaving@example.eu", password="correct-horse-battery-staple-42")
        is False
    )


def test_roles_of_counts_superuser_as_platform_admin():
    user = UserFactory(is_superuser=True)
    grant_membership(actor=None, user=user, role=Role.EXPERT)
    assert roles_of(user) == {"expert", "platform_admin"}


def test_represented_region_ids_include_descendants_of_same_version_only():
    country = CountryFactory(code="CZ")
    a = RegionFactory(code="CZ01", level=2, country=country)
    a3 = RegionFactory(code="CZ010", level=3, country=country, parent=a)
    RegionFactory(code="CZ02", level=2, country=country)
    RegionFactory(code="CZ010", nuts_version=2016, level=3, country=country)
    b = RegionFactory(code="DE21", level=2, country=CountryFactory(code="DE"))
    b3 = RegionFactory(code="DE212", level=3, country=b.country, parent=b)
    user = UserFactory()
    grant_membership(actor=None, user=user, role=Role.REGION_REPRESENTATIVE, region=a)
    grant_membership(actor=None, user=user, role=Role.REGION_REPRESENTATIVE, region=b3)
    assert represented_region_ids(user) == {a.pk, a3.pk, b3.pk}


def test_organisation_ids_lists_memberships_only():
    user = UserFactory()
    mine = OrganisationFactory()
    OrganisationFactory()
    grant_membership(actor=None, user=user, role=Role.ORGANISATION_MEMBER, organisation=mine)
    assert organisation_ids(user) == {mine.pk}


def test_ensure_platform_admin_creates_then_updates():
    user, created = ensure_platform_admin(email="Boss@Example.eu", password=GOOD_PASSWORD)
    assert created is True
    assert (user.email, user.is_superuser, user.is_staff) == ("boss@example.eu", True, True)
    assert roles_of(user) == {"platform_admin"}
    again, created = ensure_platform_admin(email="boss@example.eu", password=GOOD_PASSWORD + "!")
    assert (again.pk, created) == (user.pk, False)
    assert again.check_password(GOOD_PASSWORD + "!")
    assert Membership.objects.filter(user=user).count() == 1
