"""Server-rendered SVG charts: readable in print and without colour (values written on the bars).

Both charts draw a zero line and ticks at round values, hang negative values on the other side of zero, size
their margins from the longest label (nothing clipped) and write text with a white halo so a target line never
crosses a value. Each sits in a `.chart-wrap` that scrolls on a narrow phone instead of shrinking its text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from markupsafe import Markup

BAR_HEIGHT = 24
GAP = 8
FONT = 13
HALO = 'paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round"'


def text_width(text: str, font: int = FONT) -> float:
    """Rough width in px: a CJK character is a full em, anything else about 0.6 em."""
    return sum(font if ord(ch) > 0x2E80 else font * 0.6 for ch in text)


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values (1, 2 or 5 × 10^k apart) covering [low, high], zero included."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [i * step for i in range(first, last + 1)]


def tick_text(value: float) -> str:
    """An axis label: 25万, 1,500, 0.5, -2万."""
    if abs(value) >= 10_000:
        return f"{value / 10_000:,.10g}万"
    return f"{value:,.10g}"


def _svg(width: float, height: float, title: str, kind: str) -> list[str]:
    return [
        f'<div class="chart-wrap"><svg class="chart chart-{kind}" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{FONT}">',
        f"<title>{escape(title)}</title>",
    ]


def bar_chart(
    rows: Sequence[tuple[str, int | float]],
    *,
    title: str,
    target: float | None = None,
    target_label: str = "",
    fmt: str = "{:,}",
    width: int = 420,
    maximum: float | None = None,
    tick_fmt: str | None = None,
) -> Markup:
    """Horizontal bars, one per (label, value), negative ones to the left of zero; an optional dashed target
    line (e.g. 集中供养率 86%)."""
    values = [v for _, v in rows]
    ticks = nice_ticks(min([*values, 0]), max([*values, target or 0, maximum or 0, 0]))
    low, high = ticks[0], ticks[-1]
    label_w = max([text_width(str(label)) for label, _ in rows] + [20]) + 10
    value_w = max([text_width(fmt.format(v)) for v in values] + [20]) + 10
    left = label_w + (value_w if low < 0 else 0)
    plot = max(width - left - value_w, 120)
    width = left + plot + value_w

    def x_of(v: float) -> float:
        return left + plot * (v - low) / (high - low)

    zero = x_of(0)
    height = len(rows) * (BAR_HEIGHT + GAP) + 44
    axis_y = height - 30
    parts = _svg(width, height, title, "bars")
    for t in ticks:
        x = x_of(t)
        label = tick_fmt.format(t) if tick_fmt else tick_text(t)
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{axis_y}" stroke="#d9e2ec"/>'
                     f'<text x="{x:.1f}" y="{axis_y + 14}" text-anchor="middle" fill="#616e7c">{escape(label)}</text>')  # fmt: skip
    if target is not None:
        x = x_of(target)
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{axis_y}" stroke="#000" stroke-width="2" '
            f'stroke-dasharray="6 4"/>'
            f'<text x="{x:.1f}" y="{height - 2}" text-anchor="middle" {HALO}>{escape(target_label)}</text>'
        )
    for i, (label, value) in enumerate(rows):
        y = i * (BAR_HEIGHT + GAP) + 4
        end = x_of(value)
        bar_w = max(abs(end - zero), 2.0) if value else 0.0  # a small non-zero value still shows a bar
        bar_x = zero if value >= 0 else zero - bar_w
        text = escape(fmt.format(value))
        value_at = f'x="{bar_x + bar_w + 4:.1f}"' if value >= 0 else f'x="{bar_x - 4:.1f}" text-anchor="end"'
        parts.append(
            f'<text x="{label_w - 6 if low >= 0 else 4}" y="{y + 17}" text-anchor="{"end" if low >= 0 else "start"}">'
            f"{escape(str(label))}</text>"
            f'<rect x="{bar_x:.1f}" y="{y}" width="{bar_w:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{"#52606d" if value >= 0 else "#fff"}" stroke="#1f2933"/>'
            f'<text {value_at} y="{y + 17}" {HALO}>{text}</text>'
        )
    parts.append(f'<line x1="{zero:.1f}" y1="0" x2="{zero:.1f}" y2="{axis_y}" stroke="#1f2933"/>')
    parts.append("</svg></div>")
    return Markup("".join(parts))


MONTH_FILLS = ("#52606d", "#fff")  # solid, then outlined: two series tell apart without colour


def month_chart(
    series: Sequence[tuple[str, Sequence[int | float]]],
    *,
    title: str,
    fmt: str = "{:,}",
    width: int = 640,
    height: int = 240,
) -> Markup:
    """Grouped columns for January–December, one column per series; negative values hang below zero.

    Every value is in the column's tooltip; series are told apart by fill (solid / outlined) and a legend;
    the axis has round ticks (万 for large values) and a zero line.
    """
    values = [v for _, vs in series for v in vs]
    ticks = nice_ticks(min([*values, 0]), max([*values, 0]))
    low, high = ticks[0], ticks[-1]
    left = max(text_width(tick_text(t)) for t in ticks) + 10
    plot_top, plot_h = 28, height - 60
    slot = (width - left) / 12
    col = max(2.0, (slot - 6) / max(len(series), 1))

    def y_of(v: float) -> float:
        return plot_top + plot_h * (high - v) / (high - low)

    zero = y_of(0)
    parts = _svg(width, height, title, "months")
    for t in ticks:
        y = y_of(t)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="#d9e2ec"/>'
                     f'<text x="{left - 4:.1f}" y="{y + 4:.1f}" text-anchor="end" fill="#616e7c">{escape(tick_text(t))}</text>')  # fmt: skip
    for s, (name, vs) in enumerate(series):
        fill = MONTH_FILLS[s % len(MONTH_FILLS)]
        for m, value in enumerate(vs):
            x = left + m * slot + 3 + s * col
            y = y_of(max(value, 0))
            h = abs(y_of(value) - zero)
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{col:.1f}" height="{h:.1f}" fill="{fill}" stroke="#1f2933">'
                f"<title>{escape(name)} {m + 1}月 {escape(fmt.format(value))}</title></rect>"
            )
        legend_x = left + s * 120
        parts.append(
            f'<rect x="{legend_x:.1f}" y="4" width="12" height="12" fill="{fill}" stroke="#1f2933"/>'
            f'<text x="{legend_x + 16:.1f}" y="15">{escape(name)}</text>'
        )
    parts.append(f'<line x1="{left}" y1="{zero:.1f}" x2="{width}" y2="{zero:.1f}" stroke="#000"/>')
    for m in range(12):
        parts.append(
            f'<text x="{left + m * slot + slot / 2:.1f}" y="{height - 12}" text-anchor="middle">{m + 1}月</text>'
        )
    parts.append("</svg></div>")
    return Markup("".join(parts))
