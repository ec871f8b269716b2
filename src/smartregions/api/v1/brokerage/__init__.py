"""REST endpoints of the innovation brokerage (TIBS): brokers, cases (with their workflow
verbs), referrals, SME groups (members, partner suggestions, partners, joint strategy and its
exports) and the broker dashboard. Everything here is private: a signed-in user sees only what
:mod:`smartregions.brokerage.rules` lets them see."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from smartregions.api.v1.brokerage.cases import (
    BrokerViewSet,
    CaseViewSet,
    DashboardView,
    ReferralViewSet,
)
from smartregions.api.v1.brokerage.groups import SmeGroupViewSet

urlpatterns = [
    path("brokerage/dashboard/", DashboardView.as_view(), name="api-brokerage-dashboard"),
]


def register(router: DefaultRouter) -> None:
    """Register this area's viewsets on the v1 router."""
    router.register("brokerage/brokers", BrokerViewSet, basename="broker")
    router.register("brokerage/cases", CaseViewSet, basename="brokerage-case")
    router.register("brokerage/referrals", ReferralViewSet, basename="referral")
    router.register("brokerage/groups", SmeGroupViewSet, basename="sme-group")
