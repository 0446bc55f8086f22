"""The report table: rows placed on pages, split inside a row when they must be, drawn.

ReportLab's ``Table`` can split inside a row (``splitInRow``), but cells holding pre-broken
lines then need custom flowables, and its in-row splitting is undocumented and was measured to
raise IndexError with cell padding and to repeat the header mid-page. The rules needed here
are few and simple, so the table is placed by hand: a row that does not fit continues on the
next page (between text lines or photos, never through one), borders are drawn around every
part, the header row starts every page, and a heading row is never left alone at a page foot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas

from .blocks import BASELINE, Block, Cell, Gap, Photo, TextLine
from .images import PrintImage
from .textdraw import TextWriter

PAD_X = 5.0
PAD_TOP = 4.0
PAD_BOTTOM = 5.0
MIN_SPLIT = 80.0  # do not start a row in less room than this when it must be split
BORDER = 0.6


@dataclass
class Row:
    cells: list[Cell]
    full_width: bool = False  # one cell across all columns (instrument / indicator rows)
    fill: float | None = None  # grey level of the background
    keep_with_next: bool = False

    def height(self, cells: list[list[Block]] | None = None) -> float:
        blocks = cells if cells is not None else [c.blocks for c in self.cells]
        content = max((sum(b.height for b in bl) for bl in blocks), default=0.0)
        return PAD_TOP + max(content, 12.0) + PAD_BOTTOM


@dataclass
class Part:
    row: Row
    cells: list[list[Block]]
    top: float  # distance from the page top
    height: float


@dataclass
class Page:
    parts: list[Part] = field(default_factory=list)
    extras: list[Callable[[Canvas, TextWriter, float], None]] = field(default_factory=list)


@dataclass
class TableGeometry:
    page_height: float
    left: float
    widths: list[float]
    top: float  # where the table starts on pages after the first
    bottom: float  # lowest y (from the page top) the table may reach

    @property
    def width(self) -> float:
        return sum(self.widths)

    def col_x(self, i: int) -> float:
        return self.left + sum(self.widths[:i])

    def inner(self, i: int) -> float:
        return self.widths[i] - 2 * PAD_X


def _take(blocks: list[Block], room: float) -> tuple[list[Block], list[Block]]:
    """The blocks that fit ``room``, and the rest. A paragraph's last line is not left alone at
    the top of the next page (a widow): one more line goes with it when the part keeps three."""
    used, n = 0.0, 0
    for b in blocks:
        if used + b.height > room + 0.01:
            break
        used += b.height
        n += 1
    rest = blocks[n:]
    lone = len(rest) == 1 or (len(rest) > 1 and not isinstance(rest[1], TextLine))
    if 0 < n < len(blocks) and lone and isinstance(rest[0], TextLine) \
            and n >= 3 and all(isinstance(b, TextLine) for b in blocks[n - 2:n]):
        n -= 1
    return blocks[:n], blocks[n:]


def paginate(rows: list[Row], header: Row, geo: TableGeometry, first_top: float) -> list[Page]:
    """Place rows on pages; each page starts with ``header``."""
    pages: list[Page] = []
    y = 0.0

    def new_page(top: float) -> None:
        nonlocal y
        pages.append(Page())
        h = header.height()
        pages[-1].parts.append(Part(header, [c.blocks for c in header.cells], top, h))
        y = top + h

    new_page(first_top)
    for i, row in enumerate(rows):
        cells = [list(c.blocks) for c in row.cells]
        while True:
            h = row.height(cells)
            need = h
            k = i + 1
            while row.keep_with_next and k < len(rows):  # the headings below it, and the
                nxt = rows[k]                            # first lines of the entry after them
                if nxt.keep_with_next:
                    need += nxt.height()
                    k += 1
                    continue
                need += min(nxt.height(), PAD_TOP + PAD_BOTTOM + 60.0)
                break
            room = geo.bottom - y
            at_top = len(pages[-1].parts) == 1
            if need <= room or (at_top and h <= room):
                pages[-1].parts.append(Part(row, cells, y, h))
                y += h
                break
            if row.full_width or (room < MIN_SPLIT and not at_top):
                new_page(geo.top)
                continue
            inner = room - PAD_TOP - PAD_BOTTOM
            split = [_take(c, inner) for c in cells]
            if not any(t for t, _ in split):
                if at_top:  # a block taller than a page: place it anyway rather than loop
                    split = [(c[:1], c[1:]) for c in cells]
                else:
                    new_page(geo.top)
                    continue
            taken = [t for t, _ in split]
            part_h = row.height(taken)
            pages[-1].parts.append(Part(row, taken, y, part_h))
            cells = [r for _, r in split]
            new_page(geo.top)
            if not any(cells):
                break
    return pages


def space_left(page: Page, geo: TableGeometry) -> float:
    last = page.parts[-1]
    return geo.bottom - (last.top + last.height)


class Drawer:
    """Draws placed parts on a canvas."""

    def __init__(self, canvas: Canvas, writer: TextWriter, geo: TableGeometry,
                 draw_image: Callable[[PrintImage, float, float, float, float], None]):
        self.c = canvas
        self.w = writer
        self.geo = geo
        self.draw_image = draw_image

    def y(self, top: float) -> float:
        return self.geo.page_height - top

    def part(self, part: Part) -> None:
        geo, c = self.geo, self.c
        row = part.row
        x0, x1 = geo.left, geo.left + geo.width
        if row.fill is not None:
            c.setFillGray(row.fill)
            c.rect(x0, self.y(part.top + part.height), geo.width, part.height, stroke=0, fill=1)
            c.setFillGray(0)
        for i, blocks in enumerate(part.cells):
            if row.full_width:
                x, inner = x0 + PAD_X, geo.width - 2 * PAD_X
            else:
                x, inner = geo.col_x(i) + PAD_X, geo.inner(i)
            self.blocks(blocks, x, part.top + PAD_TOP, inner)
        c.setLineWidth(BORDER)
        top, bottom = self.y(part.top), self.y(part.top + part.height)
        c.line(x0, top, x1, top)
        c.line(x0, bottom, x1, bottom)
        edges = [0, len(geo.widths)] if row.full_width else range(len(geo.widths) + 1)
        for i in edges:
            x = geo.col_x(i)
            c.line(x, top, x, bottom)

    def blocks(self, blocks: list[Block], x: float, top: float, inner: float) -> None:
        batch: list = []
        batch_size = 0.0

        def flush() -> None:
            nonlocal batch
            if batch:
                self.w.draw_lines(batch, batch_size)
                batch = []

        y = top
        for b in blocks:
            if isinstance(b, TextLine):
                if batch and b.size != batch_size:
                    flush()
                batch_size = b.size
                batch.append((b.line, self.line_x(b, x, inner), self.y(y + b.size * BASELINE)))
                y += b.height
            elif isinstance(b, Photo):
                flush()
                px = x + (inner - b.width) / 2
                if b.image is not None:
                    self.draw_image(b.image, px, self.y(y + b.image_height), b.width,
                                    b.image_height)
                else:
                    self.c.setDash(2, 2)
                    self.c.rect(px, self.y(y + b.image_height), b.width, b.image_height)
                    self.c.setDash()
                y += b.image_height + 4.0
                for cap in b.caption:
                    batch_size = cap.size
                    batch.append((cap.line, self.line_x(cap, x, inner),
                                  self.y(y + cap.size * BASELINE)))
                    y += cap.height
                flush()
                y += b.space_after
            elif isinstance(b, Gap):
                y += b.height
        flush()

    @staticmethod
    def line_x(b: TextLine, x: float, inner: float) -> float:
        if b.align == "center":
            return x + (inner - b.line.width - b.line.indent) / 2
        return x
