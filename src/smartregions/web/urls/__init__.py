"""Web routes, one module per area; all names live in the ``web`` namespace."""

from smartregions.web.urls import (
    accounts,
    brokerage,
    evidence,
    home,
    marketplace,
    organisations,
    partners,
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
    *accounts.urlpatterns,
]
