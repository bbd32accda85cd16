"""``manage.py load_demo``: the demo corpus, a demo campaign, and demo logins (printed).

Run again, it keeps the demo logins' passwords (someone may have changed them) and says how
to reset them: ``--reset-passwords``, or ``manage.py changepassword <username>``."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from annotator.models import Campaign
from annotator.review.attribution import suggest_source
from annotator.review.queue import review_next
from annotator.review.services import label_set, review_submit
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

- **Sourced** (`s`): a checkable claim the text attributes to a named person, body, document
  or data. Note the source as written (`e`).
- **Unsourced** (`u`): a checkable claim with no attribution.
- **Opinion** (`o`): a value judgement, prediction or rhetoric.
- **No claim** (`n`): headings, questions, transitions.

When in doubt between sourced and unsourced, ask: *could a reader find out who said it?*"""


# Two fictional pilot reviewers (no password: nobody logs in as them).
PILOT_REVIEWERS = ("maya.pilot", "theo.pilot")
PILOT_SWAP = {
    "sourced": "unsourced",
    "unsourced": "opinion",
    "opinion": "unsourced",
    "no_claim": "opinion",
}


def _pilot_label(text: str) -> str:
    """A plausible first reading of a sentence, enough for demo figures."""
    if text.rstrip().endswith("?") or len(text.split()) < 5:
        return "no_claim"
    if suggest_source(text):
        return "sourced"
    if any(word in text.lower() for word in (" should ", " must ", " best ", " worst ", "!")):
        return "opinion"
    return "unsourced"


class Command(BaseCommand):
    help = (
        "Load the demo articles and campaign, and create the demo logins, printing their "
        "passwords (existing logins keep theirs unless --reset-passwords)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give the demo logins new passwords even when they exist.",
        )
        parser.add_argument(
            "--port",
            default=os.environ.get("PORT", "8000"),
            help="The port the demo is served on, for the address printed ($PORT, else 8000).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reset = options["reset_passwords"]
        with transaction.atomic():
            for path in sorted(DEMO_DIR.glob("*.txt")):
                batch_import(
                    drafts=load_source(str(path)).drafts,
                    source_name=f"demo/{path.name}",
                    source_format=ImportBatch.Format.TEXT,
                    outlet_name=OUTLETS.get(path.name, ""),
                )
            logins = {
                "reviewer": self._user("reviewer", staff=False, reset=reset),
                "admin": self._user("admin", staff=True, reset=reset),
            }
            articles = Article.objects.filter(batch__source_name__startswith="demo/")
            campaign, _ = Campaign.objects.get_or_create(
                name="Demo campaign", defaults={"guidelines": GUIDELINES, "reviews_per_article": 2}
            )
            campaign.articles.add(*articles)
            campaign.reviewers.add(*get_user_model().objects.filter(username__in=logins))
            self._pilot(articles)

        address = f"http://127.0.0.1:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Log in at {address}"))
        kept = [username for username, password in logins.items() if password is None]
        for username, password in logins.items():
            if password is not None:
                self.stdout.write(f"  {username:<9} password: {password}")
            else:
                self.stdout.write(f"  {username:<9} exists: its password is unchanged")
        if kept:
            self.stdout.write(
                "To reset the demo passwords: python manage.py load_demo --reset-passwords "
                f"(or one of them: python manage.py changepassword {kept[0]})."
            )

    def _pilot(self, articles: Any) -> None:
        """A finished pilot by two fictional reviewers who disagree now and then, so admins
        see agreement figures and have disagreements to settle on first run."""
        pilot, created = Campaign.objects.get_or_create(
            name="Pilot study", defaults={"guidelines": GUIDELINES, "reviews_per_article": 2}
        )
        if not created:
            return
        pilot.articles.add(*articles)
        people = []
        for username in PILOT_REVIEWERS:
            person, _ = get_user_model().objects.get_or_create(username=username)
            person.set_unusable_password()
            person.save()
            people.append(person)
        pilot.reviewers.add(*people)
        for turn, person in enumerate(people):
            while (review := review_next(reviewer=person)) is not None:
                sentences = review.article.sentences.order_by("position")
                for n, sentence in enumerate(sentences):
                    value = _pilot_label(sentence.text)
                    if turn and n % 5 == 3:  # the second reviewer reads some sentences differently
                        value = PILOT_SWAP[value]
                    source = suggest_source(sentence.text) if value == "sourced" else ""
                    label_set(
                        review=review, sentence=sentence, value=value, actor=person, source=source
                    )
                review_submit(review=review, actor=person)

    def _user(self, username: str, *, staff: bool, reset: bool) -> str | None:
        """The login's new password; None when it existed with a password and is kept."""
        user, created = get_user_model().objects.get_or_create(username=username)
        user.is_staff = user.is_superuser = staff
        if not created and user.has_usable_password() and not reset:
            user.save()
            return None
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.save()
        return password
