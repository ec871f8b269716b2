"""Calls with their workflow verbs (publish, close), form fields, criteria, cut-offs and Q&A."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.accounts.rules import is_platform_staff
from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.calls import serializers as s
from smartregions.api.v1.calls.base import CallsPermission
from smartregions.calls.domain import call_setup
from smartregions.calls.domain import calls as call_domain
from smartregions.calls.domain import questions as question_domain
from smartregions.calls.domain.queries.calls import CallFilters, call_list, calls_with_details
from smartregions.calls.domain.queries.calls import visible_calls as visible_calls_query
from smartregions.calls.enums import CallStatus, CallType
from smartregions.calls.models import Call, CallCutoff, CallField, CallQuestion, Criterion

LIST_PARAMETERS = [
    OpenApiParameter("type", OpenApiTypes.STR, enum=CallType.values),
    OpenApiParameter(
        "status", OpenApiTypes.STR, enum=CallStatus.values, description="Drafts: staff only."
    ),
    OpenApiParameter("platform", OpenApiTypes.STR, description="Thematic platform slug."),
]


def _call_response(call: Call, code: int = status.HTTP_200_OK) -> Response:
    return Response(s.CallSerializer(calls_with_details().get(pk=call.pk)).data, status=code)


@extend_schema_view(
    list=extend_schema(
        summary="Calls (published and closed; staff also see drafts)", parameters=LIST_PARAMETERS
    ),
    retrieve=extend_schema(summary="One call with its timetable, rules, form and criteria"),
    destroy=extend_schema(summary="Delete a draft call (staff)"),
)
class CallViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Calls for expressions of interest and proposals."""

    schema = ApiAutoSchema()
    serializer_class = s.CallSerializer
    permission_classes = [CallsPermission]
    filter_backends = []
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    public_actions = ("list", "retrieve")
    rules_permissions = {
        "create": "calls.add_call",
        "partial_update": "calls.change_call",
        "destroy": "calls.change_call",
        "publish": "calls.change_call",
        "close": "calls.change_call",
    }

    def get_queryset(self) -> QuerySet[Call]:
        user = self.request.user
        if self.action == "list":
            params = self.request.query_params
            filters = CallFilters(
                type=params.get("type", ""),
                status=params.get("status", ""),
                platform=params.get("platform", ""),
            )
            return call_list(user, filters).prefetch_related(
                "thematic_areas", "fields", "criteria", "cutoffs"
            )
        return calls_with_details().filter(pk__in=visible_calls_query(user).values("pk"))

    @extend_schema(
        summary="Create a draft call (staff); the type's presets fill the rules left out",
        request=s.CallWriteSerializer,
        responses={201: s.CallSerializer},
    )
    def create(self, request: Request) -> Response:
        incoming = s.CallWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        self.check_object_permissions(request, None)
        call = call_domain.create_call(actor=request.user, **incoming.validated_data)
        return _call_response(call, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a call (staff): everything while a draft, only texts once published",
        request=s.CallWriteSerializer,
        responses={200: s.CallSerializer},
    )
    def partial_update(self, request: Request, slug: str) -> Response:
        call = self.get_object()
        incoming = s.CallWriteSerializer(data=request.data, partial=True, context={"call": call})
        incoming.is_valid(raise_exception=True)
        call_domain.update_call(actor=request.user, call=call, **incoming.validated_data)
        return _call_response(call)

    def perform_destroy(self, instance: Call) -> None:
        call_domain.delete_call(actor=self.request.user, call=instance)

    @extend_schema(
        summary="Publish a draft call (staff)", request=None, responses={200: s.CallSerializer}
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, slug: str) -> Response:
        call = self.get_object()
        call_domain.publish_call(actor=request.user, call=call)
        return _call_response(call)

    @extend_schema(
        summary="Close a published call (staff)", request=None, responses={200: s.CallSerializer}
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, slug: str) -> Response:
        call = self.get_object()
        call_domain.close_call(actor=request.user, call=call)
        return _call_response(call)


