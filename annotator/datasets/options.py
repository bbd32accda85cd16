"""What an export holds: the options chosen on the page, the command line or the API, and
the fields of its records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from annotator.models import Review

LabelChoice = Literal["both", "gold", "reviewers"]

# The fields of every record, in order (``labels`` and ``label_counts`` only when reviewers'
# labels are exported, the ``gold_`` fields only when gold labels are).
ARTICLE_FIELDS = (
    "article_id", "article_url", "outlet", "title", "author", "published", "language",
)  # fmt: skip
SENTENCE_FIELDS = (
    "sentence_id", "position", "paragraph", "kind", "start", "end", "gap_before", "text",
)  # fmt: skip
GOLD_FIELDS = ("gold_label", "gold_method", "gold_decided_by")


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What to export. Every filter is optional; they combine with AND."""

    campaign_ids: tuple[int, ...] = ()
    outlet_ids: tuple[int, ...] = ()
    published_from: date | None = None
    published_to: date | None = None
    labels: LabelChoice = "both"
    include_no_claim: bool = True
    include_in_progress: bool = False
    real_names: bool = False

    @property
    def statuses(self) -> list[str]:
        if self.include_in_progress:
            return [Review.Status.SUBMITTED, Review.Status.IN_PROGRESS]
        return [Review.Status.SUBMITTED]

    @property
    def with_gold(self) -> bool:
        return self.labels in ("both", "gold")

    @property
    def with_reviewers(self) -> bool:
        return self.labels in ("both", "reviewers")

    def as_dict(self) -> dict[str, Any]:
        return {
            "campaign_ids": list(self.campaign_ids),
            "outlet_ids": list(self.outlet_ids),
            "published_from": self.published_from.isoformat() if self.published_from else None,
            "published_to": self.published_to.isoformat() if self.published_to else None,
            "labels": self.labels,
            "include_no_claim": self.include_no_claim,
            "include_in_progress": self.include_in_progress,
            "real_names": self.real_names,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExportOptions:
        return cls(
            campaign_ids=tuple(data.get("campaign_ids") or ()),
            outlet_ids=tuple(data.get("outlet_ids") or ()),
            published_from=_date(data.get("published_from")),
            published_to=_date(data.get("published_to")),
            labels=data.get("labels", "both"),
            include_no_claim=data.get("include_no_claim", True),
            include_in_progress=data.get("include_in_progress", False),
            real_names=data.get("real_names", False),
        )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
