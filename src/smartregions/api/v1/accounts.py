"""``me/``: the signed-in user's profile, roles and memberships."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from smartregions.accounts.domain.queries import memberships_of, roles_of
from smartregions.accounts.models import Membership, User
from smartregions.api.v1.base import ApiAutoSchema, error_response


class MembershipSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True, allow_null=True)
    organisation = serializers.IntegerField(
        source="organisation.id", read_only=True, allow_null=True
    )
    organisation_name = serializers.CharField(
        source="organisation.name", read_only=True, allow_null=True
    )

    class Meta:
        model = Membership
        fields = ["role", "region", "organisation", "organisation_name", "created_at"]


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField(help_text="Roles held anywhere, sorted.")
    memberships = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["email", "full_name", "language", "is_superuser", "roles", "memberships"]

    def get_roles(self, user: User) -> list[str]:
        return sorted(roles_of(user))

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user: User) -> list[dict]:
        return MembershipSerializer(memberships_of(user), many=True).data


class MeView(APIView):
    """The profile of the user making the request (token or session)."""

    schema = ApiAutoSchema()

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="The signed-in user's profile and memberships",
        responses={200: MeSerializer, 401: error_response("Not signed in.")},
    )
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)
