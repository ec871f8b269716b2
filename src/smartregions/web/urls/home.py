from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from smartregions.web.views import home

urlpatterns = [
    path("", home.home, name="home"),
    # Browsers ask for /favicon.ico on pages without an icon link (e.g. plain error pages).
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg"), permanent=True)),
]
