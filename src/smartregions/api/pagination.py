"""Pagination for list endpoints: ``?page=N&page_size=M`` (at most 500 per page)."""

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500