class _CallPartViewSet(viewsets.GenericViewSet):
    """Rows that belong to a call (``/calls/{slug}/...``): read with the call, written by staff."""

    schema = ApiAutoSchema()
    permission_classes = [CallsPermission]
    filter_backends = []
    pagination_class = None
    public_actions = ("list", "retrieve")
    model: type[Model]

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no URL arguments
            return self.model.objects.none()
        return self.rows(self.get_call())

    def rows(self, call: Call) -> QuerySet[Any]:
        """This viewset's rows of ``call``."""
        raise NotImplementedError

    def get_call(self) -> Call:
        """The call of the URL, if the user may see it (drafts: staff only), else 404."""
        if not hasattr(self, "_call"):
            user = self.request.user
            self._call = get_object_or_404(visible_calls_query(user), slug=self.kwargs["call_slug"])
        return self._call

    def permission_object(self, obj: Any) -> Any:
        return obj.call if obj is not None and not isinstance(obj, Call) else obj

    def check_call(self) -> Call:
        """The call of the URL, after checking the action's permission on it."""
        call = self.get_call()
        self.check_object_permissions(self.request, call)
        return call


@extend_schema_view(
    list=extend_schema(summary="The call's application form fields"),
    retrieve=extend_schema(summary="One form field"),
    destroy=extend_schema(summary="Remove a field of a draft call (staff)"),
)
class CallFieldViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _CallPartViewSet):
    """The questions of a call's application form (per stage, in order)."""

    serializer_class = s.CallFieldSerializer
    rules_permissions = {
        "create": "calls.change_call",
        "partial_update": "calls.change_call",
        "destroy": "calls.change_call",
        "reorder": "calls.change_call",
    }

    model = CallField

    def rows(self, call: Call) -> QuerySet[CallField]:
        return CallField.objects.filter(call=call).select_related("call")

    @extend_schema(
        summary="Add a field to a draft call (staff)",
        request=s.CallFieldWriteSerializer,
        responses={201: s.CallFieldSerializer},
    )
    def create(self, request: Request, call_slug: str) -> Response:
        call = self.check_call()
        incoming = s.CallFieldWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        field = call_setup.add_call_field(actor=request.user, call=call, **incoming.validated_data)
        return Response(s.CallFieldSerializer(field).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a field of a draft call (staff)",
        request=s.CallFieldUpdateSerializer,
        responses={200: s.CallFieldSerializer},
    )
    def partial_update(self, request: Request, call_slug: str, pk: str) -> Response:
        field = self.get_object()
        incoming = s.CallFieldUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        field = call_setup.update_call_field(
            actor=request.user, field=field, **incoming.validated_data
        )
        return Response(s.CallFieldSerializer(field).data)

    def destroy(self, request: Request, call_slug: str, pk: str) -> Response:
        call_setup.remove_call_field(actor=request.user, field=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Reorder the fields of one stage (staff)",
        request=s.CallReorderSerializer,
        responses={200: s.CallFieldSerializer(many=True)},
    )
    @action(detail=False, methods=["post"])
    def reorder(self, request: Request, call_slug: str) -> Response:
        call = self.check_call()
        incoming = s.CallReorderSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        call_setup.reorder_call_fields(actor=request.user, call=call, **incoming.validated_data)
        return Response(s.CallFieldSerializer(self.get_queryset(), many=True).data)


