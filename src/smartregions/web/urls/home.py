from django.urls import path

from smartregions.web.views import home

urlpatterns = [
    path("", home.home, name="home"),
]
