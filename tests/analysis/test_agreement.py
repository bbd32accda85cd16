from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from fractions import Fraction

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from annotator.analysis.agreement import (
    EVERYONE_USED_LABEL,
    NEEDS_TWO_REVIEWS,
    NO_VARIATION,
    NOBODY_USED_LABEL,
    PAIR_NO_VARIATION,
    Figure,
    agreement_report,
    alpha,
    alpha_by_group,
    alpha_by_label,
    fleiss_kappa,
    pair_agreements,
    percent_agreement,
)
from annotator.analysis.ratings import CATEGORIES, Ratings
from annotator.analysis.selectors import campaign_agreement
from annotator.models import Campaign, Label, Review
from annotator.vocabulary import LabelValue
from articles.models import Article, Outlet
from tests.factories import CampaignFactory, UserFactory, make_article

type Row = tuple[int | str, int | str, str]

SOURCED, UNSOURCED, OPINION, NO_CLAIM = CATEGORIES


# Independent implementations: the textbook formulas in exact arithmetic, straight from the
# ratings, sharing no code with annotator.analysis.agreement (which counts with numpy and calls
# krippendorff and statsmodels).


def ratings_by_unit(rows: Iterable[Row]) -> dict[int | str, list[tuple[int | str, str]]]:
    units: dict[int | str, list[tuple[int | str, str]]] = defaultdict(list)
    for unit, coder, value in rows:
        units[unit].append((coder, value))
    return units


def ref_alpha(rows: Iterable[Row]) -> tuple[Fraction | None, int, int]:
    """Krippendorff (2011), nominal: 1 - (n - 1) * sum(o_ck, c != k) / sum(n_c n_k, c != k)."""
    pairable = [values for values in ratings_by_unit(rows).values() if len(values) >= 2]
    coincidences: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
    for values in pairable:
        m = len(values)
        for i, (_, c) in enumerate(values):
            for j, (_, k) in enumerate(values):
                if i != j:
                    coincidences[c, k] += Fraction(1, m - 1)
    n_c: dict[str, Fraction] = defaultdict(Fraction)
    for (c, _), o in coincidences.items():
        n_c[c] += o
    n = sum(n_c.values())
    observed = sum(o for (c, k), o in coincidences.items() if c != k)
    expected = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k)
    reviewers = len({coder for values in pairable for coder, _ in values})
    if not pairable or expected == 0:
        return None, len(pairable), reviewers
    return 1 - (n - 1) * Fraction(observed) / expected, len(pairable), reviewers


def ref_cohen(pairs: Sequence[tuple[str, str]]) -> Fraction | None:
    """Cohen (1960): kappa = (p_o - p_e) / (1 - p_e), p_e from each rater's own marginals."""
    n = len(pairs)
    p_o = Fraction(sum(a == b for a, b in pairs), n)
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    p_e = sum(Fraction(first[c] * second[c], n * n) for c in first)
    return None if p_e == 1 else (p_o - p_e) / (1 - p_e)


def ref_fleiss(subjects: Sequence[Sequence[str]]) -> Fraction | None:
    """Fleiss (1971): kappa = (P - P_e) / (1 - P_e) for N subjects with n ratings each."""
    n = len(subjects[0])
    assert all(len(s) == n for s in subjects)
    big_n = len(subjects)
    totals: Counter[str] = Counter()
    p_bar = Fraction(0)
    for subject in subjects:
        tally = Counter(subject)
        totals.update(tally)
        p_bar += Fraction(sum(x * x for x in tally.values()) - n, n * (n - 1))
    p_bar /= big_n
    p_e = sum(Fraction(t, big_n * n) ** 2 for t in totals.values())
    return None if p_e == 1 else (p_bar - p_e) / (1 - p_e)


def ref_percent(rows: Iterable[Row]) -> tuple[Fraction | None, Fraction | None]:
    """Mean share of agreeing ordered pairs per sentence, and share of unanimous sentences."""
    pairable = [[v for _, v in vs] for vs in ratings_by_unit(rows).values() if len(vs) >= 2]
    if not pairable:
        return None, None
    shares = []
    for values in pairable:
        pairs = [(a, b) for i, a in enumerate(values) for j, b in enumerate(values) if i != j]
        shares.append(Fraction(sum(a == b for a, b in pairs), len(pairs)))
    unanimous = Fraction(sum(len(set(values)) == 1 for values in pairable), len(pairable))
    return sum(shares, Fraction(0)) / len(shares), unanimous


