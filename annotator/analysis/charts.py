"""Report charts as accessible SVG, drawn on the server: no JavaScript, no inline styles.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>`` (the figures in words). Shares are dots on their intervals, one panel per label
(``share_panels``), so intervals never overlap; text never runs past the chart (a long name
is shortened, and whole in its ``<title>``). Labels differ by marker shape as well as by
colour (circle, square, triangle, diamond; in the trend, dashes too), and every colour is a
class whose fill or stroke comes from the page's CSS custom properties, so a chart follows
the light and dark colour schemes. All text is escaped (``format_html``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from annotator.analysis.reports import ShareRow, Trend
from annotator.vocabulary import VOCABULARY

WIDTH = 760


def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def describe(row: ShareRow) -> str:
    """A row's figures in one sentence: each share with its interval, and what it rests on."""
    if not row.sentences:
        return f"{row.name}: no resolved sentences."
    shares = ", ".join(
        f"{share.spec.name.lower()} {percent(share.value)} "
        f"(95% interval {percent(share.low).rstrip('%')}–{percent(share.high)})"
        for share in row.shares
    )
    articles = f" in {row.articles} article{'s' if row.articles != 1 else ''}"
    return f"{row.name}: {shares}; {row.sentences} sentences{articles if row.articles else ''}."


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _legend(*, y: float) -> SafeString:
    """The trend's key: each label's dash and marker, and its name."""
    items = []
    x = 0.0
    for spec in VOCABULARY:
        value = spec.value.value
        swatch = format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="line-{}" stroke-dasharray="{}"/>{}',
            x,
            y + 7,
            x + 22,
            y + 7,
            value,
            DASHES[value],
            _marker(value, x + 11, y + 7),
        )
        items.append(
            format_html('{}<text x="{}" y="{}">{}</text>', swatch, x + 28, y + 12, spec.name)
        )
        x += 40 + 8 * len(spec.name)
    return format_html('<g class="legend" aria-hidden="true">{}</g>', mark_safe("".join(items)))  # noqa: S308


def _svg(*, chart_id: str, title: str, description: str, height: float, body: str) -> SafeString:
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        w=WIDTH,
        h=round(height),
        title=title,
        desc=description,
        body=mark_safe(body),  # noqa: S308 -- assembled from format_html pieces
    )


# Dot-and-interval panels -----------------------------------------------------------------------

LABEL_WIDTH = 196
PANELS_LEFT = 208
PANEL_GAP = 14
PANEL_WIDTH = (WIDTH - PANELS_LEFT - 8 - PANEL_GAP * (len(VOCABULARY) - 1)) / len(VOCABULARY)
ROW_HEIGHT = 26
ROWS_TOP = 58
# A row's name longer than this is shortened; its <title> holds it whole.
NAME_CHARS = 28


def _panel_top(highs: Sequence[float]) -> float:
    """The panel's axis end: the first of 25%, 50%, 100% at or above every interval."""
    most = max(highs, default=0.0)
    return next(top for top in (0.25, 0.5, 1.0) if most <= top)


def _row_name(name: str, *, x: float, y: float) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" text-anchor="end" class="row-label"><title>{}</title>{}</text>',
        x,
        y,
        name,
        _short(name, NAME_CHARS),
    )


def share_panels(*, chart_id: str, title: str, rows: Sequence[ShareRow]) -> SafeString:
    """One panel per label, side by side: in each, a row's share as a dot (the label's marker)
    on a line spanning its 95% interval. Each label has its own panel, so no interval ever
    overlaps another label's; each panel's axis runs from 0 to the first of 25%, 50% or 100%
    that holds all its intervals, marked at its ends and middle."""
    parts = []
    bottom = ROWS_TOP + ROW_HEIGHT * len(rows)
    for k, spec in enumerate(VOCABULARY):
        value = spec.value.value
        left = PANELS_LEFT + k * (PANEL_WIDTH + PANEL_GAP)
        top = _panel_top([share.high for row in rows for share in row.shares[k : k + 1]
                          if share.high is not None])  # fmt: skip

        def x(share: float, left: float = left, top: float = top) -> float:
            return round(left + PANEL_WIDTH * min(share, top) / top, 2)

        parts.append(
            format_html(
                '<text x="{}" y="14" class="panel-title">{}</text>{}',
                round(left, 2),
                spec.name,
                _marker(value, round(left + PANEL_WIDTH - 6, 2), 10),
            )
        )
        for tick in (0, top / 2, top):
            parts.append(
                format_html(
                    '<line x1="{x}" y1="{a}" x2="{x}" y2="{b}" class="grid"/>'
                    '<text x="{x}" y="{t}" text-anchor="{anchor}" class="tick">{text}</text>',
                    x=x(tick),
                    a=ROWS_TOP - 6,
                    b=bottom,
                    t=ROWS_TOP - 12,
                    anchor="start" if tick == 0 else "end" if tick == top else "middle",
                    text=f"{tick * 100:g}%",
                )
            )
        for n, row in enumerate(rows):
            share = row.shares[k] if row.shares else None
            if share is None or share.value is None or share.low is None or share.high is None:
                continue
            middle = round(ROWS_TOP + n * ROW_HEIGHT + ROW_HEIGHT / 2, 2)
            parts.append(
                format_html(
                    "<g><title>{name}: {label} {value} (95% interval {low}–{high}; {count} of "
                    '{total} sentences)</title><path d="M{x1},{y} H{x2}" class="line-{v}"/>{dot}'
                    "</g>",
                    name=row.name,
                    label=spec.name,
                    value=percent(share.value),
                    low=percent(share.low).rstrip("%"),
                    high=percent(share.high),
                    count=share.count,
                    total=share.total,
                    x1=x(share.low),
                    x2=x(share.high),
                    y=middle,
                    v=value,
                    dot=_marker(value, x(share.value), middle),
                )
            )
    for n, row in enumerate(rows):
        middle = ROWS_TOP + n * ROW_HEIGHT + ROW_HEIGHT / 2
        parts.append(_row_name(row.name, x=LABEL_WIDTH, y=round(middle + 4, 2)))
        if not row.sentences:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="tick">no resolved sentences</text>',
                    PANELS_LEFT,
                    round(middle + 4, 2),
                )
            )
    description = (
        "One panel per label, each row's share a dot on a line spanning its 95% interval; "
        "each panel has its own scale. " + " ".join(describe(row) for row in rows)
    )
    return _svg(
        chart_id=chart_id,
        title=title,
        description=description,
        height=bottom + 10,
        body="".join(parts),
    )


