"""No silent overwrite of gold: a decision names the version it replaces; a stale one is
refused (409 on the page, with who decided what and both options); a decision is undoable
from the next page; two admins deciding at once can't both win."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from annotator.campaigns import gold
from annotator.campaigns.adjudication import gold_versions
from annotator.models import Campaign, GoldLabel, GoldLabelEvent
from articles.models import Article, Sentence
from tests.factories import PASSWORD, CampaignFactory, UserFactory, make_article, review_submitted
from tests.queries import count_queries


def _login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _disputed_campaign() -> tuple[Campaign, Article]:
    """k = 2: rita and otto agree on sentence 0 and disagree on sentences 1 and 3."""
    rita, otto = UserFactory.create(username="rita"), UserFactory.create(username="otto")
    campaign = CampaignFactory.create(name="Autumn audit", reviews_per_article=2)
    campaign.reviewers.add(rita, otto)
    article = make_article(sentences=4, title="Harbour plan")
    campaign.articles.add(article)
    review_submitted(campaign, rita, ["sourced", "opinion", "unsourced", "opinion"])
    review_submitted(campaign, otto, ["sourced", "unsourced", "unsourced", "no_claim"])
    return campaign, article


@pytest.fixture
def disputed(db):
    campaign, article = _disputed_campaign()
    ada = UserFactory.create(username="ada", is_staff=True)
    bob = UserFactory.create(username="bob", is_staff=True)
    return campaign, article, ada, bob


def _sentence(article: Article, position: int) -> Sentence:
    return article.sentences.get(position=position)


def _version(campaign: Campaign, sentence: Sentence) -> int:
    return gold_versions(campaign=campaign, sentence_ids=[sentence.pk]).get(sentence.pk, 0)


def _gold(campaign: Campaign, sentence: Sentence) -> tuple[str, str, str | None] | None:
    found = GoldLabel.objects.filter(campaign=campaign, sentence=sentence).first()
    if found is None:
        return None
    return found.value, found.method, found.decided_by.username if found.decided_by else None


# The service --------------------------------------------------------------------------------


def test_the_version_changes_with_every_change_and_never_repeats(disputed):
    campaign, article, ada, bob = disputed
    second = _sentence(article, 1)
    seen = [_version(campaign, second)]
    assert seen == [0]
    for value, actor in [("opinion", ada), (None, bob), ("opinion", ada), ("sourced", bob)]:
        decision = gold.gold_set(
            campaign=campaign, sentence=second, value=value, actor=actor, expected_version=seen[-1]
        )
        assert decision.version == _version(campaign, second)
        seen.append(decision.version)
    assert len(set(seen)) == len(seen) and seen == sorted(seen)
    # Unanimous gold has a version too: the automatic decision's event.
    assert _version(campaign, _sentence(article, 0)) > 0


def test_a_stale_decision_is_refused_saying_who_decided_what_and_stores_nothing(disputed):
    campaign, article, ada, bob = disputed
    second = _sentence(article, 1)
    seen = _version(campaign, second)
    gold.gold_set(campaign=campaign, sentence=second, value="opinion", actor=bob)
    events = GoldLabelEvent.objects.count()

    with pytest.raises(gold.GoldConflict) as refused:
        gold.gold_set(
            campaign=campaign, sentence=second, value="sourced", actor=ada, expected_version=seen
        )

    current = refused.value.current
    assert (current.actor, current.value, current.version) == ("bob", "opinion", _version(
        campaign, second
    ))  # fmt: skip
    assert "bob settled it as Opinion" in str(refused.value)
    assert _gold(campaign, second) == ("opinion", "adjudicated", "bob")
    assert GoldLabelEvent.objects.count() == events


def test_a_stale_decision_that_agrees_with_the_current_gold_stores_nothing_and_passes(disputed):
    campaign, article, ada, bob = disputed
    second = _sentence(article, 1)
    gold.gold_set(campaign=campaign, sentence=second, value="opinion", actor=bob)
    events = GoldLabelEvent.objects.count()
    decision = gold.gold_set(
        campaign=campaign, sentence=second, value="opinion", actor=ada, expected_version=0
    )
    assert decision.gold is not None and decision.version == _version(campaign, second)
    assert _gold(campaign, second) == ("opinion", "adjudicated", "bob")
    assert GoldLabelEvent.objects.count() == events


def test_gold_cleared_and_decided_again_meanwhile_is_still_a_conflict(disputed):
    campaign, article, ada, bob = disputed
    second = _sentence(article, 1)
    first = gold.gold_set(campaign=campaign, sentence=second, value="opinion", actor=bob)
    gold.gold_set(campaign=campaign, sentence=second, value=None, actor=bob)
    gold.gold_set(campaign=campaign, sentence=second, value="unsourced", actor=bob)
    with pytest.raises(gold.GoldConflict):
        gold.gold_set(
            campaign=campaign,
            sentence=second,
            value="sourced",
            actor=ada,
            expected_version=first.version,
        )
    assert _gold(campaign, second) == ("unsourced", "adjudicated", "bob")


def test_without_a_version_a_decision_overwrites_as_before(disputed):
    campaign, article, ada, bob = disputed
    second = _sentence(article, 1)
    gold.gold_set(campaign=campaign, sentence=second, value="opinion", actor=bob)
    gold.gold_set(campaign=campaign, sentence=second, value="sourced", actor=ada)
    assert _gold(campaign, second) == ("sourced", "adjudicated", "ada")


def test_undo_restores_the_state_before_with_its_decider_and_records_it(disputed):
    campaign, article, ada, bob = disputed
    first, second = _sentence(article, 0), _sentence(article, 1)
    # Over automatic gold: back to unanimous, nobody's decision.
    over_auto = gold.gold_set(campaign=campaign, sentence=first, value="opinion", actor=ada)
    event = GoldLabelEvent.objects.get(pk=over_auto.version)
    undone = gold.gold_undo(campaign=campaign, event=event, actor=ada)
    assert _gold(campaign, first) == ("sourced", "unanimous", None)
    recorded = GoldLabelEvent.objects.get(pk=undone.version)
    assert recorded.actor == ada
    assert (recorded.before, recorded.after) == (
        {"value": "opinion", "method": "adjudicated"},
        {"value": "sourced", "method": "unanimous"},
    )
    # Over bob's decision: back to bob's; over nothing: back to nothing.
    gold.gold_set(campaign=campaign, sentence=second, value="unsourced", actor=bob)
    mine = gold.gold_set(campaign=campaign, sentence=second, value="opinion", actor=ada)
    gold.gold_undo(campaign=campaign, event=GoldLabelEvent.objects.get(pk=mine.version), actor=ada)
    assert _gold(campaign, second) == ("unsourced", "adjudicated", "bob")
    third = _sentence(article, 3)
    fresh = gold.gold_set(campaign=campaign, sentence=third, value="opinion", actor=ada)
    gold.gold_undo(campaign=campaign, event=GoldLabelEvent.objects.get(pk=fresh.version), actor=ada)
    assert _gold(campaign, third) is None


def test_undo_after_someone_else_changed_the_gold_is_refused(disputed):
    campaign, article, ada, bob = disputed
    second = _sentence(article, 1)
    mine = gold.gold_set(campaign=campaign, sentence=second, value="opinion", actor=ada)
    gold.gold_set(campaign=campaign, sentence=second, value="sourced", actor=bob)
    with pytest.raises(gold.GoldConflict):
        gold.gold_undo(
            campaign=campaign, event=GoldLabelEvent.objects.get(pk=mine.version), actor=ada
        )
    assert _gold(campaign, second) == ("sourced", "adjudicated", "bob")


# Two admins at once (PostgreSQL: SQLite runs one writer at a time anyway) --------------------


def _race(campaign: Campaign, sentence: Sentence, ada, bob, version: int) -> list[str]:
    """Ada decides inside a transaction and holds it open until Bob, deciding from the same
    version, has started; then she commits. Returns what each got, Ada's first."""
    results: dict[str, str] = {}
    ada_wrote, bob_started = threading.Event(), threading.Event()

    def decide(who, value: str, *, hold: bool) -> None:
        from django.db import transaction

        try:
            with transaction.atomic():
                if not hold:
                    ada_wrote.wait(5)
                    bob_started.set()
                gold.gold_set(
                    campaign=campaign,
                    sentence=sentence,
                    value=value,
                    actor=who,
                    expected_version=version,
                )
                if hold:
                    ada_wrote.set()
                    bob_started.wait(5)
                    threading.Event().wait(0.3)  # Bob is now blocked on the lock, or past it
            results[who.username] = "stored"
        except gold.GoldConflict:
            results[who.username] = "conflict"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(ada, "opinion"), kwargs={"hold": True}),
        threading.Thread(target=decide, args=(bob, "sourced"), kwargs={"hold": False}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return [results.get("ada", "?"), results.get("bob", "?")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
@pytest.mark.parametrize("existing", [False, True], ids=["no gold yet", "gold to replace"])
def test_of_two_admins_deciding_from_the_same_version_only_one_wins(existing):
    campaign, article = _disputed_campaign()
    ada = UserFactory.create(username="ada", is_staff=True)
    bob = UserFactory.create(username="bob", is_staff=True)
    second = _sentence(article, 1)
    if existing:
        gold.gold_set(campaign=campaign, sentence=second, value="unsourced", actor=ada)
    version = _version(campaign, second)

    assert _race(campaign, second, ada, bob, version) == ["stored", "conflict"]
    assert _gold(campaign, second) == ("opinion", "adjudicated", "ada")
    assert GoldLabelEvent.objects.filter(sentence=second).count() == 1 + existing


# The pages ------------------------------------------------------------------------------------


def _item(campaign: Campaign, sentence: Sentence) -> str:
    return reverse("adjudication-item", args=[campaign.pk, sentence.pk])


def test_a_stale_decision_on_the_page_says_who_decided_what_and_offers_both(disputed):
    campaign, article, ada, bob = disputed
    second = _sentence(article, 1)
    client = _login(ada)
    page = client.get(_item(campaign, second)).text
    shown = re.search(r'name="version" value="(\d+)"', page)
    assert shown is not None and int(shown.group(1)) == _version(campaign, second) == 0
    gold.gold_set(campaign=campaign, sentence=second, value="opinion", actor=bob)

    response = client.post(_item(campaign, second), {"value": "sourced", "version": "0"})

    assert response.status_code == 409
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.text))
    assert "While you were deciding, bob settled this sentence as Opinion at " in text
    assert "You chose Sourced: nothing was stored." in text
    assert "Keep theirs" in text and "Replace with mine" in text
    assert _gold(campaign, second) == ("opinion", "adjudicated", "bob")

    # Replace with mine: the same choice, now naming the version it replaces.
    replace = re.search(
        r'<input type="hidden" name="version" value="(\d+)">\s*<a class="button"', response.text
    )
    assert replace is not None and int(replace.group(1)) == _version(campaign, second)
    again = client.post(_item(campaign, second), {"value": "sourced", "version": replace.group(1)})
    assert again.status_code == 302
    assert _gold(campaign, second) == ("sourced", "adjudicated", "ada")


