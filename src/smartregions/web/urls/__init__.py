"""Web routes, one module per area; all names live in the ``web`` namespace."""

from smartregions.web.urls import accounts, evidence, home, organisations, regions

app_name = "web"

urlpatterns = [
    *home.urlpatterns,
    *regions.urlpatterns,
    *organisations.urlpatterns,
    *evidence.urlpatterns,
    *accounts.urlpatterns,
]
