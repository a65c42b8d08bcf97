"""Charts as SVG rendered on the server (no script, no CDN): an indicator's series against its target
(``line_chart``; ``responsive_line_chart`` gives a wide and a narrow drawing, one shown per screen by
the style sheet) and horizontal bars (``bar_chart``: the tasks per status bucket).

Legible on a phone: an SVG scales its text with its width, so a 640-unit drawing shown 351 px wide
(a 375 px phone less the page margins) turned 11-unit labels into 6 px. The narrow drawing is 340 units
wide with 13-unit text (about 13 px on a phone); the wide one 640 units with 13-unit text, shown at most
640 px wide. Series are told apart without colour: each has its dash pattern and its marker, and a
legend names it. Numbers and periods are written as Vietnamese readers write them (``formatting``).
Framework-free; every text put into the SVG is escaped here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from hoinhap import formatting
from hoinhap.indicators.periods import Period, PeriodError


@dataclass(frozen=True)
class Layout:
    name: str
    width: int
    height: int  # of the plot area and its axes, the legend comes on top
    font: int
    pad_left: int
    pad_right: int
    pad_top: int
    pad_bottom: int

    @property
    def char_width(self) -> float:
        """A rough mean glyph width, to keep labels from running into each other."""
        return self.font * 0.5


WIDE = Layout("wide", 640, 284, 13, 64, 24, 34, 52)
NARROW = Layout("narrow", 340, 264, 13, 52, 16, 34, 56)
# dash pattern, marker, colour: the pattern and the marker tell the series apart in grey or to the colour blind
STYLES = (("", "circle", "#0b4f8a"), ("7 4", "square", "#9b1c1c"), ("2 3", "triangle", "#2e6b30"),
          ("10 3 2 3", "diamond", "#6a3d9a"))
MAX_VALUE_LABELS = {"wide": 6, "narrow": 4}  # more points than this: only the last value is written


@dataclass(frozen=True)
class Series:
    """One line: ``points`` are (period code or label, value) in order; ``label_values`` "all" writes each
    value by its point, "last" only the last one (a flat target line would repeat itself)."""

    name: str
    points: Sequence[tuple[str, Decimal]]
    label_values: str = "all"


def plain(value: Decimal) -> str:
    """514.0000 → "514", 7.5200 → "7.52" (``normalize`` alone would write 5.14E+2)."""
    return format(value.normalize(), "f")


def number(value: Decimal | int, *, vietnamese: bool = True) -> str:
    """7.52 → "7,52" and 34959600 → "34.959.600" (English: "7.52", "34,959,600")."""
    text = formatting.number(value if isinstance(value, int) else value.normalize())
    return text if vietnamese else text.translate(str.maketrans(".,", ",."))


def period_label(code: str, *, vietnamese: bool = True) -> str:
    """"2025-Q3" → "quý III/2025", "2025-07" → "tháng 7/2025", "2025" → "2025" (an axis names the year
    alone); other text as it is. English keeps the code."""
    if not vietnamese:
        return code
    try:
        if Period.parse(code).kind == "year":
            return code.strip()
    except PeriodError:
        return code
    return formatting.period(code)


def _with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    return f"{text}{unit}" if unit.strip() == "%" else f"{text} {unit}"


def _short(unit: str) -> str:
    """The unit written beside each number: a per cent sign only."""
    return unit if unit.strip() == "%" else ""


def _ordered_labels(series: Sequence[Series]) -> list[str]:
    """Every x label once; in period order when they are all periods (the year after its last month)."""
    labels = list(dict.fromkeys(label for s in series for label, _ in s.points))
    try:
        periods = {label: Period.parse(label) for label in labels}
    except PeriodError:
        return labels
    return sorted(labels, key=lambda label: (periods[label].end, periods[label].kind != "month"))


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "triangle":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}" fill="{colour}"/>'
    if kind == "diamond":
        corners = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{corners}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _text(x: float, y: float, text: str, layout: Layout, *, anchor: str = "middle", css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{layout.font}"{klass}>'
            f"{escape(text)}</text>")


def _x_label(x: float, y: float, text: str, layout: Layout) -> str:
    lines = _label_lines(text, LINE_LIMIT)
    if len(lines) == 1:
        return _text(x, y, text, layout, css="period")
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="{layout.font}" class="period">'
            f'<tspan x="{x:.1f}">{escape(lines[0])}</tspan><tspan x="{x:.1f}" dy="{layout.font + 2}">'
            f"{escape(lines[1])}</tspan></text>")


def _legend(series: Sequence[Series], layout: Layout) -> tuple[list[str], int]:
    """The legend's parts and height: in a row when it fits the width, else one series a line."""
    row_height = layout.font + 8
    widths = [34 + len(s.name) * layout.char_width + 16 for s in series]
    in_row = sum(widths) <= layout.width - 16
    parts, x, y = ['<g class="legend">'], 8.0, float(row_height)
    for index, (s, width) in enumerate(zip(series, widths, strict=True)):
        dash, marker, colour = STYLES[index % len(STYLES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{x:.1f}" y1="{y - 4:.1f}" x2="{x + 26:.1f}" y2="{y - 4:.1f}" stroke="{colour}" '
                     f'stroke-width="2.5"{dashed}/>' + _marker(marker, x + 13, y - 4, colour))
        parts.append(_text(x + 32, y, s.name, layout, anchor="start"))
        if in_row:
            x += width
        else:
            y += row_height
    parts.append("</g>")
    lines = 1 if in_row else len(series)
    return parts, lines * row_height + 6


def _description(series: Sequence[Series], unit: str, vietnamese: bool) -> str:
    """The values in words for screen readers: "Thực hiện: quý I/2025: 6,93%; …. Mục tiêu: …"."""
    return ". ".join(f"{s.name}: " + "; ".join(
        f"{period_label(label, vietnamese=vietnamese)}: {_with_unit(number(value, vietnamese=vietnamese), unit)}"
        for label, value in s.points) for s in series)


def _head(title: str, desc: str, ident: str, width: int, height: int, css: str) -> str:
    ids = escape(ident, quote=True)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{ids}-title {ids}-desc" class="{css}"><title id="{ids}-title">{escape(title)}</title>'
            f'<desc id="{ids}-desc">{escape(desc)}</desc>')


