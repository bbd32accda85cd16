"""``accounts.sql.live_session`` gives what the ORM gives, on random sessions: with a user,
without one, expired, and keys that don't exist."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from annotator.accounts import sql
from annotator.models import UserSession
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _orm(key: str):
    try:
        found = UserSession.objects.select_related("user").get(
            session_key=key, expire_date__gt=timezone.now()
        )
    except UserSession.DoesNotExist:
        return None
    return found.session_data, found.user


@pytest.mark.parametrize("seed", range(4))
def test_live_session_gives_the_orms_row(seed):
    rng = random.Random(seed)
    users = [UserFactory.create(username=f"u{seed}-{n}", is_active=rng.random() > 0.2)
             for n in range(4)]  # fmt: skip
    now = timezone.now()
    keys = []
    for n in range(30):
        key = f"k{seed}x{n:02d}" + "a" * 20
        UserSession.objects.create(
            session_key=key,
            session_data=f"data-{n}-{rng.random()}",
            expire_date=now + timedelta(minutes=rng.choice([-60, -1, 1, 60])),
            user=rng.choice([None, *users]),
        )
        keys.append(key)
    keys += ["missing" + "b" * 30, ""]
    for key in keys:
        expected, got = _orm(key), sql.live_session(key)
        if expected is None:
            assert got is None, key
            continue
        assert got is not None and got[0] == expected[0]
        if expected[1] is None:
            assert got[1] is None
        else:
            assert got[1] is not None
            fields = [f.attname for f in type(expected[1])._meta.concrete_fields]
            assert [getattr(got[1], f) for f in fields] == [getattr(expected[1], f) for f in fields]
