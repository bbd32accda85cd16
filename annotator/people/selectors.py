"""Reads for the People page."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet

from annotator.models import Campaign, Review


def people_list() -> QuerySet[User]:
    """Every account, admins first, then by username; each with ``submitted`` (its submitted
    reviews) and ``campaign_list`` (the campaigns it reviews in, by name). Queries: 2."""
    return (
        User.objects.annotate(
            submitted=Count("reviews", filter=Q(reviews__status=Review.Status.SUBMITTED))
        )
        .prefetch_related(
            Prefetch(
                "campaigns",
                queryset=Campaign.objects.only("pk", "name").order_by("name"),
                to_attr="campaign_list",
            )
        )
        .order_by("-is_active", "-is_staff", "username")
    )
