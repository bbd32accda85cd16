"""Our own JSONL export read back in: a backup, or a move to another instance.

``export_restore`` stores the articles, sentences, reviews, labels and gold labels of an
export made by ``annotator.datasets.exports`` (``write_jsonl``), keeping the article and
sentence ids, so that exporting the restored database gives the same file again.
The file is read twice, a line at a time: once for the reviewers' names (their accounts are
made first, in the order the export lists them), then for everything else, an article at a time.

In flow order: ``restore_lines`` (the lines, their JSON, the first pass), ``restore_records``
(each record checked, an article's records grouped), ``restore_conflicts`` (checks against what
is stored) and ``restore_store`` (the writes: labels and gold through the app's services).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import orjson
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction

from annotator.datasets.restore_lines import Source, numbered, survey
from annotator.datasets.restore_records import chunks, groups
from articles.ingest.errors import IngestError
from articles.models import Article, ImportBatch, Sentence

if TYPE_CHECKING:
    from annotator.datasets.restore_store import RestoreResult

__all__ = ["Source", "export_restore", "is_export"]

# A first line longer than this is no export record (and is not read whole to find out).
_FIRST_LINE_LIMIT = 1 << 22

Progress = Callable[[int, int], None]


def is_export(path: str | os.PathLike[str]) -> bool:
    """Whether the file's first record is one of our export's: it has ``sentence_id``,
    ``gap_before`` and ``labels`` or ``gold_label``. Reads only the first non-blank line."""
    try:
        with open(path, "rb") as handle:
            while raw := handle.readline(_FIRST_LINE_LIMIT):
                if raw.strip():
                    record = orjson.loads(raw.decode("utf-8-sig"))
                    break
            else:
                return False
    except (OSError, ValueError):
        return False
    return (
        isinstance(record, dict)
        and {"sentence_id", "gap_before"} <= record.keys()
        and ("labels" in record or "gold_label" in record)
    )


def _sequences_reset() -> None:
    """After rows were inserted with their own ids, make the next automatic id follow them
    (PostgreSQL; SQLite keeps track by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Article, Sentence])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@transaction.atomic
def export_restore(
    *,
    path_or_lines: Source,
    source_name: str,
    on_progress: Progress | None = None,
    dry_run: bool = False,
) -> RestoreResult:
    """Restore a JSONL export (a file path, or its lines) into this database, all or nothing.

    Articles and sentences keep their exported ids; an article already stored with the same
    id, title and text is kept (so a second campaign's records, or a second restore, store no
    duplicate), one with different text is an error. Campaigns, outlets and reviewers are
    found by name or made; reviews, labels and gold labels are made with a history event each,
    or, when already stored identically, left as they are. Bad input raises IngestError naming
    the line and field; nothing is stored then. ``on_progress(done, total)`` is called per
    chunk of articles. With ``dry_run`` everything is checked and stored, then rolled back.
    Returns the counts. Queries: a few up front, then about 15 per chunk of up to 200
    articles or 5,000 records.
    """
    if isinstance(path_or_lines, Iterator):
        raise TypeError("path_or_lines: a path or a sequence of lines (they are read twice)")
    # Imported here: storing labels brings the review and learning code (and numpy), which
    # `import_articles` needs only when the file is an export.
    from annotator.datasets.restore_store import Restorer

    restorer = Restorer(
        source=source_name,
        batch=ImportBatch.objects.create(
            source_name=source_name[:1000], source_format=ImportBatch.Format.JSONL
        ),
    )
    surveyed = survey(numbered(path_or_lines, source_name))
    restorer.users_prepare(surveyed)
    if on_progress is not None:
        on_progress(0, surveyed.articles)
    done = 0
    line = None
    try:
        for chunk in chunks(groups(numbered(path_or_lines, source_name), source=source_name)):
            line = chunk[0].line
            restorer.articles_store(chunk)
            restorer.work_store(chunk)
            restorer.result.records += sum(len(group.sentences) for group in chunk)
            done += len(chunk)
            if on_progress is not None:
                on_progress(done, surveyed.articles)
    except IntegrityError as error:
        # Checked above, so only a racing writer gets here; still say where.
        raise IngestError(
            f"the database refused these records ({error})".replace("\n", " "),
            source=source_name,
            line=line,
        ) from error
    if restorer.result.records == 0:
        raise IngestError("no record found in the input", source=source_name)
    restorer.finish()
    if dry_run:
        transaction.set_rollback(True)
        restorer.result.batch = None
    else:
        _sequences_reset()
    return restorer.result
