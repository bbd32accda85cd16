"""Find the articles in a plain-text dump of a web page and drop the site's furniture.

Nothing here knows any one site. Each line is classified from signals any news page shows:

- phrasing typical of site furniture in any outlet ("Continue reading", "Leave a reply",
  "Share this", donation and newsletter appeals, cookie notices, copyright lines);
- lines repeated on the page, and runs of short menu-like lines;
- structure: an article starts at a title-like line that is followed, after an optional
  standfirst, byline, date or credit, by body paragraphs; a title-like line between two body
  paragraphs is a subheading; an end marker ("Continue reading", "Related", comment widgets)
  closes the article, and text after it belongs to no article until the next title (once the
  readers' comments open under an article, until a title with a byline or date under it).

The result lists each article's title, standfirst, author, date and paragraphs, and every line
that was dropped (so a preview can show what was taken out).

The phrasing rules live in ``line_rules.py``, the structure in ``page_structure.py``; here the
line model (``lines.py``) overrules them where it is sure, and ``find_articles`` puts it together.
"""

from __future__ import annotations

from collections.abc import Sequence

from articles.ingest.line_rules import (
    FURNITURE_PHRASING,
    classify,
    opens_comments,
)
from articles.ingest.lines import LineModel, default_model, heaviest_run
from articles.ingest.page_lines import Kind, Line, ends_sentence, word_count
from articles.ingest.page_structure import (
    PageResult,
    is_prose,
    is_single_sentence,
    one_article,
    structure,
)
from articles.ingest.segment import Paragraph, SpanKind

# How sure the line model must be, on balance, that a run of lines is article text: a run is
# kept when the sum of (probability - SEGMENT_MARGIN) × words over its lines is at least
# MIN_SEGMENT_GAIN. Chosen out of fold on the benchmark pages (tests/benchmarks).
SEGMENT_MARGIN = 0.45
MIN_SEGMENT_GAIN = 8.0
# Article text is made of sentences: a line that ends none (a headline, a menu entry, a teaser
# list's item) weighs this share of its words, so a list of headlines the model half-believes
# can't outweigh a story's paragraphs, yet still joins the run it sits in. Chosen out of fold
# on the benchmark pages, like the two above (any share from 0.02 to 0.1 scores the same).
UNFINISHED_WEIGHT = 0.1
# Inside a run of article text, a line whose phrasing the rules took for furniture ("… privacy
# policy …") is kept when it reads as prose and the model gives it at least this probability.
# Appeals to the reader are never kept.
RESCUE_PROBABILITY = 0.2


def content_runs(lines: Sequence[Line], scores: Sequence[float]) -> list[tuple[int, int]]:
    """Runs of lines that are, on balance, article text, in page order: (first, last) each.

    Each line weighs its words times how far the model's probability is above
    SEGMENT_MARGIN (a line that ends no sentence, only UNFINISHED_WEIGHT of that when
    positive); the heaviest run is taken, then the heaviest runs on either side of it, as
    long as they weigh at least MIN_SEGMENT_GAIN. A short line of furniture between paragraphs
    can't split a run; a long list of links can.
    """
    gains = []
    for line, score in zip(lines, scores, strict=True):
        gain = (score - SEGMENT_MARGIN) * word_count(line.text)
        gains.append(gain if gain < 0 or ends_sentence(line.text) else gain * UNFINISHED_WEIGHT)
    runs: list[tuple[int, int]] = []
    pending = [(0, len(lines))]
    while pending:
        low, high = pending.pop()
        if high <= low:
            continue
        first, last, total = heaviest_run(gains, low, high)
        if total <= 0 or (runs and total < MIN_SEGMENT_GAIN):
            continue  # the heaviest run stands alone: a page's article may be one paragraph
        runs.append((first, last))
        pending += [(low, first), (last + 1, high)]
    return sorted(runs)


def _apply_model(lines: list[Line], scores: list[float]) -> list[bool]:
    """Let the line model overrule the phrasing rules; return which lines are article text."""
    inside = [False] * len(lines)
    for first, last in content_runs(lines, scores):
        for index in range(first, last + 1):
            inside[index] = True
    for index, (line, score) in enumerate(zip(lines, scores, strict=True)):
        line.score = score
        if inside[index]:
            if (
                line.kind == Kind.FURNITURE
                and line.reason == FURNITURE_PHRASING
                and is_prose(line.text)
                and score >= RESCUE_PROBABILITY
            ):
                line.kind, line.reason = Kind.TEXT, ""
            elif (
                line.kind == Kind.END
                and not opens_comments(line)
                and _text_follows(lines, inside, index)
            ):
                # "Related: …" or "Read more" between paragraphs of one article. The readers'
                # comments, however well written, are not the article's.
                line.kind = Kind.FURNITURE

        elif line.kind == Kind.FURNITURE and line.reason:
            line.reason += f"; the model finds it unlike article text (p={score:.2f})"
    return inside


