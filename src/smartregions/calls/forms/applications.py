"""Forms of the application pages: start, edit (with the call's own questions), invite,
answer an invitation, attach files, withdraw. They validate input; the domain functions write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from smartregions.accounts.enums import Role
from smartregions.accounts.models import Membership
from smartregions.calls.enums import AttachmentKind, FieldType
from smartregions.calls.models import Application, Call, CallField
from smartregions.organisations.models import Organisation
from smartregions.regions.forms import clean_region_code
from smartregions.regions.models import Region, ThematicArea

#: Prefix of the answer fields' names; the domain reports errors as ``answers.<key>`` too.
ANSWER_PREFIX = "answers."


def lead_regions_of(user: Any) -> QuerySet[Region]:
    """The regions ``user`` represents directly (the regions they may lead an application for)."""
    ids = Membership.objects.filter(user=user, role=Role.REGION_REPRESENTATIVE).values("region_id")
    return Region.objects.filter(pk__in=ids).order_by("code")


def lead_organisations_of(user: Any) -> QuerySet[Organisation]:
    """The organisations ``user`` is a member of."""
    ids = Membership.objects.filter(user=user, role=Role.ORGANISATION_MEMBER).values(
        "organisation_id"
    )
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def _area_queryset(call: Call) -> QuerySet[ThematicArea]:
    areas = call.thematic_areas.all()
    return (areas if areas else ThematicArea.objects.all()).order_by("name")


class StartApplicationForm(forms.Form):
    """Start an application: who leads it (a region you represent and/or an organisation you
    belong to), its title and thematic area."""

    lead_region = forms.ModelChoiceField(
        label=_("Lead region"), queryset=Region.objects.none(), required=False, empty_label="—"
    )
    lead_organisation = forms.ModelChoiceField(
        label=_("Lead organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="—",
    )
    title = forms.CharField(label=_("Title of the application"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    thematic_area = forms.ModelChoiceField(
        label=_("Thematic area"), queryset=ThematicArea.objects.none(), required=False
    )

    def __init__(self, *args: Any, call: Call, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_region"].queryset = lead_regions_of(user)
        self.fields["lead_organisation"].queryset = lead_organisations_of(user)
        self.fields["thematic_area"].queryset = _area_queryset(call)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("lead_region") and not data.get("lead_organisation"):
            self.add_error("lead_region", _("Choose the region or organisation that leads."))
        return data


#: The form field of each answer type, from the call field and the common arguments.
_ANSWER_FIELDS: dict[str, Callable[[CallField, dict[str, Any]], forms.Field]] = {
    FieldType.TEXT: lambda f, kw: forms.CharField(max_length=f.max_length, **kw),
    FieldType.TEXTAREA: lambda f, kw: forms.CharField(
        max_length=f.max_length, widget=forms.Textarea(attrs={"rows": 6}), **kw
    ),
    FieldType.NUMBER: lambda f, kw: forms.DecimalField(**kw),
    FieldType.DATE: lambda f, kw: forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), **kw
    ),
    FieldType.CHOICE: lambda f, kw: forms.ChoiceField(
        choices=[("", "—"), *((c, c) for c in f.choices)], **kw
    ),
    FieldType.MULTIPLE_CHOICE: lambda f, kw: forms.MultipleChoiceField(
        choices=[(c, c) for c in f.choices], widget=forms.CheckboxSelectMultiple, **kw
    ),
    FieldType.CHECKBOX: lambda f, kw: forms.BooleanField(**kw),
    FieldType.URL: lambda f, kw: forms.URLField(assume_scheme="https", **kw),
}


def _answer_field(field: CallField) -> forms.Field:
    help_text = field.help_text
    if field.is_required:
        help_text = f"{help_text} {_('Needed to submit.')}".strip()
    common = {"label": field.label, "help_text": help_text, "required": False}
    return _ANSWER_FIELDS[field.type](field, common)


class ApplicationForm(forms.Form):
    """The draft's texts, thematic area and the answers to the current stage's questions.

    Nothing is required here (a draft may be saved half-done); the eligibility checklist says
    what is missing before submission.
    """

    title = forms.CharField(label=_("Title"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    thematic_area = forms.ModelChoiceField(
        label=_("Thematic area"), queryset=ThematicArea.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, application: Application, fields: list[CallField], **kwargs: Any
    ) -> None:
        initial = {
            "title": application.title,
            "acronym": application.acronym,
            "summary": application.summary,
            "thematic_area": application.thematic_area_id,
            **{f"{ANSWER_PREFIX}{f.key}": application.answers.get(f.key) for f in fields},
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.call_fields = fields
        self.fields["thematic_area"].queryset = _area_queryset(application.call)
        for field in fields:
            self.fields[f"{ANSWER_PREFIX}{field.key}"] = _answer_field(field)

    def changes(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments of ``update_application``."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "acronym": data["acronym"],
            "summary": data["summary"],
            "thematic_area": data["thematic_area"],
            "answers": {f.key: data.get(f"{ANSWER_PREFIX}{f.key}") for f in self.call_fields},
        }


class InviteForm(forms.Form):
    """Invite a region (by NUTS code) or an organisation (by its directory address or name)."""

    region = forms.CharField(
        label=_("Region (NUTS code)"),
        max_length=10,
        required=False,
        help_text=_("e.g. SK01; its representatives are notified."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=300,
        required=False,
        help_text=_(
            "Its exact name or its address in the organisation directory; its members are notified."
        ),
    )
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def clean_region(self) -> Region | None:
        code = self.cleaned_data["region"].strip()
        return clean_region_code(code) if code else None

    def clean_organisation(self) -> Organisation | None:
        text = self.cleaned_data["organisation"].strip()
        if not text:
            return None
        found = list(Organisation.objects.filter(Q(slug=text) | Q(name__iexact=text))[:2])
        if not found:
            raise forms.ValidationError(_("No organisation “%s” in the directory.") % text)
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several organisations are called “%s”; give its directory address.") % text
            )
        return found[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if ("region" in data and "organisation" in data) and (
            (data["region"] is None) == (data["organisation"] is None)
        ):
            self.add_error("region", _("Give either a region or an organisation."))
        return data


class ConfirmForm(forms.Form):
    """Accept an invitation, with the signed commitment letter."""

    commitment_letter = forms.FileField(label=_("Signed commitment letter"), required=False)

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commitment_letter"]
        field.required = call.requires_commitment_letters
        field.help_text = _("%(types)s, at most %(mb)d MB.") % {
            "types": ", ".join(e.upper() for e in call.attachment_extensions),
            "mb": call.max_attachment_mb,
        }


class DeclineForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the applicants (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=[("", "—"), *AttachmentKind.choices])
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(types)s, at most %(mb)d MB each, %(n)d files.") % {
            "types": ", ".join(e.upper() for e in call.attachment_extensions),
            "mb": call.max_attachment_mb,
            "n": call.max_attachments,
        }


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the application?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