def line_chart(title: str, series: Sequence[Series], *, unit: str = "", ident: str = "chart",
               layout: Layout = WIDE, vietnamese: bool = True) -> str:
    """Each series a line on the same x labels, with its legend, its values and a description that
    reads them out. ``ident`` keeps the title and description ids unique when a page shows several charts."""
    series = [s for s in series if s.points]
    legend, legend_height = _legend(series, layout) if series else ([], 0)
    height = legend_height + layout.height
    head = _head(title, _description(series, unit, vietnamese), ident, layout.width, height,
                 f"chart line chart-{layout.name}")
    if not series:
        return head + _text(layout.width / 2, height / 2, "—", layout) + "</svg>"
    labels = _ordered_labels(series)
    values = [value for s in series for _, value in s.points]
    low, high = min(min(values), Decimal(0)), max(values)
    span = (high - low) or Decimal(1)
    top, bottom = legend_height + layout.pad_top, height - layout.pad_bottom
    right = layout.width - layout.pad_right

    # the first and last points stand in from the edges by half a label, so their labels are not cut off
    edge = min(_label_width(labels, layout, vietnamese) / 2 + 4, (right - layout.pad_left) / 4)
    first, last = layout.pad_left + edge, right - edge

    def x(label: str) -> float:
        if len(labels) == 1:
            return (first + last) / 2  # one point: in the middle, not on the axis
        return first + labels.index(label) * (last - first) / (len(labels) - 1)

    def y(value: Decimal) -> float:
        return float(bottom - (value - low) / span * (bottom - top))

    parts = [head, *legend, f'<line x1="{layout.pad_left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#555"/>']
    for tick in (low, (low + high) / 2, high):
        parts.append(f'<line x1="{layout.pad_left}" y1="{y(tick):.1f}" x2="{right}" y2="{y(tick):.1f}" stroke="#ddd"/>')
        text = number(tick.quantize(Decimal("0.01")), vietnamese=vietnamese)
        parts.append(_text(layout.pad_left - 6, y(tick) + 4, _with_unit(text, _short(unit)), layout, anchor="end",
                           css="tick"))
    if _short(unit) != unit:  # a unit too long for every label ("tỷ USD") is written once, over the axis
        parts.append(_text(4, top - 16, unit, layout, anchor="start", css="unit"))
    parts += _x_labels(labels, x, bottom, layout, vietnamese)
    for index, s in enumerate(series):
        others = [dict(other.points) for other in series if other is not s]
        parts += _line(s, index, x, y, layout, unit, vietnamese, others)
    return "".join(parts) + "</svg>"


def _label_lines(text: str, limit: int) -> list[str]:
    """An x label on one line, or two when longer than ``limit`` characters ("6 tháng đầu" / "năm 2025")."""
    if len(text) <= limit or " " not in text:
        return [text]
    words = text.split(" ")
    cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return [" ".join(words[:cut]), " ".join(words[cut:])]


