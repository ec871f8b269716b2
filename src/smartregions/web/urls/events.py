"""Web routes: events (events)."""

urlpatterns: list = []
