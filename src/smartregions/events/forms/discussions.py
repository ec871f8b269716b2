"""Forms of the table-discussion pages; they validate input, the domain functions write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartregions.events.domain.discussions.conclusions import ACTION_LIMIT, CONCLUSION_LIMIT
from smartregions.events.domain.discussions.notes import NOTE_LIMIT
from smartregions.events.domain.discussions.setup import MAX_CAPACITY, QUESTION_LIMIT, TITLE_LIMIT
from smartregions.events.domain.people import display_name
from smartregions.events.enums import ActionStatus, SessionKind

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _person_label(user: Any) -> str:
    return f"{display_name(user)} <{user.email}>"


class RoundForm(forms.Form):
    """A round: title, the programme session it takes place in, and whether sign-up is open."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_LIMIT)
    session = forms.ModelChoiceField(
        label=_("Programme session"),
        queryset=None,
        required=False,
        empty_label="—",
        help_text=_("A session of kind table-discussion round."),
    )
    signup_open = forms.BooleanField(
        label=_("Participants may sign up, change and leave"), required=False, initial=True
    )

    def __init__(self, *args: Any, event: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = event.sessions.filter(
            kind=SessionKind.TABLE_ROUND
        ).order_by("starts_at", "pk")


class TableForm(forms.Form):
    """A table; ``people`` are the users who may host or report (organisers, participants)."""

    number = forms.IntegerField(
        label=_("Number"), min_value=1, required=False, help_text=_("Empty: the next number.")
    )
    topic = forms.CharField(label=_("Topic"), max_length=TITLE_LIMIT)
    host = forms.ModelChoiceField(label=_("Host"), queryset=None, required=False, empty_label="—")
    rapporteur = forms.ModelChoiceField(
        label=_("Rapporteur"), queryset=None, required=False, empty_label="—"
    )
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=MAX_CAPACITY, initial=10)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("host", "rapporteur"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = _person_label


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Guiding question"), max_length=QUESTION_LIMIT)


class NotesForm(forms.Form):
    """Statements for one question: each line becomes one note."""

    text = forms.CharField(
        label=_("New statements (one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Statement"), max_length=NOTE_LIMIT)


class AssignForm(forms.Form):
    """Seat a confirmed participant at a table of the round."""

    registration = forms.ModelChoiceField(label=_("Participant"), queryset=None)
    table = forms.ModelChoiceField(label=_("Table"), queryset=None)

    def __init__(self, *args: Any, registrations: Any, tables: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = registrations
        self.fields["registration"].label_from_instance = lambda r: r.badge_name
        self.fields["table"].queryset = tables
        self.fields["table"].label_from_instance = lambda t: f"{t.number}. {t.topic}"


class ConclusionForm(forms.Form):
    text = forms.CharField(
        label=_("Conclusion"), max_length=CONCLUSION_LIMIT, widget=forms.Textarea(attrs={"rows": 4})
    )


class FollowUpForm(forms.Form):
    """A follow-up action; ``people`` may own it, ``partnerships`` are the active ones."""

    description = forms.CharField(label=_("Action"), max_length=ACTION_LIMIT)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False, empty_label="—")
    due_on = forms.DateField(label=_("Due on"), required=False, widget=_DATE)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args: Any, people: Any, partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = _person_label
        self.fields["partnership"].queryset = partnerships
