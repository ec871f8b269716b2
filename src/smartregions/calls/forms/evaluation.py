"""Forms of the evaluation pages; they validate input, the domain functions write."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from smartregions.accounts.models import User
from smartregions.calls.domain.evaluation.experts import MAX_LOAD_LIMIT
from smartregions.calls.domain.evaluation.reviews import Mark
from smartregions.calls.enums import DecisionOutcome, Stage
from smartregions.calls.models import Application, Call, CallCutoff, Criterion, Expert, Score
from smartregions.organisations.models import Organisation
from smartregions.regions.forms import clean_region_code
from smartregions.regions.models import Country, Region, ThematicArea


class ExpertForm(forms.Form):
    """An expert's affiliations, areas, expertise and load; ``email`` only when registering."""

    email = forms.EmailField(
        label=_("E-mail of the user"),
        help_text=_("The person must have an account on the platform."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label="—",
    )
    region = forms.CharField(
        label=_("Region (NUTS code)"),
        max_length=10,
        required=False,
        help_text=_("Where the expert lives or works, e.g. CZ06. Used to exclude conflicts."),
    )
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("name"), required=False
    )
    thematic_areas = forms.ModelMultipleChoiceField(
        label=_("Thematic areas"),
        queryset=ThematicArea.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    expertise = forms.CharField(
        label=_("Expertise"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Fields of expertise in a few sentences; matched against applications."),
    )
    max_load = forms.IntegerField(
        label=_("Maximum reviews per call"), min_value=1, max_value=MAX_LOAD_LIMIT, initial=10
    )

    def __init__(self, *args: Any, expert: Expert | None = None, **kwargs: Any) -> None:
        if expert is not None:
            kwargs["initial"] = {
                "organisation": expert.organisation,
                "region": expert.region.code if expert.region else "",
                "country": expert.country,
                "thematic_areas": list(expert.thematic_areas.all()),
                "expertise": expert.expertise,
                "max_load": expert.max_load,
            }
        super().__init__(*args, **kwargs)
        if expert is not None:
            del self.fields["email"]

    def clean_email(self) -> User:
        user = User.objects.filter(email=self.cleaned_data["email"].lower()).first()
        if user is None:
            raise forms.ValidationError(_("No user has this e-mail address."))
        return user

    def clean_region(self) -> Region | None:
        code = self.cleaned_data.get("region", "").strip()
        return clean_region_code(code) if code else None

    def domain_arguments(self) -> dict[str, Any]:
        """The cleaned data named as the domain functions take them."""
        data = dict(self.cleaned_data)
        if "email" in data:
            data["user"] = data.pop("email")
        return data


class PanelForm(forms.Form):
    """Experts to put on a call's panel (the active ones not on it yet)."""

    experts = forms.ModelMultipleChoiceField(
        label=_("Experts"), queryset=Expert.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, experts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = experts


class ExpertChoiceForm(forms.Form):
    """One expert, e.g. the reviewer staff assign by hand or take off a panel."""

    expert = forms.ModelChoiceField(label=_("Expert"), queryset=Expert.objects.none())

    def __init__(self, *args: Any, experts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts


class ReviewChoiceForm(forms.Form):
    """The review staff take back from its expert."""

    review = forms.IntegerField(widget=forms.HiddenInput)


class CutoffChoiceField(forms.ModelChoiceField):
    """A rolling call's cut-offs, labelled in the call's time zone."""

    def __init__(self, *args: Any, zone: str = "UTC", **kwargs: Any) -> None:
        self.zone = zone
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: CallCutoff) -> str:
        local = obj.at.astimezone(ZoneInfo(self.zone))
        return f"{local:%Y-%m-%d %H:%M} ({self.zone})"


class AutoAssignForm(forms.Form):
    """Automatic assignment, for the whole call or one cut-off of a rolling call."""

    cutoff = CutoffChoiceField(
        label=_("Cut-off"),
        queryset=CallCutoff.objects.none(),
        required=False,
        empty_label=_("All waiting applications"),
    )

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cutoff"]
        field.queryset = call.cutoffs.order_by("at")
        field.zone = call.timezone


class RecuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you recuse"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Describe the conflict of interest; staff will assign someone else."),
    )


class ReviewForm(forms.Form):
    """Scores (0 to the criterion's maximum) and comments per criterion, and an overall comment.

    Fields are ``score_<criterion id>`` and ``comment_<criterion id>``; :meth:`marks` returns
    them keyed by criterion id for :func:`~smartregions.calls.domain.evaluation.reviews
    .save_review`. A draft may leave scores empty; submitting checks they are all given.
    """

    comment = forms.CharField(
        label=_("Overall comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(
        self,
        *args: Any,
        criteria: Sequence[Criterion],
        scores: Sequence[Score] = (),
        comment: str = "",
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "comment": comment,
                **{f"score_{s.criterion_id}": s.score for s in scores},
                **{f"comment_{s.criterion_id}": s.comment for s in scores},
            },
        )
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("Score for %(criterion)s (0 to %(max)d)")
                % {"criterion": criterion.name, "max": criterion.max_score},
                choices=[("", "—"), *((n, str(n)) for n in range(criterion.max_score + 1))],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %s") % criterion.name,
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )

    def rows(self) -> list[tuple[Criterion, Any, Any]]:
        """Per criterion: the criterion and its bound score and comment fields."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def marks(self) -> dict[int, Mark]:
        return {
            c.pk: Mark(
                self.cleaned_data.get(f"score_{c.pk}"),
                self.cleaned_data.get(f"comment_{c.pk}", ""),
            )
            for c in self.criteria
        }


class ConsensusForm(forms.Form):
    score = forms.DecimalField(
        label=_("Consensus score (0-100)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=6,
        decimal_places=3,
    )
    comment = forms.CharField(label=_("Panel comment"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    """The decision; the outcomes offered depend on the call and the application's stage."""

    outcome = forms.ChoiceField(label=_("Decision"))
    reasons = forms.CharField(
        label=_("Reasons (sent to the applicants)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    rank = forms.IntegerField(
        label=_("Rank"),
        min_value=1,
        required=False,
        help_text=_("Leave empty to use the application's place in the ranking."),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first_of_two = (
            application.call.is_two_stage and application.stage == Stage.EXPRESSION_OF_INTEREST
        )
        outcomes = (
            [DecisionOutcome.ADVANCE, DecisionOutcome.REJECT]
            if first_of_two
            else [DecisionOutcome.ACCEPT, DecisionOutcome.REJECT]
        )
        self.fields["outcome"].choices = [(o.value, o.label) for o in outcomes]
