"""The monitoring API's permission: reports are private; every action is checked on its object."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from smartregions.api.permissions import offers_method, rules_permission_name


class MonitoringPermission(BasePermission):
    """Progress reports are private to their partnership, its expert team and staff.

    Every request needs a signed-in user. Lists and exports are filtered by the viewset to
    what the user may read (``visible_reports``); every other action must be declared in the
    viewset's ``rules_permissions`` and is checked against its object: the report from
    ``get_object()``, or the partnership a new report is opened for.
    """

    message = "You do not have permission to perform this action."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not offers_method(view, request.method):
            return True  # DRF answers 405
        if not (request.user and request.user.is_authenticated):
            return False
        action = getattr(view, "action", None)
        return action in ("list", "export") or rules_permission_name(view) is not None

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        name = rules_permission_name(view)
        return name is not None and request.user.has_perm(name, obj)
