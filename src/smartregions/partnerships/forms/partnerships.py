"""Forms of the partnership pages; they validate input, the domain functions write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartregions.accounts.domain.queries import memberships_of
from smartregions.accounts.enums import Role
from smartregions.calls.models import Expert
from smartregions.organisations.models import Organisation
from smartregions.partnerships.domain.join_requests import REQUESTABLE_ROLE_CHOICES
from smartregions.partnerships.domain.queries.partnerships import PartnershipFilters
from smartregions.partnerships.enums import MemberRole, PartnershipStatus
from smartregions.regions.forms import clean_region_code
from smartregions.regions.models import Country, Region, ThematicArea, ThematicPlatform

_TEXTAREA = {"rows": 4}


def _organisation_by_slug(value: str) -> Organisation | None:
    slug = (value or "").strip()
    if not slug:
        return None
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise forms.ValidationError(
            _("No organisation with the identifier %(slug)s."), params={"slug": slug}
        )
    return organisation


class PartnershipFilterForm(forms.Form):
    """The list filters (a GET form: the URL carries them)."""

    platform = forms.ChoiceField(label=_("Thematic platform"), required=False)
    area = forms.ChoiceField(label=_("Thematic area"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *PartnershipStatus.choices],
    )
    country = forms.ChoiceField(label=_("Member country"), required=False)
    region = forms.CharField(
        label=_("Member region (NUTS code)"),
        required=False,
        max_length=10,
        help_text=_("Regions below it count, e.g. CZ0 finds CZ064."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].choices = [
            ("", _("All platforms")),
            *ThematicPlatform.objects.order_by("name").values_list("slug", "name"),
        ]
        self.fields["area"].choices = [
            ("", _("All thematic areas")),
            *ThematicArea.objects.order_by("name").values_list("slug", "name"),
        ]
        self.fields["country"].choices = [
            ("", _("All countries")),
            *Country.objects.order_by("name").values_list("code", "name"),
        ]

    def filters(self, *, mine: bool = False) -> PartnershipFilters:
        """The filters of a valid form (none of an invalid or unbound one)."""
        if not (self.is_bound and self.is_valid()):
            return PartnershipFilters(mine=mine)
        data = self.cleaned_data
        return PartnershipFilters(
            platform=ThematicPlatform.objects.filter(slug=data["platform"]).first()
            if data.get("platform")
            else None,
            area=ThematicArea.objects.filter(slug=data["area"]).first()
            if data.get("area")
            else None,
            status=data.get("status", ""),
            country=Country.objects.filter(code=data["country"]).first()
            if data.get("country")
            else None,
            region=data.get("region", "").strip(),
            mine=mine,
        )


class PartnershipForm(forms.Form):
    """A partnership's description; with ``lead`` also who leads it (creation)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs=_TEXTAREA), required=False
    )
    thematic_platform = forms.ModelChoiceField(
        label=_("Thematic platform"), queryset=ThematicPlatform.objects.order_by("name")
    )
    thematic_area = forms.ModelChoiceField(
        label=_("Thematic area"),
        queryset=ThematicArea.objects.order_by("name"),
        required=False,
        empty_label="—",
    )
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    lead_region = forms.CharField(
        label=_("Lead region (NUTS code)"),
        max_length=10,
        required=False,
        help_text=_("The region that leads the partnership, e.g. CZ06."),
    )
    lead_organisation = forms.CharField(
        label=_("Or a lead organisation (its identifier)"),
        max_length=320,
        required=False,
        help_text=_("Platform staff only: the organisation's identifier in the directory."),
    )

    def __init__(self, *args: Any, lead: str = "", **kwargs: Any) -> None:
        """``lead``: "" (editing: no lead fields), "region" or "any" (staff)."""
        super().__init__(*args, **kwargs)
        if lead == "":
            del self.fields["lead_region"], self.fields["lead_organisation"]
        elif lead == "region":
            del self.fields["lead_organisation"]
            self.fields["lead_region"].required = True

    def clean_lead_region(self) -> Region | None:
        value = self.cleaned_data.get("lead_region", "")
        return clean_region_code(value) if value.strip() else None

    def clean_lead_organisation(self) -> Organisation | None:
        return _organisation_by_slug(self.cleaned_data.get("lead_organisation", ""))


