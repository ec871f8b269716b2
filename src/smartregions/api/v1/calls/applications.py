"""Applications with their workflow verbs, eligibility checklist, co-applicants and files."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.accounts.rules import is_platform_staff
from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.calls import serializers as s
from smartregions.api.v1.calls.base import CallsPermission
from smartregions.calls.domain import applications as application_domain
from smartregions.calls.domain import attachments as attachment_domain
from smartregions.calls.domain import co_applicants as co_domain
from smartregions.calls.domain.eligibility import check_eligibility
from smartregions.calls.domain.queries.applications import (
    applications_with_details,
    visible_applications,
)
from smartregions.calls.enums import ApplicationStatus
from smartregions.calls.models import Application, Attachment, CoApplicant


def _require(request: Request, perm: str, obj: Any) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


@extend_schema_view(
    list=extend_schema(
        summary="Applications you lead, joined or (staff) that were submitted",
        parameters=[
            OpenApiParameter("call", OpenApiTypes.STR, description="Call slug."),
            OpenApiParameter("status", OpenApiTypes.STR, enum=ApplicationStatus.values),
        ],
    ),
    retrieve=extend_schema(summary="One application with its consortium, files and history"),
)
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Joint applications to calls and their workflow."""

    schema = ApiAutoSchema()
    serializer_class = s.ApplicationSerializer
    permission_classes = [CallsPermission]
    filter_backends = []
    rules_permissions = {
        "retrieve": "calls.view_application",
        "create": "calls.start_application",
        "partial_update": "calls.edit_application",
        "eligibility": "calls.view_application",
        "submit": "calls.submit_application",
        "withdraw": "calls.withdraw_application",
    }

    def get_queryset(self) -> QuerySet[Application]:
        if self.action != "list":
            return applications_with_details()
        ids = visible_applications(self.request.user)
        params = self.request.query_params
        if params.get("call"):
            ids = ids.filter(call__slug=params["call"])
        if params.get("status"):
            ids = ids.filter(status=params["status"])
        return applications_with_details().filter(pk__in=ids.values("pk")).order_by("-id")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "staff": is_platform_staff(self.request.user)}

    def _respond(self, application: Application, code: int = status.HTTP_200_OK) -> Response:
        fresh = applications_with_details().get(pk=application.pk)
        return Response(
            s.ApplicationSerializer(fresh, context=self.get_serializer_context()).data, status=code
        )

    @extend_schema(
        summary="Start a draft application led by your region and/or organisation",
        request=s.ApplicationCreateSerializer,
        responses={201: s.ApplicationSerializer},
    )
    def create(self, request: Request) -> Response:
        incoming = s.ApplicationCreateSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        self.check_object_permissions(request, data["call"])
        for lead in (data["lead_region"], data["lead_organisation"]):
            if lead is not None:
                _require(request, "calls.lead_application", lead)
        application = application_domain.start_application(actor=request.user, **data)
        return self._respond(application, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a draft: texts, thematic area, answers of the current stage",
        request=s.ApplicationUpdateSerializer,
        responses={200: s.ApplicationSerializer},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        application = self.get_object()
        incoming = s.ApplicationUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        application_domain.update_application(
            actor=request.user, application=application, **incoming.validated_data
        )
        return self._respond(application)

    @extend_schema(
        summary="The eligibility checklist now: one {rule, ok, message} per rule",
        responses={200: s.EligibilityCheckSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def eligibility(self, request: Request, pk: str) -> Response:
        application = self.get_object()
        if application.status != ApplicationStatus.DRAFT:
            return Response([])
        checks = check_eligibility(application)
        return Response(s.EligibilityCheckSerializer([c.as_dict() for c in checks], many=True).data)

    @extend_schema(
        summary="Submit the draft (eligibility and deadline re-checked by the server)",
        request=None,
        responses={200: s.ApplicationSerializer},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        application = self.get_object()
        application_domain.submit_application(actor=request.user, application=application)
        return self._respond(application)

    @extend_schema(
        summary="Withdraw the application, with the reason",
        request=s.ApplicationWithdrawSerializer,
        responses={200: s.ApplicationSerializer},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        application = self.get_object()
        incoming = s.ApplicationWithdrawSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        application_domain.withdraw_application(
            actor=request.user, application=application, **incoming.validated_data
        )
        return self._respond(application)


class _ApplicationPartViewSet(viewsets.GenericViewSet):
    """Rows of one application (``/applications/{id}/...``), private like the application."""

    schema = ApiAutoSchema()
    permission_classes = [CallsPermission]
    filter_backends = []
    pagination_class = None
    model: type[Model]

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no URL arguments
            return self.model.objects.none()
        return self.rows(self.get_application())

    def rows(self, application: Application) -> QuerySet[Any]:
        """This viewset's rows of ``application``."""
        raise NotImplementedError

    def get_application(self) -> Application:
        """The application of the URL; 403 unless the user may read it."""
        if not hasattr(self, "_application"):
            application = get_object_or_404(
                Application.objects.select_related("call").prefetch_related("co_applicants"),
                pk=self.kwargs["application_pk"],
            )
            _require(self.request, "calls.view_application", application)
            self._application = application
        return self._application

    def permission_object(self, obj: Any) -> Any:
        return self.get_application()


@extend_schema_view(
    list=extend_schema(summary="The application's co-applicants"),
    retrieve=extend_schema(summary="One co-applicant"),
    destroy=extend_schema(summary="Remove a co-applicant from the draft (applicants)"),
)
class CoApplicantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ApplicationPartViewSet):
    """Regions and organisations invited into an application, and their answers."""

    serializer_class = s.CoApplicantSerializer
    rules_permissions = {
        "retrieve": "calls.view_application",
        "create": "calls.edit_application",
        "destroy": "calls.edit_application",
        "confirm": "calls.answer_invitation",
        "decline": "calls.answer_invitation",
    }

    model = CoApplicant

    def rows(self, application: Application) -> QuerySet[CoApplicant]:
        return CoApplicant.objects.filter(application=application).select_related(
            "region", "organisation"
        )

    def permission_object(self, obj: Any) -> Any:
        # Answering an invitation is checked on the invitation; the rest on the application.
        return obj if self.action in ("confirm", "decline") else self.get_application()

    @extend_schema(
        summary="Invite a region (NUTS code) or an organisation (slug) into the draft",
        request=s.CoApplicantInviteSerializer,
        responses={201: s.CoApplicantSerializer},
    )
    def create(self, request: Request, application_pk: str) -> Response:
        application = self.get_application()
        self.check_object_permissions(request, application)
        incoming = s.CoApplicantInviteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        co_applicant = co_domain.invite_co_applicant(
            actor=request.user, application=application, **incoming.validated_data
        )
        return Response(s.CoApplicantSerializer(co_applicant).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, application_pk: str, pk: str) -> Response:
        co_domain.remove_co_applicant(actor=request.user, co_applicant=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Confirm the invitation, with the signed commitment letter (multipart)",
        request={"multipart/form-data": s.CoApplicantConfirmSerializer},
        responses={200: s.CoApplicantSerializer},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, application_pk: str, pk: str) -> Response:
        co_applicant = self.get_object()
        incoming = s.CoApplicantConfirmSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        co_applicant = co_domain.confirm_co_applicant(
            actor=request.user, co_applicant=co_applicant, **incoming.validated_data
        )
        return Response(s.CoApplicantSerializer(co_applicant).data)

    @extend_schema(
        summary="Decline the invitation",
        request=s.CoApplicantDeclineSerializer,
        responses={200: s.CoApplicantSerializer},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, application_pk: str, pk: str) -> Response:
        co_applicant = self.get_object()
        incoming = s.CoApplicantDeclineSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        co_applicant = co_domain.decline_co_applicant(
            actor=request.user, co_applicant=co_applicant, **incoming.validated_data
        )
        return Response(s.CoApplicantSerializer(co_applicant).data)


@extend_schema_view(
    list=extend_schema(summary="The application's files"),
    retrieve=extend_schema(summary="One file's details"),
    destroy=extend_schema(summary="Remove a file from the draft (applicants)"),
)
class AttachmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ApplicationPartViewSet):
    """Files of an application; the content is served by ``download`` only."""

    serializer_class = s.ApplicationAttachmentSerializer
    rules_permissions = {
        "retrieve": "calls.view_application",
        "download": "calls.view_application",
        "create": "calls.edit_application",
        "destroy": "calls.edit_application",
    }

    model = Attachment

    def rows(self, application: Application) -> QuerySet[Attachment]:
        return Attachment.objects.filter(application=application)

    @extend_schema(
        summary="Upload a file to the draft (multipart; type, size and count limits apply)",
        request={"multipart/form-data": s.AttachmentUploadSerializer},
        responses={201: s.ApplicationAttachmentSerializer},
    )
    def create(self, request: Request, application_pk: str) -> Response:
        application = self.get_application()
        self.check_object_permissions(request, application)
        incoming = s.AttachmentUploadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        attachment = attachment_domain.upload_attachment(
            actor=request.user, application=application, **incoming.validated_data
        )
        return Response(
            s.ApplicationAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED
        )

    def destroy(self, request: Request, application_pk: str, pk: str) -> Response:
        attachment_domain.delete_attachment(actor=request.user, attachment=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Download the file (as an attachment, never rendered inline)",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="The file."
            )
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, application_pk: str, pk: str) -> FileResponse:
        return attachment_domain.download_response(self.get_object())
