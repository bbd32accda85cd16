"""Raw SQL of the accounts package: the session load every signed-in request makes.

``live_session`` gives what ``UserSession.objects.select_related("user").get(session_key=…,
expire_date__gt=now)`` gives (``tests/accounts/test_sql.py`` proves it on random sessions),
as one statement composed once per process instead of compiled by the ORM on every request.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.models import User
from django.db import connections, router
from django.utils import timezone

from annotator.models import UserSession

_USER_FIELDS = [field.attname for field in User._meta.concrete_fields]


@cache
def _live_session_sql(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    columns = ", ".join(f"u.{quote(str(field.column))}" for field in User._meta.concrete_fields)
    session, user = quote(UserSession._meta.db_table), quote(User._meta.db_table)
    return (
        f"SELECT s.session_data, {columns} FROM {session} s "  # noqa: S608 -- names, not input
        f"LEFT JOIN {user} u ON u.id = s.user_id "
        "WHERE s.session_key = %s AND s.expire_date > %s"
    )


@cache
def _user_converters(alias: str) -> list[tuple[int, list[Any], Any]]:
    """What the ORM would do to each user column read raw (e.g. SQLite's datetimes made
    aware): the backend's and the field's converters, by column position."""
    connection = connections[alias]
    found = []
    for index, field in enumerate(User._meta.concrete_fields):
        column = field.get_col(User._meta.db_table)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if converters:
            found.append((index, converters, column))
    return found


def live_session(session_key: str) -> tuple[str, User | None] | None:
    """The unexpired session's encoded data and its user (None before anyone signed in to
    it), or None when there is no such session. One query."""
    alias = router.db_for_read(UserSession)
    connection = connections[alias]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_live_session_sql(alias), [session_key, now])
        row = cursor.fetchone()
    if row is None:
        return None
    data, *user = row
    if user[0] is None:
        return data, None
    for index, converters, column in _user_converters(alias):
        for convert in converters:
            user[index] = convert(user[index], column, connection)
    return data, User.from_db(alias, _USER_FIELDS, user)
