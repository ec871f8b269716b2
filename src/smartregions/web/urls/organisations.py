"""Routes of the organisation directory and organisation pages."""

from django.urls import path

from smartregions.web.views import organisations

urlpatterns = [
    path("organisations/", organisations.organisation_list, name="organisation-list"),
    path("organisations/new/", organisations.organisation_create, name="organisation-create"),
    path(
        "organisations/<slug:slug>/",
        organisations.organisation_detail,
        name="organisation-detail",
    ),
    path(
        "organisations/<slug:slug>/edit/",
        organisations.organisation_edit,
        name="organisation-edit",
    ),
]