def test_keep_theirs_leads_on_and_stores_nothing(disputed):
    campaign, article, ada, bob = disputed
    second, fourth = _sentence(article, 1), _sentence(article, 3)
    gold.gold_set(campaign=campaign, sentence=second, value="opinion", actor=bob)
    events = GoldLabelEvent.objects.count()
    response = _login(ada).post(_item(campaign, second), {"value": "sourced", "version": "0"})
    keep = re.search(r'<a class="button" href="([^"]+)">Keep theirs</a>', response.text)
    assert keep is not None and keep.group(1).startswith(_item(campaign, fourth))
    assert GoldLabelEvent.objects.count() == events


def test_nothing_that_decides_has_focus_when_the_adjudication_pages_open(disputed):
    campaign, article, ada, _ = disputed
    client = _login(ada)
    gold.gold_set(campaign=campaign, sentence=_sentence(article, 1), value="opinion", actor=ada)
    item = client.get(_item(campaign, _sentence(article, 3))).text
    assert "autofocus" not in item
    assert 'data-key="Backspace"' not in item and 'data-key="Enter"' not in item
    listing = client.get(reverse("adjudication", args=[campaign.pk]) + "?show=all").text
    # The list's one focused element is a link to the first disagreement: Enter only opens it.
    assert re.findall(r"<(\w+)[^>]*\bautofocus\b", listing) == ["a"]


