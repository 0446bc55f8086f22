"""The consolidation window's charts tab and the consolidated PDF's chart pages, from offices'
result sheets."""

from __future__ import annotations

from collections.abc import Iterator

import pymupdf
import pytest

from ita_desktop.core.package.consolidate import summarize
from ita_desktop.core.package.summary_pdf import summary_pdf
from ita_desktop.core.workflow.demo import create_demo
from ita_desktop.gui.jobs import wait_idle
from ita_desktop.gui.packages.consolidation import ConsolidationWindow

OFFICES = ["สำนักงานเขตปทุมวัน", "สำนักงานเขตบางรัก", "สำนักงานเขตสาทร"]


@pytest.fixture(autouse=True)
def idle_worker() -> Iterator[None]:
    yield
    assert wait_idle(60_000)


def offices(store) -> list[int]:  # noqa: ANN001
    ids = []
    for n, name in enumerate(OFFICES):
        rid = create_demo(store)
        store.update_report(rid, agency=name)
        if n < 2:  # the third office sent no result sheet
            store.set_scores(rid, {("item", "i1"): f"{60 + n * 30}", ("item", "i2"): "90",
                                   ("item", "e4"): "50", ("overall", ""): f"{80 + n * 10}"})
        ids.append(rid)
    return ids


def test_charts_tab_shows_each_office(qtbot, session) -> None:  # noqa: ANN001
    offices(session.store)
    window = ConsolidationWindow(session)
    qtbot.addWidget(window)
    window.resize(1300, 700)
    window.show()
    qtbot.waitUntil(lambda: window.summary is not None and not window.is_busy(),
                    timeout=20_000)
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window.charts.data is not None, timeout=20_000)
    data = window.charts.data
    assert [o.agency for o in data.offices] == sorted(OFFICES)
    by = {o.agency: o for o in data.offices}
    assert str(by["สำนักงานเขตปทุมวัน"].indicators[1]) == "75.00"  # mean of i1 60, i2 90
    assert by["สำนักงานเขตสาทร"].overall is None
    heat = window.charts.views["heatmap"].chart
    assert heat is not None and "สำนักงานเขตบางรัก" in heat.labels()
    overall = window.charts.views["overall"].chart.labels()
    assert "๙๐.๐๐" in overall and any("เกณฑ์ผ่าน" in t for t in overall)
    # e4 (50) has no entry in the demo, i1 (60) neither: 0 of 2 with measures in Pathum Wan
    assert (by["สำนักงานเขตปทุมวัน"].weak_items, by["สำนักงานเขตปทุมวัน"].weak_with_measures) \
        == (2, 0)
    assert not window.charts.note.isVisibleTo(window)
    assert not window.charts.grab().isNull()
    window.close()


def test_consolidated_pdf_has_chart_pages_after_the_summary(store) -> None:  # noqa: ANN001
    ids = offices(store)
    pdf = pymupdf.open(stream=summary_pdf(summarize(store, ids), store, reports=False),
                       filetype="pdf")
    text = [page.get_text() for page in pdf]
    assert "แผนภูมิ" in [t for _level, t, _page in pdf.get_toc()]
    chart_page = next(n for n, t in enumerate(text) if "คะแนนรายตัวชี้วัด" in t)
    assert chart_page >= 1 and "สำนักงานเขตบางรัก" in text[chart_page]
    assert not pdf[chart_page].get_images() and pdf[chart_page].get_drawings()


def test_no_result_sheets_no_chart_pages(store) -> None:  # noqa: ANN001
    ids = [create_demo(store)]
    pdf = pymupdf.open(stream=summary_pdf(summarize(store, ids), store, reports=False),
                       filetype="pdf")
    assert not any("คะแนนรายตัวชี้วัด" in page.get_text() for page in pdf)
