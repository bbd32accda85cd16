"""The quick English path (articles/ingest/punkt.py) gives exactly nupunkt's spans."""

from __future__ import annotations

import random

import pytest

from articles.ingest import punkt
from tests.articles.segment_cases import CASES

# Our own paragraphs, each built around something nupunkt decides with care.
PARAGRAPHS = [
    "J. R. R. Tolkien wrote it in 1937. C. S. Lewis read the drafts.",
    "The No. 4 bus was late again. No. 12 never came.",
    "He moved to the U.S. in 1990. The U.S. Army hired him. It paid well.",
    "Prices rose 3.5% in May. 2.1% of that was fuel. The rest was food.",
    "Rates fell to 4.25 p.m. Tuesday. At 5 p.m. Wednesday they rose.",
    "She works at Acme Corp. in Leeds. Acme Corp. Chief Executive Jane Doe declined to comment.",
    "“We will not back down. The vote is final,” she said. Nobody replied.",
    '"Is it over?" he asked. "Not yet." She left.',
    "Really?! That was it? Yes!! Then go.",
    "Visit www.example.org. Write to jane.doe@example.com. Call 555-0100.",
    "See https://news.example/a.b?c=d. Then read pp. 12-14. Fig. 3 shows it.",
    "He said... nothing. Then… She laughed. Wait. . . what?",
    "The vote (held on Jan. 3.) passed. [Citation needed.] Done.",
    "Gen. Okafor arrived. Lt. Col. Marsh met him. Sgt. Diaz did not.",
    "It was 9 a.m. The doors opened at 10 a.m. sharp.",
    "Inc. Magazine ranked it first. Ltd. companies followed.",
    "i. Preparation. ii. Delivery. iii. Review.",
    "1. Filing opens. 2. Voting starts. (a). Results.",
    "Mr. and Mrs. Smith, Ph.D., arrived at 8. They left at 11. e.g. on foot.",
    "The O'Briens' house. The dogs' bowls. Rock'n'roll. The '90s were loud.",
    "‘Fine,’ she said. ‘Go.’ He went. »Ja.« Er ging.",
    "Wow ! ! That hurt . Very much .",
    "Ellipsis at the end…",
    "Is this the end?” he asked, “or not?” Then silence.",
    "Prices: approx. 12,000 units vs. 9,000. Est. 2001. Tel. 555. Ext. 4.",
    "ZÜRICH. Die Bank meldet Gewinne. Naïve café owners. Ö. Über alles.",
    "Voters in St. Louis and Ft. Worth agreed. Mt. Hood did not.",
    "He quit.) Then he came back.] And left again.}",
    "Yahoo! in 2005 bought it. Google? in 2006 did not.",
    "The 1st. The 2nd. The 24th. The 3rd.",
]


def _nupunkt(paragraph: str) -> list[tuple[int, int]]:
    return list(punkt.MODEL.span_tokenize(paragraph, realign_boundaries=True))


@pytest.mark.parametrize("paragraph", PARAGRAPHS + [text for text, _ in CASES])
def test_the_quick_path_gives_nupunkts_spans(paragraph):
    spans = punkt.sentence_spans(paragraph)
    assert spans is None or spans == _nupunkt(paragraph)


def test_our_paragraphs_take_the_quick_path():
    left = [p for p in PARAGRAPHS if punkt.sentence_spans(p) is None]
    # Only the spaced ellipsis (". . .") is left to nupunkt.
    assert left == ["He said... nothing. Then… She laughed. Wait. . . what?"]


@pytest.mark.parametrize(
    "paragraph", ["Line one.\nLine two.", " Leading space. Here.", "Wait. . . what? Yes."]
)
def test_what_it_leaves_to_nupunkt(paragraph):
    assert punkt.sentence_spans(paragraph) is None


PIECES = (
    "Mr. Dr. Gen. St. Jan. Sept. No. no. pp. e.g. i.e. etc. U.S. U.K. a.m. p.m. Inc. Ltd. Co. "
    "Corp. J. R. A. b. X. I. II. iv. 1. 12. 3.5 4.2% $4.2 2,300. 1990s. '90s the The a A she "
    "She He it They in said. said asked? What? Why! Yahoo! ?! !! ... … word... word… \" “ ” ‘ ’ ' "
    '( ) [ ] } » * -- — , ; : "Hello." “Stop.” ‘Go.’ (see.) [sic.] (a). ill. civ. '
    "www.example.org. jane@example.com. v1.2.3. 3. 10. 1,000. -5. .5 #1. AT&T. O'Brien. don't. "
    "dogs'. gov’t. mid-Jan. U.S.-led Ph.D. approx. vs. Fig. Washington Paris. LONDON. iPhone. "
    "x. Z. É. Zürich. ß. Ω. 1st. 24th. 9am. . ? ! ?\" !” .) .] .”) .' .’ ?) @ # $ % & I'm I’ll "
    "But And However, Then I May Monday Tuesday. Mt. Lt. Sgt. Rev. Messrs. Jr. Dept. ca. c. v."
).split(" ")


def _generated(count: int) -> list[str]:
    rng = random.Random(18)
    spaces = [" "] * 12 + ["", "  ", "\u00a0"]
    paragraphs = []
    for _ in range(count):
        words = [rng.choice(PIECES) + rng.choice(spaces) for _ in range(rng.randint(1, 12))]
        paragraphs.append("".join(words).strip())
    return paragraphs


def test_generated_paragraphs_give_nupunkts_spans():
    differ, quick = [], 0
    for paragraph in _generated(3000):
        spans = punkt.sentence_spans(paragraph)
        if spans is None:
            continue
        quick += 1
        if spans != _nupunkt(paragraph):
            differ.append(paragraph)
    assert differ == []
    assert quick > 2000
