"""Web routes: programme (events)."""

urlpatterns: list = []
