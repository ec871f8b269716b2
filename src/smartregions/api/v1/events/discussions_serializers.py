"""Serializers of the table-discussions API: read shapes and the validated input of each write.

Write serializers resolve ids within the event of the URL (passed as ``context["event"]``), so
a round, table, question, note, registration or user of another event is a 400, never a leak.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from smartregions.events.domain.discussions.conclusions import ACTION_LIMIT, CONCLUSION_LIMIT
from smartregions.events.domain.discussions.notes import NOTE_LIMIT
from smartregions.events.domain.discussions.setup import MAX_CAPACITY, QUESTION_LIMIT, TITLE_LIMIT
from smartregions.events.domain.people import display_name
from smartregions.events.domain.queries.discussions import (
    active_partnerships,
    confirmed_registrations,
    event_people,
)
from smartregions.events.enums import ActionStatus, SessionKind
from smartregions.events.models import (
    Conclusion,
    DiscussionRound,
    DiscussionTable,
    FollowUpAction,
    GuidingQuestion,
    RapporteurNote,
    TableSeat,
)

# --- read shapes -------------------------------------------------------------------------


class DiscussionPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user: Any) -> str:
        return display_name(user)


class DiscussionRoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = DiscussionRound
        fields = ["id", "title", "position", "signup_open", "session"]


class GuidingQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = GuidingQuestion
        fields = ["id", "table", "text", "position"]


class DiscussionTableSerializer(serializers.ModelSerializer):
    host = DiscussionPersonSerializer(allow_null=True)
    rapporteur = DiscussionPersonSerializer(allow_null=True)
    seated = serializers.IntegerField(help_text="Seats taken.")
    questions = GuidingQuestionSerializer(many=True)

    class Meta:
        model = DiscussionTable
        fields = [
            "id",
            "round",
            "number",
            "topic",
            "host",
            "rapporteur",
            "capacity",
            "seated",
            "questions",
        ]


class TableSeatSerializer(serializers.ModelSerializer):
    badge_name = serializers.CharField(source="registration.badge_name")

    class Meta:
        model = TableSeat
        fields = ["id", "round", "table", "registration", "badge_name", "assigned", "created_at"]


class RapporteurNoteSerializer(serializers.ModelSerializer):
    author = DiscussionPersonSerializer(allow_null=True)

    class Meta:
        model = RapporteurNote
        fields = ["id", "table", "question", "text", "author", "submitted_at", "created_at"]


class SourceNoteSerializer(serializers.ModelSerializer):
    """A conclusion's source note, with where it comes from."""

    round = serializers.CharField(source="table.round.title")
    table_number = serializers.IntegerField(source="table.number")
    topic = serializers.CharField(source="table.topic")
    rapporteur = DiscussionPersonSerializer(source="table.rapporteur", allow_null=True)
    question = serializers.CharField(source="question.text")

    class Meta:
        model = RapporteurNote
        fields = ["id", "text", "table", "round", "table_number", "topic", "rapporteur", "question"]


class FollowUpActionSerializer(serializers.ModelSerializer):
    owner = DiscussionPersonSerializer(allow_null=True)
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = FollowUpAction
        fields = [
            "id",
            "conclusion",
            "description",
            "owner",
            "due_on",
            "status",
            "partnership",
            "created_at",
        ]


class ConclusionSerializer(serializers.ModelSerializer):
    sources = SourceNoteSerializer(many=True)
    follow_up_actions = FollowUpActionSerializer(many=True)

    class Meta:
        model = Conclusion
        fields = [
            "id",
            "question",
            "text",
            "position",
            "round",
            "sources",
            "follow_up_actions",
            "created_at",
            "updated_at",
        ]


class NoteClusterSerializer(serializers.Serializer):
    terms = serializers.ListField(child=serializers.CharField())
    notes = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_notes(self, cluster: Any) -> list[int]:
        return cluster.note_ids


class QuestionGroupSerializer(serializers.Serializer):
    """One guiding question across tables: its notes clustered, and its conclusions' ids."""

    key = serializers.CharField(help_text="The normalised question text.")
    question = serializers.CharField()
    tables = serializers.IntegerField(help_text="Tables whose notes answer it.")
    notes = RapporteurNoteSerializer(many=True)
    clusters = NoteClusterSerializer(many=True)
    conclusions = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_conclusions(self, group: Any) -> list[int]:
        return [conclusion.pk for conclusion in group.conclusions]


