"""Routes of the region directory, region pages, strategies, priorities and map data."""

from django.urls import path

from smartregions.web.views import maps, priorities, regions

urlpatterns = [
    path("regions/", regions.region_list, name="region-list"),
    path("regions/<str:code>/", regions.region_detail, name="region-detail"),
    path("regions/<str:code>/strategies/new/", regions.strategy_create, name="strategy-create"),
    path("strategies/<int:pk>/edit/", regions.strategy_edit, name="strategy-edit"),
    path(
        "strategies/<int:pk>/priorities/new/",
        priorities.priority_create,
        name="priority-create",
    ),
    path("priorities/", priorities.priority_search, name="priority-search"),
    path("priorities/export.<str:fmt>", priorities.priority_export, name="priority-export"),
    path("priorities/<int:pk>/edit/", priorities.priority_edit, name="priority-edit"),
    path("priorities/<int:pk>/delete/", priorities.priority_delete, name="priority-delete"),
    path("maps/regions.geojson", maps.regions_geojson, name="map-regions"),
]
