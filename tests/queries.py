"""The tests' one query-count helper: how many SQL queries a request (or any call) costs."""

from __future__ import annotations

from collections.abc import Callable, Collection

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(
    call: Callable[[], object],
    *,
    expect: int | Collection[int] | None = 200,
    warm: bool = False,
) -> int:
    """The number of queries ``call`` runs. When it returns a response, its status must be
    ``expect`` (one code or several; None: any). ``warm`` makes the call once first, uncounted
    (an API request may record its token's last use the first time)."""
    if warm:
        call()
    with CaptureQueriesContext(connection) as captured:
        result = call()
    status = getattr(result, "status_code", None)
    if expect is not None and status is not None:
        allowed = {expect} if isinstance(expect, int) else set(expect)
        content = getattr(result, "content", b"")[:500]
        assert status in allowed, f"status {status}: {content!r}"
    return len(captured)
