"""Setting up campaigns: saving one (bringing its automatic gold up to date when its rules
change), and adding or taking out its articles. Reads are in ``selectors``; gold labels'
writes in ``gold``."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.forms import ModelForm

from annotator.campaigns.gold import gold_refresh_campaign
from annotator.models import Campaign
from articles.models import Article

# What automatic gold depends on: when either changes, gold is brought up to date.
GOLD_RULES = ("reviews_per_article", "accept_majority")


@transaction.atomic
def campaign_save(*, form: ModelForm) -> tuple[Campaign, int | None]:
    """Save a valid campaign form (web page or API). When it changed k or the majority
    setting of an existing campaign, automatic gold is brought up to date. Returns the
    campaign and how many gold labels changed (None when the rules did not change)."""
    creating = form.instance.pk is None
    campaign: Campaign = form.save()
    if creating or not set(GOLD_RULES) & set(form.changed_data):
        return campaign, None
    return campaign, gold_refresh_campaign(campaign=campaign)


def campaign_open_set(*, campaign: Campaign, is_open: bool) -> None:
    """Open the campaign (reviewers can take its articles) or close it (its labels are frozen).
    Queries: 1."""
    campaign.is_open = is_open
    campaign.save(update_fields=["is_open"])


@transaction.atomic
def campaign_articles_add(*, campaign: Campaign, articles: QuerySet[Article]) -> int:
    """Add the articles to the campaign (those already in it are left as they are).

    Returns how many were new. Queries: 3, whatever the number of articles.
    """
    through = Campaign.articles.through
    before = through.objects.filter(campaign=campaign).count()
    through.objects.bulk_create(
        (
            through(campaign_id=campaign.pk, article_id=pk)
            for pk in articles.values_list("pk", flat=True)
        ),
        ignore_conflicts=True,
        batch_size=2000,
    )
    return through.objects.filter(campaign=campaign).count() - before


@transaction.atomic
def campaign_articles_remove(*, campaign: Campaign, articles: QuerySet[Article]) -> tuple[int, int]:
    """Take the articles out of the campaign, except those someone has started reviewing
    there (their reviews and labels must keep their campaign). Returns (removed, kept)."""
    chosen = Campaign.articles.through.objects.filter(
        campaign=campaign, article__in=articles.values("pk")
    )
    reviewed = chosen.filter(article__reviews__campaign=campaign).values("pk")
    kept = reviewed.distinct().count()
    removed, _ = chosen.exclude(pk__in=reviewed).delete()
    return removed, kept
