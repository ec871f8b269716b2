"""REST endpoints of events: calendar and registration, programme, exhibition and pitches,
table discussions, B2B meetings and their scheduling. Every write calls the same domain
functions as the web pages."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from smartregions.api.v1.events import discussions, events, meetings, programme, scheduling

_AREAS = (events, programme, discussions, meetings, scheduling)

urlpatterns: list = [pattern for area in _AREAS for pattern in area.urlpatterns]


def register(router: DefaultRouter) -> None:
    """Register every events area's viewsets on the v1 router."""
    for area in _AREAS:
        area.register(router)
