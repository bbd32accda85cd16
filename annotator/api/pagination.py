"""Cursor pagination by id: stable pages whatever is added meanwhile, no COUNT(*) query."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    ordering = "id"
    page_size_query_param = "page_size"
    max_page_size = 500
