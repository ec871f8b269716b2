"""The calls API's permission check: open reads of public calls, everything else per rule."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from smartregions.api.permissions import offers_method, rules_permission_name


class CallsPermission(BasePermission):
    """Who may use a calls endpoint.

    Actions listed in the viewset's ``public_actions`` (reading calls, their setup and Q&A) are
    open to everyone; the viewset's queryset hides drafts from all but staff. Every other
    action needs a signed-in user; lists are filtered by the viewset, and all other actions
    must be declared in ``rules_permissions`` and are checked against an object: the row
    itself, or what the viewset's ``permission_object`` maps it to (a field's call, an
    attachment's application).
    """

    message = "You do not have permission to perform this action."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not offers_method(view, request.method):
            return True  # DRF answers 405
        action = getattr(view, "action", None)
        if action in getattr(view, "public_actions", ()):
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        return action == "list" or rules_permission_name(view) is not None

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        name = rules_permission_name(view)
        if name is None:
            return getattr(view, "action", None) in getattr(view, "public_actions", ())
        target = view.permission_object(obj) if hasattr(view, "permission_object") else obj
        return request.user.has_perm(name, target)