def test_the_next_page_offers_to_undo_the_decision_and_undo_restores_it(disputed):
    campaign, article, ada, _ = disputed
    second, fourth = _sentence(article, 1), _sentence(article, 3)
    client = _login(ada)

    settled = client.post(_item(campaign, second), {"value": "opinion", "version": "0"})
    assert settled.status_code == 302 and settled["Location"].startswith(_item(campaign, fourth))
    following = client.get(settled["Location"]).text
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", following))
    assert f"Settled “{second.text[:40]}" in text and "as Opinion · Undo" in text
    undo = re.search(r'<form method="post" action="([^"]+)"[^>]*id="undo-form"', following)
    assert undo is not None

    undone = client.post(undo.group(1).replace("&amp;", "&"))
    assert undone.status_code == 302 and undone["Location"].startswith(_item(campaign, second))
    assert _gold(campaign, second) is None
    last = GoldLabelEvent.objects.filter(sentence=second).latest("pk")
    assert (last.actor, last.before, last.after) == (
        ada,
        {"value": "opinion", "method": "adjudicated"},
        None,
    )
    back = client.get(undone["Location"]).text
    assert "is back to no gold label" in back and "No gold label yet." in back


def test_the_last_decision_is_undoable_from_the_list(disputed):
    campaign, article, ada, _ = disputed
    client = _login(ada)
    client.post(_item(campaign, _sentence(article, 1)), {"value": "opinion", "version": "0"})
    last = client.post(
        _item(campaign, _sentence(article, 3)), {"value": "no_claim", "version": "0"}
    )
    assert last["Location"].startswith(reverse("adjudication", args=[campaign.pk]))
    listing = client.get(last["Location"]).text
    assert 'id="undo-form"' in listing and "Settled “" in listing


