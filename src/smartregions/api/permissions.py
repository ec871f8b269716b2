"""The API's single permission check: viewset actions mapped to django-rules permissions.

Reading is open to everyone. Every other action must appear in the viewset's
``rules_permissions`` mapping (action name -> permission name such as
``"regions.change_priority"``), otherwise it is refused, so a new write action cannot slip
through unchecked. The permission is always checked against an object:

* actions on an existing row (``update``, ``partial_update``, ``destroy``) check it against that
  row when the viewset calls ``get_object()``;
* actions that create something check it against the row they attach to (the strategy's region,
  the priority's strategy, or ``None``), which the viewset passes to
  ``check_object_permissions(request, obj)`` once the request body has been validated.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView


def rules_permission_name(view: APIView) -> str | None:
    """The django-rules permission guarding ``view``'s current action, if it declares one."""
    mapping: dict[str, str] = getattr(view, "rules_permissions", {})
    return mapping.get(getattr(view, "action", None) or "")


def offers_method(view: APIView, method: str) -> bool:
    """Whether ``view`` handles HTTP ``method`` at all (if not, DRF answers 405)."""
    method = method.lower()
    if method not in view.http_method_names:
        return False
    action_map = getattr(view, "action_map", None)
    return method in action_map if action_map is not None else hasattr(view, method)


class RulesPermission(BasePermission):
    """Open reads; writes need a signed-in user holding the action's rules permission."""

    message = "You do not have permission to perform this action."

    def has_permission(self, request: Request, view: APIView) -> bool:
        """Reads pass; writes need a signed-in user and a declared permission for the action.

        The object-level check follows in :meth:`has_object_permission`.
        """
        if request.method in SAFE_METHODS or not offers_method(view, request.method):
            return True  # a method the view does not offer gets its 405 from DRF
        if not (request.user and request.user.is_authenticated):
            return False
        return rules_permission_name(view) is not None

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        """Ask django-rules whether the user may perform the action on ``obj``."""
        if request.method in SAFE_METHODS:
            return True
        name = rules_permission_name(view)
        return name is not None and request.user.has_perm(name, obj)
