"""Charts (``core.charts``) drawn into the PDF: vector boxes and lines with ReportLab's canvas,
labels with the report's own Thai text machinery (HarfBuzz shaping, the bundled Sarabun, the
same ToUnicode/ActualText handling), so they print and extract like the table.

``summary_chart_page`` is the optional page before a report's table; ``charts_pdf`` the chart
pages of the consolidated PDF.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from reportlab.pdfgen.canvas import Canvas

from ..framework.definition import Framework
from ..report.model import Report
from ..scores.charts import (
    Box,
    Chart,
    Label,
    OfficeScores,
    Rule,
    heatmap,
    item_chart,
    measures_bars,
    overall_bars,
)
from ..text import thai
from .blocks import BASELINE
from .fonts import BOLD, REGULAR, font
from .linebreak import break_paragraph
from .page import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_H, PAGE_W, binary_streams
from .shaping import display_text
from .shaping import width as text_width
from .textdraw import TextWriter

HATCH_STEP = 3.2


class ChartDrawer:
    """Draws a Chart with its top-left corner at (left, top) (distance from the page top)."""

    def __init__(self, canvas: Canvas, writer: TextWriter, page_height: float):
        self.c = canvas
        self.w = writer
        self.page_h = page_height

    def draw(self, chart: Chart, left: float, top: float) -> None:
        for shape in chart.shapes:
            if isinstance(shape, Box):
                self.box(shape, left, top)
            elif isinstance(shape, Rule):
                self.rule(shape, left, top)
            else:
                self.label(shape, left, top)
        self.c.setFillGray(0)
        self.c.setStrokeGray(0)

    def box(self, b: Box, left: float, top: float) -> None:
        c = self.c
        x, y = left + b.x, self.page_h - (top + b.y + b.h)
        if b.w <= 0 or b.h <= 0:
            return
        if b.fill is not None:
            c.setFillColorRGB(*b.fill)
            c.rect(x, y, b.w, b.h, stroke=0, fill=1)
        if b.hatch:
            c.saveState()
            path = c.beginPath()
            path.rect(x, y, b.w, b.h)
            c.clipPath(path, stroke=0, fill=0)
            c.setStrokeGray(0)
            c.setLineWidth(0.5)
            n = 0.0
            while n < b.w + b.h:
                c.line(x + n, y, x + n - b.h, y + b.h)
                n += HATCH_STEP
            c.restoreState()
        if b.stroke:
            c.setStrokeGray(0)
            c.setLineWidth(b.stroke)
            c.rect(x, y, b.w, b.h, stroke=1, fill=0)

    def rule(self, r: Rule, left: float, top: float) -> None:
        c = self.c
        c.setStrokeColorRGB(*r.colour)
        c.setLineWidth(r.width)
        if r.dash:
            c.setDash(4, 2.5)
        c.line(left + r.x1, self.page_h - (top + r.y1), left + r.x2, self.page_h - (top + r.y2))
        if r.dash:
            c.setDash()

    def label(self, lb: Label, left: float, top: float) -> None:
        if not lb.text.strip():
            return
        fnt = BOLD if lb.bold else REGULAR
        text = display_text(lb.text)
        size = lb.size
        if lb.w > 0 and text_width(text, fnt, size) > lb.w:  # shrink a little before cutting
            size = max(lb.size * 0.75, lb.size * lb.w / text_width(text, fnt, size))
        line = break_paragraph(text, fnt, size, max(lb.w, 1.0))[0]
        x = left + lb.x
        if lb.align == "center":
            x += (lb.w - line.width) / 2
        elif lb.align == "right":
            x += lb.w - line.width
        self.c.setFillColorRGB(*lb.colour)
        self.w.draw_lines([(line, x, self.page_h - (top + lb.y + size * BASELINE))], size)
        self.c.setFillGray(0)


def _heading(drawer: ChartDrawer, texts: Sequence[tuple[str, float, bool]], left: float,
             top: float, width: float) -> float:
    y = top
    for text, size, bold in texts:
        drawer.label(Label(0, 0, width, text, size, bold=bold, align="center"), left, y)
        y += size * 1.7
    return y


def summary_page(report: Report, framework: Framework, *, width: float, height: float,
                 digits: str) -> tuple[list[tuple[str, float, bool]], Chart]:
    """The summary page's headings (text, size, bold) and its chart, sized to the page."""
    headings = [(f"สรุปผลการประเมินรายข้อ {report.agency}", 14.0, True),
                (f"เทียบกับเกณฑ์ผ่าน {thai.digits(_plain(framework.pass_mark), digits)} คะแนน",
                 11.0, False)]
    used = sum(size * 1.7 for _, size, _ in headings) + 4.0
    size = 8.5
    panels = max(1, len(framework.instruments))
    panel_h = max(90.0, (height - used - size * 2.2) / panels - size * 1.2)
    return headings, item_chart(report, framework, width=width, digits=digits, size=size,
                                panel_height=panel_h)


