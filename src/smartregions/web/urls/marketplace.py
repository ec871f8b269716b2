"""Routes of the marketplace pages."""

from django.urls import path

from smartregions.web.views import marketplace as views

urlpatterns = [
    path("marketplace/", views.marketplace_list, name="marketplace-list"),
    path("marketplace/new/", views.profile_create, name="marketplace-profile-create"),
    path("marketplace/mine/", views.my_marketplace, name="marketplace-mine"),
    path("marketplace/profiles/<int:pk>/", views.profile_detail, name="marketplace-profile"),
    path(
        "marketplace/profiles/<int:pk>/edit/",
        views.profile_edit,
        name="marketplace-profile-edit",
    ),
    path(
        "marketplace/profiles/<int:pk>/publish/",
        views.profile_publish,
        name="marketplace-profile-publish",
    ),
    path(
        "marketplace/profiles/<int:pk>/withdraw/",
        views.profile_withdraw,
        name="marketplace-profile-withdraw",
    ),
    path(
        "marketplace/profiles/<int:pk>/renew/",
        views.profile_renew,
        name="marketplace-profile-renew",
    ),
    path(
        "marketplace/profiles/<int:pk>/interest/",
        views.interest_create,
        name="marketplace-interest-create",
    ),
    path(
        "marketplace/interests/<int:pk>/accept/",
        views.interest_accept,
        name="marketplace-interest-accept",
    ),
    path(
        "marketplace/interests/<int:pk>/decline/",
        views.interest_decline,
        name="marketplace-interest-decline",
    ),
    path(
        "marketplace/interests/<int:pk>/withdraw/",
        views.interest_withdraw,
        name="marketplace-interest-withdraw",
    ),
    path(
        "marketplace/saved-searches/",
        views.saved_search_list,
        name="marketplace-saved-searches",
    ),
    path(
        "marketplace/saved-searches/new/",
        views.saved_search_create,
        name="marketplace-saved-search-create",
    ),
    path(
        "marketplace/saved-searches/<int:pk>/edit/",
        views.saved_search_edit,
        name="marketplace-saved-search-edit",
    ),
    path(
        "marketplace/saved-searches/<int:pk>/delete/",
        views.saved_search_delete,
        name="marketplace-saved-search-delete",
    ),
]
