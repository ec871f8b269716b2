"""Writes on user accounts: sign-up, consent, deactivation, and the platform administrator."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.domain.queries import forget_cached_roles
from smartregions.accounts.enums import ConsentPurpose, Role
from smartregions.accounts.models import ConsentRecord, Membership, User
from smartregions.common.domain.activity import log_activity


def normalise_email(email: str) -> str:
    """The form in which e-mail addresses are stored and looked up: trimmed and lower-cased."""
    return User.objects.normalize_email(email.strip()).lower()


def _duplicate_email_error() -> ValidationError:
    # The same wording as Django's own unique-field error on a model form, so the sign-up page
    # says no more about existing addresses than any Django form would.
    return User().unique_error_message(User, ["email"])


def _clean_email(email: str) -> str:
    cleaned = normalise_email(email)
    try:
        validate_email(cleaned)
    except ValidationError as error:
        raise ValidationError({"email": error.messages}) from error
    return cleaned


@transaction.atomic
def record_consent(*, user: User, purpose: str, granted: bool) -> ConsentRecord:
    """Append a grant or withdrawal of consent for ``purpose``; the latest row is what counts.

    Rows are never updated, so the history of what a person agreed to stays provable (GDPR
    Art. 7(1)). Records ``consent.grant`` or ``consent.withdraw`` in the activity log.
    """
    if purpose not in ConsentPurpose.values:
        raise ValidationError({"purpose": _("Unknown consent purpose: %(p)s") % {"p": purpose}})
    record = ConsentRecord.objects.create(user=user, purpose=purpose, granted=granted)
    log_activity(
        actor=user,
        action="consent.grant" if granted else "consent.withdraw",
        obj=record,
        data={"purpose": purpose, "text_version": record.text_version},
    )
    return record


@transaction.atomic
def sign_up(
    *,
    email: str,
    password: str,
    full_name: str = "",
    accepted_terms: bool,
    directory_consent: bool = False,
) -> User:
    """Create an account for a person who signs up on the web site.

    Refuses unless the terms of use and privacy notice were accepted; the e-mail address is
    stored lower-cased and must not already be in use (in any letter case); the password must
    pass the configured Django password validators. Records the terms and directory decisions as
    consent rows and ``user.sign_up`` in the activity log. Raises ``ValidationError`` keyed by
    field (``email``, ``password``, ``accepted_terms``).
    """
    errors: dict[str, list[Any]] = {}
    if not accepted_terms:
        errors["accepted_terms"] = [
            ValidationError(_("You need to accept the terms of use and privacy notice."))
        ]
    cleaned = normalise_email(email)
    try:
        validate_email(cleaned)
    except ValidationError as error:
        errors["email"] = error.error_list
    full_name = " ".join(full_name.split())
    try:
        validate_password(password, user=User(email=cleaned, full_name=full_name))
    except ValidationError as error:
        errors["password"] = error.error_list
    if "email" not in errors and User.objects.filter(email__iexact=cleaned).exists():
        errors["email"] = [_duplicate_email_error()]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            user = User.objects.create_user(cleaned, password, full_name=full_name)
    except IntegrityError as error:  # a concurrent sign-up with the same address won the race
        raise ValidationError({"email": [_duplicate_email_error()]}) from error
    log_activity(actor=user, action="user.sign_up", obj=user)
    record_consent(user=user, purpose=ConsentPurpose.TERMS, granted=True)
    record_consent(user=user, purpose=ConsentPurpose.DIRECTORY, granted=directory_consent)
    return user


@transaction.atomic
def deactivate_user(*, actor: Any, user: User) -> User:
    """Switch off ``user``'s account: they can no longer log in and hold no permissions.

    The account and its history stay (activity entries keep pointing at it); an administrator can
    switch it on again in the admin site. Open sessions and API tokens stop working because
    Django's authentication backend and DRF refuse inactive users. Records ``user.deactivate``.
    """
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    forget_cached_roles(user)
    log_activity(actor=actor, action="user.deactivate", obj=user)
    return user


@transaction.atomic
def ensure_platform_admin(*, email: str, password: str, actor: Any = None) -> tuple[User, bool]:
    """Create or update the superuser ``email`` with ``password`` and a platform_admin role.

    Used by ``smartregions createadmin`` to bootstrap an installation. The password must pass the
    Django password validators; an existing account is re-activated and promoted. Returns the user
    and whether it was created; records ``user.create_admin`` or ``user.update_admin``.
    """
    cleaned = _clean_email(email)
    user = User.objects.filter(email__iexact=cleaned).first()
    created = user is None
    if user is None:
        user = User(email=cleaned)
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.is_active = True
    user.is_staff = True
    user.is_superuser = True
    user.save()
    log_activity(
        actor=actor, action="user.create_admin" if created else "user.update_admin", obj=user
    )
    if not Membership.objects.filter(user=user, role=Role.PLATFORM_ADMIN).exists():
        grant_membership(actor=actor, user=user, role=Role.PLATFORM_ADMIN)
    return user, created