def test_nobody_undoes_another_admins_decision_from_their_link(disputed):
    campaign, article, ada, bob = disputed
    second = _sentence(article, 1)
    mine = gold.gold_set(campaign=campaign, sentence=second, value="opinion", actor=ada)
    url = reverse("adjudication-undo", args=[campaign.pk, mine.version])
    assert _login(bob).post(url).status_code == 404
    assert (
        'id="undo-form"'
        not in _login(bob)
        .get(_item(campaign, _sentence(article, 3)) + f"?settled={mine.version}")
        .text
    )
    assert _gold(campaign, second) == ("opinion", "adjudicated", "ada")


def test_undo_of_a_decision_changed_since_says_so_and_changes_nothing(disputed):
    campaign, article, ada, bob = disputed
    second = _sentence(article, 1)
    mine = gold.gold_set(campaign=campaign, sentence=second, value="opinion", actor=ada)
    gold.gold_set(campaign=campaign, sentence=second, value="sourced", actor=bob)
    client = _login(ada)
    response = client.post(reverse("adjudication-undo", args=[campaign.pk, mine.version]))
    assert "Not undone: The gold label changed meanwhile: bob settled it as Sourced" in (
        client.get(response["Location"]).text
    )
    assert _gold(campaign, second) == ("sourced", "adjudicated", "bob")


def test_the_new_pages_and_posts_cost_the_same_queries_as_the_campaign_grows(disputed):
    campaign, article, ada, bob = disputed
    client = _login(ada)
    second, fourth = _sentence(article, 1), _sentence(article, 3)

    def measure() -> list[int]:
        mine = gold.gold_set(campaign=campaign, sentence=second, value="opinion", actor=ada)
        settled = f"?settled={mine.version}"
        seen = str(_version(campaign, fourth))
        figures = [
            count_queries(lambda: client.get(_item(campaign, fourth) + settled)),
            count_queries(
                lambda: client.get(reverse("adjudication", args=[campaign.pk]) + settled)
            ),
            count_queries(
                lambda: client.post(_item(campaign, fourth), {"value": "sourced", "version": seen}),
                expect=302,
            ),
            count_queries(
                lambda: client.post(reverse("adjudication-undo", args=[campaign.pk, mine.version])),
                expect=302,
            ),
        ]
        gold.gold_set(campaign=campaign, sentence=second, value="unsourced", actor=bob)
        figures.append(
            count_queries(
                lambda: client.post(
                    _item(campaign, second), {"value": "sourced", "version": str(mine.version)}
                ),
                expect=409,
            )
        )
        gold.gold_set(campaign=campaign, sentence=fourth, value=None, actor=ada)
        gold.gold_set(campaign=campaign, sentence=second, value=None, actor=ada)
        return figures

    def grow(n: int) -> None:
        rita, otto = campaign.reviewers.order_by("-username")
        for i in range(n):
            campaign.articles.add(make_article(sentences=6, title=f"More {n} {i}"))
            review_submitted(campaign, rita, ["opinion"] * 6)
            review_submitted(campaign, otto, ["sourced", "opinion"] * 3)

    grow(1)  # a disagreement after each measured one, as in any real campaign
    before = measure()
    grow(3)
    assert measure() == before
