"""Web routes, one module per area; all names live in the ``web`` namespace."""

from smartregions.web.urls import (
    accounts,
    brokerage,
    calls,
    evaluation,
    evidence,
    home,
    marketplace,
    monitoring,
    notifications,
    organisations,
    partners,
    partnerships,
    pipeline,
    regions,
)

app_name = "web"

urlpatterns = [
    *home.urlpatterns,
    *regions.urlpatterns,
    *organisations.urlpatterns,
    *evidence.urlpatterns,
    *partners.urlpatterns,
    *marketplace.urlpatterns,
    *brokerage.urlpatterns,
    *calls.urlpatterns,
    *evaluation.urlpatterns,
    *partnerships.urlpatterns,
    *pipeline.urlpatterns,
    *monitoring.urlpatterns,
    *notifications.urlpatterns,
    *accounts.urlpatterns,
]