LINE_LIMIT = 13  # characters an x label holds before it is put on two lines


def _label_width(labels: list[str], layout: Layout, vietnamese: bool) -> float:
    """The widest x label (or value label, some 8 characters), in drawing units."""
    texts = [period_label(label, vietnamese=vietnamese) for label in labels]
    widest = max([8] + [max(len(line) for line in _label_lines(t, LINE_LIMIT)) for t in texts])
    return widest * layout.char_width


def _x_labels(labels: list[str], x: Callable[[str], float], bottom: float, layout: Layout,
              vietnamese: bool) -> list[str]:
    """The period under each point, on two lines when long; every n-th one, counted back from the
    last, when they would still run into each other."""
    if len(labels) > 1:
        room = abs(x(labels[1]) - x(labels[0]))
        step = 1
        while step < len(labels) and room * step < _label_width(labels, layout, vietnamese) + 8:
            step += 1
    else:
        step = 1
    shown = set(range(len(labels) - 1, -1, -step))  # counted from the last, the latest period always shown
    return [_x_label(x(label), bottom + layout.font + 6, period_label(label, vietnamese=vietnamese), layout)
            for i, label in enumerate(labels) if i in shown]


def _line(s: Series, index: int, x: Callable[[str], float], y: Callable[[Decimal], float], layout: Layout,
          unit: str, vietnamese: bool, others: list[dict[str, Decimal]]) -> list[str]:
    """The series' line, markers and values; a value goes above its point unless another series passes
    above it there (then below), so two series at one period don't write over each other."""
    dash, marker, colour = STYLES[index % len(STYLES)]
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    path = " ".join(f"{x(label):.1f},{y(value):.1f}" for label, value in s.points)
    parts = [f'<g class="series series-{index + 1}"><polyline points="{path}" fill="none" stroke="{colour}" '
             f'stroke-width="2.5"{dashed}/>']
    parts += [_marker(marker, x(label), y(value), colour) for label, value in s.points]
    labelled = s.points if s.label_values == "all" and len(s.points) <= MAX_VALUE_LABELS[layout.name] else s.points[-1:]
    for label, value in labelled:
        higher = [other[label] for other in others if label in other and (
            other[label] > value or (other[label] == value and index > 0))]
        dy = layout.font + 7 if higher else -9
        parts.append(_text(x(label), y(value) + dy, _with_unit(number(value, vietnamese=vietnamese), _short(unit)),
                           layout, css="value"))
    parts.append("</g>")
    return parts


def responsive_line_chart(title: str, series: Sequence[Series], *, unit: str = "", ident: str = "chart",
                          vietnamese: bool = True) -> str:
    """The wide drawing and the narrow one; the style sheet shows one (``svg.chart-narrow`` under 600 px)."""
    return (line_chart(title, series, unit=unit, ident=ident, layout=WIDE, vietnamese=vietnamese)
            + line_chart(title, series, unit=unit, ident=f"{ident}-narrow", layout=NARROW, vietnamese=vietnamese))


BAR_WIDTH, BAR_FONT, BAR_HEIGHT, BAR_GAP = 360, 14, 16, 10


def bar_chart(title: str, bars: Sequence[tuple[str, int, str]], *, ident: str = "bars") -> str:
    """Horizontal bars, (label, value, css class) each, e.g. the tasks per status bucket: the label above
    its bar and the value after it, in a drawing 360 units wide (the style sheet shows it at most 420 px
    wide, so the 14-unit text is 14 px on a phone and 16 px on a desktop)."""
    row = BAR_FONT + 4 + BAR_HEIGHT + BAR_GAP
    height = 8 + row * max(len(bars), 1)
    high = max((value for _, value, _ in bars), default=0) or 1
    desc = "; ".join(f"{label}: {number(value)}" for label, value, _ in bars)
    parts = [_head(title, desc, ident, BAR_WIDTH, height, "chart bars")]
    room = BAR_WIDTH - 8 - 64  # the longest bar leaves room for its value
    for index, (label, value, css) in enumerate(bars):
        top = 8 + index * row
        length = room * value / high
        parts.append(f'<text x="8" y="{top + BAR_FONT}" font-size="{BAR_FONT}">{escape(label)}</text>'
                     f'<rect class="{escape(css, quote=True)}" x="8" y="{top + BAR_FONT + 4}" width="{length:.1f}" '
                     f'height="{BAR_HEIGHT}"/><text x="{8 + length + 6:.1f}" y="{top + BAR_FONT + 4 + BAR_HEIGHT - 3}" '
                     f'font-size="{BAR_FONT}" class="value">{number(value)}</text>')
    return "".join(parts) + "</svg>"
