"""Root URL configuration: web pages, the REST API and the administration site."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("smartregions.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("smartregions.web.urls")),
]
