"""The built-in model's learning curve as accessible SVG (no JavaScript, no inline style):
macro-F1 out of fold against the number of gold labels the model learnt from, the x axis on
a log scale (the points double), in the ``chart`` classes of the report charts."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 560, 240
LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT = 50, 16, 480, 180


def learning_curve(*, chart_id: str, points: Sequence[Sequence[float]]) -> SafeString:
    """The curve of ``points`` ([labels used, macro-F1], growing), with its figures in the
    description; an empty string with no points."""
    if not points:
        return mark_safe("")
    sizes = [max(1.0, float(size)) for size, _ in points]
    low, high = math.log(sizes[0]), math.log(sizes[-1])
    span = high - low or 1.0

    def x(size: float) -> float:
        offset = (math.log(max(1.0, size)) - low) / span if len(sizes) > 1 else 0.5
        return round(LEFT + PLOT_WIDTH * offset, 2)

    def y(f1: float) -> float:
        return round(TOP + PLOT_HEIGHT * (1 - f1), 2)

    parts = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        parts.append(
            format_html(
                '<line x1="{}" y1="{y}" x2="{}" y2="{y}" class="grid"/>'
                '<text x="{}" y="{}" text-anchor="end" class="tick">{}</text>',
                LEFT,
                LEFT + PLOT_WIDTH,
                LEFT - 6,
                y(tick) + 4,
                f"{tick:.2f}",
                y=y(tick),
            )
        )
    for size, f1 in points:
        parts.append(
            format_html(
                '<circle cx="{x}" cy="{y}" r="3" class="curve-point"/>'
                '<text x="{x}" y="{b}" text-anchor="middle" class="tick">{n}</text>',
                x=x(size),
                y=y(f1),
                b=TOP + PLOT_HEIGHT + 18,
                n=int(size),
            )
        )
    if len(points) > 1:
        parts.append(
            format_html(
                '<polyline points="{}" class="curve"/>',
                " ".join(f"{x(size)},{y(f1)}" for size, f1 in points),
            )
        )
    description = "; ".join(f"{int(size)} labels: macro-F1 {f1:.2f}" for size, f1 in points)
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">Learning curve: macro-F1 out of fold by gold labels used</title>'
        '<desc id="{id}-desc">{desc}</desc>{body}'
        '<text x="{cx}" y="{h2}" text-anchor="middle" class="tick">gold labels used</text></svg>',
        id=chart_id,
        w=WIDTH,
        h=HEIGHT,
        desc=description,
        body=mark_safe("".join(parts)),  # noqa: S308 -- assembled from format_html pieces
        cx=LEFT + PLOT_WIDTH // 2,
        h2=HEIGHT - 4,
    )
