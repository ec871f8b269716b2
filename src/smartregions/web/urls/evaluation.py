"""Web routes: evaluation."""

urlpatterns: list = []
