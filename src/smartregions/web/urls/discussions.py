"""Web routes: discussions (events)."""

urlpatterns: list = []
