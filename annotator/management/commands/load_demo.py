"""``manage.py load_demo``: the demo corpus, a demo campaign, and demo logins (printed)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from annotator.models import Campaign
from articles.ingest.sources import load_source
from articles.models import Article, ImportBatch
from articles.services import batch_import

DEMO_DIR = Path(__file__).resolve().parent.parent.parent / "demo"
# The demo articles are fictional; so are their outlets.
OUTLETS = {
    "01-flood-barrier.txt": "Harbourview Gazette",
    "02-clinic-waiting-times.txt": "Northgate Courier",
    "03-tram-opinion.txt": "The Eastern Ledger",
    "04-scraped-bakery-page.txt": "Harbourview Gazette",
}
GUIDELINES = """Tag every sentence that makes a claim.

Sourced (s): a checkable claim the text attributes to a named person, body, document or data.
Unsourced (u): a checkable claim with no attribution.
Opinion (o): a value judgement, prediction or rhetoric.
No claim (n): headings, questions, transitions.

When in doubt between sourced and unsourced, ask: could a reader find out who said it?"""


class Command(BaseCommand):
    help = "Load the demo articles and campaign, and (re)set the demo logins, printing them."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            for path in sorted(DEMO_DIR.glob("*.txt")):
                batch_import(
                    drafts=load_source(str(path)).drafts,
                    source_name=f"demo/{path.name}",
                    source_format=ImportBatch.Format.TEXT,
                    outlet_name=OUTLETS.get(path.name, ""),
                )
            logins = {
                "reviewer": self._user("reviewer", staff=False),
                "admin": self._user("admin", staff=True),
            }
            campaign, _ = Campaign.objects.get_or_create(
                name="Demo campaign", defaults={"guidelines": GUIDELINES}
            )
            campaign.articles.add(*Article.objects.filter(batch__source_name__startswith="demo/"))
            campaign.reviewers.add(*get_user_model().objects.filter(username__in=logins))

        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000/"))
        for username, password in logins.items():
            self.stdout.write(f"  {username:<9} password: {password}")

    def _user(self, username: str, *, staff: bool) -> str:
        password = secrets.token_urlsafe(9)
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.is_staff = user.is_superuser = staff
        user.set_password(password)
        user.save()
        return password
