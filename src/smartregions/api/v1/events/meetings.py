"""REST endpoints: meetings (events)."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

urlpatterns: list = []


def register(router: DefaultRouter) -> None:
    """Register this area's viewsets on the v1 router."""