@extend_schema_view(
    list=extend_schema(summary="The call's evaluation criteria"),
    retrieve=extend_schema(summary="One criterion"),
    destroy=extend_schema(summary="Remove a criterion of a draft call (staff)"),
)
class CriterionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _CallPartViewSet):
    """Weighted evaluation criteria (per stage, in order)."""

    serializer_class = s.CallCriterionSerializer
    rules_permissions = CallFieldViewSet.rules_permissions

    model = Criterion

    def rows(self, call: Call) -> QuerySet[Criterion]:
        return Criterion.objects.filter(call=call).select_related("call")

    @extend_schema(
        summary="Add a criterion to a draft call (staff)",
        request=s.CallCriterionWriteSerializer,
        responses={201: s.CallCriterionSerializer},
    )
    def create(self, request: Request, call_slug: str) -> Response:
        call = self.check_call()
        incoming = s.CallCriterionWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        criterion = call_setup.add_criterion(
            actor=request.user, call=call, **incoming.validated_data
        )
        return Response(s.CallCriterionSerializer(criterion).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a criterion of a draft call (staff)",
        request=s.CallCriterionUpdateSerializer,
        responses={200: s.CallCriterionSerializer},
    )
    def partial_update(self, request: Request, call_slug: str, pk: str) -> Response:
        criterion = self.get_object()
        incoming = s.CallCriterionUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        criterion = call_setup.update_criterion(
            actor=request.user, criterion=criterion, **incoming.validated_data
        )
        return Response(s.CallCriterionSerializer(criterion).data)

    def destroy(self, request: Request, call_slug: str, pk: str) -> Response:
        call_setup.remove_criterion(actor=request.user, criterion=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Reorder the criteria of one stage (staff)",
        request=s.CallReorderSerializer,
        responses={200: s.CallCriterionSerializer(many=True)},
    )
    @action(detail=False, methods=["post"])
    def reorder(self, request: Request, call_slug: str) -> Response:
        call = self.check_call()
        incoming = s.CallReorderSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        call_setup.reorder_criteria(actor=request.user, call=call, **incoming.validated_data)
        return Response(s.CallCriterionSerializer(self.get_queryset(), many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Cut-offs of a rolling call"),
    retrieve=extend_schema(summary="One cut-off"),
    destroy=extend_schema(summary="Remove a cut-off of a draft call (staff)"),
)
class CutoffViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _CallPartViewSet):
    """Cut-offs of a rolling call: submissions up to each are evaluated together."""

    serializer_class = s.CallCutoffSerializer
    rules_permissions = {"create": "calls.change_call", "destroy": "calls.change_call"}

    model = CallCutoff

    def rows(self, call: Call) -> QuerySet[CallCutoff]:
        return CallCutoff.objects.filter(call=call).select_related("call")

    @extend_schema(
        summary="Add a cut-off to a draft rolling call (staff)",
        request=s.CallCutoffWriteSerializer,
        responses={201: s.CallCutoffSerializer},
    )
    def create(self, request: Request, call_slug: str) -> Response:
        call = self.check_call()
        incoming = s.CallCutoffWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        s.localise(data, ("at",), call.timezone)
        cutoff = call_setup.add_cutoff(actor=request.user, call=call, **data)
        return Response(s.CallCutoffSerializer(cutoff).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, call_slug: str, pk: str) -> Response:
        call_setup.remove_cutoff(actor=request.user, cutoff=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Published questions and answers (staff: every question)"),
    retrieve=extend_schema(summary="One question"),
)
class QuestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _CallPartViewSet):
    """Questions about a call; the published answers are for everyone."""

    serializer_class = s.CallQuestionSerializer
    rules_permissions = {"create": "calls.ask_question", "answer": "calls.answer_question"}

    model = CallQuestion

    def rows(self, call: Call) -> QuerySet[CallQuestion]:
        questions = CallQuestion.objects.filter(call=call).select_related("call")
        if not is_platform_staff(self.request.user):
            questions = questions.filter(is_published=True)
        return questions.order_by("asked_at", "id")

    @extend_schema(
        summary="Ask a question about a published call (signed-in users)",
        request=s.CallQuestionAskSerializer,
        responses={201: s.CallQuestionSerializer},
    )
    def create(self, request: Request, call_slug: str) -> Response:
        call = self.check_call()
        incoming = s.CallQuestionAskSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        question = question_domain.ask_question(
            actor=request.user, call=call, **incoming.validated_data
        )
        return Response(s.CallQuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Answer a question, published or not (staff)",
        request=s.CallQuestionAnswerSerializer,
        responses={200: s.CallQuestionSerializer},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, call_slug: str, pk: str) -> Response:
        question = self.get_object()
        incoming = s.CallQuestionAnswerSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        question = question_domain.answer_question(
            actor=request.user, question=question, **incoming.validated_data
        )
        return Response(s.CallQuestionSerializer(question).data)
