"""The report as pages: title, round line, table rows, signatures, cover, page numbers."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from ..framework.definition import Framework
from ..report import optional_columns
from ..report.model import Entry, Person, PhotoSource, Report, format_score
from ..text import thai
from . import images, thaidict
from .blocks import Cell, Gap, Photo, TextLine, already_numbered, text_lines
from .fonts import BOLD, REGULAR, font
from .linebreak import break_paragraph
from .page import (
    BODY,
    CAPTION,
    FOOTER,
    HEADER,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_H,
    PAGE_W,
    TITLE,
    binary_streams,
)
from .shaping import display_text
from .shaping import width as text_width
from .table import PAD_X, Drawer, Page, Row, TableGeometry, paginate, space_left
from .textdraw import TextWriter

# column widths as parts of the table width: item, issue, measures, result, photos
COLUMNS = (0.19, 0.17, 0.24, 0.19, 0.21)
HEADINGS = (
    "ประเด็นการประเมิน",
    "ประเด็นที่ต้องปรับปรุง/ ยกระดับการพัฒนา",
    "มาตรการ/กิจกรรม ในการเตรียมความพร้อมรับการประเมิน ในประเด็นที่ต้องปรับปรุง/ยกระดับการพัฒนา",
    "ผลการดำเนินการตามมาตรการยกระดับ คุณธรรมและความโปร่งใสภายใน หน่วยงาน",
    "ภาพกิจกรรมที่แสดงถึงการปฏิบัติ จริงอย่างเป็นรูปธรรม",
)
MAX_PHOTO_HEIGHT = 200.0  # a portrait photo is shown narrower rather than filling a page


@dataclass
class Texts:
    """Everything the app itself prints, with the report's digits."""

    digits: str

    def num(self, value: object) -> str:
        return thai.digits(str(value), self.digits)

    def indicator(self, number: int, name: str | None) -> str:
        head = f"ตัวชี้วัดที่ {self.num(number)}"
        return f"{head} {name}" if name else head

    def instrument(self, code: str, name: str | None) -> str:
        return f"{name} ({code})" if name else code

    def item_cell(self, entry: Entry, item_text: str) -> str:
        code = self.num(entry.code_label) if entry.item else entry.code_label
        text = " ".join(p for p in (code, item_text) if p)
        if entry.score is not None:
            score = f"({format_score(entry.score, self.digits)} คะแนน)"
            text = f"{text} {score}" if text else score
        return text

    def optional_value(self, key: str, value: str) -> str:
        """An optional column's text; the period and the budget are dates and amounts, so
        their digits follow the report's setting (the other columns are printed as typed)."""
        if key in ("period", "budget"):
            return self.num(value)
        return value

    def page(self, n: int, total: int) -> str:
        return f"หน้า {self.num(n)}/{self.num(total)}"

    def date(self, person: Person) -> str:
        return thai.format_date(person.date, self.digits) if person.date else ""


def _geometry(first_top: float, optional: tuple[str, ...] = ()) -> TableGeometry:
    width = PAGE_W - 2 * MARGIN_X
    shares = optional_columns.widths(COLUMNS, optional)
    return TableGeometry(PAGE_H, MARGIN_X, [width * f for f in shares], MARGIN_TOP,
                         PAGE_H - MARGIN_BOTTOM)


def chosen_columns(report: Report) -> tuple[str, ...]:
    """The optional columns this report prints (none by default: the seed's five columns)."""
    return optional_columns.normalise_keys(report.optional_columns)


def _centered(text: str, width: float, fnt: str, size: float) -> list[TextLine]:
    return text_lines(text, width, font=fnt, size=size, align="center")


def _balanced(text: str, width: float, fnt: str, size: float) -> list[TextLine]:
    """Centred lines of even length (a title must not end with its year alone on a line):
    the narrowest width that needs no more lines than ``width`` does."""
    n = len(text_lines(text, width, font=fnt, size=size))
    lo, hi = width * 0.4, width
    for _ in range(12):
        mid = (lo + hi) / 2
        if len(text_lines(text, mid, font=fnt, size=size)) <= n:
            hi = mid
        else:
            lo = mid
    return _centered(text, hi, fnt, size)


