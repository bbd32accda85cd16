"""The accounts of the annotators a file names: found by pseudonym (our exports), username or
e-mail address, or made inactive and without a usable password (an admin activates one and
sets its password before its owner can log in)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from annotator.models import Pseudonym

# The names ``datasets.names`` gives reviewers in exports.
PSEUDONYM = re.compile(r"reviewer-[0-9a-f]{8}")


def reviewers_find_or_make(*, names: Iterable[str]) -> tuple[dict[str, int], int]:
    """Each name's account id, and how many accounts were made. A pseudonym of ours names
    its reviewer; a new account named with one keeps it as its pseudonym, so later exports
    show the same name. Queries: 3, plus 2 or 3 for each account made."""
    wanted = sorted(set(names))
    users = get_user_model()
    found = dict(Pseudonym.objects.filter(name__in=wanted).values_list("name", "user_id"))
    by_username = dict(users.objects.filter(username__in=wanted).values_list("username", "pk"))
    by_email: dict[str, list[int]] = {}
    emails = [name.casefold() for name in wanted if "@" in name]
    for email, pk in (
        users.objects.annotate(folded=Lower("email"))
        .filter(folded__in=emails)
        .values_list("folded", "pk")
    ):
        by_email.setdefault(email, []).append(pk)
    made = 0
    for name in wanted:
        if name in found:
            continue
        if name in by_username:
            found[name] = by_username[name]
            continue
        matches = by_email.get(name.casefold(), [])
        if len(matches) == 1:
            found[name] = matches[0]
            continue
        user = users(username=name, is_active=False, email=name if "@" in name else "")
        user.set_unusable_password()
        user.save()
        if PSEUDONYM.fullmatch(name):
            Pseudonym.objects.create(user=user, name=name)
        found[name] = user.pk
        made += 1
    return found, made