def draw_summary_chart_page(canvas: Canvas, writer: TextWriter, report: Report,
                            framework: Framework, *, left: float, top: float, width: float,
                            height: float, page_height: float, digits: str) -> None:
    """The report's one-page summary chart (item scores against the pass mark)."""
    drawer = ChartDrawer(canvas, writer, page_height)
    headings, chart = summary_page(report, framework, width=width, height=height, digits=digits)
    y = _heading(drawer, headings, left, top, width)
    drawer.draw(chart, left, y + 4.0)


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def charts_pdf(offices: Sequence[OfficeScores], indicators: Sequence[int], pass_mark: Decimal,
               *, digits: str = "thai") -> bytes:
    """The consolidation chart pages (landscape A4): the heat map, the overall scores and the
    measures per office; long office lists continue on further pages."""

    font(REGULAR)
    font(BOLD)
    width = PAGE_W - 2 * MARGIN_X
    size = 9.0
    buf = io.BytesIO()
    with binary_streams():
        canvas = Canvas(buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1, invariant=1,
                        initialFontName=REGULAR, initialFontSize=size)
        canvas.setTitle("แผนภูมิสรุปผลการประเมิน")
        canvas.setCreator("ITA Desktop")
        writer = TextWriter(canvas)
        drawer = ChartDrawer(canvas, writer, PAGE_H)
        bottom = PAGE_H - MARGIN_BOTTOM
        room = bottom - MARGIN_TOP - 40.0
        sections = (
            ("คะแนนรายตัวชี้วัดของแต่ละหน่วยงาน (ค่าเฉลี่ยของคะแนนรายข้อ สีตามระดับผลการประเมิน)",
             lambda part: heatmap(part, indicators, width=width, digits=digits, size=size),
             size * 2.0, size * 5.0),
            ("คะแนนรวมของแต่ละหน่วยงานเทียบกับเกณฑ์ผ่าน",
             lambda part: overall_bars(part, pass_mark, width=width, digits=digits, size=size),
             size * 1.9, size * 7.5),
            (f"ข้อที่ต่ำกว่าเกณฑ์ผ่าน {thai.digits(_plain(pass_mark), digits)} ที่มีมาตรการแล้ว "
             "(ข้อ ต่อ ข้อที่ต่ำกว่าเกณฑ์ทั้งหมด)",
             lambda part: measures_bars(part, width=width, digits=digits, size=size),
             size * 1.9, size * 3.5))
        y = MARGIN_TOP
        for title, build, row_h, extra in sections:
            per_page = max(1, int((room - extra) // row_h))
            chunks = [offices[i:i + per_page] for i in range(0, len(offices), per_page)] or [[]]
            for n, part in enumerate(chunks, start=1):
                more = f" ({thai.digits(str(n), digits)}/{thai.digits(str(len(chunks)), digits)})" \
                    if len(chunks) > 1 else ""
                chart = build(part)
                if y > MARGIN_TOP and y + 13.0 * 1.7 + 6.0 + chart.height > bottom:
                    canvas.showPage()  # the next section does not fit under this one
                    y = MARGIN_TOP
                y = _heading(drawer, [(title + more, 13.0, True)], MARGIN_X, y, width)
                drawer.draw(chart, MARGIN_X, y + 6.0)
                y += 6.0 + chart.height + 18.0
        canvas.showPage()
        canvas.save()
    return buf.getvalue()
