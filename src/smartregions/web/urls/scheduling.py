"""Web routes: scheduling (events)."""

urlpatterns: list = []
