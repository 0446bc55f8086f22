"""The consolidated PDF: a summary table of the offices (sent, missing, entries, photos,
entries without results, mean score), the charts when offices sent result sheets
(``summary_charts``), then each office's printed report.

The table is drawn with the report renderer's Thai text machinery (HarfBuzz shaping, ICU line
breaks, the bundled Sarabun) so it prints like the reports after it; the reports come from
``render_pdf`` and are appended with pypdf, one bookmark per office.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from ..framework.catalog import try_load_framework
from ..store import Store
from .consolidate import OfficeStatus, Summary
from .summary_xlsx import STATE

COLUMNS = (("ที่", 0.05), ("หน่วยงาน", 0.29), ("สถานะการส่ง", 0.15), ("ฉบับที่", 0.07),
           ("สถานะรายงาน", 0.11), ("จำนวนรายการ", 0.09), ("จำนวนภาพ", 0.08),
           ("ยังไม่มีผล", 0.08), ("คะแนนเฉลี่ย", 0.08))
TITLE = "สรุปการรายงานผลการดำเนินการตามมาตรการยกระดับคุณธรรมและความโปร่งใส"

Progress = Callable[[int, int, str], None]


def summary_pdf(summary: Summary, store: Store, *, reports: bool = True,
                progress: Progress | None = None) -> bytes:
    """The summary table, then (``reports``) every sent office's report in table order."""
    from pypdf import PdfReader, PdfWriter

    from ..render import render_pdf

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(summary_table_pdf(summary))))
    writer.add_outline_item(title="สรุป", page_number=0)
    from .summary_charts import chart_pages  # offices × indicators, overall, measures

    charts = chart_pages(store, summary)
    if charts is not None:
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(charts)))
        writer.add_outline_item(title="แผนภูมิ", page_number=start)
    sent = [o for o in summary.sent if o.report_id is not None]
    for done, office in enumerate(sent, start=1):
        report = store.get_report(office.report_id)  # type: ignore[arg-type]
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(
            render_pdf(report, store, try_load_framework(report.framework)))))
        writer.add_outline_item(title=office.agency, page_number=start)
        if progress is not None:
            progress(done, len(sent), office.agency)
    writer.add_metadata({"/Title": TITLE, "/Creator": "ITA Desktop"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def summary_table_pdf(summary: Summary) -> bytes:
    """Only the summary table (landscape A4, header row repeated on every page)."""
    from reportlab.pdfgen.canvas import Canvas

    from ..render.blocks import Cell, TextLine, text_lines
    from ..render.fonts import BOLD, REGULAR, font
    from ..render.page import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_H, PAGE_W
    from ..render.table import PAD_X, Drawer, Row, TableGeometry, paginate
    from ..render.textdraw import TextWriter

    font(REGULAR)
    font(BOLD)
    width = PAGE_W - 2 * MARGIN_X
    widths = [width * part for _, part in COLUMNS]
    inner = [w - 2 * PAD_X for w in widths]

    def lines(text: str, col: int, *, bold: bool = False, center: bool = False,
              size: float = 11.0) -> list[TextLine]:
        return text_lines(text, inner[col], font=BOLD if bold else REGULAR, size=size,
                          align="center" if center else "left")

    def heading(texts: list[str], col: float, size: float) -> list[TextLine]:
        out: list[TextLine] = []
        for t in texts:
            out += text_lines(t, width * col, font=BOLD, size=size, align="center")
        return out

    header = Row([Cell(lines(name, i, bold=True, center=True)) for i, (name, _) in
                  enumerate(COLUMNS)], fill=0.9)
    rows = [Row([Cell(lines(value, i, center=i != 1)) for i, value in enumerate(_cells(n, o))])
            for n, o in enumerate(summary.offices, start=1)]
    counts = (f"ส่งแล้ว {len(summary.sent)} หน่วยงาน"
              + (f" ยังไม่ส่ง {len(summary.missing)} หน่วยงาน" if summary.missing else ""))
    title = heading([TITLE, " ".join(summary.rounds) or "-", counts], 1.0, 14.0)
    title_h = sum(t.height for t in title) + 8.0
    geo = TableGeometry(PAGE_H, MARGIN_X, widths, MARGIN_TOP, PAGE_H - MARGIN_BOTTOM)
    pages = paginate(rows, header, geo, MARGIN_TOP + title_h)

    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1, invariant=1,
                    initialFontName=REGULAR, initialFontSize=11.0)
    canvas.setTitle(TITLE)
    canvas.setCreator("ITA Desktop")
    drawer = Drawer(canvas, TextWriter(canvas), geo, lambda *args: None)

    def centered(block: list[TextLine], top: float) -> None:
        y = top
        for ln in block:
            drawer.blocks([ln], MARGIN_X, y, width)
            y += ln.height

    for n, page in enumerate(pages, start=1):
        if n == 1:
            centered(title, MARGIN_TOP)
        for part in page.parts:
            drawer.part(part)
        centered(text_lines(f"หน้า {n}/{len(pages)}", width, font=REGULAR, size=10.0,
                            align="center"), PAGE_H - MARGIN_BOTTOM + 12.0)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _cells(n: int, office: OfficeStatus) -> list[str]:
    if office.state == "missing":
        return [str(n), office.agency, STATE["missing"], "", "", "", "", "", ""]
    status = "" if office.final is None else ("ฉบับสมบูรณ์" if office.final else "ฉบับร่าง")
    return [str(n), office.agency, STATE[office.state], str(office.revision or ""), status,
            str(office.entries), str(office.photos), str(office.without_result),
            "" if office.mean_score is None else f"{office.mean_score:.2f}"]
