"""Pieces shared by the v1 resources: the error schema, query-parameter parsing, the catch-all.

The error component documented here is the body :mod:`smartregions.api.errors` produces for every
failure, so the OpenAPI schema and the responses cannot drift apart.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "error": inline_serializer(
            name="ErrorBody",
            fields={
                "status": serializers.IntegerField(help_text="The HTTP status code."),
                "code": serializers.CharField(
                    help_text="Machine-readable reason: invalid, not_found, permission_denied, "
                    "not_authenticated, method_not_allowed, throttled, import_rejected..."
                ),
                "message": serializers.CharField(help_text="A sentence for humans."),
                "details": serializers.JSONField(
                    allow_null=True,
                    help_text="Field errors ({field: [reason, ...]}) for 400 responses, the list "
                    "of problems (file, row, field, message) for rejected imports, else null.",
                ),
            },
        )
    },
)


def error_response(description: str) -> OpenApiResponse:
    """An OpenAPI response whose body is the common error format."""
    return OpenApiResponse(response=ErrorSerializer, description=description)


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema plus the error responses every operation can give.

    Adds, where an operation does not document them itself: 429 (anonymous throttling) to all;
    404 to operations on one object; 400 to lists (bad filter values) and to writes; 401 and
    403 to writes that need permission.
    """

    def _get_response_bodies(self, direction: str = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        wanted = {"429": "Too many requests; retry later."}
        if "{" in self.path:
            wanted["404"] = "Not found."
        if self.method in ("POST", "PUT", "PATCH") or self._is_list_view():
            wanted["400"] = "Invalid input; `details` names each field and its problem."
        open_view = any(issubclass(p, AllowAny) for p in self.view.permission_classes)
        if self.method not in ("GET", "HEAD", "OPTIONS") and not open_view:
            wanted["401"] = "No or invalid credentials."
            wanted["403"] = "Signed in, but not allowed to do this."
        for code, description in wanted.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    error_response(description), code, direction=direction
                )
        return responses


def multi_value(request: Request, name: str) -> tuple[str, ...]:
    """Values of query parameter ``name``, repeated (``?a=x&a=y``) or comma-separated (``a=x,y``).

    Blank items are dropped and duplicates removed, keeping the given order.
    """
    items = [item.strip() for raw in request.query_params.getlist(name) for item in raw.split(",")]
    return tuple(dict.fromkeys(item for item in items if item))


def multi_int(request: Request, name: str) -> tuple[int, ...]:
    """Like :func:`multi_value`, as integers; a non-integer is a 400 naming the parameter."""
    values = multi_value(request, name)
    try:
        return tuple(int(value) for value in values)
    except ValueError:
        raise exceptions.ValidationError({name: ["Enter whole numbers."]}) from None


class ApiNotFoundView(APIView):
    """Answers any unknown ``/api/v1/`` path with a 404 in the common error format."""

    permission_classes = [AllowAny]
    schema = None  # not an endpoint: keep it out of the OpenAPI document

    def get(self, request: Request, *args: object, **kwargs: object) -> None:
        if not request.path.endswith("/"):
            raise exceptions.NotFound("Not found. API paths end with a slash.")
        raise exceptions.NotFound

    post = put = patch = delete = get
