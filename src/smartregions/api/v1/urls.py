"""Version 1 of the REST API. Each area registers its viewsets on the shared router."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = [
    path("", include(router.urls)),
]
