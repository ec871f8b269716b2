"""Routes of the partners pages: the region partner finder, its CSV, the consortium builder."""

from django.urls import path

from smartregions.web.views import partners

urlpatterns = [
    path("partners/", partners.partners_index, name="partners"),
    path("partners/consortium/", partners.consortium, name="partners-consortium"),
    path("regions/<str:code>/partners/", partners.region_partners, name="region-partners"),
    path(
        "regions/<str:code>/partners/export.csv",
        partners.region_partners_csv,
        name="region-partners-csv",
    ),
]
