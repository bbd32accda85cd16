"""An article's language: detected from its text, or given by its record, and used to split it."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.ingest.errors import IngestError
from articles.ingest.language import DEFAULT_LANGUAGE, article_language, detect_language
from articles.ingest.pipeline import parse, segment_stream
from articles.ingest.segment import Span, SpanKind
from articles.models import Article
from tests.articles.inputs import write
from tests.articles.segment_cases_i18n import SAMPLES
from tests.factories import UserFactory, make_article


@pytest.mark.parametrize("language", SAMPLES)
def test_detector_names_the_language_of_a_news_paragraph(language):
    assert detect_language(SAMPLES[language]) == language


@pytest.mark.parametrize("text", ["", "OK.", "12 345 678", "Why now"])
def test_text_too_short_to_tell_gets_the_default_language(text):
    assert detect_language(text) == DEFAULT_LANGUAGE == "en"


@pytest.mark.parametrize(
    ("text", "language"), [("谁来买单？政府尚未回应。", "zh"), ("株価は4%下落した。", "ja")]
)
def test_a_short_chinese_or_japanese_sentence_is_enough_to_tell(text, language):
    assert detect_language(text) == language


def test_control_characters_and_withdrawn_codes_do_not_reach_the_result():
    assert detect_language("\x01\x7f" + SAMPLES["de"]) == "de"
    hebrew = "מועצת העיר הצביעה ביום שלישי בעד העלאת דמי החניה במרכז העיר."
    assert detect_language(hebrew) == "he"  # the detector says "iw"


def test_article_language_reads_the_title_and_first_paragraphs_only():
    title = "Stadtrat erhöht die Parkgebühren"
    assert article_language(title, [SAMPLES["de"]] * 10 + [SAMPLES["en"]] * 30) == "de"


def jsonl(*records: dict[str, str]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


GERMAN = {
    "title": "Kommission legt Bericht vor",
    "text": "Das steht in dem 3. Bericht der Kommission. Er wurde am Montag veröffentlicht.",
}


def test_a_record_is_split_with_the_rules_of_its_detected_language():
    (draft,) = parse(jsonl(GERMAN), source="feed.jsonl").drafts
    assert draft.language == "de"
    assert [draft.body[s.start : s.end] for s in draft.spans] == [
        "Das steht in dem 3. Bericht der Kommission.",
        "Er wurde am Montag veröffentlicht.",
    ]


def test_a_records_language_field_overrides_detection():
    (draft,) = parse(jsonl({**GERMAN, "language": "EN"}), source="feed.jsonl").drafts
    assert draft.language == "en"
    assert len(draft.spans) == 3  # English rules cut after "3."


def test_a_regional_tag_is_kept_lower_cased_and_split_with_its_language():
    record = {"title": "Câmara aprova tarifa", "text": "A Sra. Costa elogiou. A oposição não."}
    (draft,) = parse(jsonl({**record, "language": "pt-BR"}), source="feed.jsonl").drafts
    assert draft.language == "pt-br"
    assert [draft.body[s.start : s.end] for s in draft.spans] == [
        "A Sra. Costa elogiou.",
        "A oposição não.",
    ]


@pytest.mark.parametrize("value", ["german", "d", "pt_BR", "12", "en-", "x" * 3 + "-abcdefghi"])
def test_a_language_that_is_not_a_code_is_an_error_naming_the_field(value):
    with pytest.raises(IngestError) as caught:
        parse(jsonl({**GERMAN, "language": value}), source="feed.jsonl")
    assert str(caught.value).startswith("feed.jsonl:1: field 'language': expected a language code")


def test_a_csv_column_gives_the_language_too():
    csv = 'title,text,language\nA title,"Das steht in dem 3. Bericht. Er kam.",de\n'
    (draft,) = parse(csv, source="feed.csv").drafts
    assert draft.language == "de"
    assert len(draft.spans) == 2


def test_worker_processes_detect_and_return_each_articles_language():
    records = [
        {"title": f"Bericht {n}", "text": f"{GERMAN['text']} Nummer {n} folgt."} for n in range(70)
    ]
    records[5] = {"title": "Council story", "text": SAMPLES["en"]}
    parsed = parse(jsonl(*records), source="feed.jsonl", segment=False)
    drafts = list(segment_stream(parsed.drafts, workers=2, chunk=10))
    languages = [draft.language for draft in drafts]
    assert languages == ["de"] * 5 + ["en"] + ["de"] * 64
    assert len(drafts[0].spans) == 3


def test_worker_processes_give_what_segmenting_here_gives_standfirsts_included():
    records = [
        {"title": f"Story {n}", "standfirst": f"The short version, number {n}.",
         "text": f"The council met on Monday. It voted {n} to 3.\n\nDr. Lee said no."}
        for n in range(70)
    ]  # fmt: skip

    def segmented(workers: int) -> list[tuple[str, list[Span], str]]:
        parsed = parse(jsonl(*records), source="feed.jsonl", segment=False)
        drafts = segment_stream(parsed.drafts, workers=workers, chunk=10)
        return [(draft.body, draft.spans, draft.language) for draft in drafts]

    here = segmented(1)
    assert segmented(2) == here
    assert [span.kind for span in here[0][1]][:2] == [SpanKind.STANDFIRST, SpanKind.BODY]


@pytest.mark.django_db
def test_import_stores_the_language_of_each_article(tmp_path):
    french = {"title": "Le maire démissionne", "text": SAMPLES["fr"]}
    path = write(
        tmp_path,
        "feed.jsonl",
        jsonl(GERMAN, french, {**GERMAN, "title": "B", "language": "de-AT", "text": "Anders."}),
    )
    call_command("import_articles", str(path), verbosity=0)
    assert dict(Article.objects.values_list("title", "language")) == {
        "Kommission legt Bericht vor": "de",
        "Le maire démissionne": "fr",
        "B": "de-at",
    }


@pytest.mark.django_db
def test_admin_lists_articles_with_their_language_and_filters_by_it(client):
    client.force_login(UserFactory.create(username="boss", is_staff=True, is_superuser=True))
    make_article(title="Bericht der Kommission", language="de")
    make_article(title="Council report", text="The council met. It voted.")
    page = client.get(reverse("admin:articles_article_changelist") + "?language=de").text
    assert 'class="field-language">de<' in page
    assert "Bericht der Kommission" in page and "Council report" not in page
