"""The evaluation API's permission: signed-in users only, every action checked by a rule."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from smartregions.api.permissions import offers_method, rules_permission_name


class EvaluationPermission(BasePermission):
    """Evaluation data is private: reviews, scores and conflicts are for staff and the experts
    concerned only.

    Every action must be declared in the viewset's ``rules_permissions``. Actions listed in
    ``global_actions`` (lists, creations, batch verbs) are checked here against no object; the
    others against their object, from ``get_object()`` or passed by the viewset to
    ``check_object_permissions`` (e.g. the call of an assignment).
    """

    message = "You do not have permission to perform this action."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not offers_method(view, request.method):
            return True  # DRF answers 405
        if not (request.user and request.user.is_authenticated):
            return False
        name = rules_permission_name(view)
        if name is None:
            return False
        if getattr(view, "action", None) in getattr(view, "global_actions", ()):
            return request.user.has_perm(name, None)
        return True

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        name = rules_permission_name(view)
        return name is not None and request.user.has_perm(name, obj)
