"""Forms of the call pages: create and edit a call, its form fields, criteria, cut-offs, Q&A,
and the call list's filters. They validate input; the domain functions write.

Times are typed as wall-clock times in the call's time zone (``datetime-local`` inputs) and
turned into UTC here with :func:`~smartregions.calls.domain.times.aware_in_zone`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from smartregions.calls.domain.attachments import SUPPORTED_EXTENSIONS
from smartregions.calls.domain.calls import TEXT_FIELDS
from smartregions.calls.domain.queries.calls import CallFilters
from smartregions.calls.domain.times import aware_in_zone, check_timezone, wall_clock
from smartregions.calls.enums import CallStatus, CallType, ConflictRule, FieldType, Stage
from smartregions.calls.models import Call, CallField, Criterion
from smartregions.regions.enums import RegionCategory
from smartregions.regions.models import ThematicArea, ThematicPlatform

#: What a ``datetime-local`` input sends and shows.
LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock date and time without a zone; the form decides which zone it is in."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT_FORMAT)

    def to_python(self, value: Any) -> dt.datetime | None:
        # DateTimeField would read the value in the server's zone (UTC); keep it naive instead.
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None) if value.tzinfo is None else value
        if value in self.empty_values:
            return None
        for format_ in (LOCAL_INPUT_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"):
            try:
                return dt.datetime.strptime(str(value).strip(), format_)
            except ValueError:
                continue
        raise ValidationError(_("Enter a date and time."), code="invalid")


def _localise(form: forms.Form, names: tuple[str, ...], zone: str) -> None:
    """Turn the form's wall-clock times into UTC in ``zone``, reporting impossible times."""
    for name in names:
        value = form.cleaned_data.get(name)
        if value is None:
            continue
        try:
            form.cleaned_data[name] = aware_in_zone(value, zone, field=name)
        except ValidationError as error:
            form.add_error(name, error.message_dict[name])


def _timezone_field() -> forms.CharField:
    return forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial="Europe/Brussels",
        help_text=_("The IANA zone the call states its times in, e.g. Europe/Brussels."),
        widget=forms.TextInput(attrs={"list": "timezones", "autocomplete": "off"}),
    )


class CallCreateForm(forms.Form):
    """A new call: its type (which sets the eligibility presets), title and timetable."""

    title = forms.CharField(label=_("Title"), max_length=200)
    type = forms.ChoiceField(
        label=_("Type of call"),
        choices=CallType.choices,
        help_text=_(
            "Sets the eligibility defaults: partnership calls ask for 3 regions from 3 countries "
            "and a thematic area; industrial-transition calls for an industrial-transition lead; "
            "investment-project calls for 3 regions from 3 countries in two stages."
        ),
    )
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    thematic_platform = forms.ModelChoiceField(
        label=_("Thematic platform"),
        queryset=ThematicPlatform.objects.order_by("name"),
        required=False,
        empty_label="—",
    )
    timezone = _timezone_field()
    opens_at = LocalDateTimeField(label=_("Opens"))
    deadline = LocalDateTimeField(label=_("Deadline"), required=False)

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"].strip()
        check_timezone(name)
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "timezone" in data:
            _localise(self, ("opens_at", "deadline"), data["timezone"])
        return data


_TIME_FIELDS = ("opens_at", "deadline", "full_application_deadline")


