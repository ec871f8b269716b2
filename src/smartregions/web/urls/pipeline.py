"""Web routes: pipeline."""

urlpatterns: list = []
