"""Web routes: partnerships."""

urlpatterns: list = []
