"""Routes of the marketplace pages."""

urlpatterns: list = []