def ref_shared(rows: Iterable[Row], a: int | str, b: int | str) -> list[tuple[str, str]]:
    shared = []
    for values in ratings_by_unit(rows).values():
        mine = dict(values)
        if a in mine and b in mine:
            shared.append((mine[a], mine[b]))
    return shared


def ref_confusion(rows: Iterable[Row], a: int | str, b: int | str) -> list[list[int]]:
    tally = Counter(ref_shared(rows, a, b))
    return [[tally[c, k] for k in CATEGORIES] for c in CATEGORIES]


def assert_figure(
    figure: Figure, value: Fraction | float | None, sentences: int, reviewers: int
) -> None:
    assert (figure.sentences, figure.reviewers) == (sentences, reviewers)
    if value is None:
        assert figure.value is None and figure.note
    else:
        assert figure.value is not None
        assert abs(figure.value - float(value)) <= 1e-9


# Textbook examples.

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C: four observers,
# twelve units, values 1-5, missing values as ".". Unit 12 has a single value.
KRIPPENDORFF_C = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}


def test_alpha_matches_krippendorffs_nominal_example_with_missing_values():
    rows = [
        (unit, observer, value)
        for observer, line in KRIPPENDORFF_C.items()
        for unit, value in enumerate(line.split(), start=1)
        if value != "."
    ]
    ratings = Ratings.build(rows, categories=("1", "2", "3", "4", "5"))

    figure = alpha(ratings)

    # By hand: pairable values n_c = 9, 13, 10, 5, 3 (n = 40); the off-diagonal coincidences
    # sum to 8; sum over c != k of n_c n_k = 40² - (81 + 169 + 100 + 25 + 9) = 1216.
    # alpha = 1 - 39 * 8 / 1216 = 113/152 = 0.743.
    assert_figure(figure, Fraction(113, 152), sentences=11, reviewers=4)
    assert round(figure.value or 0, 3) == 0.743
    assert figure.note == "1 sentence with a single review left out"
    assert ref_alpha(rows)[0] == Fraction(113, 152)


def test_cohen_kappa_matches_the_classic_two_by_two_table():
    # Two readers, 50 proposals: both yes 20, A yes B no 5, A no B yes 10, both no 15.
    cells = [(SOURCED, SOURCED)] * 20 + [(SOURCED, UNSOURCED)] * 5
    cells += [(UNSOURCED, SOURCED)] * 10 + [(UNSOURCED, UNSOURCED)] * 15
    rows = [
        (i, coder, value)
        for i, pair in enumerate(cells)
        for coder, value in zip("AB", pair, strict=True)
    ]
    ratings = Ratings.build(rows)

    (pair,) = pair_agreements(ratings)

    # p_o = 35/50 = 0.7; p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = 0.2 / 0.5 = 0.4.
    assert (pair.reviewer_a, pair.reviewer_b) == ("A", "B")
    assert_figure(pair.kappa, Fraction(2, 5), sentences=50, reviewers=2)
    assert pair.confusion == ((20, 5, 0, 0), (10, 15, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0))
    reversed_pair = agreement_report(ratings).pair("B", "A")
    assert reversed_pair.confusion == ((20, 10, 0, 0), (5, 15, 0, 0), (0,) * 4, (0,) * 4)
    pairwise, unanimous = percent_agreement(ratings)
    assert_figure(pairwise, Fraction(7, 10), sentences=50, reviewers=2)
    assert_figure(unanimous, Fraction(7, 10), sentences=50, reviewers=2)


# Fleiss' kappa on Wikipedia: 10 subjects, 14 raters each, 5 categories.
FLEISS_TABLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_kappa_matches_the_wikipedia_example():
    rows = []
    for subject, counts in enumerate(FLEISS_TABLE):
        values = [str(category) for category, n in enumerate(counts, 1) for _ in range(n)]
        rows += [(subject, rater, value) for rater, value in enumerate(values)]
    ratings = Ratings.build(rows, categories=("1", "2", "3", "4", "5"))

    figure = fleiss_kappa(ratings)

    # By hand: sum of P_i numerators (sum n_ij² - 14) = 688, so P = 688 / (10 * 182) = 0.378;
    # column totals 20, 28, 39, 21, 32 of 140, so P_e = 4170 / 19600 = 0.213.
    p, p_e = Fraction(688, 1820), Fraction(4170, 19600)
    assert_figure(figure, (p - p_e) / (1 - p_e), sentences=10, reviewers=14)
    assert round(figure.value or 0, 3) == 0.210
    assert figure.note == ""
    # With the same 14 ratings per subject, pairwise percent agreement is Fleiss' P.
    assert_figure(percent_agreement(ratings)[0], p, sentences=10, reviewers=14)