# --- input -------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class _EventField(serializers.PrimaryKeyRelatedField):
    """An id resolved among the rows of the URL's event (``queryset_for(event)``)."""

    def __init__(self, queryset_for: Any, **kwargs: Any) -> None:
        self.queryset_for = queryset_for
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        return self.queryset_for(self.context["event"])


class _UserField(_EventField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(event_people, allow_null=True, required=False, **kwargs)


class DiscussionRoundWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=TITLE_LIMIT)
    session = _EventField(
        lambda event: event.sessions.filter(kind=SessionKind.TABLE_ROUND),
        allow_null=True,
        required=False,
        help_text="A programme session of kind table_round.",
    )
    signup_open = serializers.BooleanField(required=False, default=True)


class DiscussionTableWriteSerializer(serializers.Serializer):
    round = _EventField(lambda event: DiscussionRound.objects.filter(event=event))
    number = serializers.IntegerField(min_value=1, required=False, help_text="Default: next.")
    topic = serializers.CharField(max_length=TITLE_LIMIT)
    host = _UserField(help_text="An organiser or confirmed participant.")
    rapporteur = _UserField(help_text="An organiser or confirmed participant.")
    capacity = serializers.IntegerField(min_value=1, max_value=MAX_CAPACITY, default=10)


class DiscussionTableUpdateSerializer(DiscussionTableWriteSerializer):
    round = None  # type: ignore[assignment] - a table stays in its round


class GuidingQuestionWriteSerializer(serializers.Serializer):
    table = _EventField(lambda event: DiscussionTable.objects.filter(round__event=event))
    text = serializers.CharField(max_length=QUESTION_LIMIT)


class GuidingQuestionUpdateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=QUESTION_LIMIT)
    position = serializers.IntegerField(min_value=0, required=False)


class TableSeatWriteSerializer(serializers.Serializer):
    registration = _EventField(confirmed_registrations)
    table = _EventField(lambda event: DiscussionTable.objects.filter(round__event=event))


class TableSeatMoveSerializer(serializers.Serializer):
    table = _EventField(lambda event: DiscussionTable.objects.filter(round__event=event))


class TableAutoAssignSerializer(serializers.Serializer):
    seated = serializers.IntegerField()
    left_over = serializers.IntegerField(help_text="Still without a table: every table full.")


class RapporteurNotesWriteSerializer(serializers.Serializer):
    question = _EventField(
        lambda event: GuidingQuestion.objects.filter(table__round__event=event).select_related(
            "table__round__event"
        )
    )
    text = serializers.CharField(
        max_length=NOTE_LIMIT * 10, help_text="One statement per line; each becomes a note."
    )


class RapporteurNoteUpdateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=NOTE_LIMIT)


class DiscussionCountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


def _submitted_notes(event: Any) -> Any:
    return RapporteurNote.objects.filter(
        table__round__event=event, submitted_at__isnull=False
    ).select_related("question", "table__round")


class ConclusionWriteSerializer(serializers.Serializer):
    question = serializers.CharField(
        max_length=QUESTION_LIMIT, required=False, default="", help_text="Default: the sources'."
    )
    text = serializers.CharField(
        max_length=CONCLUSION_LIMIT,
        required=False,
        default="",
        help_text="Default: the sources' statements, one per line.",
    )
    sources = _EventField(_submitted_notes, many=True, required=False, default=list)


class ConclusionUpdateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=CONCLUSION_LIMIT)


class ConclusionSourcesSerializer(serializers.Serializer):
    notes = _EventField(_submitted_notes, many=True)


class ConclusionReorderSerializer(serializers.Serializer):
    order = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Ids of every conclusion of the question, in the new order.",
    )


class FollowUpWriteSerializer(serializers.Serializer):
    conclusion = _EventField(lambda event: Conclusion.objects.filter(event=event))
    description = serializers.CharField(max_length=ACTION_LIMIT)
    owner = _UserField(help_text="An organiser or confirmed participant.")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=ActionStatus.choices, default=ActionStatus.OPEN)
    partnership = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=active_partnerships(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Slug of an active partnership.",
    )


class FollowUpUpdateSerializer(FollowUpWriteSerializer):
    conclusion = None  # type: ignore[assignment] - an action stays with its conclusion
    partnership = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=active_partnerships().model.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Slug of a partnership (a new link must be to an active one).",
    )
