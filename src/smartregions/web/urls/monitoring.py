"""Web routes: monitoring."""

urlpatterns: list = []
