from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from annotator.models import Campaign, Prediction
from articles.models import Article, Outlet, Sentence
from tests.factories import make_article


def _write(tmp_path: Path, rows: list[dict[str, Any]], name: str = "preds.jsonl") -> str:
    path = tmp_path / name
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return str(path)


def _import(path: str, *args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_predictions", path, "--campaign", "Spring audit", *args, stdout=out,
                 verbosity=0)  # fmt: skip
    return out.getvalue()


def _stored(campaign: Campaign) -> dict[int, tuple[str, float, str, str]]:
    return {
        p.sentence_id: (p.value, p.score, p.model_name, p.model_version)
        for p in Prediction.objects.filter(campaign=campaign)
    }


@pytest.fixture
def sentences(campaign, article) -> list[Sentence]:
    article.url = "https://planet.example/lido"
    article.outlet = Outlet.objects.create(name="Daily Planet", slug="daily-planet")
    article.save()
    return list(article.sentences.order_by("position"))


def test_rows_land_on_sentences_by_id_offsets_and_text(tmp_path, campaign, article, sentences):
    one, two, three, four, _ = sentences
    path = _write(
        tmp_path,
        [
            {"sentence_id": one.pk, "label": "Sourced", "score": 0.9},
            # offsets: a phrase inside the sentence, and the whole sentence
            {"article_id": article.pk, "start": two.start + 3, "end": two.end - 4,
             "label": "opinion", "score": 0.4},
            {"article_url": article.url, "start": three.start, "end": three.end,
             "label": "no claim", "score": 0.7, "model_version": "7"},
            {"title": "a test ARTICLE", "outlet": "daily planet", "text": f"  {four.text} ",
             "label": "UNSOURCED", "score": 1},
        ],
    )  # fmt: skip
    output = _import(path, "--model-name", "theirs", "--model-version", "2")
    assert _stored(campaign) == {
        one.pk: ("sourced", 0.9, "theirs", "2"),
        two.pk: ("opinion", 0.4, "theirs", "2"),
        three.pk: ("no_claim", 0.7, "theirs", "7"),
        four.pk: ("unsourced", 1.0, "theirs", "2"),
    }
    assert "Stored 4 predictions" in output
    assert "could not be placed" not in output


def test_rows_that_land_nowhere_are_reported_and_the_rest_stored(
    tmp_path, campaign, article, sentences
):
    stranger = make_article(sentences=2, title="Elsewhere")
    path = _write(
        tmp_path,
        [
            {"sentence_id": sentences[0].pk, "label": "sourced", "score": 0.9},
            {"sentence_id": stranger.sentences.first().pk, "label": "sourced", "score": 0.9},
            {"article_id": article.pk, "text": "Nobody wrote this.", "label": "opinion",
             "score": 0.5},
            {"article_id": article.pk, "start": sentences[1].start, "end": sentences[2].end,
             "label": "opinion", "score": 0.5},
            {"article_url": "https://nowhere.example/", "start": 0, "end": 5, "label": "opinion",
             "score": 0.5},
            {"article_id": article.pk, "start": 0, "end": 100000, "label": "opinion",
             "score": 0.5},
        ],
    )  # fmt: skip
    output = _import(path)
    assert list(_stored(campaign)) == [sentences[0].pk]
    assert "5 rows could not be placed on a sentence of the campaign and were skipped" in output
    assert f"{path}:2: sentence {stranger.sentences.first().pk} is not in campaign" in output
    assert f"{path}:3: no sentence of the article has the text 'Nobody wrote this.'" in output
    assert f"{path}:4: the span" in output and "covers 2 sentences" in output
    assert f"{path}:5: no article of campaign 'Spring audit' has the URL" in output
    assert f"{path}:6: offsets 0-100000 are outside article {article.pk}" in output


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ({"label": "sourced", "score": 2}, "field 'score': expected a number from 0 to 1, got 2"),
        ({"label": "sourced"}, "field 'score': missing"),
        ({"score": 0.5}, "field 'label': missing"),
        ({"label": "sourced", "score": 0.5, "start": 3}, "field 'end': start and end come"),
    ],
)
def test_a_bad_line_stores_nothing(tmp_path, campaign, sentences, row, error):
    good = {"sentence_id": sentences[0].pk, "label": "sourced", "score": 0.9}
    bad = {"article_id": sentences[0].article_id, **row}
    path = _write(tmp_path, [good, bad])
    with pytest.raises(CommandError) as raised:
        _import(path)
    assert str(raised.value).startswith(f"{path}:2: {error}")
    assert str(raised.value).endswith("Nothing was imported.")
    assert not Prediction.objects.exists()


def test_unknown_labels_are_named_and_can_be_mapped(tmp_path, campaign, sentences):
    names = ["Claim", "Fact", "Claim", "opinion", "opinion"]
    rows = [
        {"sentence_id": s.pk, "label": label, "score": 0.5}
        for s, label in zip(sentences, names, strict=True)
    ]
    path = _write(tmp_path, rows)
    with pytest.raises(CommandError) as raised:
        _import(path)
    assert str(raised.value).startswith(
        f"{path}: field 'label': unknown labels 'Claim' (line 1, 2 times), 'Fact' (line 2): our "
        'labels are sourced, unsourced, opinion, no_claim; map yours with --map "Claim=sourced"'
    )
    _import(path, "--map", "claim=unsourced", "--map", "Fact=Sourced")
    assert [v for v, *_ in _stored(campaign).values()].count("unsourced") == 2


def test_csv_rows_and_a_second_import_replace_the_models_predictions(tmp_path, campaign, sentences):
    path = tmp_path / "preds.csv"
    path.write_text(
        "sentence_id,label,score\n" + "".join(f"{s.pk},opinion,0.5\n" for s in sentences)
    )
    _import(str(path))
    path.write_text(f"sentence_id,label,score,model_version\n{sentences[0].pk},sourced,0.8,v2\n")
    output = _import(str(path))
    assert "(0 new, 1 replacing the same model's earlier ones)" in output
    assert _stored(campaign)[sentences[0].pk] == ("sourced", 0.8, "imported", "v2")
    assert Prediction.objects.count() == 5


def test_unknown_campaign_is_refused(tmp_path, campaign, sentences):
    path = _write(tmp_path, [{"sentence_id": sentences[0].pk, "label": "opinion", "score": 1}])
    with pytest.raises(CommandError, match="no such campaign"):
        call_command("import_predictions", path, "--campaign", "Autumn", verbosity=0)
    assert Article.objects.count() == 1
