"""Server-rendered SVG charts: readable in print and without colour (values written on the bars)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 130
VALUE_WIDTH = 90


def bar_chart(
    rows: Sequence[tuple[str, int | float]],
    *,
    title: str,
    target: float | None = None,
    target_label: str = "",
    fmt: str = "{:,}",
    width: int = 640,
    maximum: float | None = None,
) -> Markup:
    """Horizontal bars, one per (label, value); an optional dashed target line (e.g. 集中供养率 86%)."""
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    top = max([*(v for _, v in rows), target or 0, maximum or 0, 1])
    height = len(rows) * (BAR_HEIGHT + GAP) + 30
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg" font-size="13">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(rows):
        y = i * (BAR_HEIGHT + GAP) + 4
        bar = max(0.0, plot * value / top)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 16}" text-anchor="end">{escape(str(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bar:.1f}" height="{BAR_HEIGHT}" fill="#52606d" '
            f'stroke="#1f2933"/>'
            f'<text x="{LABEL_WIDTH + bar + 4:.1f}" y="{y + 16}">{escape(fmt.format(value))}</text>'
        )
    if target is not None:
        x = LABEL_WIDTH + plot * target / top
        bottom = height - 22
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{bottom}" stroke="#000" stroke-width="2" '
            f'stroke-dasharray="6 4"/>'
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle">{escape(target_label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