class CallForm(forms.Form):
    """Edit a call: everything while it is a draft, only its texts once published."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    type = forms.ChoiceField(label=_("Type of call"), choices=CallType.choices)
    thematic_platform = forms.ModelChoiceField(
        label=_("Thematic platform"),
        queryset=ThematicPlatform.objects.order_by("name"),
        required=False,
        empty_label="—",
    )
    thematic_areas = forms.ModelMultipleChoiceField(
        label=_("Thematic areas open to the call (none: any)"),
        queryset=ThematicArea.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    timezone = _timezone_field()
    opens_at = LocalDateTimeField(label=_("Opens"))
    deadline = LocalDateTimeField(
        label=_("Deadline"),
        required=False,
        help_text=_("The stage-1 deadline; for a rolling call, its final closing."),
    )
    is_rolling = forms.BooleanField(label=_("Rolling call with cut-offs"), required=False)
    is_two_stage = forms.BooleanField(
        label=_("Two stages (expression of interest, then full application)"), required=False
    )
    full_application_deadline = LocalDateTimeField(
        label=_("Full-application deadline"), required=False
    )
    min_regions = forms.IntegerField(label=_("Minimum number of regions"), min_value=1)
    min_countries = forms.IntegerField(label=_("Minimum number of countries"), min_value=1)
    region_categories = forms.MultipleChoiceField(
        label=_("Lead region categories (none: any)"),
        choices=RegionCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    requires_industrial_transition = forms.BooleanField(
        label=_("The lead must be an industrial-transition region"), required=False
    )
    requires_commitment_letters = forms.BooleanField(
        label=_("Co-applicants confirm with a signed commitment letter"), required=False
    )
    requires_thematic_area = forms.BooleanField(
        label=_("Applications must name a thematic area"), required=False
    )
    attachment_extensions = forms.MultipleChoiceField(
        label=_("Accepted file types"),
        choices=[(e, e.upper()) for e in SUPPORTED_EXTENSIONS],
        widget=forms.CheckboxSelectMultiple,
    )
    max_attachment_mb = forms.IntegerField(label=_("Largest file (MB)"), min_value=1, max_value=100)
    max_attachments = forms.IntegerField(label=_("Most attachments per application"), min_value=0)
    reviewers_per_application = forms.IntegerField(
        label=_("Reviewers per application"), min_value=1, max_value=20
    )
    is_blind_review = forms.BooleanField(
        label=_("Blind review (experts do not see who applies)"), required=False
    )
    conflict_rules = forms.MultipleChoiceField(
        label=_("An expert has a conflict of interest with an applicant from the"),
        choices=ConflictRule.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        zone = call.timezone
        initial = {
            "thematic_areas": list(call.thematic_areas.all()),
            **{name: getattr(call, name) for name in self.base_fields if name != "thematic_areas"},
            **{name: wall_clock(getattr(call, name), zone) for name in _TIME_FIELDS},
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.call = call
        if call.status != CallStatus.DRAFT:
            for name in list(self.fields):
                if name not in TEXT_FIELDS:
                    del self.fields[name]

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"].strip()
        check_timezone(name)
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "timezone" in self.fields and "timezone" in data:
            _localise(self, _TIME_FIELDS, data["timezone"])
        return data

    def changes(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments of ``update_call``."""
        return dict(self.cleaned_data)

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The form's fields in labelled groups (those of a published call's form only)."""
        return [
            (str(legend), [self[name] for name in names if name in self.fields])
            for legend, names in _GROUPS
            if any(name in self.fields for name in names)
        ]


_GROUPS = [
    (_("The call"), ("title", "summary", "description", "type", "thematic_platform")),
    (
        _("Timetable"),
        (
            "timezone",
            "opens_at",
            "deadline",
            "is_rolling",
            "is_two_stage",
            "full_application_deadline",
        ),
    ),
    (
        _("Eligibility"),
        (
            "min_regions",
            "min_countries",
            "region_categories",
            "requires_industrial_transition",
            "requires_commitment_letters",
            "requires_thematic_area",
            "thematic_areas",
        ),
    ),
    (_("Attachments"), ("attachment_extensions", "max_attachment_mb", "max_attachments")),
    (_("Evaluation"), ("reviewers_per_application", "is_blind_review", "conflict_rules")),
]


def _stage_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Stage"), choices=Stage.choices, coerce=int, initial=Stage.EXPRESSION_OF_INTEREST
    )


class CallFieldForm(forms.Form):
    """A question of the call's application form."""

    label = forms.CharField(label=_("Question"), max_length=200)
    help_text = forms.CharField(label=_("Help text"), max_length=500, required=False)
    type = forms.ChoiceField(label=_("Answer type"), choices=FieldType.choices)
    choices = forms.CharField(
        label=_("Choices"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("For choice fields: one choice per line."),
    )
    is_required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    max_length = forms.IntegerField(
        label=_("Maximum length (characters)"),
        min_value=1,
        required=False,
        help_text=_("For text fields; empty: no specific limit."),
    )
    key = forms.SlugField(
        label=_("Key"),
        max_length=50,
        required=False,
        help_text=_(
            "The answer's name in exports and the API; derived from the question if empty."
        ),
    )
    stage = _stage_field()

    def __init__(
        self, *args: Any, call: Call, field: CallField | None = None, **kwargs: Any
    ) -> None:
        if field is not None:
            kwargs["initial"] = {
                "label": field.label,
                "help_text": field.help_text,
                "type": field.type,
                "choices": "\n".join(field.choices),
                "is_required": field.is_required,
                "max_length": field.max_length,
            }
        super().__init__(*args, **kwargs)
        if field is not None:
            del self.fields["key"], self.fields["stage"]
        elif not call.is_two_stage:
            del self.fields["stage"]

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class CriterionForm(forms.Form):
    """A weighted evaluation criterion of the call."""

    name = forms.CharField(label=_("Criterion"), max_length=200)
    description = forms.CharField(
        label=_("What the experts assess"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    weight = forms.DecimalField(
        label=_("Weight"), max_digits=5, decimal_places=2, min_value=Decimal("0.01"), initial=1
    )
    max_score = forms.IntegerField(label=_("Highest score"), min_value=1, max_value=100, initial=5)
    threshold = forms.IntegerField(
        label=_("Threshold"),
        min_value=0,
        required=False,
        help_text=_("The lowest score an application must reach on this criterion (optional)."),
    )
    stage = _stage_field()

    def __init__(
        self, *args: Any, call: Call, criterion: Criterion | None = None, **kwargs: Any
    ) -> None:
        if criterion is not None:
            kwargs["initial"] = {
                name: getattr(criterion, name)
                for name in ("name", "description", "weight", "max_score", "threshold")
            }
        super().__init__(*args, **kwargs)
        if criterion is not None or not call.is_two_stage:
            del self.fields["stage"]


class CutoffForm(forms.Form):
    """A cut-off of a rolling call, typed in the call's time zone."""

    at = LocalDateTimeField(label=_("Cut-off"))

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["at"].help_text = _("In the call's time zone, %s.") % call.timezone

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _localise(self, ("at",), self.call.timezone)
        return data


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Your question about the call"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Answers are published for everyone, without your name."),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    publish = forms.BooleanField(label=_("Publish on the call page"), required=False, initial=True)


class CallFilterForm(forms.Form):
    """The call list's filters: type, status and thematic platform."""

    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Any type")), *CallType.choices], required=False
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    platform = forms.ChoiceField(label=_("Thematic platform"), required=False)

    def __init__(self, *args: Any, staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        statuses = (
            CallStatus.choices
            if staff
            else [(s.value, s.label) for s in (CallStatus.PUBLISHED, CallStatus.CLOSED)]
        )
        self.fields["status"].choices = [("", _("Any status")), *statuses]
        self.fields["platform"].choices = [
            ("", _("Any platform")),
            *ThematicPlatform.objects.order_by("name").values_list("slug", "name"),
        ]

    def filters(self) -> CallFilters:
        """The valid filters (an invalid value is ignored, not an error page)."""
        if not self.is_bound:
            return CallFilters()
        self.is_valid()  # cleaned_data keeps the valid values; a bad one is simply ignored
        data = self.cleaned_data
        return CallFilters(
            type=data.get("type", ""),
            status=data.get("status", ""),
            platform=data.get("platform", ""),
        )