# Trend -----------------------------------------------------------------------------------------

DASHES = {"sourced": "none", "unsourced": "7 3", "opinion": "2 3", "no_claim": "9 3 2 3"}
PLOT_LEFT = 48
PLOT_TOP = 36
PLOT_HEIGHT = 220
PLOT_WIDTH = WIDTH - PLOT_LEFT - 16


def _marker(value: str, cx: float, cy: float) -> SafeString:
    """Each label's own marker shape: circle, square, triangle, diamond."""
    if value == "sourced":
        return format_html('<circle cx="{}" cy="{}" r="3.5" class="ink-{}"/>', cx, cy, value)
    if value == "unsourced":
        return format_html(
            '<rect x="{}" y="{}" width="7" height="7" class="ink-{}"/>', cx - 3.5, cy - 3.5, value
        )
    if value == "opinion":
        return format_html(
            '<path d="M{},{} l4,7 h-8 z" class="ink-{}"/>', round(cx, 2), cy - 4.5, value
        )
    return format_html('<path d="M{},{} l4,4 l-4,4 l-4,-4 z" class="ink-{}"/>', cx, cy - 4, value)


@dataclass(frozen=True, slots=True)
class _Point:
    x: float
    y: float
    low: float
    high: float


def trend_lines(*, chart_id: str, title: str, trend: Trend) -> SafeString:
    """Each label's share by month as a line with its own dash and marker; a whisker at each
    point shows the 95% interval. Months without sentences break the lines."""
    months = trend.months
    step = PLOT_WIDTH / max(len(months), 1)
    every = max(1, math.ceil(len(months) / 12))

    def y(share: float) -> float:
        return round(PLOT_TOP + PLOT_HEIGHT * (1 - share), 2)

    parts = [_legend(y=0)]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        parts.append(
            format_html(
                '<line x1="{}" y1="{y}" x2="{}" y2="{y}" class="grid"/>'
                '<text x="{}" y="{}" text-anchor="end" class="tick">{}</text>',
                PLOT_LEFT,
                PLOT_LEFT + PLOT_WIDTH,
                PLOT_LEFT - 6,
                y(tick) + 4,
                f"{round(tick * 100)}%",
                y=y(tick),
            )
        )
    for i, month in enumerate(months):
        if i % every:
            continue
        centre = round(PLOT_LEFT + step * (i + 0.5), 2)
        parts.append(
            format_html(
                '<text x="{x}" y="{a}" text-anchor="middle" class="tick">{m}</text>'
                '<text x="{x}" y="{b}" text-anchor="middle" class="tick">n={n}</text>',
                x=centre,
                a=PLOT_TOP + PLOT_HEIGHT + 18,
                b=PLOT_TOP + PLOT_HEIGHT + 34,
                m=month.name,
                n=month.sentences,
            )
        )
    for k, spec in enumerate(VOCABULARY):
        value = spec.value.value
        offset = (k - 1.5) * 4
        runs: list[list[_Point]] = [[]]
        for i, month in enumerate(months):
            share = month.shares[k]
            if share.value is None or share.low is None or share.high is None:
                runs.append([])
                continue
            runs[-1].append(
                _Point(
                    x=round(PLOT_LEFT + step * (i + 0.5) + offset, 2),
                    y=y(share.value),
                    low=y(share.low),
                    high=y(share.high),
                )
            )
        for run in runs:
            if len(run) > 1:
                parts.append(
                    format_html(
                        '<polyline points="{}" class="line-{}" stroke-dasharray="{}"/>',
                        " ".join(f"{p.x},{p.y}" for p in run),
                        value,
                        DASHES[value],
                    )
                )
            for p in run:
                parts.append(
                    format_html(
                        '<path d="M{x},{hi} V{lo}" class="line-{v} thin"/>{m}',
                        x=p.x,
                        hi=p.high,
                        lo=p.low,
                        v=value,
                        m=_marker(value, p.x, p.y),
                    )
                )
    if not months:
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="tick">no dated articles</text>',
                PLOT_LEFT + 8,
                PLOT_TOP + PLOT_HEIGHT / 2,
            )
        )
    description = (
        "Share of each label by month of publication, with 95% intervals. "
        + " ".join(describe(month) for month in months if month.sentences)
        + (
            f" {trend.undated} sentences of undated articles are not shown."
            if trend.undated
            else ""
        )
    )
    return _svg(
        chart_id=chart_id,
        title=title,
        description=description,
        height=PLOT_TOP + PLOT_HEIGHT + 44,
        body="".join(parts),
    )
