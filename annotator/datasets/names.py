"""The names exports give reviewers: a stable pseudonym each (made the first time one is
needed), or their usernames when the export asks for real names."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from annotator.datasets.options import ExportOptions
from annotator.models import Campaign, GoldLabel, Pseudonym


def reviewer_names(options: ExportOptions, campaigns: list[Campaign]) -> dict[int, str]:
    """User id → the name exports show: a stable pseudonym, or the username if asked."""
    users = get_user_model().objects.filter(reviews__campaign__in=campaigns).distinct()
    deciders = GoldLabel.objects.filter(campaign__in=campaigns, decided_by__isnull=False)
    ids = set(users.values_list("pk", flat=True)) | set(
        deciders.values_list("decided_by_id", flat=True).distinct()
    )
    if options.real_names:
        return dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))
    return pseudonyms_for(ids)


def pseudonyms_for(user_ids: Iterable[int]) -> dict[int, str]:
    """Each user's pseudonym, made now for those who have none yet. Queries: 1 to 3."""
    wanted = set(user_ids)
    names = dict(Pseudonym.objects.filter(user_id__in=wanted).values_list("user_id", "name"))
    missing = sorted(wanted - names.keys())
    while missing:
        made = {user_id: f"reviewer-{secrets.token_hex(4)}" for user_id in missing}
        try:
            with transaction.atomic():
                Pseudonym.objects.bulk_create(
                    Pseudonym(user_id=user_id, name=name) for user_id, name in made.items()
                )
        except IntegrityError:
            # Another export named them at the same moment (or, once in four billion, a name
            # repeated): read what is stored and try again for whoever is still missing.
            names = dict(
                Pseudonym.objects.filter(user_id__in=wanted).values_list("user_id", "name")
            )
            missing = sorted(wanted - names.keys())
            continue
        names.update(made)
        missing = []
    return names
