"""The table-discussions API's permission check and the base of its event-scoped viewsets."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404
from rest_framework import viewsets
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from smartregions.api.permissions import offers_method, rules_permission_name
from smartregions.api.v1.base import ApiAutoSchema
from smartregions.events.domain.queries.discussions import event_for_discussions
from smartregions.events.models import DiscussionTable, Event

#: Permissions checked against a table rather than the event.
TABLE_PERMISSIONS = frozenset({"events.take_table_notes", "events.reopen_table_notes"})


class DiscussionsPermission(BasePermission):
    """Who may use a table-discussions endpoint.

    Actions in the viewset's ``public_actions`` are open to everyone who may see the event
    (drafts: organisers; the viewset answers 404 otherwise). ``signed_in_actions`` need a
    signed-in user and show only their rows. Every other action needs a signed-in user and a
    permission in ``rules_permissions``, checked against what the viewset's
    ``permission_object`` maps the row to: the event, or the table for note taking.
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
        return (
            action in getattr(view, "signed_in_actions", ())
            or rules_permission_name(view) is not None
        )

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        name = rules_permission_name(view)
        if name is None:
            action = getattr(view, "action", None)
            return action in getattr(view, "public_actions", ()) or action in getattr(
                view, "signed_in_actions", ()
            )
        return request.user.has_perm(name, view.permission_object(obj))


class EventPartViewSet(viewsets.GenericViewSet):
    """Rows of one event's table discussions (``/events/{event_slug}/...``)."""

    schema = ApiAutoSchema()
    permission_classes = [DiscussionsPermission]
    filter_backends = []
    pagination_class = None
    public_actions: tuple[str, ...] = ()
    signed_in_actions: tuple[str, ...] = ()
    model: type[Model]

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no URL arguments
            return self.model.objects.none()
        return self.rows(self.get_event())

    def rows(self, event: Event) -> QuerySet[Any]:
        """This viewset's rows of ``event``."""
        raise NotImplementedError

    def get_event(self) -> Event:
        """The event of the URL if the user may see it (drafts: organisers), else 404."""
        if not hasattr(self, "_event"):
            try:
                event = event_for_discussions(self.kwargs["event_slug"])
            except Event.DoesNotExist:
                raise Http404 from None
            if not self.request.user.has_perm("events.view_discussions", event):
                raise Http404
            self._event = event
        return self._event

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and "event_slug" in self.kwargs:
            context["event"] = self.get_event()
        return context

    def table_of(self, obj: Any) -> DiscussionTable:
        """The table ``obj`` belongs to (itself if a table), with the URL's event attached."""
        table = obj if isinstance(obj, DiscussionTable) else obj.table
        table.round.event = self.get_event()
        return table

    def permission_object(self, obj: Any) -> Any:
        """The table for note-taking permissions, else the event."""
        if rules_permission_name(self) in TABLE_PERMISSIONS:
            return self.table_of(obj)
        return self.get_event()

    def check_target(self, obj: Any = None) -> Event:
        """Check the action's permission (on ``obj``, else on the event); the event."""
        event = self.get_event()
        self.check_object_permissions(self.request, obj if obj is not None else event)
        return event
