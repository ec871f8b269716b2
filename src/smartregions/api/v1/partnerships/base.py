"""The permission of the partnerships API (every action mapped to a django-rules permission),
and how a request body names a partnership without revealing the hidden ones."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import exceptions, serializers
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from smartregions.api.permissions import offers_method, rules_permission_name
from smartregions.partnerships.domain.queries.partnerships import visible_partnerships
from smartregions.partnerships.models import Partnership


class VisiblePartnershipField(serializers.SlugRelatedField):
    """A partnership named by its slug, looked up among those the requesting user may see
    (``context["request"]``), with its platform and members loaded for the permission rules.

    A forming partnership of others is as unknown as a slug that does not exist; with
    :func:`validated_or_404` both answer 404, so a write cannot probe which forming
    partnerships exist.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="slug", queryset=Partnership.objects.all(), **kwargs)

    def get_queryset(self) -> QuerySet[Partnership]:
        request = self.context.get("request")
        if request is None:
            return Partnership.objects.none()
        return (
            visible_partnerships(request.user)
            .select_related("thematic_platform")
            .prefetch_related("members")
        )


def validated_or_404(incoming: serializers.Serializer, field: str = "partnership") -> dict:
    """``incoming``'s validated data; a 404 when ``field`` names no row the user may see
    (see :class:`VisiblePartnershipField`), else the usual 400 for invalid input."""
    if incoming.is_valid():
        return dict(incoming.validated_data)
    if any(getattr(e, "code", None) == "does_not_exist" for e in incoming.errors.get(field, [])):
        raise exceptions.NotFound
    raise exceptions.ValidationError(incoming.errors)


class PartnershipsPermission(BasePermission):
    """Reads of partnerships are open (lists show only what the user may see, a forming
    partnership answers 404 to outsiders); writes need a signed-in user. Every action other
    than ``list`` must be declared in the viewset's ``rules_permissions`` and is checked on its
    object: the row of ``get_object()``, or the row the viewset passes to
    ``check_object_permissions`` (a member for its contacts, the region a plan is started for).
    """

    message = "You do not have permission to perform this action."
    open_reads = True

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not offers_method(view, request.method):
            return True  # DRF answers 405
        signed_in = bool(request.user and request.user.is_authenticated)
        if not signed_in and not (self.open_reads and request.method in SAFE_METHODS):
            return False
        return getattr(view, "action", None) == "list" or rules_permission_name(view) is not None

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        name = rules_permission_name(view)
        return name is not None and request.user.has_perm(name, obj)


class PlansPermission(PartnershipsPermission):
    """Action plans are for signed-in users only (region plans: any; partnership plans: members,
    the expert team, the leads and staff)."""

    open_reads = False