# Random data against the independent implementations.


def random_rows(seed: int) -> tuple[list[Row], dict[int | str, int | str | None]]:
    """Six reviewers, some sentences reviewed by none to six of them, opinion never used."""
    rng = random.Random(seed)
    used = [SOURCED, UNSOURCED, NO_CLAIM]
    rows: list[Row] = []
    outlet_of: dict[int | str, int | str | None] = {}
    for unit in range(rng.randint(40, 160)):
        outlet_of[unit] = rng.choice([1, 2, None])
        truth = rng.choice(used)
        for coder in range(1, 7):
            if rng.random() < 0.45:
                continue  # this reviewer has no review of the sentence's article
            rows.append((unit, coder, truth if rng.random() < 0.6 else rng.choice(used)))
    rng.shuffle(rows)
    return rows, outlet_of


@pytest.mark.parametrize("seed", range(8))
def test_every_figure_matches_the_textbook_formulas_on_random_data(seed):
    rows, outlet_of = random_rows(seed)
    ratings = Ratings.build(rows)

    assert_figure(alpha(ratings), *ref_alpha(rows))

    for category, figure in alpha_by_label(ratings).items():
        binary = [(u, c, "this" if v == category else "rest") for u, c, v in rows]
        assert_figure(figure, *ref_alpha(binary))

    for outlet, figure in alpha_by_group(ratings, outlet_of).items():
        assert_figure(figure, *ref_alpha([r for r in rows if outlet_of[r[0]] == outlet]))

    units = ratings_by_unit(rows)
    tally = Counter(len(values) for values in units.values() if len(values) >= 2)
    m = max(tally, key=lambda size: (tally[size], size))
    subjects = [values for values in units.values() if len(values) == m]
    reviewers = len({coder for values in subjects for coder, _ in values})
    expected = ref_fleiss([[v for _, v in values] for values in subjects])
    assert_figure(fleiss_kappa(ratings), expected, len(subjects), reviewers)

    pairwise, unanimous = percent_agreement(ratings)
    expected_pairwise, expected_unanimous = ref_percent(rows)
    pairable, reviewers = ref_alpha(rows)[1:]
    assert_figure(pairwise, expected_pairwise, pairable, reviewers)
    assert_figure(unanimous, expected_unanimous, pairable, reviewers)

    pairs = pair_agreements(ratings)
    expected_pairs = [
        (a, b) for a in range(1, 7) for b in range(a + 1, 7) if ref_shared(rows, a, b)
    ]
    assert [(p.reviewer_a, p.reviewer_b) for p in pairs] == expected_pairs
    for pair in pairs:
        shared = ref_shared(rows, pair.reviewer_a, pair.reviewer_b)
        assert_figure(pair.kappa, ref_cohen(shared), len(shared), 2)
        assert [list(row) for row in pair.confusion] == ref_confusion(
            rows, pair.reviewer_a, pair.reviewer_b
        )


@pytest.mark.parametrize("seed", range(3))
def test_a_label_nobody_used_is_a_category_that_changes_no_figure(seed):
    rows, outlet_of = random_rows(seed)
    full = agreement_report(Ratings.build(rows), outlet_of=outlet_of)
    without = Ratings.build(rows, categories=[SOURCED, UNSOURCED, NO_CLAIM])

    assert full.categories == tuple(LabelValue.values)
    assert full.alpha_by_label[OPINION] == Figure(
        None, full.alpha.sentences, full.alpha.reviewers, NOBODY_USED_LABEL
    )
    assert full.alpha.value == pytest.approx(alpha(without).value, abs=1e-12)
    assert full.fleiss_kappa.value == pytest.approx(fleiss_kappa(without).value, abs=1e-12)
    for pair, other in zip(full.pairs, pair_agreements(without), strict=True):
        assert pair.kappa.value == pytest.approx(other.kappa.value, abs=1e-12)
        assert len(pair.confusion) == 4
        assert pair.confusion[2] == (0, 0, 0, 0)
        assert [row[2] for row in pair.confusion] == [0, 0, 0, 0]


# Undefined figures: None with a note, never NaN or an exception.


