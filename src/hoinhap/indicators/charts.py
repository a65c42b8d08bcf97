"""A series against its target as an SVG line chart, rendered on the server (no script, no CDN).
Framework-free; the caller escapes nothing: every text put into the SVG is escaped here."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

WIDTH, HEIGHT, PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 640, 260, 56, 16, 24, 40


def plain(value: Decimal) -> str:
    """514.0000 → "514", 7.5200 → "7.52" (``normalize`` alone would write 5.14E+2)."""
    return format(value.normalize(), "f")


def line_chart(title: str, points: Sequence[tuple[str, Decimal]], *, target: Sequence[tuple[str, Decimal]] = (),
               unit: str = "", ident: str = "chart") -> str:
    """``points`` and ``target`` are (label, value) in order; the target is drawn dashed on the same x labels.
    ``ident`` keeps the title and description ids unique when a page shows several charts."""
    labels = list(dict.fromkeys([label for label, _ in points] + [label for label, _ in target]))
    values = [v for _, v in points] + [v for _, v in target]
    desc = "; ".join(f"{label}: {plain(value)}{unit}" for label, value in points)
    ids = escape(ident, quote=True)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-labelledby="{ids}-title {ids}-desc" class="chart"><title id="{ids}-title">{escape(title)}</title>'
            f'<desc id="{ids}-desc">{escape(desc)}</desc>')
    if not values:
        return head + f'<text x="{WIDTH // 2}" y="{HEIGHT // 2}" text-anchor="middle">—</text></svg>'
    low, high = min(min(values), Decimal(0)), max(values)
    span = (high - low) or Decimal(1)

    def x(label: str) -> float:
        if len(labels) == 1:
            return (PAD_LEFT + WIDTH - PAD_RIGHT) / 2  # one point: in the middle, not on the axis
        return PAD_LEFT + labels.index(label) * (WIDTH - PAD_LEFT - PAD_RIGHT) / (len(labels) - 1)

    def y(value: Decimal) -> float:
        return float(HEIGHT - PAD_BOTTOM - (value - low) / span * (HEIGHT - PAD_TOP - PAD_BOTTOM))

    parts = [head, f'<line x1="{PAD_LEFT}" y1="{HEIGHT - PAD_BOTTOM}" x2="{WIDTH - PAD_RIGHT}" '
                   f'y2="{HEIGHT - PAD_BOTTOM}" stroke="#555"/>']
    for value in (low, (low + high) / 2, high):
        parts.append(f'<text x="{PAD_LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11">'
                     f'{escape(plain(value.quantize(Decimal("0.01"))))}{escape(unit)}</text>')
    for label in labels:
        parts.append(f'<text x="{x(label):.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" text-anchor="middle" '
                     f'font-size="11">{escape(label)}</text>')
    if target:
        path = " ".join(f"{x(label):.1f},{y(value):.1f}" for label, value in target)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#9b1c1c" stroke-dasharray="6 4" '
                     f'stroke-width="2" class="target"/>')
    if points:
        path = " ".join(f"{x(label):.1f},{y(value):.1f}" for label, value in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#0b4f8a" stroke-width="2.5" class="series"/>')
        parts += [f'<circle cx="{x(label):.1f}" cy="{y(value):.1f}" r="3.5" fill="#0b4f8a"/>' for label, value in points]
    return "".join(parts) + "</svg>"


def bar_chart(title: str, bars: Sequence[tuple[str, int, str]], *, ident: str = "bars") -> str:
    """Horizontal bars: (label, value, css class) each, e.g. the tasks per status bucket."""
    row, label_width, width = 28, 220, WIDTH
    height = PAD_TOP + row * max(len(bars), 1) + 8
    high = max((value for _, value, _ in bars), default=0) or 1
    ids = escape(ident, quote=True)
    desc = "; ".join(f"{label}: {value}" for label, value, _ in bars)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="{ids}-title {ids}-desc" class="chart bars"><title id="{ids}-title">{escape(title)}</title>'
             f'<desc id="{ids}-desc">{escape(desc)}</desc>']
    for index, (label, value, css) in enumerate(bars):
        y = PAD_TOP + index * row
        length = (width - label_width - 60) * value / high
        parts.append(f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end">{escape(label)}</text>'
                     f'<rect class="{escape(css, quote=True)}" x="{label_width}" y="{y + 4}" width="{length:.1f}" '
                     f'height="{row - 8}"/><text x="{label_width + length + 6:.1f}" y="{y + 17}">{value}</text>')
    return "".join(parts) + "</svg>"
