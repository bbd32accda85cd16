"""The claim yardstick: 1,713 sentences of the article-extraction benchmark's pages, labelled
sourced / unsourced / opinion / no_claim by hand, that the built-in model is measured on.

How they were labelled. One of us read the first 15 sentences (fewer where a page has fewer)
of 46 English pages spread evenly over the benchmark's 181 (every third page or so of those with
twelve sentences or more: news, sport, reviews, press releases, shopping posts), each sentence
in its article's order, and gave it one label following the label table of DESIGN.md and the
vocabulary's descriptions. A second reading added the first 15 sentences of 12 more English
pages (180 sentences: markets, politics, science, a car launch, a gadget list, an advice column,
a health story) by the same rules. A third reading added the first 15 sentences of 14 more
English pages (210 sentences: a tennis report, a fact-check, a crime story, a science story, a
recipe blog, a newspaper editorial, a laptop review, a trade-war analysis, a media-business
column, a charity's grant post, a wildfire news report, a health advice list, a political
analysis, a personal-finance guide) by the same rules. A fourth reading added the first 15
sentences (fewer where a page has fewer) of 43 more English pages with twelve sentences or more
(640 sentences: wire and newspaper news on politics, courts, crime, a hostage swap,
deportations, protests, plague cases and space; live updates; sport reports, a football
explainer and a basketball box score; markets and business news; two fact-checks; a tabloid
story; a police blotter; opinion columns; a film feature and film news; a science feature; car
launches; tech analysis; shopping and deal posts; a gift guide; a press release; an app-store
blurb; coaching and diet blogs) by the same rules; 18 such English pages remain unlabelled,
most of them retelling a story already labelled. No program proposed a label. Where the
guideline leaves a choice, these readings were kept throughout:

- *sourced* needs the attribution in the sentence itself and an identifiable source: a named
  person or body, a document, a report, data, a link. "According to people familiar with the
  matter", "an insider told", "scientists believe", "Wall Street" are not identifiable, so the
  claim is *unsourced* (or *opinion* when what they say is a judgement).
- An attributed judgement, plea or slogan ("it was an attempt to mislead voters," X said) is
  *opinion*: the quote is not checkable; an attributed fact, forecast or allegation is sourced.
- A quotation's continuation sentence with no attribution of its own is judged on what it says
  (a fact: *unsourced*; a judgement: *opinion*).
- "X declined to comment" and reports of what someone did (charged, sent, announced a date)
  without a source for them are *unsourced*; "X announced / said / reported that ..." sourced.
- Headings, datelines, captions, lists of names, instructions, questions, sign-offs and
  tweets' date lines are *no_claim*.
- (Third reading, same spirit.) "X admitted / confirmed that ...", "the study / video shows"
  and a numbered reference to the article's list of sources ("... (2)") are *sourced*; a writer's
  report of its own doing ("we recommended a grant") is *unsourced*; advice put as "you should
  ..." is *opinion*, a bare imperative *no_claim*.
- (Fourth reading, same spirit.) An unnamed source a named outlet quotes ("a militant source told
  AFP") stays *unsourced*, while the outlet reporting ("CNBC, citing a government source,
  reported that ...") is *sourced*, and so is a spokesman or representative of a named body; a
  person's account of their own feelings ("I felt awful", "she was more relieved than happy")
  is *opinion*; box-score and charge lines are *unsourced* like stat lines, a product's name or
  price alone *no_claim*.

The labels are kept without the articles' text (the pages are not ours to copy): each line of
``yardsticks/claim_labels.jsonl`` names the page's file (its hash), the sentence's index among the
sentences our segmenter (``articles.ingest.segment``) makes of the page's marked article body,
the first ten hex digits of the SHA-256 of the sentence's text, and the label. ``labelled()``
re-derives each text from ``../shared`` at run time; a sentence whose hash no longer matches
(the segmenter changed) is left out and counted, so a drift shows instead of mislabelling.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from articles.ingest.segment import Paragraph, assemble, split_paragraphs
from tests.benchmarks import extraction

LABELS = Path(__file__).resolve().parent / "yardsticks" / "claim_labels.jsonl"


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    page: str
    index: int
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class Yardstick:
    sentences: list[LabelledSentence]
    drifted: int  # labels whose sentence text no longer matches its hash
    # Every sentence of each labelled page, labelled or not, in order: the articles' context.
    pages: dict[str, list[str]]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def page_sentences(body: str) -> list[str]:
    """The sentences our segmenter makes of a page's marked article body (English rules)."""
    text, spans = assemble([Paragraph(p) for p in split_paragraphs(body)])
    return [text[span.start : span.end] for span in spans]


def available() -> bool:
    return extraction.available()


def labelled() -> Yardstick:
    """The labelled sentences with their text from ``../shared`` (call ``available()`` first),
    in the order of the labels file (pages in name order, sentences in article order)."""
    truth = json.loads((extraction.ROOT / "ground-truth.json").read_text(encoding="utf-8"))
    cache: dict[str, list[str]] = {}
    found: list[LabelledSentence] = []
    drifted = 0
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        page = row["page"]
        if page not in cache:
            cache[page] = page_sentences(truth[page]["articleBody"])
        sentences = cache[page]
        index = row["sentence"]
        if index >= len(sentences) or text_hash(sentences[index]) != row["sha256"]:
            drifted += 1
            continue
        found.append(LabelledSentence(page, index, sentences[index], row["label"]))
    return Yardstick(found, drifted, cache)
