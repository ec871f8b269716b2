"""Routes of the partners pages."""

urlpatterns: list = []
