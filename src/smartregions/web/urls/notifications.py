"""Web routes: notifications."""

urlpatterns: list = []