def test_one_review_per_sentence_gives_no_figures_and_says_why():
    report = agreement_report(Ratings.build([(1, "rita", SOURCED), (2, "otto", OPINION)]))

    for figure in [
        report.alpha,
        *report.alpha_by_label.values(),
        report.fleiss_kappa,
        report.percent_agreement,
        report.unanimous,
    ]:
        assert figure.value is None
        assert figure.sentences == 0
        assert figure.note == NEEDS_TWO_REVIEWS
    assert report.pairs == ()
    assert report.sentences == 2 and report.labels == 2
    assert report.pair("rita", "otto") is None  # nothing shared, nothing to tabulate


def test_everyone_agreeing_on_one_label_gives_no_chance_corrected_figures():
    rows = [(unit, coder, NO_CLAIM) for unit in range(5) for coder in ("rita", "otto", "ivan")]
    report = agreement_report(Ratings.build(rows))

    assert report.alpha == Figure(None, 5, 3, NO_VARIATION)
    assert report.fleiss_kappa == Figure(None, 5, 3, NO_VARIATION)
    assert report.alpha_by_label[NO_CLAIM].note == EVERYONE_USED_LABEL
    assert report.alpha_by_label[SOURCED].note == NOBODY_USED_LABEL
    assert {pair.kappa for pair in report.pairs} == {Figure(None, 5, 2, PAIR_NO_VARIATION)}
    # Raw agreement is defined: everyone agrees everywhere.
    assert report.percent_agreement == Figure(1.0, 5, 3)
    assert report.unanimous == Figure(1.0, 5, 3)


def test_reviewers_who_always_disagree_have_a_kappa_of_zero():
    rows = [(unit, "rita", SOURCED) for unit in range(4)]
    rows += [(unit, "otto", OPINION) for unit in range(4)]
    ratings = Ratings.build(rows)
    (pair,) = pair_agreements(ratings)
    assert (pair.reviewer_a, pair.reviewer_b) == ("otto", "rita")
    assert pair.kappa == Figure(0.0, 4, 2)
    assert agreement_report(ratings).pair("rita", "otto").confusion[0] == (0, 0, 4, 0)


def test_no_ratings_at_all_give_an_empty_report():
    report = agreement_report(Ratings.build([]))
    data = json.loads(json.dumps(report.as_dict(), allow_nan=False))
    assert data["alpha"] == {
        "value": None,
        "sentences": 0,
        "reviewers": 0,
        "note": NEEDS_TWO_REVIEWS,
    }
    assert data["pairs"] == {} and data["alpha_by_outlet"] == [] and data["reviewers"] == []


def test_fleiss_kappa_uses_the_most_common_number_of_reviews_and_says_so():
    rows = [(1, "a", SOURCED), (1, "b", SOURCED), (1, "c", OPINION)]
    rows += [(2, "a", OPINION), (2, "b", OPINION), (2, "c", OPINION)]
    rows += [(3, "a", SOURCED), (3, "b", OPINION)]
    rows += [(4, "c", SOURCED)]
    figure = fleiss_kappa(Ratings.build(rows))
    assert (figure.sentences, figure.reviewers) == (2, 3)
    assert (
        figure.note
        == "on the 2 sentences with 3 reviews each; 2 with other numbers of reviews left out"
    )
    expected = ref_fleiss([[SOURCED, SOURCED, OPINION], [OPINION, OPINION, OPINION]])
    assert figure.value == pytest.approx(float(expected or 0), abs=1e-12)


def test_fleiss_kappa_prefers_more_reviews_per_sentence_on_a_tie():
    rows = [
        (unit, coder, SOURCED if unit != coder else OPINION) for unit in (1, 2) for coder in (1, 2)
    ]
    rows += [
        (unit, coder, OPINION if unit != coder else NO_CLAIM)
        for unit in (3, 4)
        for coder in (1, 2, 3)
    ]
    figure = fleiss_kappa(Ratings.build(rows))
    assert (figure.sentences, figure.reviewers) == (2, 3)
    assert figure.note.startswith("on the 2 sentences with 3 reviews each")


def test_broken_ratings_are_refused():
    with pytest.raises(ValueError, match="maybe"):
        Ratings.build([(1, "rita", "maybe")])
    with pytest.raises(ValueError, match="more than one label"):
        Ratings.build([(1, "rita", SOURCED), (1, "rita", OPINION)])


# The campaign's figures, read from the database.


def review_with_labels(
    campaign: Campaign,
    article: Article,
    reviewer: User,
    values: Sequence[str],
    *,
    submitted: bool = True,
) -> Review:
    review = Review.objects.create(
        campaign=campaign,
        article=article,
        reviewer=reviewer,
        status=Review.Status.SUBMITTED if submitted else Review.Status.IN_PROGRESS,
        submitted_at=timezone.now() if submitted else None,
    )
    sentences = article.sentences.order_by("position")
    Label.objects.bulk_create(
        Label(review=review, sentence=sentence, value=value)
        for sentence, value in zip(sentences, values, strict=True)
    )
    return review


