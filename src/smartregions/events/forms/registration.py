"""Forms of registration: the registration form (with the event's questions and the consent),
the organisers' registrant filters, a decline reason and a participant-type change.

The registration form builds one field per question (``question_<id>``); the domain validates
the answers again and reports its findings on those same fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartregions.accounts.rules import summary_of
from smartregions.events.domain.queries.registrations import RegistrantFilters
from smartregions.events.domain.registration_answers import answer_field
from smartregions.events.enums import ParticipantType, QuestionKind, RegistrationStatus
from smartregions.events.models import Event, RegistrationQuestion
from smartregions.organisations.models import Organisation
from smartregions.regions.forms import clean_region_code
from smartregions.regions.models import Region

_YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def question_field(question: RegistrationQuestion) -> forms.Field:
    """The form field that asks ``question``."""
    common = {
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required,
    }
    choices = [(choice, choice) for choice in question.choices]
    if question.kind == QuestionKind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, **common)
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=_YES_NO, widget=forms.RadioSelect, **common)
    return forms.CharField(max_length=300, **common)


class RegistrationForm(forms.Form):
    """Register for an event: type, name on the badge, affiliation, answers, consent."""

    participant_type = forms.ChoiceField(label=_("I attend as"))
    badge_name = forms.CharField(
        label=_("Name on the badge"), max_length=120, help_text=_("As it should be printed.")
    )
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("One of the organisations you are a member of on the platform."),
    )
    region = forms.CharField(
        label=_("Region (NUTS code)"),
        max_length=10,
        required=False,
        help_text=_("The region you represent or come from, e.g. CZ064."),
    )

    def __init__(
        self, *args: Any, event: Event, user: Any, is_organiser: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"badge_name": user.get_full_name()})
        super().__init__(*args, **kwargs)
        self.event = event
        offered = [
            (value, label)
            for value, label in ParticipantType.choices
            if value in event.offered_participant_types() and value != ParticipantType.ORGANISER
        ]
        if is_organiser:
            offered.append((ParticipantType.ORGANISER.value, ParticipantType.ORGANISER.label))
        self.fields["participant_type"].choices = offered
        self.fields["participant_type"].initial = offered[0][0] if offered else ""
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=summary_of(user).organisation_ids
        ).order_by("name")
        self.questions = list(event.questions.all())
        for question in self.questions:
            self.fields[answer_field(question)] = question_field(question)
        self.fields["consent"] = forms.BooleanField(
            label=_("I agree to the terms above."),
            required=True,
            error_messages={"required": _("Registering requires your consent to the terms.")},
        )

    def clean_region(self) -> Region | None:
        code = self.cleaned_data.get("region", "").strip()
        return clean_region_code(code) if code else None

    def answer_fields(self) -> list[forms.BoundField]:
        """The bound fields of the event's questions, in order."""
        return [self[answer_field(question)] for question in self.questions]

    def registration_data(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments of ``register_for_event``."""
        data = self.cleaned_data
        answers = {}
        for question in self.questions:
            value = data.get(answer_field(question))
            if value not in (None, "", []):
                answers[str(question.pk)] = value
        return {
            "participant_type": data["participant_type"],
            "badge_name": data["badge_name"],
            "job_title": data.get("job_title", ""),
            "organisation": data.get("organisation"),
            "region": data.get("region"),
            "answers": answers,
            "consent": bool(data.get("consent")),
        }


class RegistrantFilterForm(forms.Form):
    """The registrant list's filters: status, type, checked in, name or e-mail."""

    q = forms.CharField(label=_("Name or e-mail"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *RegistrationStatus.choices],
        required=False,
    )
    participant_type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Any type")), *ParticipantType.choices], required=False
    )
    checked_in = forms.ChoiceField(
        label=_("Checked in"),
        choices=[("", _("Either")), ("yes", _("Yes")), ("no", _("No"))],
        required=False,
    )

    def filters(self) -> RegistrantFilters:
        """The valid filters (an invalid value is ignored)."""
        if not self.is_bound:
            return RegistrantFilters()
        self.is_valid()
        data = self.cleaned_data
        checked = data.get("checked_in", "")
        return RegistrantFilters(
            status=data.get("status", ""),
            participant_type=data.get("participant_type", ""),
            checked_in={"yes": True, "no": False}.get(checked),
            q=data.get("q", ""),
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the participant)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )


class ParticipantTypeForm(forms.Form):
    participant_type = forms.ChoiceField(
        label=_("Participant type"), choices=ParticipantType.choices
    )