def _phrase_lines(text: str, width: float, fnt: str, size: float) -> list[TextLine]:
    """Centred lines that break at the text's spaces where they can (the reference breaks its
    headings between phrases); a phrase too long for a line wraps as usual."""
    lines: list[str] = []
    cur = ""
    for phrase in text.split(" "):
        cand = f"{cur} {phrase}" if cur else phrase
        if text_width(cand, fnt, size) <= width:
            cur = cand
            continue
        if cur:
            lines.append(cur)
        wrapped = ["".join(p.text for p in ln.pieces)
                   for ln in break_paragraph(phrase, fnt, size, width)]
        lines.extend(wrapped[:-1])
        cur = wrapped[-1]
    lines.append(cur)
    return [ln for t in lines for ln in _centered(t, width, fnt, size)]


class ReportBuilder:
    def __init__(self, report: Report, photos: PhotoSource, framework: Framework | None,
                 optional: tuple[str, ...] | None = None):
        self.report = report
        self.photos = photos
        self.fw = framework
        self.t = Texts(report.digits)
        self.optional = chosen_columns(report) if optional is None else optional
        self.geo = _geometry(0, self.optional)

    def texts(self) -> list[str]:
        """The texts this report prints, as far as known before layout (the rest, such as page
        numbers, are looked at when they come): their words are given to the Thai dictionary
        check in one go (``thaidict.prepare``)."""
        r, t = self.report, self.t
        out = [r.display_title, r.round.line(r.digits), *HEADINGS,
               *(c.heading for c in optional_columns.printed_columns(self.optional))]
        for person in (r.preparer, r.certifier):
            out += [person.name, person.position]
        for e in r.entries:
            items = [m for m in e.measures if m.strip()]
            if len(items) > 1 and not already_numbered(items):  # as ``measures`` numbers them
                items = [f"{t.num(n)}. {m}" for n, m in enumerate(items, 1)]
            out += [t.item_cell(e, e.item_text), e.issue, *items, e.result,
                    *(t.optional_value(k, v) for k, v in e.extra.items()),
                    *(p.caption for p in e.photos)]
            if self.fw and e.instrument:
                ins = self.fw.instrument(e.instrument)
                out.append(t.instrument(e.instrument, ins.name if ins else None))
            if self.fw and e.indicator is not None:
                ind = self.fw.indicator(e.indicator)
                out.append(t.indicator(e.indicator, ind.name if ind else None))
        return [p for text in out if text for p in display_text(text).split("\n")]

    # ------------------------------------------------------------------ rows
    def header(self) -> Row:
        headings = list(HEADINGS)
        headings[-1:-1] = [c.heading for c in optional_columns.printed_columns(self.optional)]
        cells = [Cell(_phrase_lines(h, self.geo.inner(i), BOLD, HEADER))
                 for i, h in enumerate(headings)]
        return Row(cells, fill=0.88)

    def heading(self, text: str, fill: float) -> Row:
        cell = Cell(text_lines(text, self.geo.width - 2 * PAD_X, font=BOLD, size=BODY))
        return Row([cell], full_width=True, fill=fill, keep_with_next=True)

    def rows(self) -> list[Row]:
        out: list[Row] = []
        last_instrument: str | None = None
        last_indicator: tuple[str, int | None] | None = None
        for entry in sorted(self.report.entries, key=lambda e: e.position):
            if entry.instrument and entry.instrument != last_instrument:
                ins = self.fw.instrument(entry.instrument) if self.fw else None
                out.append(self.heading(self.t.instrument(entry.instrument,
                                                          ins.name if ins else None), 0.90))
                last_instrument = entry.instrument
            key = (entry.instrument, entry.indicator)
            if entry.indicator is not None and key != last_indicator:
                ind = self.fw.indicator(entry.indicator) if self.fw else None
                out.append(self.heading(self.t.indicator(entry.indicator,
                                                         ind.name if ind else None), 0.95))
            last_indicator = key
            out.append(self.entry_row(entry))
        return out

    def entry_row(self, entry: Entry) -> Row:
        g = self.geo
        cells = [
            Cell(text_lines(self.t.item_cell(entry, entry.item_text), g.inner(0),
                            size=BODY)),
            Cell(text_lines(entry.issue, g.inner(1), size=BODY)),
            Cell(self.measures(entry.measures, g.inner(2))),
            Cell(text_lines(entry.result, g.inner(3), size=BODY)),
        ]
        extra = entry.extra
        for column in optional_columns.printed_columns(self.optional):
            inner = g.inner(len(cells))
            lines: list = []
            for key in column.keys:
                value = self.t.optional_value(key, extra.get(key, "").strip())
                if value and column.labelled:
                    value = f"{optional_columns.BY_KEY[key].heading}: {value}"
                lines += text_lines(value, inner, size=BODY) if value else []
            cells.append(Cell(lines))
        cells.append(Cell(self.photo_blocks(entry, g.inner(len(cells)))))
        return Row(cells)

    def measures(self, measures: list[str], inner: float) -> list:
        items = [m for m in measures if m.strip()]
        blocks: list = []
        number = len(items) > 1 and not already_numbered(items)
        for n, text in enumerate(items, 1):
            if blocks:
                blocks.append(Gap(2.0))
            if number:
                label = f"{self.t.num(n)}. "
                hang = text_width(label, REGULAR, BODY)
                blocks.extend(text_lines(text, inner, size=BODY, hang=hang, hang_text=label))
            else:
                blocks.extend(text_lines(text, inner, size=BODY))
        return blocks

    def photo_blocks(self, entry: Entry, inner: float) -> list:
        blocks: list = []
        for ref in entry.photos:
            caption = tuple(text_lines(ref.caption, inner, size=CAPTION, align="center"))
            try:
                if ref.width and ref.height:  # known from the store: no need to read the file
                    ratio = ref.width / ref.height if ref.rotation % 2 else ref.height / ref.width
                else:
                    ratio = images.aspect(self.photos, ref.sha256, ref.rotation)
                w = min(inner, MAX_PHOTO_HEIGHT / ratio)
                img = images.print_image(self.photos, ref.sha256, ref.rotation, w)
                blocks.append(Photo(img, w, w * ratio, caption))
            except Exception:  # noqa: BLE001 - a missing or broken photo must not stop printing
                missing = tuple(text_lines("(ไม่พบรูปภาพ)", inner, size=CAPTION, align="center"))
                blocks.append(Photo(None, inner, inner * 0.5, missing + caption))
        return blocks

    # ------------------------------------------------------------------ furniture
    def title_lines(self) -> list[TextLine]:
        w = self.geo.width * 0.9
        lines = _balanced(self.report.display_title, w, BOLD, TITLE)
        lines += _balanced(self.report.round.line(self.report.digits), w, BOLD, BODY + 1)
        return lines

    def signature_lines(self, role: str, person: Person, width: float) -> list[TextLine]:
        dots = "." * 40
        name = f"({person.name})" if person.name else f"({dots})"
        pos = f"ตำแหน่ง {person.position}" if person.position else f"ตำแหน่ง {dots}"
        date = f"วันที่ {self.t.date(person)}" if person.date else f"วันที่ {dots}"
        out: list[TextLine] = []
        for text in (f"ลงชื่อ {dots}", name, pos, role, date):
            out += _centered(text, width, REGULAR, BODY)
        return out


