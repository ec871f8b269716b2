"""The permission of the partnerships API: every action mapped to a django-rules permission."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from smartregions.api.permissions import offers_method, rules_permission_name


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
