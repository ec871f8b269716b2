"""Members and contacts of a partnership, join requests (asking, listing, deciding)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.partnerships import serializers as s
from smartregions.api.v1.partnerships.base import PartnershipsPermission
from smartregions.partnerships.domain import join_requests as join_domain
from smartregions.partnerships.domain import members as member_domain
from smartregions.partnerships.domain.queries.partnerships import (
    join_requests_for,
    join_requests_visible_to,
    members_queryset,
)
from smartregions.partnerships.models import (
    JoinRequest,
    MemberContact,
    Partnership,
    PartnershipMember,
)


def path_id(name: str) -> OpenApiParameter:
    """An integer path parameter of a nested row."""
    return OpenApiParameter(name, OpenApiTypes.INT, OpenApiParameter.PATH)


class PartnershipMembersMixin:
    """The member, contact and join actions of :class:`PartnershipViewSet` (its
    ``rules_permissions`` name their permissions; contacts are checked on their member)."""

    def _member_data(self, member: PartnershipMember, code: int = status.HTTP_200_OK) -> Response:
        fresh = members_queryset(active_only=False).prefetch_related("contacts").get(pk=member.pk)
        data = s.PartnershipMemberSerializer(fresh, context={"all_contacts": True}).data
        return Response(data, status=code)

    def _member(self, partnership: Partnership, member_id: str) -> PartnershipMember:
        member = get_object_or_404(PartnershipMember, partnership=partnership, pk=member_id)
        member.partnership = partnership
        return member

    def _check_lead_change(
        self, request: Request, member: PartnershipMember, role: str | None = None
    ) -> None:
        """Moving the lead also needs ``hand_over_lead`` (the lead's users and staff)."""
        if member_domain.touches_lead(member, role) and not request.user.has_perm(
            "partnerships.hand_over_lead", member.partnership
        ):
            raise exceptions.PermissionDenied(
                "Only the lead's own users and platform staff hand the lead over."
            )

    @extend_schema(
        summary="Add a member region or organisation (leads and staff)",
        request=s.PartnershipMemberWriteSerializer,
        responses={201: s.PartnershipMemberSerializer},
    )
    @action(detail=True, methods=["post"])
    def members(self, request: Request, slug: str) -> Response:
        partnership = self.get_object()
        incoming = s.PartnershipMemberWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        member = member_domain.add_member(
            actor=request.user, partnership=partnership, **incoming.validated_data
        )
        return self._member_data(member, status.HTTP_201_CREATED)

    @extend_schema(
        methods=["PATCH"],
        summary="Change a member's role (role lead hands the lead over: the lead's users and "
        "staff only)",
        parameters=[path_id("member_id")],
        request=s.PartnershipRoleSerializer,
        responses={200: s.PartnershipMemberSerializer},
    )
    @extend_schema(
        methods=["DELETE"],
        summary="A member leaves (not the lead)",
        parameters=[path_id("member_id")],
        responses={204: None},
    )
    @action(detail=True, methods=["patch", "delete"], url_path=r"members/(?P<member_id>\d+)")
    def member(self, request: Request, slug: str, member_id: str) -> Response:
        partnership = self.get_object()
        member = self._member(partnership, member_id)
        if request.method == "DELETE":
            self._check_lead_change(request, member)
            member_domain.remove_member(actor=request.user, member=member)
            return Response(status=status.HTTP_204_NO_CONTENT)
        incoming = s.PartnershipRoleSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        self._check_lead_change(request, member, incoming.validated_data["role"])
        member_domain.change_member_role(
            actor=request.user, member=member, **incoming.validated_data
        )
        return self._member_data(member)

    @extend_schema(
        summary="Add a contact person to a member (leads, staff, the member's own users)",
        parameters=[path_id("member_id")],
        request=s.PartnershipContactWriteSerializer,
        responses={201: s.PartnershipContactSerializer},
    )
    @action(detail=True, methods=["post"], url_path=r"members/(?P<member_id>\d+)/contacts")
    def contacts(self, request: Request, slug: str, member_id: str) -> Response:
        member = self._member(self.get_object(), member_id)
        self.check_object_permissions(request, member)
        incoming = s.PartnershipContactWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        contact = member_domain.add_member_contact(
            actor=request.user, member=member, **incoming.validated_data
        )
        return Response(
            s.PartnershipContactSerializer(contact).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        methods=["PUT"],
        summary="Change a contact person",
        parameters=[path_id("contact_id")],
        request=s.PartnershipContactWriteSerializer,
        responses={200: s.PartnershipContactSerializer},
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Remove a contact person",
        parameters=[path_id("contact_id")],
        responses={204: None},
    )
    @action(detail=True, methods=["put", "delete"], url_path=r"contacts/(?P<contact_id>\d+)")
    def contact(self, request: Request, slug: str, contact_id: str) -> Response:
        partnership = self.get_object()
        contact = get_object_or_404(
            MemberContact.objects.select_related("member"),
            member__partnership=partnership,
            pk=contact_id,
        )
        contact.member.partnership = partnership
        self.check_object_permissions(request, contact.member)
        if request.method == "DELETE":
            member_domain.remove_member_contact(actor=request.user, contact=contact)
            return Response(status=status.HTTP_204_NO_CONTENT)
        incoming = s.PartnershipContactWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        member_domain.update_member_contact(
            actor=request.user, contact=contact, user=contact.user, **incoming.validated_data
        )
        return Response(s.PartnershipContactSerializer(contact).data)

    # --- join requests --------------------------------------------------------------------

    @extend_schema(
        operation_id="v1_partnerships_join_requests_of_partnership",
        summary="The partnership's join requests (leads and staff)",
        responses={200: s.PartnershipJoinRequestSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], url_path="join-requests", pagination_class=None)
    def join_requests(self, request: Request, slug: str) -> Response:
        partnership = self.get_object()
        requests = join_requests_for(partnership).select_related("partnership")
        return Response(s.PartnershipJoinRequestSerializer(requests, many=True).data)

    @extend_schema(
        summary="Ask to join for a region you represent or an organisation you are in",
        request=s.PartnershipJoinWriteSerializer,
        responses={201: s.PartnershipJoinRequestSerializer},
    )
    @action(detail=True, methods=["post"])
    def join(self, request: Request, slug: str) -> Response:
        partnership = self.get_object()
        incoming = s.PartnershipJoinWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        party = data["region"] or data["organisation"]
        if party is not None and not request.user.has_perm("partnerships.join_for", party):
            raise exceptions.PermissionDenied(f"You do not act for {party}.")
        join_request = join_domain.request_to_join(
            actor=request.user, partnership=partnership, **data
        )
        return Response(
            s.PartnershipJoinRequestSerializer(join_request).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    list=extend_schema(
        summary="Join requests you sent or that concern you, and those to partnerships you lead"
    ),
    retrieve=extend_schema(summary="One join request"),
)
class JoinRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Requests of regions and organisations to join partnerships, and their decisions."""

    schema = ApiAutoSchema()
    serializer_class = s.PartnershipJoinRequestSerializer
    permission_classes = [PartnershipsPermission]
    filter_backends = []
    rules_permissions = {
        "retrieve": "partnerships.view_join_request",
        "approve": "partnerships.decide_join_request",
        "reject": "partnerships.decide_join_request",
        "withdraw": "partnerships.withdraw_join_request",
    }

    def get_queryset(self) -> QuerySet[JoinRequest]:
        if not self.request.user.is_authenticated:
            return JoinRequest.objects.none()
        return join_requests_visible_to(self.request.user)

    def _respond(self, join_request: JoinRequest) -> Response:
        fresh = self.get_queryset().get(pk=join_request.pk)
        return Response(s.PartnershipJoinRequestSerializer(fresh).data)

    @extend_schema(
        summary="Approve: the region or organisation becomes a member (leads and staff)",
        request=s.JoinApproveSerializer,
        responses={200: s.PartnershipJoinRequestSerializer},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        join_request = self.get_object()
        incoming = s.JoinApproveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        join_domain.approve_join_request(
            actor=request.user, join_request=join_request, **incoming.validated_data
        )
        return self._respond(join_request)

    @extend_schema(
        summary="Reject with a reason (leads and staff)",
        request=s.JoinRejectSerializer,
        responses={200: s.PartnershipJoinRequestSerializer},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        join_request = self.get_object()
        incoming = s.JoinRejectSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        join_domain.reject_join_request(
            actor=request.user, join_request=join_request, **incoming.validated_data
        )
        return self._respond(join_request)

    @extend_schema(
        summary="Withdraw your waiting request",
        request=None,
        responses={200: s.PartnershipJoinRequestSerializer},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        join_request = self.get_object()
        join_domain.withdraw_join_request(actor=request.user, join_request=join_request)
        return self._respond(join_request)
