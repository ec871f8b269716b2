"""Forms of the accounts app: sign-up, e-mail login, consent, and the admin's user forms.

Forms only collect and check input; the writes happen in :mod:`smartregions.accounts.domain`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AdminUserCreationForm, AuthenticationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from smartregions.accounts.domain.accounts import normalise_email
from smartregions.accounts.models import User


class SignUpForm(forms.Form):
    """The public sign-up form; :func:`~smartregions.accounts.domain.accounts.sign_up` does the
    checks that need the database (unique e-mail) and the password validation."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Shown to other members instead of your e-mail address."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password confirmation"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Enter the same password as before, for verification."),
    )
    accepted_terms = forms.BooleanField(
        label=_("I accept the terms of use and the privacy notice"),
        required=True,
        error_messages={"required": _("You need to accept the terms of use and privacy notice.")},
    )
    directory_consent = forms.BooleanField(
        label=_("List me in the public directory of members"),
        required=False,
        help_text=_("You can withdraw this consent at any time on your account page."),
    )

    #: Errors raised by the domain function on ``password`` belong to the first password field.
    DOMAIN_FIELD_MAP: dict[str, str] = {"password": "password1"}

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two password fields didn\u2019t match."))
        if first:
            # Checked again by sign_up(); done here too so every problem shows on the first try.
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(first, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def add_domain_errors(self, error: ValidationError) -> None:
        """Show a domain ``ValidationError`` next to the fields it concerns."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            name = self.DOMAIN_FIELD_MAP.get(field, field)
            self.add_error(name if name in self.fields else None, messages)


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, asking for an e-mail address and matching it in any letter case."""

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def clean_username(self) -> str:
        return normalise_email(self.cleaned_data["username"])


class DirectoryConsentForm(forms.Form):
    """Grant or withdraw consent to appear in the public directory."""

    granted = forms.BooleanField(
        label=_("List me in the public directory of members"), required=False
    )


class AdminUserAddForm(AdminUserCreationForm):
    """The admin's "add user" form for e-mail-identified users."""

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "full_name")
        field_classes: dict[str, type] = {}

    def clean_email(self) -> str:
        email = normalise_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise self.instance.unique_error_message(User, ["email"])
        return email


class AdminUserChangeForm(UserChangeForm):
    """The admin's "change user" form for e-mail-identified users."""

    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"
        field_classes: dict[str, type] = {}

    def clean_email(self) -> str:
        email = normalise_email(self.cleaned_data["email"])
        others = User.objects.exclude(pk=self.instance.pk)
        if others.filter(email__iexact=email).exists():
            raise self.instance.unique_error_message(User, ["email"])
        return email
