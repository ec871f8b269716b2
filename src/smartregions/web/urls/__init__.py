"""Web routes, one module per area; all names live in the ``web`` namespace."""

from smartregions.web.urls import (
    accounts,
    brokerage,
    calls,
    discussions,
    evaluation,
    events,
    evidence,
    home,
    marketplace,
    meetings,
    monitoring,
    notifications,
    organisations,
    partners,
    partnerships,
    pipeline,
    programme,
    regions,
    scheduling,
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
    *events.urlpatterns,
    *programme.urlpatterns,
    *discussions.urlpatterns,
    *meetings.urlpatterns,
    *scheduling.urlpatterns,
    *notifications.urlpatterns,
    *accounts.urlpatterns,
]
