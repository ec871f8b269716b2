"""REST endpoints of partnerships and action plans: partnerships (CRUD and the workflow verbs
launch / close / from-application), members and contacts, join requests (approve, reject,
withdraw), methodology stages, the expert team; action plans of partnerships and of
industrial-transition regions with their actions (status verb, dependencies) and funding
opportunities. Who may do what is :mod:`smartregions.partnerships.rules`."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from smartregions.api.v1.partnerships.members import JoinRequestViewSet
from smartregions.api.v1.partnerships.partnerships import PartnershipViewSet
from smartregions.api.v1.partnerships.plans import (
    ActionPlanViewSet,
    ActionViewSet,
    FundingOpportunityViewSet,
)

urlpatterns: list = []

_PLAN = r"action-plans/(?P<plan_pk>\d+)"


def register(router: DefaultRouter) -> None:
    """Register this area's viewsets on the v1 router (join requests before the partnership
    detail route, whose slug would otherwise match ``join-requests``)."""
    router.register(
        "partnerships/join-requests", JoinRequestViewSet, basename="partnership-join-request"
    )
    router.register("partnerships", PartnershipViewSet, basename="partnership")
    router.register("action-plans", ActionPlanViewSet, basename="partnership-action-plan")
    router.register(f"{_PLAN}/actions", ActionViewSet, basename="partnership-plan-action")
    router.register(
        f"{_PLAN}/funding-opportunities",
        FundingOpportunityViewSet,
        basename="partnership-plan-funding",
    )
