"""The one error type the importer raises: where the input is wrong and what was expected."""

from __future__ import annotations

from typing import Any


class IngestError(ValueError):
    """Bad input. ``str()`` gives one line: ``source:line: field 'name': problem``, or
    ``source:line: record [2]: field 'name': problem`` for the record at index 2 of a JSON
    array."""

    def __init__(
        self,
        message: str,
        *,
        source: str,
        line: int | None = None,
        field: str | None = None,
        record: int | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.field = field
        self.record = record
        super().__init__(str(self))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Raised in an import's worker process, it comes back to the importing one pickled.
        return (_rebuilt, (self.message, self.source, self.line, self.field, self.record))

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        what = f"field '{self.field}': {self.message}" if self.field else self.message
        if self.record is not None:
            what = f"record [{self.record}]: {what}"
        return f"{where}: {what}"


def _rebuilt(
    message: str, source: str, line: int | None, field: str | None, record: int | None
) -> IngestError:
    return IngestError(message, source=source, line=line, field=field, record=record)
