"""A restore's writes: reviewers' accounts, campaigns and outlets found by name or made, the
articles and sentences with their exported ids, and reviews, labels and gold through the
services the app writes them with (``labels_restore``, ``gold_restore``)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from annotator.campaigns.gold import GoldRow, gold_restore
from annotator.datasets.restore_conflicts import HINT, conflicts_check, stored_check
from annotator.datasets.restore_lines import Survey, creation_order
from annotator.datasets.restore_records import SIGNED, Group, ReviewDraft
from annotator.models import Campaign, GoldLabel, Label, Pseudonym, Review
from annotator.review.services import labels_restore
from articles.bulk import rows_insert
from articles.ingest.drafts import body_hash
from articles.ingest.errors import IngestError
from articles.ingest.pipeline import domain_of
from articles.models import Article, ImportBatch, Outlet, Sentence
from articles.services import outlet_get_or_create

# The names ``names.pseudonyms_for`` gives reviewers.
PSEUDONYM = re.compile(r"reviewer-[0-9a-f]{8}")


@dataclass(slots=True)
class RestoreResult:
    """What a restore stored (``existing_articles``: already there with the same text, kept)."""

    articles: int = 0
    sentences: int = 0
    reviews: int = 0
    labels: int = 0
    gold_labels: int = 0
    reviewers: int = 0
    existing_articles: int = 0
    records: int = 0
    batch: ImportBatch | None = None


class Restorer:
    """The state of one restore: names resolved so far and what has been stored."""

    def __init__(self, *, source: str, batch: ImportBatch) -> None:
        self.source = source
        self.batch = batch
        self.result = RestoreResult(batch=batch)
        self.users: dict[str, int] = {}
        self.campaigns: dict[str, Campaign] = {}
        self.campaigns_made: set[int] = set()
        self.reviews_per_article: dict[int, int] = defaultdict(lambda: 1)
        self.outlets: dict[str, Outlet] = {}
        # Articles stored or checked in this restore: id → (signature, campaign, line).
        self.articles: dict[int, tuple[tuple[Any, ...], str, int]] = {}
        self.now = timezone.now()

    def error(self, group: Group, name: str, message: str) -> IngestError:
        return IngestError(message, source=self.source, line=group.line, field=name)

    # Reviewers -----------------------------------------------------------------------------

    def users_prepare(self, survey: Survey) -> None:
        """Find or make an account for every name in the export (no password: an admin sets
        one); a pseudonym stays the account's pseudonym, so new exports show it too."""
        user_model = get_user_model()
        order = creation_order(survey)
        by_pseudonym = dict(Pseudonym.objects.filter(name__in=order).values_list("name", "user_id"))
        by_username = dict(
            user_model.objects.filter(username__in=order).values_list("username", "pk")
        )
        named = set(
            Pseudonym.objects.filter(user_id__in=by_username.values()).values_list(
                "user_id", flat=True
            )
        )
        for name in order:
            pseudonymous = PSEUDONYM.fullmatch(name) is not None
            if name in by_pseudonym:
                self.users[name] = by_pseudonym[name]
                continue
            if name in by_username:
                user_id = by_username[name]
            else:
                user = user_model(username=name)
                user.set_unusable_password()
                user.save()
                user_id = user.pk
                self.result.reviewers += 1
            if pseudonymous and user_id not in named:
                Pseudonym.objects.create(user_id=user_id, name=name)
            self.users[name] = user_id

    # Campaigns, outlets --------------------------------------------------------------------

    def campaign(self, name: str) -> Campaign:
        if name not in self.campaigns:
            campaign, created = Campaign.objects.get_or_create(name=name)
            if created:
                self.campaigns_made.add(campaign.pk)
            self.campaigns[name] = campaign
        return self.campaigns[name]

    def outlet_id(self, name: str | None, url: str) -> int | None:
        if not name:
            return None
        if name not in self.outlets:
            outlet = Outlet.objects.filter(name=name).order_by("pk").first()
            if outlet is None:
                outlet = outlet_get_or_create(name=name, domain=domain_of(url))
            if outlet.name != name:
                # Another outlet's name makes the same slug: keep this name as exported.
                outlet = Outlet.objects.create(
                    name=name, domain=domain_of(url), slug=_free_slug(outlet.slug)
                )
            self.outlets[name] = outlet
        return self.outlets[name].pk

    # Articles and sentences ----------------------------------------------------------------

    def articles_store(self, chunk: list[Group]) -> None:
        """Store the chunk's new articles and sentences with their exported ids; check the
        ones already stored (by this restore or before it) against the records."""
        unknown = {g.article[0] for g in chunk if g.article[0] not in self.articles}
        stored = {
            pk: (title, body)
            for pk, title, body in Article.objects.filter(pk__in=unknown).values_list(
                "pk", "title", "body"
            )
        }
        stored_sentences: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for row in (
            Sentence.objects.filter(article_id__in=stored)
            .order_by("article_id", "position")
            .values_list("article_id", "pk", "position", "paragraph", "kind", "start", "end")
        ):
            stored_sentences[row[0]].append(row[1:])
        new: list[Group] = []
        for group in chunk:
            article_id = group.article[0]
            signature = group.signature()
            known = self.articles.get(article_id)
            if known is not None:
                differs = [n for n, a, b in zip(SIGNED, known[0], signature, strict=True) if a != b]
                if differs:
                    raise self.error(
                        group,
                        differs[0],
                        f"article {article_id} differs from its records on line {known[2]} "
                        f"(campaign {known[1]!r})",
                    )
                continue
            self.articles[article_id] = (signature, group.campaign, group.line)
            if article_id in stored:
                stored_check(
                    group, stored[article_id], stored_sentences[article_id], source=self.source
                )
                self.result.existing_articles += 1
            else:
                new.append(group)
        conflicts_check(new, source=self.source)
        Article.objects.bulk_create([self._article(group) for group in new], batch_size=500)
        rows_insert(
            Sentence,
            ("id", "article_id", "position", "paragraph", "kind", "start", "end", "text"),
            (
                (sentence_id, group.article[0], position, paragraph, kind, start, end,
                 group.parts[2 * position + 1])
                for group in new
                for sentence_id, position, paragraph, kind, start, end in group.sentences
            ),
        )  # fmt: skip
        self.result.articles += len(new)
        self.result.sentences += sum(len(group.sentences) for group in new)

    def _article(self, group: Group) -> Article:
        article_id, url, outlet, title, author, published, language = group.article
        body = group.body
        # The JSONL importer puts a standfirst first, as its own paragraph.
        standfirst = [s for s in group.sentences if s[3] == Sentence.Kind.STANDFIRST]
        return Article(
            pk=article_id,
            outlet_id=self.outlet_id(outlet, url),
            batch=self.batch,
            title=title,
            standfirst=body[standfirst[0][4] : standfirst[-1][5]] if standfirst else "",
            author=author,
            url=url,
            published=_aware(published),
            language=language,
            body=body,
            # As the importer computes it (``ArticleDraft.set_body``).
            content_hash=body_hash(body),
        )

    # Campaign membership, reviews, labels, gold --------------------------------------------

    def work_store(self, chunk: list[Group]) -> None:
        campaigns = {group.campaign: self.campaign(group.campaign) for group in chunk}
        campaign_ids = {c.pk for c in campaigns.values()}
        article_ids = {group.article[0] for group in chunk}
        CampaignArticle = Campaign.articles.through
        CampaignArticle.objects.bulk_create(
            [
                CampaignArticle(campaign_id=campaigns[g.campaign].pk, article_id=g.article[0])
                for g in chunk
            ],
            ignore_conflicts=True,
        )
        CampaignReviewer = Campaign.reviewers.through
        CampaignReviewer.objects.bulk_create(
            [
                CampaignReviewer(campaign_id=campaigns[g.campaign].pk, user_id=self.users[name])
                for g in chunk
                for name in g.reviews
            ],
            ignore_conflicts=True,
        )
        for group in chunk:
            pk = campaigns[group.campaign].pk
            self.reviews_per_article[pk] = max(self.reviews_per_article[pk], len(group.reviews))
        self._reviews_store(chunk, campaigns, campaign_ids, article_ids)
        self._gold_store(chunk, campaigns, campaign_ids)

    def _reviews_store(
        self,
        chunk: list[Group],
        campaigns: dict[str, Campaign],
        campaign_ids: set[int],
        article_ids: set[int],
    ) -> None:
        existing = {
            (c, a, r): (pk, status)
            for pk, c, a, r, status in Review.objects.filter(
                campaign_id__in=campaign_ids, article_id__in=article_ids
            ).values_list("pk", "campaign_id", "article_id", "reviewer_id", "status")
        }
        stored_labels: dict[int, set[tuple[Any, ...]]] = defaultdict(set)
        for review_id, *label in Label.objects.filter(
            review_id__in=[pk for pk, _ in existing.values()]
        ).values_list(
            "review_id", "sentence_id", "value", "source", "note", "suggested_value",
            "suggested_score",
        ):  # fmt: skip
            stored_labels[review_id].add(tuple(label))
        reviews: list[Review] = []
        drafts: list[ReviewDraft] = []
        for group in chunk:
            for name, draft in group.reviews.items():
                key = (campaigns[group.campaign].pk, group.article[0], self.users[name])
                if key in existing:
                    pk, status = existing[key]
                    if status != draft.status or stored_labels[pk] != set(draft.labels):
                        raise IngestError(
                            f"campaign {group.campaign!r} already has a review of article "
                            f"{group.article[0]} by {name!r} with other labels: {HINT}",
                            source=self.source,
                            line=draft.line,
                            field="labels",
                        )
                    continue
                submitted = draft.status == Review.Status.SUBMITTED
                reviews.append(
                    Review(
                        campaign_id=key[0],
                        article_id=key[1],
                        reviewer_id=key[2],
                        status=draft.status,
                        submitted_at=self.now if submitted else None,
                    )
                )
                drafts.append(draft)
        Review.objects.bulk_create(reviews, batch_size=1000)
        labels = [
            (review.pk, *label) for review, draft in zip(reviews, drafts, strict=True)
            for label in draft.labels
        ]  # fmt: skip
        labels_restore(labels=labels, at=self.now)
        self.result.reviews += len(reviews)
        self.result.labels += len(labels)

    def _gold_store(
        self, chunk: list[Group], campaigns: dict[str, Campaign], campaign_ids: set[int]
    ) -> None:
        sentence_ids = {gold[0] for group in chunk for gold in group.gold}
        existing = {
            (c, s): (value, method, decided_by)
            for c, s, value, method, decided_by in GoldLabel.objects.filter(
                campaign_id__in=campaign_ids, sentence_id__in=sentence_ids
            ).values_list("campaign_id", "sentence_id", "value", "method", "decided_by_id")
        }
        gold_labels: list[GoldRow] = []
        for group in chunk:
            campaign_id = campaigns[group.campaign].pk
            for sentence_id, value, method, decided_by in group.gold:
                decider = self.users[decided_by] if decided_by else None
                stored = existing.get((campaign_id, sentence_id))
                if stored is None:
                    gold_labels.append((campaign_id, sentence_id, value, method, decider))
                elif stored != (value, method, decider):
                    raise self.error(
                        group,
                        "gold_label",
                        f"campaign {group.campaign!r} already has another gold label for "
                        f"sentence {sentence_id}: {HINT}",
                    )
        gold_restore(gold=gold_labels, at=self.now)
        self.result.gold_labels += len(gold_labels)

    def finish(self) -> None:
        for campaign in self.campaigns.values():
            wanted = self.reviews_per_article[campaign.pk]
            if campaign.pk in self.campaigns_made or campaign.reviews_per_article < wanted:
                Campaign.objects.filter(pk=campaign.pk).update(reviews_per_article=wanted)
        self.batch.article_count = self.result.articles
        self.batch.sentence_count = self.result.sentences
        self.batch.duplicate_count = self.result.existing_articles
        self.batch.status = ImportBatch.Status.DONE
        self.batch.finished_at = timezone.now()
        self.batch.save()


def _aware(value: str | None) -> datetime | None:
    if value is None:
        return None
    published = datetime.fromisoformat(value)
    return published if published.tzinfo else published.replace(tzinfo=UTC)


def _free_slug(slug: str) -> str:
    taken = set(Outlet.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    number = 2
    while f"{slug[:190]}-{number}" in taken:
        number += 1
    return f"{slug[:190]}-{number}"