class FromApplicationForm(forms.Form):
    thematic_platform = forms.ModelChoiceField(
        label=_("Thematic platform"),
        queryset=ThematicPlatform.objects.order_by("name"),
        required=False,
        empty_label="—",
        help_text=_("Needed only when the call has no thematic platform."),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it closes (sent to the members)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class MemberForm(forms.Form):
    """Add a region (NUTS code) or an organisation (identifier) with a role (not lead)."""

    region = forms.CharField(label=_("Region (NUTS code)"), max_length=10, required=False)
    organisation = forms.CharField(
        label=_("Or organisation (identifier)"), max_length=320, required=False
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=REQUESTABLE_ROLE_CHOICES,
        initial=MemberRole.MEMBER,
    )

    def clean_region(self) -> Region | None:
        value = self.cleaned_data.get("region", "")
        return clean_region_code(value) if value.strip() else None

    def clean_organisation(self) -> Organisation | None:
        return _organisation_by_slug(self.cleaned_data.get("organisation", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and (data.get("region") is None) == (data.get("organisation") is None):
            raise forms.ValidationError(_("Give a region or an organisation (one of them)."))
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    is_public = forms.BooleanField(
        label=_("Show on the public page (the person agreed)"), required=False
    )


class JoinRequestForm(forms.Form):
    """Ask to join for one of the regions the user represents or organisations they are in."""

    party = forms.ChoiceField(label=_("Join as"))
    requested_role = forms.ChoiceField(
        label=_("Role asked for"),
        choices=REQUESTABLE_ROLE_CHOICES,
        initial=MemberRole.MEMBER,
    )
    message = forms.CharField(
        label=_("Message to the leads"), widget=forms.Textarea(attrs=_TEXTAREA), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties: dict[str, Any] = {}
        for membership in memberships_of(user):
            if membership.role == Role.REGION_REPRESENTATIVE and membership.region is not None:
                self.parties[f"region:{membership.region_id}"] = membership.region
            elif membership.role == Role.ORGANISATION_MEMBER and membership.organisation:
                self.parties[f"organisation:{membership.organisation_id}"] = membership.organisation
        self.fields["party"].choices = [(key, str(party)) for key, party in self.parties.items()]

    def clean_party(self) -> dict[str, Any]:
        key = self.cleaned_data["party"]
        party = self.parties[key]
        return {"region": party} if key.startswith("region:") else {"organisation": party}


class ApproveForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Admit as"),
        choices=[("", _("The role asked for")), *REQUESTABLE_ROLE_CHOICES],
        required=False,
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the requester reads it)"), widget=forms.Textarea(attrs={"rows": 2})
    )


class StageOutputsForm(forms.Form):
    outputs = forms.CharField(
        label=_("What the stage produced"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Plain text; Markdown formatting is kept as written."),
    )
    links = forms.CharField(
        label=_("Links to its documents"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: a title, a vertical bar and the address, or the address only."),
    )

    @staticmethod
    def initial_links(links: list[dict[str, str]]) -> str:
        return "\n".join(
            link["url"] if link["title"] == link["url"] else f"{link['title']} | {link['url']}"
            for link in links
        )

    def clean_links(self) -> list[dict[str, str]]:
        """Lines to ``{"title", "url"}``; the domain validates the addresses."""
        links = []
        for line in self.cleaned_data.get("links", "").splitlines():
            if not line.strip():
                continue
            title, _bar, url = line.rpartition("|")
            links.append({"title": title.strip(), "url": url.strip()})
        return links


class ExpertAssignForm(forms.Form):
    expert = forms.ModelChoiceField(
        label=_("Expert of the pool"),
        queryset=Expert.objects.filter(is_active=True).select_related("user"),
    )
    role = forms.CharField(label=_("Role in the team"), max_length=100, required=False)
