"""Routes of the brokerage pages."""

urlpatterns: list = []
