"""The home page: what the platform holds, and where to start."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from smartregions.regions.domain import queries


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"stats": queries.platform_counts()})
