"""Optional report columns in print (issue 17, item 4): off, the demo prints exactly what it
printed before the feature; on, every column is printed, readable and correctly broken."""

from __future__ import annotations

import pymupdf
import pytest

from ita_desktop.core.base.errors import ValidationError
from ita_desktop.core.render import render_pdf
from ita_desktop.core.render.document import COLUMNS, PAGE_H, PAGE_W
from ita_desktop.core.report import optional_columns as oc
from ita_desktop.core.report.model import Entry

from . import factory
from .expected import HEADINGS, cells
from .golden import demo_pdf, golden_pages, page_texts
from .pdfcheck import check, notdef_problems

PAGE_NUMBER = r"หน้า [0-9๐-๙]+/[0-9๐-๙]+"

VALUES = {
    "responsible": "ฝ่ายปกครอง และกลุ่มงานบริหารทรัพยากรบุคคล สำนักงานเขต",
    "period": "ตุลาคม 2566 - มีนาคม 2567",
    "budget": oc.NO_BUDGET,
    "status": "อยู่ระหว่างดำเนินการ",
    "indicator_target": "ร้อยละ 80 ของเจ้าหน้าที่เข้าร่วมการอบรมและผ่านการทดสอบความรู้",
    "obstacles": "เจ้าหน้าที่มีภารกิจประจำจำนวนมาก ทำให้จัดการประชุมได้ไม่ครบตามแผน",
}


def test_default_demo_prints_exactly_the_text_it_printed_before_optional_columns():
    # the baseline was extracted from the tree before this feature (tests/render/golden.py)
    assert page_texts(demo_pdf()) == golden_pages()


def test_no_optional_columns_keeps_the_five_column_widths():
    assert oc.widths(COLUMNS, ()) is COLUMNS


def test_widths_make_room_before_the_photos_and_fill_the_table():
    shares = oc.widths(COLUMNS, oc.KEYS)
    assert len(shares) == len(COLUMNS) + 3  # the four short facts share one column
    assert sum(shares) == pytest.approx(1.0)
    assert min(shares) >= 0.11  # ≥ 83 pt: ประชาสัมพันธ์ (70 pt at 12 pt) fits a line
    assert shares[-1] == pytest.approx(COLUMNS[-1] * (1 - 0.12 - 2 * 0.11))
    assert [c.keys for c in oc.printed_columns(("status", "obstacles"))] == [
        ("status",), ("obstacles",)]  # one short fact alone keeps its own, unlabelled column


def test_unknown_column_and_status_are_refused_with_thai_and_english():
    with pytest.raises(ValidationError) as err:
        oc.normalise_keys(["budget", "owner"])
    assert "owner" in str(err.value) and "responsible" in str(err.value)
    with pytest.raises(ValidationError):
        oc.check_status("เสร็จแล้ว")
    assert oc.check_status(" ดำเนินการแล้ว ") == "ดำเนินการแล้ว"
    assert oc.normalise_keys(["status", "responsible", "status"]) == ("responsible", "status")


def test_status_counts_include_entries_without_a_status():
    counts = oc.count_status(["ดำเนินการแล้ว", "", "ดำเนินการแล้ว", "ยังไม่ได้ดำเนินการ", "x"])
    assert counts == {"ดำเนินการแล้ว": 2, "อยู่ระหว่างดำเนินการ": 0, "ยังไม่ได้ดำเนินการ": 1,
                      "": 2}


def _all_columns_report():
    # not factory.stress_report(): its random words from a small vocabulary make the in-order
    # text matcher of the checks ambiguous once the narrower columns split rows differently
    # (a split cell's rest and the next column's text can start with the same word)
    photos = factory.DictPhotos()
    refs = [factory.PhotoRef(photos.add(factory.make_jpeg(i)), caption=f"ภาพกิจกรรมที่ {i + 1}")
            for i in range(3)]
    report = factory.base_report(entries=[
        factory.entry(11, photos=refs[:1]),
        factory.entry(12, "i17", "IIT", 3, words=120, photos=refs[1:]),  # split over pages
        factory.entry(13, "e1", "EIT", 6),
        Entry(item="o23", instrument="OIT", indicator=10, position=14),  # empty cells
    ])
    report.optional_columns = oc.KEYS
    for i, e in enumerate(report.entries):
        e.extra = dict(VALUES, status=oc.STATUS_VALUES[i % 3])
    report.entries[-1].extra = {}  # an entry with every optional cell empty
    return report, photos


@pytest.fixture(scope="module", params=["thai", "arabic"])
def all_on(request):
    report, photos = _all_columns_report()
    pdf = render_pdf(report, photos, digits=request.param)
    return report, pymupdf.open(stream=pdf, filetype="pdf"), request.param


def test_every_optional_column_passes_the_thai_pdf_checks(all_on):
    report, doc, digits = all_on
    assert notdef_problems(doc) == []
    headings = list(HEADINGS[:-1]) + [c.heading for c in oc.printed_columns(oc.KEYS)] \
        + [HEADINGS[-1]]
    units = [t for _, t in cells(report, digits=digits)]
    assert VALUES["obstacles"] in units  # the expected text has the optional cells
    result = check(doc, headings, units, PAGE_NUMBER)
    assert result.problems == []


def test_the_wide_table_stays_on_landscape_a4(all_on):
    _, doc, _ = all_on
    for page in doc:
        assert (page.rect.width, page.rect.height) == pytest.approx((PAGE_W, PAGE_H))
        for x0, _, x1, _ in (b[:4] for b in page.get_text("blocks")):
            assert 0 < x0 < x1 < PAGE_W


def test_period_and_budget_digits_follow_the_report_setting(all_on):
    _, doc, digits = all_on
    text = "".join("".join(p.get_text().split()) for p in doc)
    if digits == "thai":
        assert "ตุลาคม๒๕๖๖-มีนาคม๒๕๖๗" in text
    else:
        assert "ตุลาคม2566-มีนาคม2567" in text
    assert "ไม่ใช้งบประมาณ" in text and "ร้อยละ80" in text  # typed text keeps its digits
