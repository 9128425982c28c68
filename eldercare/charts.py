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


MONTH_FILLS = ("#52606d", "#fff")  # solid, then outlined: two series tell apart without colour


def month_chart(
    series: Sequence[tuple[str, Sequence[int | float]]],
    *,
    title: str,
    fmt: str = "{:,}",
    width: int = 640,
    height: int = 220,
) -> Markup:
    """Grouped columns for January–December, one column per series; negative values hang below zero.

    Every value is in the column's tooltip; series are told apart by fill (solid / outlined) and a legend.
    """
    values = [v for _, vs in series for v in vs]
    top, bottom = max([*values, 0]), min([*values, 0])
    span = (top - bottom) or 1
    left, plot_h, plot_top = 40, height - 60, 24
    slot = (width - left) / 12
    col = max(2.0, (slot - 6) / max(len(series), 1))
    zero = plot_top + plot_h * top / span
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{zero:.1f}" x2="{width}" y2="{zero:.1f}" stroke="#000"/>',
    ]
    for s, (name, vs) in enumerate(series):
        fill = MONTH_FILLS[s % len(MONTH_FILLS)]
        for m, value in enumerate(vs):
            x = left + m * slot + 3 + s * col
            h = plot_h * abs(value) / span
            y = zero - h if value >= 0 else zero
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{col:.1f}" height="{h:.1f}" fill="{fill}" stroke="#1f2933">'
                f"<title>{escape(name)} {m + 1}月 {escape(fmt.format(value))}</title></rect>"
            )
        legend_x = left + s * 140
        parts.append(
            f'<rect x="{legend_x}" y="4" width="12" height="12" fill="{fill}" stroke="#1f2933"/>'
            f'<text x="{legend_x + 16}" y="15">{escape(name)}</text>'
        )
    for m in range(12):
        parts.append(
            f'<text x="{left + m * slot + slot / 2:.1f}" y="{height - 8}" text-anchor="middle">{m + 1}月</text>'
        )
    parts.append(
        f'<text x="{left - 4}" y="{plot_top + 10}" text-anchor="end">{escape(fmt.format(top))}</text>'
    )
    if bottom < 0:
        parts.append(
            f'<text x="{left - 4}" y="{plot_top + plot_h}" text-anchor="end">{escape(fmt.format(bottom))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
