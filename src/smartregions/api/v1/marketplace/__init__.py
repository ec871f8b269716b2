"""REST endpoints of the marketplace: cooperation profiles (with workflow verbs, matches and
expressions of interest), my expressions of interest, my saved searches.

Every write calls the marketplace domain functions; permissions are the ``matching.*`` rules
checked by :class:`~smartregions.api.permissions.RulesPermission`.
"""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from smartregions.api.v1.marketplace.interests import InterestViewSet
from smartregions.api.v1.marketplace.profiles import CooperationProfileViewSet
from smartregions.api.v1.marketplace.saved_searches import SavedSearchViewSet

urlpatterns: list = []


def register(router: DefaultRouter) -> None:
    """Register the marketplace viewsets on the v1 router."""
    router.register(
        "cooperation-profiles", CooperationProfileViewSet, basename="cooperation-profile"
    )
    router.register("interests", InterestViewSet, basename="interest")
    router.register("saved-searches", SavedSearchViewSet, basename="saved-search")
