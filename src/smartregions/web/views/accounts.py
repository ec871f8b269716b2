"""Account pages: sign-up, log-in and log-out, password reset and change, and "My account".

Log-in, log-out and the password pages are Django's own class-based views configured in
:mod:`smartregions.web.urls.accounts`; this module holds the pages that call our domain code.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from smartregions.accounts.domain.accounts import record_consent, sign_up
from smartregions.accounts.domain.queries import current_consents, memberships_of
from smartregions.accounts.enums import ConsentPurpose
from smartregions.accounts.forms import DirectoryConsentForm, SignUpForm

#: The backend a freshly signed-up user is logged in with (rules' backend cannot authenticate).
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account (with consent to the terms), log the new user in, show their account."""
    if request.user.is_authenticated:
        return redirect("web:account")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = sign_up(
                email=data["email"],
                password=data["password1"],
                full_name=data["full_name"],
                accepted_terms=data["accepted_terms"],
                directory_consent=data["directory_consent"],
            )
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            login(request, user, backend=LOGIN_BACKEND)
            messages.success(request, _("Welcome! Your account has been created."))
            return redirect("web:account")
    return render(request, "web/accounts/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's roles, memberships and consents; POST changes directory consent."""
    consents = current_consents(request.user)
    directory = consents[ConsentPurpose.DIRECTORY]
    if request.method == "POST":
        form = DirectoryConsentForm(request.POST)
        if form.is_valid():
            granted = form.cleaned_data["granted"]
            if directory is None or directory.granted != granted:
                record_consent(user=request.user, purpose=ConsentPurpose.DIRECTORY, granted=granted)
            messages.success(request, _("Your choice has been saved."))
            return redirect("web:account")
    else:
        form = DirectoryConsentForm(initial={"granted": bool(directory and directory.granted)})
    consent_rows = [(ConsentPurpose(purpose).label, record) for purpose, record in consents.items()]
    return render(
        request,
        "web/accounts/account.html",
        {
            "memberships": memberships_of(request.user),
            "consent_rows": consent_rows,
            "consent_form": form,
        },
    )