def _text_follows(lines: list[Line], inside: list[bool], index: int) -> bool:
    for following in range(index + 1, min(index + 4, len(lines))):
        if lines[following].kind == Kind.TEXT and inside[following]:
            return True
        if lines[following].kind == Kind.TITLE:
            return False
    return False


def find_articles(
    text: str,
    *,
    model: LineModel | None = None,
    keep: frozenset[int] = frozenset(),
    leave_out: frozenset[int] = frozenset(),
    outlet: str | None = None,
) -> PageResult:
    """Find every article on a plain-text page. See the module docstring for the rules.

    ``model`` scores the lines (the shipped one by default); ``keep`` holds line numbers an
    admin chose to keep although they were dropped: they join the article they sit in, or the
    nearest one the admin did not leave out (``leave_out`` holds those articles' title lines).
    ``outlet``: the outlet the page names, when the caller has looked for it already.
    """
    lines = classify(text, outlet=outlet)
    model = model or default_model()
    if model is not None and lines:
        inside = _apply_model(lines, model.score(lines))
    else:
        inside = [True] * len(lines)
    for index, line in enumerate(lines):
        line.inside = inside[index]
    inside_numbers = {line.number for line in lines if line.inside}
    result = structure(lines)
    if not result.articles:
        result = one_article(lines, inside) or result
    if not result.articles and not all(inside):
        # The model saw no article text at all (a lone paragraph at the foot of a long page
        # of links): let the rules decide alone rather than lose the page.
        for line in lines:
            line.inside = True
        result = structure(lines)
    # Article text the model is sure of is never lost for want of a headline the rules know
    # (a page whose headline reads as a byline, text after an early end marker): text lines
    # of a run of article text that no article took join the article above them.
    # Not past the readers' comments, though.
    orphans = frozenset(
        line.number
        for line in result.dropped
        if line.kind == Kind.TEXT
        and line.number in inside_numbers
        and (result.comments is None or line.number < result.comments)
    )
    if orphans and not all(inside):
        _keep_lines(result, orphans)
    # Text the model doubted but that sits between two kept paragraphs of one article (a
    # short line, a subheading) is part of that article.
    sandwiched = frozenset(
        line.number
        for line in result.dropped
        if line.kind in (Kind.TEXT, Kind.TITLE, Kind.NAME)
        and not line.inside
        and _between_kept(result, line.number)
    )
    if sandwiched:
        _keep_lines(result, sandwiched)
    if keep:
        _keep_lines(result, keep, leave_out=leave_out)
    return result


def _between_kept(result: PageResult, number: int) -> bool:
    """Does the line sit between two kept paragraphs of one article?"""
    return any(
        article.lines and article.lines[0] < number < article.lines[-1]
        for article in result.articles
    )


def _inside_left_out(result: PageResult, number: int, leave_out: frozenset[int]) -> bool:
    """Does the line sit in the part of the page of an article the admin left out: up to the
    next article's title, or for the last article up to the marker that ends it?"""
    articles = sorted(result.articles, key=lambda article: article.line)
    for index, article in enumerate(articles):
        if article.line not in leave_out or number <= article.line:
            continue
        if index + 1 < len(articles):
            end = articles[index + 1].line - 1
        else:
            last = max(article.lines, default=article.line)
            end = min(
                (line.number for line in result.dropped
                 if line.kind == Kind.END and line.number > last),
                default=last,
            )  # fmt: skip
        if number <= end:
            return True
    return False


def _keep_lines(
    result: PageResult, keep: frozenset[int], *, leave_out: frozenset[int] = frozenset()
) -> None:
    """Put kept lines back into the article above them (else the first one), in line order;
    articles in ``leave_out`` take none."""
    candidates = [article for article in result.articles if article.line not in leave_out]
    if not candidates:
        return
    still_dropped = []
    for line in result.dropped:
        if line.number not in keep or _inside_left_out(result, line.number, leave_out):
            still_dropped.append(line)  # a line within a left-out article goes with it
            continue
        owner = candidates[0]
        for article in candidates:
            if article.line <= line.number:
                owner = article
        at = next((i for i, n in enumerate(owner.lines) if n > line.number), len(owner.lines))
        heading = line.kind in (Kind.TITLE, Kind.NAME) and is_single_sentence(line.text)
        owner.paragraphs.insert(
            at, Paragraph(line.text, SpanKind.HEADING if heading else SpanKind.BODY)
        )
        owner.lines.insert(at, line.number)
    result.dropped = still_dropped