@pytest.fixture
def outlets() -> tuple[Outlet, Outlet]:
    return (
        Outlet.objects.create(name="The Daily Bugle", slug="bugle"),
        Outlet.objects.create(name="Gazette", slug="gazette"),
    )


@pytest.mark.django_db
def test_campaign_agreement_counts_every_submitted_review_and_nothing_else(outlets):
    rita, otto, ivan = (UserFactory.create(username=name) for name in ("rita", "otto", "ivan"))
    bugle_story = make_article(sentences=4, title="Bugle", outlet=outlets[0])
    gazette_story = make_article(sentences=3, title="Gazette", outlet=outlets[1])
    campaign = CampaignFactory.create(name="Spring audit")
    other = CampaignFactory.create(name="Autumn audit")
    review_with_labels(campaign, bugle_story, rita, [SOURCED, OPINION, NO_CLAIM, UNSOURCED])
    review_with_labels(campaign, bugle_story, otto, [SOURCED, UNSOURCED, NO_CLAIM, UNSOURCED])
    review_with_labels(campaign, gazette_story, rita, [OPINION, OPINION, NO_CLAIM])
    review_with_labels(campaign, gazette_story, otto, [OPINION, NO_CLAIM, NO_CLAIM])
    # Neither a review in progress nor another campaign's labels count.
    review_with_labels(campaign, bugle_story, ivan, [OPINION] * 4, submitted=False)
    review_with_labels(other, gazette_story, ivan, [SOURCED] * 3)

    report = campaign_agreement(campaign=campaign)

    rows = list(
        Label.objects.filter(review__campaign=campaign, review__status="submitted").values_list(
            "sentence_id", "review__reviewer_id", "value"
        )
    )
    assert len(rows) == 14
    assert_figure(report.alpha, *ref_alpha(rows))
    assert [(r.id, r.username) for r in report.reviewers] == [(rita.pk, "rita"), (otto.pk, "otto")]
    assert [(o.name, o.alpha.sentences) for o in report.alpha_by_outlet] == [
        ("Gazette", 3),
        ("The Daily Bugle", 4),
    ]
    assert report.pair(rita.pk, otto.pk).confusion == ref_confusion_tuple(rows, rita.pk, otto.pk)
    assert report.pair(otto.pk, ivan.pk) is None  # they share no sentence

    data = json.loads(json.dumps(report.as_dict(), allow_nan=False))
    assert data["sentences"] == 7 and data["labels"] == 14
    assert data["reviewers"] == [
        {"id": rita.pk, "username": "rita"},
        {"id": otto.pk, "username": "otto"},
    ]
    assert list(data["pairs"]) == [f"{rita.pk}-{otto.pk}"]
    assert data["pairs"][f"{rita.pk}-{otto.pk}"]["kappa"]["sentences"] == 7
    assert data["alpha_by_outlet"][1]["name"] == "The Daily Bugle"
    assert set(data["alpha_by_label"]) == set(LabelValue.values)


def ref_confusion_tuple(rows: list[Row], a: int, b: int) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(row) for row in ref_confusion(rows, a, b))


@pytest.mark.django_db
@pytest.mark.parametrize("articles", [1, 6])
def test_campaign_agreement_costs_three_queries_whatever_the_number_of_labels(
    articles, outlets, django_assert_num_queries
):
    campaign = CampaignFactory.create()
    reviewers = [UserFactory.create() for _ in range(3)]
    rng = random.Random(articles)
    for n in range(articles):
        article = make_article(sentences=8, title=f"Story {n}", outlet=outlets[n % 2])
        for reviewer in reviewers:
            values = [rng.choice(CATEGORIES) for _ in range(8)]
            review_with_labels(campaign, article, reviewer, values)

    with django_assert_num_queries(3):  # the labels as integers, their reviews, the names
        report = campaign_agreement(campaign=campaign)

    assert report.labels == articles * 8 * 3
    assert report.alpha.sentences == articles * 8 and report.alpha.reviewers == 3


@pytest.mark.django_db
def test_campaign_without_submitted_reviews_has_no_figures(campaign, review):
    report = campaign_agreement(campaign=campaign)
    assert report.alpha.value is None and report.labels == 0
