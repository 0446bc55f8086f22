"""Charts: built as data in core.charts, drawn as vector PDF with shaped Thai labels, checked
with the same Thai checks as the report (no .notdef, the text extracts as typed)."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

import pymupdf
import pytest

from ita_desktop.core.framework.catalog import load_framework
from ita_desktop.core.render import render_pdf
from ita_desktop.core.render.charts import charts_pdf
from ita_desktop.core.report.scoresheet import ScoreSheet
from ita_desktop.core.scores import charts

from . import factory
from .expected import HEADINGS, cells
from .pdfcheck import check, notdef_problems

PAGE_NUMBER = r"หน้า [0-9๐-๙]+/[0-9๐-๙]+"
OFFICES = ["สำนักงานเขตปทุมวัน", "สำนักงานเขตป้อมปราบศัตรูพ่าย", "สำนักงานเขตบางรัก",
           "กองคลัง สำนักการคลัง"]


def sheet(seed: int) -> ScoreSheet:
    rnd = random.Random(seed)
    fw = load_framework("ita-2567")
    items = {it.code: Decimal(f"{rnd.uniform(40, 100):.2f}") for it in fw.items()
             if rnd.random() > 0.1}
    return ScoreSheet(items, {"IIT": Decimal("82.50")}, Decimal("80.25"))


def chart_report(digits: str = "thai"):
    report, photos = factory.stress_report()
    report.entries = report.entries[:3]
    return replace(report, digits=digits, scores=sheet(1), summary_chart=True), photos


def chart_units(report, framework, digits: str) -> list[str]:
    from ita_desktop.core.render.charts import summary_page
    from ita_desktop.core.render.page import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_H, PAGE_W

    headings, chart = summary_page(report, framework, width=PAGE_W - 2 * MARGIN_X,
                                   height=PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, digits=digits)
    return [text for text, _, _ in headings] + chart.labels()


def _thai(text: str, digits: str) -> str:
    from ita_desktop.core.text import thai

    return thai.digits(text, digits)


@pytest.mark.parametrize("digits", ["thai", "arabic"])
def test_summary_chart_page_prints_before_an_unchanged_table(digits: str) -> None:
    fw = load_framework("ita-2567")
    report, photos = chart_report(digits)
    with_chart = pymupdf.open(stream=render_pdf(report, photos, fw), filetype="pdf")
    plain = pymupdf.open(stream=render_pdf(replace(report, summary_chart=False), photos, fw),
                         filetype="pdf")
    assert with_chart.page_count == plain.page_count + 1
    assert notdef_problems(with_chart) == []
    # the official table is exactly as without the chart
    assert [p.get_text() for p in with_chart][1:] == [p.get_text() for p in plain]
    units = chart_units(report, fw, digits) + [t for _, t in cells(report, fw)]
    result = check(with_chart, list(HEADINGS), units, PAGE_NUMBER)
    assert result.problems == []
    drawings = with_chart[0].get_drawings()
    assert len(drawings) > 100  # vector bars and lines, not a picture
    assert not with_chart[0].get_images()
    page_text = with_chart[0].get_text()
    sample = _thai(f"{next(iter(report.scores.items.values())):.2f}", digits)
    assert sample in page_text
    other = "0123456789" if digits == "thai" else "๐๑๒๓๔๕๖๗๘๙"
    assert not any(ch in page_text for ch in other)  # every number in the report's digits


def test_summary_chart_is_off_by_default() -> None:
    report, photos = factory.stress_report()
    assert report.summary_chart is False
    report = replace(report, scores=sheet(2))
    on = replace(report, summary_chart=True)
    fw = load_framework("ita-2567")
    assert pymupdf.open(stream=render_pdf(report, photos, fw)).page_count + 1 == \
        pymupdf.open(stream=render_pdf(on, photos, fw)).page_count


def offices() -> list[charts.OfficeScores]:
    rnd = random.Random(5)
    out = []
    for n, name in enumerate(OFFICES):
        indicators: dict[int, Decimal | None] = {
            k: Decimal(f"{rnd.uniform(45, 100):.2f}") for k in range(1, 11)}
        if n == 1:
            indicators[9] = None
        weak = rnd.randint(0, 12)
        out.append(charts.OfficeScores(name, indicators, Decimal(f"{rnd.uniform(60, 99):.2f}"),
                                       n == 2, weak, rnd.randint(0, weak)))
    return out


def test_consolidation_chart_pages_are_vector_with_thai_labels() -> None:
    data = offices()
    pdf = pymupdf.open(stream=charts_pdf(data, list(range(1, 11)), Decimal(85)),
                       filetype="pdf")
    assert notdef_problems(pdf) == []
    width = 841.89 - 2 * 42.5
    units = ["คะแนนรายตัวชี้วัดของแต่ละหน่วยงาน (ค่าเฉลี่ยของคะแนนรายข้อ สีตามระดับผลการประเมิน)"]
    units += charts.heatmap(data, list(range(1, 11)), width=width).labels()
    units += ["คะแนนรวมของแต่ละหน่วยงานเทียบกับเกณฑ์ผ่าน"]
    units += charts.overall_bars(data, Decimal(85), width=width).labels()
    units += ["ข้อที่ต่ำกว่าเกณฑ์ผ่าน ๘๕ ที่มีมาตรการแล้ว (ข้อ ต่อ ข้อที่ต่ำกว่าเกณฑ์ทั้งหมด)"]
    units += charts.measures_bars(data, width=width).labels()
    result = check(pdf, [], units, r"$^")
    assert result.problems == []
    assert pdf.page_count == 1  # four offices: all three charts on one page
    assert not pdf[0].get_images() and len(pdf[0].get_drawings()) > 50


def test_many_offices_continue_on_more_pages() -> None:
    data = [replace(o, agency=f"{o.agency} {n}") for n in range(40) for o in offices()]
    pdf = pymupdf.open(stream=charts_pdf(data, list(range(1, 11)), Decimal(85)),
                       filetype="pdf")
    text = "".join(p.get_text() for p in pdf)
    assert pdf.page_count >= 6
    assert all(f"{o.agency}" in text for o in data[-4:])
    assert "(๑/" in text  # continued sections say which part they are


def test_heatmap_cells_carry_band_colour_and_value() -> None:
    data = offices()
    chart = charts.heatmap(data[:1], [1, 2], width=500, digits="arabic")
    boxes = [s for s in chart.shapes if isinstance(s, charts.Box) and s.w > 40]
    labels = chart.labels()
    first = data[0].indicators[1]
    assert f"{first:.2f}" in labels
    assert charts.band(first)[1] in [b.fill for b in boxes]
    missing = charts.heatmap(data[1:2], [9], width=500)
    assert "–" in missing.labels()


def test_bands_stay_in_order_as_greys() -> None:
    """Black-and-white print: each band is darker than the one above it, and every value is
    printed in black or white, whichever reads on the fill."""
    lum = [0.2126 * r + 0.7152 * g + 0.0722 * b for _, _, (r, g, b) in charts.BANDS]
    assert all(a - b > 0.05 for a, b in zip(lum, lum[1:], strict=False))
    for _, _, fill in charts.BANDS:
        text = charts.text_colour(fill)
        fill_lum = 0.2126 * fill[0] + 0.7152 * fill[1] + 0.0722 * fill[2]
        assert abs(sum(text) / 3 - fill_lum) > 0.4


def test_item_chart_bars_follow_scores_and_the_pass_mark() -> None:
    fw = load_framework("ita-2567")
    report, _ = chart_report("arabic")
    report.scores = ScoreSheet({"i1": Decimal("100"), "i2": Decimal("50"),
                                "e1": Decimal("85")})
    chart = charts.item_chart(report, fw, width=800, digits="arabic")
    bars = [s for s in chart.shapes if isinstance(s, charts.Box) and s.stroke and s.h > 12]
    full, half, at_pass = bars[0], bars[1], bars[2]
    assert full.h == pytest.approx(2 * half.h)
    assert half.hatch and half.fill == charts.WEAK_FILL  # under the pass mark
    assert not full.hatch and not at_pass.hatch  # 85 is at the pass mark, not under
    assert any(isinstance(s, charts.Rule) and s.dash for s in chart.shapes)
    assert "เกณฑ์ผ่าน 85" in chart.labels()
    assert "ตัวชี้วัดที่ 1 (เฉลี่ย 75.00)" in chart.labels()
