"""The events API's permission check: open reads of public events, everything else per rule."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from smartregions.api.permissions import offers_method, rules_permission_name


class EventsPermission(BasePermission):
    """Who may use an events endpoint.

    Actions in the viewset's ``public_actions`` are open to everyone (the querysets hide
    drafts from all but their organisers). Every other action needs a signed-in user and a
    permission in ``rules_permissions`` (or ``signed_in_actions`` for the user's own lists),
    checked against the object the viewset passes: the event, or the registration.
    """

    message = "You do not have permission to perform this action."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not offers_method(view, request.method):
            return True  # DRF answers 405
        action_name = getattr(view, "action", None)
        if action_name in getattr(view, "public_actions", ()):
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        return (
            action_name in getattr(view, "signed_in_actions", ())
            or rules_permission_name(view) is not None
        )

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        name = rules_permission_name(view)
        if name is None:
            return getattr(view, "action", None) in getattr(view, "public_actions", ())
        return request.user.has_perm(name, obj)
