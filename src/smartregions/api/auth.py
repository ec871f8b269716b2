"""Token authentication: exchange an e-mail address and password for an API token.

The token is DRF's ``authtoken`` key, sent afterwards as ``Authorization: Token <key>``. A user
has one token; asking again returns the same key.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from smartregions.api.v1.base import ApiAutoSchema, error_response


class TokenRequestSerializer(serializers.Serializer):
    """E-mail and password of an active account."""

    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = authenticate(
            request=self.context.get("request"),
            username=attrs["email"].lower(),
            password=attrs["password"],
        )
        if user is None:
            # One message for unknown e-mail, wrong password and inactive account alike.
            raise serializers.ValidationError(
                {"non_field_errors": ["Unable to sign in with these credentials."]},
                code="authorization",
            )
        attrs["user"] = user
        return attrs


TokenResponseSerializer = inline_serializer(
    name="Token", fields={"token": serializers.CharField(help_text="Send as `Token <key>`.")}
)


class ObtainTokenView(APIView):
    """``POST {"email", "password"}`` -> ``{"token": key}``."""

    schema = ApiAutoSchema()

    permission_classes = [AllowAny]
    authentication_classes: list = []  # credentials travel in the body, not in a session

    @extend_schema(
        summary="Obtain an API token",
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: error_response("Missing fields or wrong credentials."),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        incoming = TokenRequestSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=incoming.validated_data["user"])
        return Response({"token": token.key}, status=status.HTTP_200_OK)
