"""Bulk inserts: COPY on PostgreSQL, a batched bulk INSERT elsewhere.

COPY is many times faster than Django's bulk INSERT for large rows (article bodies) and many
rows (sentences, labels): nothing is quoted in Python or parsed as SQL. Used by the importer
and by the restore of an export.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import orjson
from django.db import connection, models
from django.db.models import JSONField

# Rows per bulk INSERT where there is no COPY (SQLite allows 32,766 parameters a statement).
BATCH_SIZE = 2000


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a bulk load, back on (if it was on) when it ends.

    A load makes millions of short-lived tuples and strings: each few hundred allocations
    start a collection, and the older generations' collections walk every object the process
    holds. Measured on an import of 10,000 articles they took a fifth of the importing
    process's time, for 171 objects in cycles found at the end. Reference counting still frees
    everything else as it goes. The collector is the whole process's: another thread that
    loads at the same time may find it off or turn it back on; nothing else depends on it.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def rows_insert(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert rows of values for ``fields`` (attribute names, such as ``article_id``), in
    that order. A JSON field's value is a dict or list, stored as JSON. Queries: 1 on
    PostgreSQL, 1 per 2,000 rows elsewhere."""
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            (model(**dict(zip(fields, row, strict=True))) for row in rows), batch_size=BATCH_SIZE
        )
        return
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    json_at = [i for i, name in enumerate(fields) if isinstance(by_name[name], JSONField)]
    if json_at:
        rows = (_json_dumped(row, json_at) for row in rows)
    _copy(model, [_column(by_name[name]) for name in fields], rows)


def _json_dumped(row: Sequence[Any], at: list[int]) -> list[Any]:
    values = list(row)
    for i in at:
        if values[i] is not None:
            values[i] = orjson.dumps(values[i]).decode()
    return values


def objects_insert[M: models.Model](objects: list[M]) -> list[M]:
    """Insert model instances (all of one model) and set their primary keys; returns them.

    On PostgreSQL the keys are drawn from the table's sequence, then the rows sent by COPY.
    Queries: 2 on PostgreSQL, those of ``bulk_create`` elsewhere.
    """
    if connection.vendor != "postgresql" or not objects:
        return type(objects[0])._default_manager.bulk_create(objects) if objects else objects
    model = type(objects[0])
    fields = list(model._meta.concrete_fields)
    for instance, pk in zip(objects, keys_draw(model, len(objects)), strict=True):
        instance.pk = pk
    _copy(
        model,
        [_column(f) for f in fields],
        ([f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
         for instance in objects),
    )  # fmt: skip
    for instance in objects:
        instance._state.adding = False
    return objects


def keys_draw(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys of ``model`` from its table's sequence. PostgreSQL only.
    Queries: 1."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def copy_available() -> bool:
    """Whether rows can be sent by COPY (``rows_copy``): PostgreSQL."""
    return connection.vendor == "postgresql"


def keyed_rows(key: int, rows: bytes) -> bytes:
    """Lines of COPY text that each start with a tab (``copy_rows.sentence_rows``), with
    ``key`` put before every one."""
    prefix = b"%d" % key
    return prefix + rows.replace(b"\n\t", b"\n" + prefix + b"\t")


def framed_row(before: Sequence[int | None], middle: bytes, after: bytes) -> bytes:
    """A line of COPY text: the keys ``before`` (None: NULL), then ``middle`` (values in COPY
    text starting with a tab: ``copy_rows.article_row``), a tab, ``after`` (a value in COPY
    text) and the line's end."""
    keys = b"\t".join(rb"\N" if key is None else b"%d" % key for key in before)
    return b"%b%b\t%b\n" % (keys, middle, after)


def rows_copy(model: type[models.Model], fields: Sequence[str], data: bytes) -> None:
    """Send ``data``, rows already in COPY's text format (UTF-8), for ``fields`` (attribute
    names) in that order. PostgreSQL only (``copy_available``). Queries: 1."""
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    with _copy_into(model, [_column(by_name[name]) for name in fields]) as copy:
        copy.write(data)


def _column(field: models.Field[Any, Any]) -> str:
    return field.column or field.attname


def _copy(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with _copy_into(model, columns) as copy:
        for row in rows:
            copy.write_row(row)


@contextmanager
def _copy_into(model: type[models.Model], columns: Sequence[str]) -> Iterator[Any]:
    """A COPY into ``model``'s table, of these columns, from what is written to it."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy,
    ):
        yield copy


@contextmanager
def key_checked_per_statement(model: type[models.Model], field_name: str) -> Iterator[None]:
    """Inside a transaction, check the foreign key ``field_name`` of ``model`` as each
    statement ends instead of at the commit (PostgreSQL; Django makes every foreign key
    deferred). A bulk load's key checks then run chunk by chunk, while the next chunk is read,
    not all in a row at the commit. Deferred again on leaving without an error (after one,
    the transaction is rolled back anyway). Queries: 3 on PostgreSQL, none elsewhere."""
    if connection.vendor != "postgresql":
        yield
        return
    field = model._meta.get_field(field_name)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conname FROM pg_constraint c JOIN pg_attribute a"
            " ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
            " WHERE c.conrelid = %s::regclass AND c.contype = 'f' AND c.condeferrable"
            " AND cardinality(c.conkey) = 1 AND a.attname = %s",
            [model._meta.db_table, _column(field)],  # type: ignore[arg-type]
        )
        names = [connection.ops.quote_name(name) for (name,) in cursor.fetchall()]
        if names:
            cursor.execute(f"SET CONSTRAINTS {', '.join(names)} IMMEDIATE")
    yield
    if names:
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {', '.join(names)} DEFERRED")
