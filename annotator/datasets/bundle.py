"""The dataset bundle: a zip of train/dev/test JSONL split by article, a data card and the
agreement figures, written in constant memory per record.

Records stream once: each goes to its split's temporary file while the data card's counts
add up (and each article's place in its file is noted); then the zip gets README.md (the
data card, whose YAML header lets Hugging Face ``datasets.load_dataset(<folder>)`` load the
splits with their types), agreement.json, label_studio_config.xml and the splits, copied in
from the temporary files.

No split is empty when the export has at least three articles: an article may move from
the largest split to an empty one (``fill_empty_splits``). With fewer, the empty splits are
left out of the zip and the data card says so (an export with no record at all still has
an empty ``train.jsonl``, so the bundle loads).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from annotator.analysis.agreement import AgreementReport
from annotator.analysis.selectors import campaign_agreement
from annotator.datasets.datacard import SPLITS, Tally, data_card
from annotator.datasets.jsonl import records
from annotator.datasets.labelstudio import LABEL_CONFIG
from annotator.datasets.names import pseudonyms_for
from annotator.datasets.options import ExportOptions
from annotator.datasets.selectors import Row, export_campaigns

# Cumulative shares of the articles: train below 0.8, dev below 0.9, test the rest.
SPLIT_BOUNDS = ((0.8, "train"), (0.9, "dev"), (1.0, "test"))
COPY_PIECE = 1024 * 1024


def split_of(article_id: int, *, seed: int) -> str:
    """The split of an article: the same for a seed whatever the campaign, so an article's
    text is never in two splits; about 80/10/10 over many articles."""
    digest = hashlib.sha256(f"{seed}:{article_id}".encode()).digest()
    share = int.from_bytes(digest[:8], "big") / 2**64
    return next(name for bound, name in SPLIT_BOUNDS if share < bound)


def fill_empty_splits(split_of_article: Mapping[int, str]) -> dict[int, str]:
    """Moves (article id → new split) that leave no split empty, for at least three articles
    (none for fewer). Each empty split, in SPLITS order, takes the highest article id of the
    split that has the most articles then (train first on a tie)."""
    if len(split_of_article) < len(SPLITS):
        return {}
    current = dict(split_of_article)
    sizes = Counter(current.values())
    moves: dict[int, str] = {}
    for empty in [name for name in SPLITS if sizes[name] == 0]:
        donor = max(SPLITS, key=lambda name: (sizes[name], -SPLITS.index(name)))
        article = max(pk for pk, name in current.items() if name == donor)
        current[article] = moves[article] = empty
        sizes[donor] -= 1
        sizes[empty] += 1
    return moves


@dataclass(slots=True)
class _Placed:
    """Where one article's records sit in its split's temporary file."""

    split: str
    ranges: list[list[int]] = field(default_factory=list)  # [start, end) byte offsets
    records: int = 0
    groups: int = 0  # (campaign, article) pairs: the data card counts articles per campaign


def _copy_range(source: IO[bytes], start: int, end: int, target: IO[bytes]) -> None:
    source.seek(start)
    left = end - start
    while left > 0:
        piece = source.read(min(COPY_PIECE, left))
        target.write(piece)
        left -= len(piece)


def write_bundle(
    options: ExportOptions, records: Iterable[dict[str, Any]], out: IO[bytes], *, seed: int
) -> int:
    """Write the bundle as a zip to ``out``; returns how many sentence records it holds.

    Memory stays flat in the records: they go to temporary files as they come, and only
    counts and each article's byte ranges are kept. Queries: those of the records, then 1 for
    the campaigns and 1 per campaign (agreement).
    """
    tally = Tally()
    placed: dict[int, _Placed] = {}
    with ExitStack() as stack:
        spools = {name: stack.enter_context(tempfile.TemporaryFile("w+b")) for name in SPLITS}
        last = None
        for record in records:
            key = (record["campaign"], record["article_id"])
            article = placed.get(record["article_id"])
            if article is None:
                split = split_of(record["article_id"], seed=seed)
                article = placed[record["article_id"]] = _Placed(split)
            spool = spools[article.split]
            start = spool.tell()
            spool.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
            if article.ranges and article.ranges[-1][1] == start:
                article.ranges[-1][1] = spool.tell()
            else:
                article.ranges.append([start, spool.tell()])
            article.records += 1
            article.groups += key != last
            tally.add(record, article.split, new_article=key != last)
            last = key
        moves = fill_empty_splits({pk: article.split for pk, article in placed.items()})
        for pk, split in moves.items():
            tally.move(placed[pk].split, split, records=placed[pk].records,
                       articles=placed[pk].groups)  # fmt: skip
        written = tuple(name for name in SPLITS if tally.split_records[name]) or ("train",)
        left_out = [name for name in SPLITS if name not in written]
        campaigns = list(export_campaigns(options))
        reports = {campaign.name: campaign_agreement(campaign=campaign) for campaign in campaigns}
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            card = data_card(
                options, campaigns, reports, tally, seed=seed, splits=written,
                moved=len(moves), left_out=left_out,
            )  # fmt: skip
            bundle.writestr("README.md", card)
            agreement = agreement_json(options, reports)
            bundle.writestr("agreement.json", json.dumps(agreement, ensure_ascii=False, indent=2))
            bundle.writestr("label_studio_config.xml", LABEL_CONFIG)
            for name in written:
                _write_split(bundle, name, spools, placed, moves)
    return tally.records


def _write_split(
    bundle: zipfile.ZipFile,
    name: str,
    spools: Mapping[str, IO[bytes]],
    placed: dict[int, _Placed],
    moves: dict[int, str],
) -> None:
    """Copy a split's file into the zip: whole, or without the articles that moved out and
    with those that moved in (after the rest, in the order they were exported)."""
    spool = spools[name]
    size = spool.seek(0, 2)
    leaving = sorted(
        tuple(r) for pk in moves if placed[pk].split == name for r in placed[pk].ranges
    )
    arriving = [placed[pk] for pk, split in moves.items() if split == name]
    size += sum(r[1] - r[0] for article in arriving for r in article.ranges)
    # zipfile must know up front whether a member needs 64-bit sizes.
    with bundle.open(f"{name}.jsonl", "w", force_zip64=size >= zipfile.ZIP64_LIMIT) as member:
        if not leaving and not arriving:
            spool.seek(0)
            shutil.copyfileobj(spool, member)
            return
        at = 0
        for start, end in leaving:
            _copy_range(spool, at, start, member)
            at = end
        _copy_range(spool, at, spool.seek(0, 2), member)
        for article in arriving:
            for start, end in article.ranges:
                _copy_range(spools[article.split], start, end, member)


def bundle_write(options: ExportOptions, rows: Iterable[Row], out: IO[bytes], seed: int) -> int:
    """The export format's writer (``write_bundle`` of the rows' records)."""
    return write_bundle(options, records(options, rows), out, seed=seed)


def agreement_json(
    options: ExportOptions, reports: dict[str, AgreementReport]
) -> dict[str, dict[str, Any]]:
    """Each campaign's ``AgreementReport.as_dict()`` by campaign name, reviewers named as in
    the records: by pseudonym unless the export asked for real names."""
    data = {name: report.as_dict() for name, report in reports.items()}
    if options.real_names:
        return data
    ids = {reviewer.id for report in reports.values() for reviewer in report.reviewers}
    names = pseudonyms_for(int(pk) for pk in ids)
    for report in data.values():
        for reviewer in report["reviewers"]:
            reviewer["username"] = names[reviewer["id"]]
    return data


def bundle_warnings(path: Path) -> list[str]:
    """What a written bundle's reader must know: the splits it left out for want of articles
    (fewer than three exported). Reads the zip's directory only; nothing for a file that is
    not there or not a zip."""
    try:
        with zipfile.ZipFile(path) as bundle:
            members = set(bundle.namelist())
    except (OSError, zipfile.BadZipFile):
        return []
    missing = [name for name in SPLITS if f"{name}.jsonl" not in members]
    if not missing:
        return []
    return [
        f"No {' or '.join(missing)} split: fewer than three articles were exported, so "
        f"{'it is' if len(missing) == 1 else 'they are'} left out of the bundle. Export more "
        "articles (or train on the splits there are)."
    ]
