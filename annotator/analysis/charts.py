"""Report charts as accessible SVG, drawn on the server: no JavaScript, no inline styles.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>`` (the figures in words). Labels differ by pattern as well as by colour (stripes,
dots, lines, plain; in the trend, dashes and marker shapes too), and every colour is a class
whose fill or stroke comes from the page's CSS custom properties, so a chart follows the light
and dark colour schemes. All text is escaped (``format_html``).
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


def _patterns(chart_id: str) -> SafeString:
    """One fill pattern per label: a background in the label's colour with its own marks."""
    marks = {
        "sourced": '<path d="M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2" class="mark-{v}" '
        'stroke-width="1.6"/>',
        "unsourced": '<circle cx="4" cy="4" r="1.7" class="ink-{v}"/>',
        "opinion": '<path d="M0,2 h8 M0,6 h8" class="mark-{v}" stroke-width="1.2"/>',
        "no_claim": "",
    }
    parts = []
    for spec in VOCABULARY:
        value = spec.value.value
        parts.append(
            format_html(
                '<pattern id="{}-{}" patternUnits="userSpaceOnUse" width="8" height="8">'
                '<rect width="8" height="8" class="bg-{}"/>{}</pattern>',
                chart_id,
                value,
                value,
                mark_safe(marks[value].format(v=value)),  # noqa: S308 -- our own constant markup
            )
        )
    return format_html("<defs>{}</defs>", mark_safe("".join(parts)))  # noqa: S308 -- escaped above


def _fill(chart_id: str, value: str) -> str:
    return f"url(#{chart_id}-{value})"


def _legend(chart_id: str, *, y: float, markers: bool = False) -> SafeString:
    items = []
    x = 0.0
    for spec in VOCABULARY:
        value = spec.value.value
        swatch = (
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="line-{}" stroke-dasharray="{}"/>{}',
                x,
                y + 7,
                x + 22,
                y + 7,
                value,
                DASHES[value],
                _marker(value, x + 11, y + 7),
            )
            if markers
            else format_html(
                '<rect x="{}" y="{}" width="16" height="14" fill="{}" class="swatch-edge"/>',
                x,
                y,
                _fill(chart_id, value),
            )
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


# Stacked bars ----------------------------------------------------------------------------------

LABEL_WIDTH = 200
BAR_LEFT = 210
BAR_WIDTH = 520
ROW_HEIGHT = 32
BAR_HEIGHT = 22
BARS_TOP = 56


def stacked_bars(*, chart_id: str, title: str, rows: Sequence[ShareRow]) -> SafeString:
    """One horizontal 100% bar per row, split into the four shares; a whisker inside each
    segment shows its 95% interval, measured from the segment's start."""

    def x(share: float) -> float:
        return round(BAR_LEFT + BAR_WIDTH * share, 2)

    parts = [_patterns(chart_id), _legend(chart_id, y=0)]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        parts.append(
            format_html(
                '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" class="grid"/>'
                '<text x="{x}" y="{label}" text-anchor="middle" class="tick">{text}</text>',
                x=x(tick),
                top=BARS_TOP - 6,
                bottom=BARS_TOP + ROW_HEIGHT * len(rows),
                label=BARS_TOP - 12,
                text=f"{round(tick * 100)}%",
            )
        )
    for n, row in enumerate(rows):
        top = BARS_TOP + n * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        middle = top + BAR_HEIGHT / 2
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="row-label">{}</text>',
                LABEL_WIDTH,
                middle + 4,
                _short(row.name),
            )
        )
        if not row.sentences:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="tick">no resolved sentences</text>',
                    BAR_LEFT + 4,
                    middle + 4,
                )
            )
            continue
        start = 0.0
        whiskers = []
        for lane, share in enumerate(row.shares):
            value = share.spec.value.value
            # Each label's whisker in a lane of its own, so overlapping intervals stay apart.
            level = top + 4 + lane * (BAR_HEIGHT - 8) / 3
            width = share.value or 0.0
            if width > 0:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" class="segment">'
                        "<title>{}: {} {} ({} of {} sentences)</title></rect>",
                        x(start),
                        top,
                        round(BAR_WIDTH * width, 2),
                        BAR_HEIGHT,
                        _fill(chart_id, value),
                        row.name,
                        share.spec.name,
                        percent(share.value),
                        share.count,
                        share.total,
                    )
                )
            if share.low is not None and share.high is not None:
                low, high = x(min(1, start + share.low)), x(min(1, start + share.high))
                whiskers.append(
                    format_html(
                        '<path d="M{lo},{y} H{hi} M{lo},{a} V{b} M{hi},{a} V{b}" class="halo"/>'
                        '<path d="M{lo},{y} H{hi} M{lo},{a} V{b} M{hi},{a} V{b}" '
                        'class="whisker"/>',
                        lo=low,
                        hi=high,
                        y=round(level, 2),
                        a=round(level - 2.5, 2),
                        b=round(level + 2.5, 2),
                    )
                )
            start += width
        parts.extend(whiskers)
    height = BARS_TOP + ROW_HEIGHT * len(rows) + 10
    description = (
        "Stacked bars, one per row, of the shares of sourced, unsourced, opinion and no-claim "
        "sentences; whiskers show each share's 95% interval from the start of its segment. "
        + " ".join(describe(row) for row in rows)
    )
    return _svg(
        chart_id=chart_id,
        title=title,
        description=description,
        height=height,
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

    parts = [_legend(chart_id, y=0, markers=True)]
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