def _draw_jpeg(canvas: Canvas, img: images.PrintImage, x: float, y: float, w: float,
               h: float) -> None:
    """Embed the JPEG as it is (DCTDecode, no re-encoding, no ASCII85) and draw it."""
    doc = canvas._doc
    reg = doc.getXObjectName(img.key)
    if reg not in doc.idToObject:
        obj = pdfdoc.PDFImageXObject(img.key)
        obj.width, obj.height = img.width, img.height
        obj.bitsPerComponent = 8
        obj.colorSpace = "DeviceRGB"
        obj.streamContent = img.jpeg
        obj._filters = ("DCTDecode",)
        obj.mask = None
        doc.Reference(obj, reg)
        doc.addForm(img.key, obj)
    canvas._currentPageHasImages = 1
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(w, h)
    canvas._code.append(f"/{reg} Do")
    canvas.restoreState()
    canvas._formsinuse.append(img.key)


def build_pdf(report: Report, photos: PhotoSource, framework: Framework | None,
              digits: str | None) -> bytes:
    with binary_streams():
        return _build(report, photos, framework, digits)


def _build(report: Report, photos: PhotoSource, framework: Framework | None,
           digits: str | None) -> bytes:
    optional = chosen_columns(report)
    if digits is not None and digits != report.digits:
        report = replace(report, digits=digits)
    font(REGULAR)
    font(BOLD)
    b = ReportBuilder(report, photos, framework, optional)
    thaidict.prepare(b.texts())
    geo = b.geo
    title = b.title_lines()
    title_h = sum(t.height for t in title) + 8.0
    pages: list[Page] = paginate(b.rows(), b.header(), geo, MARGIN_TOP + title_h)

    signatures: list[list[TextLine]] = []
    if report.show_signatures:
        half = geo.width / 2 - 20
        signatures = [b.signature_lines("ผู้รายงาน", report.preparer, half),
                      b.signature_lines("ผู้รับรองข้อมูล", report.certifier, half)]
        sig_h = 24.0 + max(sum(t.height for t in s) for s in signatures)
        if space_left(pages[-1], geo) < sig_h:
            pages.append(Page())

    buf = io.BytesIO()
    # initialFontName: a dynamic (embedded) font, so no page refers to an unembedded Helvetica
    canvas = Canvas(buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1, invariant=1,
                    initialFontName=REGULAR, initialFontSize=BODY)
    canvas.setTitle(report.display_title)
    canvas.setAuthor(report.agency)
    canvas.setCreator("ITA Desktop")
    writer = TextWriter(canvas)
    drawer = Drawer(canvas, writer, geo,
                    lambda img, x, y, w, h: _draw_jpeg(canvas, img, x, y, w, h))

    def draw_centered(lines: list[TextLine], x: float, top: float, width: float) -> float:
        y = top
        for ln in lines:
            drawer.blocks([ln], x, y, width)
            y += ln.height
        return y

    if report.cover_page:
        cover = _balanced(report.display_title, geo.width * 0.8, BOLD, 20.0)
        cover += [TextLine(break_paragraph("", REGULAR, BODY, 10)[0], REGULAR, BODY)]
        cover += _balanced(report.round.line(report.digits), geo.width * 0.8, BOLD, 16.0)
        h = sum(t.height for t in cover)
        draw_centered(cover, geo.left, (PAGE_H - h) / 2 - 20, geo.width)
        canvas.showPage()

    if report.summary_chart and framework is not None:  # optional, unnumbered, before the table
        from .charts import draw_summary_chart_page

        draw_summary_chart_page(canvas, writer, report, framework, left=geo.left,
                                top=MARGIN_TOP, width=geo.width,
                                height=PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
                                page_height=PAGE_H, digits=report.digits)
        canvas.showPage()

    total = len(pages)
    for n, page in enumerate(pages, 1):
        if n == 1:
            draw_centered(title, geo.left, MARGIN_TOP, geo.width)
        for part in page.parts:
            drawer.part(part)
        if n == total and signatures:
            top = (page.parts[-1].top + page.parts[-1].height + 24.0) if page.parts \
                else MARGIN_TOP
            half = geo.width / 2
            for i, sig in enumerate(signatures):
                draw_centered(sig, geo.left + i * half + 10, top, half - 20)
        footer = _centered(b.t.page(n, total), geo.width, REGULAR, FOOTER)
        draw_centered(footer, geo.left, PAGE_H - MARGIN_BOTTOM + 12.0, geo.width)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()

