"""Reads for adjudication: the sentences of a campaign where submitted reviews disagree."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from annotator.ids import parse_id
from annotator.models import Campaign, GoldLabel, GoldLabelEvent, Label, Review
from annotator.vocabulary import SPEC_BY_VALUE, LabelSpec, LabelValue
from articles.models import Sentence


@dataclass(frozen=True, slots=True)
class DisagreementFilter:
    """Narrow the disagreements: a pair of labels both used, an outlet, a reviewer involved,
    votes (each of these reviewers gave this label: a cell of a confusion matrix);
    ``unsettled`` leaves out sentences that already have gold."""

    pair: tuple[str, str] | None = None
    outlet_id: int | None = None
    reviewer_id: int | None = None
    votes: tuple[tuple[int, str], ...] = ()
    unsettled: bool = True

    def query(self) -> dict[str, str]:
        """The filter as query parameters, so links and redirects keep it."""
        params = {}
        if self.pair:
            params["pair"] = "-".join(self.pair)
        if self.outlet_id:
            params["outlet"] = str(self.outlet_id)
        if self.reviewer_id:
            params["reviewer"] = str(self.reviewer_id)
        if self.votes:
            params["votes"] = ",".join(f"{pk}:{value}" for pk, value in self.votes)
        if not self.unsettled:
            params["show"] = "all"
        return params

    @classmethod
    def parse(cls, params: dict[str, str]) -> DisagreementFilter:
        """From query parameters; anything malformed is ignored rather than an error."""
        pair = None
        values = params.get("pair", "").split("-")
        if (
            len(values) == 2
            and all(v in LabelValue.values for v in values)
            and len(set(values)) == 2
        ):
            pair = (values[0], values[1])
        return cls(
            pair=pair,
            outlet_id=parse_id(params.get("outlet")),
            reviewer_id=parse_id(params.get("reviewer")),
            votes=_votes(params.get("votes", "")),
            unsettled=params.get("show") != "all",
        )


# A confusion matrix's cell names two votes; more than a few is no filter anyone asked for.
MOST_VOTES = 4


def _votes(raw: str) -> tuple[tuple[int, str], ...]:
    """``"12:sourced,15:opinion"`` as ((12, "sourced"), (15, "opinion")); malformed entries
    are left out, and so is all of it when it names more than MOST_VOTES."""
    votes = []
    for entry in raw.split(",")[: MOST_VOTES + 1]:
        reviewer, _, value = entry.partition(":")
        pk = parse_id(reviewer)
        if pk is not None and value in LabelValue.values:
            votes.append((pk, value))
    return tuple(votes) if len(votes) <= MOST_VOTES else ()


def disagreements(*, campaign: Campaign, narrow: DisagreementFilter) -> QuerySet[Sentence]:
    """Sentences with at least two different labels among the campaign's submitted reviews,
    in reading order (oldest article first). One query when evaluated."""
    labels = Label.objects.filter(review__campaign=campaign, review__status=Review.Status.SUBMITTED)
    if narrow.outlet_id:
        labels = labels.filter(sentence__article__outlet_id=narrow.outlet_id)
    grouped = labels.values("sentence_id").annotate(kinds=Count("value", distinct=True))
    grouped = grouped.filter(kinds__gt=1)
    if narrow.pair:
        first, second = narrow.pair
        grouped = grouped.annotate(
            first=Count("pk", filter=Q(value=first)), second=Count("pk", filter=Q(value=second))
        ).filter(first__gt=0, second__gt=0)
    if narrow.reviewer_id:
        grouped = grouped.annotate(
            involved=Count("pk", filter=Q(review__reviewer_id=narrow.reviewer_id))
        ).filter(involved__gt=0)
    for n, (reviewer_id, value) in enumerate(narrow.votes):
        grouped = grouped.annotate(
            **{f"vote_{n}": Count("pk", filter=Q(review__reviewer_id=reviewer_id, value=value))}
        ).filter(**{f"vote_{n}__gt": 0})
    sentences = Sentence.objects.filter(pk__in=grouped.values("sentence_id"))
    if narrow.unsettled:
        gold = GoldLabel.objects.filter(campaign=campaign, sentence=OuterRef("pk"))
        sentences = sentences.exclude(Exists(gold))
    return sentences.order_by("article__created_at", "article_id", "position")


@dataclass(frozen=True, slots=True)
class ReviewerLabel:
    reviewer: str
    reviewer_id: int
    value: str
    source: str
    note: str

    @property
    def spec(self) -> LabelSpec:
        return SPEC_BY_VALUE[self.value]


@dataclass(frozen=True, slots=True)
class Disagreement:
    sentence: Sentence
    labels: list[ReviewerLabel]
    gold: GoldLabel | None
    # The gold's version (see gold.gold_set): what a decision on this page replaces.
    version: int = 0

    @property
    def gold_spec(self) -> LabelSpec | None:
        return SPEC_BY_VALUE[self.gold.value] if self.gold else None

    @property
    def disputed(self) -> bool:
        """Whether the reviewers gave at least two different labels."""
        return len({label.value for label in self.labels}) > 1

    @property
    def suggested_source(self) -> str:
        """The gold's source as the decision form prefills it: the gold's own, or else the
        source the reviewers wrote most often (the first written on a tie); empty: none."""
        if self.gold and self.gold.source:
            return self.gold.source
        written = Counter(label.source.strip() for label in self.labels if label.source.strip())
        return written.most_common(1)[0][0] if written else ""


def gold_versions(*, campaign: Campaign, sentence_ids: list[int]) -> dict[int, int]:
    """The gold version of each sentence that ever had gold: the id of its latest history
    event (see ``gold.gold_set``; a sentence left out is at version 0). Queries: 1."""
    return dict(
        GoldLabelEvent.objects.filter(campaign=campaign, sentence_id__in=sentence_ids)
        .values("sentence_id")
        .annotate(version=Max("pk"))
        .values_list("sentence_id", "version")
    )


def disagreement_rows(*, campaign: Campaign, sentences: list[Sentence]) -> list[Disagreement]:
    """Each sentence with every reviewer's submitted label, its gold and the gold's version.
    Queries: 3."""
    ids = [s.pk for s in sentences]
    labels: dict[int, list[ReviewerLabel]] = defaultdict(list)
    for label in (
        Label.objects.filter(
            review__campaign=campaign, review__status=Review.Status.SUBMITTED, sentence_id__in=ids
        )
        .select_related("review__reviewer")
        .order_by("review__reviewer__username")
    ):
        labels[label.sentence_id].append(
            ReviewerLabel(
                reviewer=label.review.reviewer.get_username(),
                reviewer_id=label.review.reviewer_id,
                value=label.value,
                source=label.source,
                note=label.note,
            )
        )
    gold = {
        g.sentence_id: g
        for g in GoldLabel.objects.filter(campaign=campaign, sentence_id__in=ids).select_related(
            "decided_by"
        )
    }
    versions = gold_versions(campaign=campaign, sentence_ids=ids)
    return [
        Disagreement(
            sentence=s, labels=labels[s.pk], gold=gold.get(s.pk), version=versions.get(s.pk, 0)
        )
        for s in sentences
    ]


@dataclass(frozen=True, slots=True)
class Settled:
    """A gold decision just made, as the page after it shows it to undo: the history event,
    its sentence, and the label decided (None: the gold was cleared)."""

    event: GoldLabelEvent
    sentence: Sentence
    spec: LabelSpec | None


def settled_event(*, campaign: Campaign, event_id: int | None, actor: User) -> Settled | None:
    """The actor's own gold decision ``event_id`` in the campaign (what the page after a
    decision offers to undo); None without one. Queries: 0 or 1."""
    if event_id is None:
        return None
    event = (
        GoldLabelEvent.objects.select_related("sentence")
        .filter(campaign=campaign, pk=event_id, actor=actor)
        .first()
    )
    if event is None:
        return None
    value = (event.after or {}).get("value")
    return Settled(
        event=event, sentence=event.sentence, spec=SPEC_BY_VALUE[value] if value else None
    )


def paragraph_of(sentence: Sentence) -> list[Sentence]:
    """The sentences of the paragraph the sentence is in, in order. Queries: 1."""
    return list(
        Sentence.objects.filter(
            article_id=sentence.article_id, paragraph=sentence.paragraph
        ).order_by("position")
    )


@dataclass(frozen=True, slots=True)
class ArticleSentence:
    """A sentence of the article view, with its disagreement (None: the reviewers agree or
    nobody labelled it) numbered in reading order."""

    sentence: Sentence
    row: Disagreement | None = None
    number: int = 0


def article_disagreements(*, campaign: Campaign, article_id: int) -> list[list[ArticleSentence]]:
    """The whole article as paragraphs of sentences in order, every disagreement among the
    campaign's submitted reviews marked with each label, the gold and its version.
    Queries: 4, whatever the article's length."""
    sentences = list(Sentence.objects.filter(article_id=article_id).order_by("position"))
    rows = disagreement_rows(campaign=campaign, sentences=sentences)
    paragraphs: list[list[ArticleSentence]] = []
    number, paragraph = 0, None
    for row in rows:
        if row.sentence.paragraph != paragraph or not paragraphs:
            paragraphs.append([])
            paragraph = row.sentence.paragraph
        if row.disputed:
            number += 1
            paragraphs[-1].append(ArticleSentence(row.sentence, row, number))
        else:
            paragraphs[-1].append(ArticleSentence(row.sentence))
    return paragraphs
