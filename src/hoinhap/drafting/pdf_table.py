"""A bordered PDF table for the comment-response report (fpdf2), fast on thousands of rows, whose
provision column can span a group of rows."""

from __future__ import annotations

# A table row: its cells, bold or not, and how the provision column joins the rows of its group
# ("" alone, "first" opening a group that continues, "more" continuing it, "last" ending it).
TableRow = tuple[list[str], bool, str]


class PdfTable:
    """A bordered table with the header row repeated on each page. fpdf2's own table re-measures
    text a character at a time (26 s for 2,000 comments); this one measures each distinct word
    once and wraps greedily, which is all a report table needs. A word wider than its column is
    broken across lines, and a row taller than what is left of the page continues on the next
    pages (under the header again), so a long comment neither runs off the page nor is lost."""

    PADDING = 1.0
    MIN_LINES = 3  # fewer lines left than this: a long row starts on the next page instead

    def __init__(self, pdf: object, widths_mm: tuple[int, ...], *, line_height: float) -> None:
        self.pdf, self.widths, self.line_height = pdf, widths_mm, line_height
        self.word_widths: dict[str, float] = {}
        self.page_lines = 0
        self.join = ""  # how the current row's provision cell joins its group's (see ``TableRow``)

    def draw(self, rows: list[TableRow]) -> None:
        header = rows[0][:2]
        self._draw(self._wrapped(*header), header[1])
        usable = self.pdf.page_break_trigger - self.pdf.t_margin - self._height(*header)  # type: ignore[attr-defined]
        self.page_lines = max(1, int((usable - 2 * self.PADDING) // self.line_height))
        for cells, bold, join in rows[1:]:
            self.join = join
            self._flow(self._wrapped(cells, bold), bold, header)

    def _flow(self, wrapped: list[list[str]], bold: bool, header: tuple[list[str], bool]) -> None:
        """Draw a row's lines: here if they fit, else on a new page if they fit there, else as many as
        fit here and the rest on the following pages."""
        fresh = False
        while True:
            room = self._lines_left()
            needed = max(map(len, wrapped))
            if needed <= room:
                self._draw(wrapped, bold)
                return
            if not fresh and (needed <= self.page_lines or room < self.MIN_LINES):
                self._new_page(header)
                fresh = True
                continue
            room = max(room, 1)
            self._draw([lines[:room] for lines in wrapped], bold)
            wrapped = [lines[room:] for lines in wrapped]
            self._new_page(header)
            fresh = True

    def _lines_left(self) -> int:
        left = self.pdf.page_break_trigger - self.pdf.get_y() - 2 * self.PADDING  # type: ignore[attr-defined]
        return int(left // self.line_height)

    def _new_page(self, header: tuple[list[str], bool]) -> None:
        pdf = self.pdf
        y = pdf.get_y()  # type: ignore[attr-defined]
        pdf.line(pdf.l_margin, y, pdf.l_margin + sum(self.widths), y)  # type: ignore[attr-defined]  # close a group
        pdf.add_page()  # type: ignore[attr-defined]
        join, self.join = self.join, ""
        self._draw(self._wrapped(*header), header[1])
        self.join = join

    def _columns(self, cells: list[str] | list[list[str]]) -> list[float]:
        return [float(sum(self.widths))] if len(cells) == 1 else [float(w) for w in self.widths]

    def _wrapped(self, cells: list[str], bold: bool) -> list[list[str]]:
        self.pdf.set_font("serif", "B" if bold else "", 9)  # type: ignore[attr-defined]
        return [self._wrap(text, width) for text, width in zip(cells, self._columns(cells), strict=True)]

    def _height(self, cells: list[str], bold: bool) -> float:
        return max(map(len, self._wrapped(cells, bold))) * self.line_height + 2 * self.PADDING

    def _draw(self, wrapped: list[list[str]], bold: bool) -> None:
        pdf = self.pdf
        pdf.set_font("serif", "B" if bold else "", 9)  # type: ignore[attr-defined]
        height = max(map(len, wrapped)) * self.line_height + 2 * self.PADDING
        x, y = pdf.l_margin, pdf.get_y()  # type: ignore[attr-defined]
        for index, (lines, width) in enumerate(zip(wrapped, self._columns(wrapped), strict=True)):
            self._border(index, x, y, width, height)
            baseline = y + self.PADDING + self.line_height * 0.75
            for index, line in enumerate(lines):
                if line:
                    pdf.text(x + self.PADDING, baseline + index * self.line_height, line)  # type: ignore[attr-defined]
            x += width
        pdf.set_xy(pdf.l_margin, y + height)  # type: ignore[attr-defined]

    def _border(self, column: int, x: float, y: float, width: float, height: float) -> None:
        """A cell's frame; the provision column of a group is one tall cell, open between its rows."""
        pdf = self.pdf
        if column != 1 or not self.join:
            pdf.rect(x, y, width, height)  # type: ignore[attr-defined]
            return
        pdf.line(x, y, x, y + height)  # type: ignore[attr-defined]
        pdf.line(x + width, y, x + width, y + height)  # type: ignore[attr-defined]
        if self.join == "first":
            pdf.line(x, y, x + width, y)  # type: ignore[attr-defined]
        if self.join == "last":
            pdf.line(x, y + height, x + width, y + height)  # type: ignore[attr-defined]

    def _wrap(self, text: str, width: float) -> list[str]:
        room = width - 2 * self.PADDING
        lines: list[str] = []
        space = self._width(" ")
        for paragraph_text in text.split("\n"):
            line: list[str] = []
            used = 0.0
            for whole in paragraph_text.split():
                for word in self._pieces(whole, room):
                    size = self._width(word)
                    if line and used + space + size > room:
                        lines.append(" ".join(line))
                        line, used = [], 0.0
                    used += size + (space if line else 0.0)
                    line.append(word)
            lines.append(" ".join(line))
        return lines

    def _pieces(self, word: str, room: float) -> list[str]:
        """``word`` as pieces that each fit in ``room`` (a URL, or a 2 MB run of letters with no space)."""
        size = self._width(word)
        if size <= room or len(word) == 1:
            return [word]
        step = max(1, int(len(word) * room / size))  # characters per line at the word's mean width
        pieces = []
        while word:
            piece = word[:step]
            while len(piece) > 1 and self._width(piece) > room:
                piece = piece[:-1]
            pieces.append(piece)
            word = word[len(piece):]
        return pieces

    def _width(self, word: str) -> float:
        key = f"{self.pdf.font_style}|{word}"  # type: ignore[attr-defined]
        if key not in self.word_widths:
            self.word_widths[key] = self.pdf.get_string_width(word)  # type: ignore[attr-defined]
        return self.word_widths[key]
