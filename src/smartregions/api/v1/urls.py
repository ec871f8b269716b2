"""Version 1 of the REST API. Each area registers its viewsets on the shared router."""

from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from smartregions.api.auth import ObtainTokenView
from smartregions.api.v1 import (
    brokerage,
    calls,
    evaluation,
    events,
    marketplace,
    monitoring,
    notifications,
    partners,
    partnerships,
    pipeline,
)
from smartregions.api.v1.accounts import MeView
from smartregions.api.v1.analytics import DatasetRunViewSet, DatasetViewSet
from smartregions.api.v1.base import ApiNotFoundView
from smartregions.api.v1.geography import CountryViewSet, RegionViewSet
from smartregions.api.v1.organisations import OrganisationViewSet
from smartregions.api.v1.priorities import PriorityViewSet
from smartregions.api.v1.strategies import StrategyViewSet
from smartregions.api.v1.taxonomies import (
    TaxonomyViewSet,
    TermViewSet,
    ThematicAreaViewSet,
    ThematicPlatformViewSet,
)

router = DefaultRouter()
router.register("countries", CountryViewSet, basename="country")
router.register("regions", RegionViewSet, basename="region")
router.register("taxonomies", TaxonomyViewSet, basename="taxonomy")
router.register(r"taxonomies/(?P<taxonomy_slug>[^/.]+)/terms", TermViewSet, basename="term")
router.register("thematic-platforms", ThematicPlatformViewSet, basename="thematic-platform")
router.register("thematic-areas", ThematicAreaViewSet, basename="thematic-area")
router.register("strategies", StrategyViewSet, basename="strategy")
router.register("priorities", PriorityViewSet, basename="priority")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("datasets", DatasetViewSet, basename="dataset")
router.register(
    r"datasets/(?P<dataset_slug>[-a-zA-Z0-9_]+)/runs", DatasetRunViewSet, basename="dataset-run"
)

AREAS = (
    partners,
    marketplace,
    brokerage,
    calls,
    evaluation,
    partnerships,
    pipeline,
    monitoring,
    events,
    notifications,
)
for area in AREAS:
    area.register(router)

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    *(pattern for area in AREAS for pattern in area.urlpatterns),
    path("", include(router.urls)),
    # Last: any other path under /api/v1/ answers 404 in the API's error format.
    re_path(r"^.*$", ApiNotFoundView.as_view()),
]
