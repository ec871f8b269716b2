"""Web routes: meetings (events)."""

urlpatterns: list = []
