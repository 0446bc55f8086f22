"""The printed report: rendered from reports built in code, checked with pymupdf + newmm."""

from __future__ import annotations

import re
from decimal import Decimal

import pymupdf
import pytest

from ita_desktop.core.render import render_pdf
from ita_desktop.core.render.images import PRINT_DPI
from ita_desktop.core.render.page import MARGIN_BOTTOM, MARGIN_TOP, PAGE_H, PAGE_W
from ita_desktop.core.report.model import Entry, PhotoRef

from . import factory
from .expected import HEADINGS, cells
from .pdfcheck import check, lines, notdef_problems

PAGE_NUMBER = r"หน้า [0-9๐-๙]+/[0-9๐-๙]+"


def rendered(report, photos, digits=None, framework=None):
    pdf = render_pdf(report, photos, framework, digits=digits)
    return pdf, pymupdf.open(stream=pdf, filetype="pdf")


@pytest.fixture(scope="module", params=["thai", "arabic"])
def stress(request):
    report, photos = factory.stress_report()
    pdf, doc = rendered(report, photos, digits=request.param)
    units = [t for _, t in cells(report, digits=request.param)]
    return report, doc, check(doc, list(HEADINGS), units, PAGE_NUMBER), request.param


def test_no_notdef_glyphs_or_unmapped_characters(stress):
    _, doc, _, _ = stress
    assert notdef_problems(doc) == []


def test_extracted_text_is_typed_text_and_breaks_fall_between_words(stress):
    _, _, result, _ = stress
    assert result.problems == []


def test_a_row_spans_four_pages_with_the_header_on_each(stress):
    report, doc, result, _ = stress
    issue = next(u for u in result.units if u.raw == report.entries[1].issue)
    pages = sorted(set(issue.pages))
    assert len(pages) >= 4
    for p in pages:
        text = doc[p - 1].get_text().replace("\n", "")
        assert "ประเด็นการประเมิน" in text  # the header row starts every page


def test_digits_setting_applies_to_every_number_the_app_prints(stress):
    _, doc, _, digits = stress
    text = "".join(page.get_text() for page in doc)
    if digits == "thai":
        assert "(๗๓.๓๔ คะแนน)" in text and "I๑๗" in text and "หน้า ๑/" in text
        assert "ตุลาคม ๒๕๖๖" in text and "๓๑ มีนาคม ๒๕๖๗" in text
        assert "ภาพกิจกรรมที่ 1" in text  # typed text keeps its own digits
    else:
        assert "(73.34 คะแนน)" in text and "I17" in text and "หน้า 1/" in text
        assert "ตุลาคม 2566" in text and "31 มีนาคม 2567" in text
        assert not re.search("[๐-๙]", text)


def test_twelve_photos_in_one_entry_are_all_drawn_whole(stress):
    report, doc, _, _ = stress
    infos = [(pno, info) for pno, page in enumerate(doc) for info in page.get_image_info()]
    # 2 + 1 + 12 photo drawings in the report
    assert len(infos) == sum(len(e.photos) for e in report.entries) == 15
    for _, info in infos:
        x0, y0, x1, y1 = info["bbox"]
        assert MARGIN_TOP < y0 < y1 < PAGE_H - MARGIN_BOTTOM + 0.5
        assert 0 < x0 < x1 < PAGE_W


def test_photos_are_embedded_at_print_resolution(stress):
    _, doc, _, _ = stress
    for page in doc:
        for info in page.get_image_info():
            x0, _, x1, _ = info["bbox"]
            dpi = info["width"] / ((x1 - x0) / 72)
            assert abs(dpi - PRINT_DPI) < 10, dpi


def test_markup_tabs_and_emoji_print_literally(stress):
    _, doc, _, _ = stress
    text = "".join(page.get_text() for page in doc)
    for literal in ("<b>ตัวหนา</b>", "& \"อัญประกาศ\" 'เดี่ยว' \\", "😀👍🏽", "❤️", "🙏"):
        assert literal in text.replace("\n", "")


def test_a_url_longer_than_the_column_wraps_inside_it(stress):
    _, doc, _, _ = stress
    spans = [bbox for _, text, bbox in lines(doc) if "bangkok.go.th" in text or "heading=" in text]
    assert len(spans) >= 2
    col2_left, col2_right = 42.5 + 0.19 * (PAGE_W - 85), 42.5 + 0.36 * (PAGE_W - 85)
    for x0, _, x1, _ in spans:
        assert col2_left < x0 and x1 < col2_right


def test_empty_cells_print_empty():
    report, photos = factory.base_report(), factory.DictPhotos()
    report.entries = [Entry(item="o23", instrument="OIT", indicator=10, position=1)]
    _, doc = rendered(report, photos)
    result = check(doc, list(HEADINGS), [t for _, t in cells(report)], PAGE_NUMBER)
    assert result.problems == []


def test_headings_without_a_framework_show_what_the_entry_carries():
    report, photos = factory.base_report(), factory.DictPhotos()
    report.entries = [factory.entry(1, "i8", "IIT", 2)]
    _, doc = rendered(report, photos)
    text = doc[0].get_text()
    assert "\nIIT\n" in text and "ตัวชี้วัดที่ ๒\n" in text


def test_a_missing_photo_prints_a_notice_instead_of_failing():
    report, photos = factory.base_report(), factory.DictPhotos()
    report.entries = [factory.entry(1, photos=[PhotoRef("0" * 64, caption="ภาพ")])]
    _, doc = rendered(report, photos)
    assert "(ไม่พบรูปภาพ)" in doc[0].get_text()


def test_cover_page_and_no_signatures():
    report, photos = factory.base_report(cover_page=True, show_signatures=False), \
        factory.DictPhotos()
    report.entries = [factory.entry(1, score="100")]
    _, doc = rendered(report, photos)
    assert doc[0].get_text().replace("\n", "").startswith("การรายงานผล")
    assert not doc[0].get_images()
    full = "".join("".join(p.get_text().split()) for p in doc)
    assert "ลงชื่อ" not in full and "(๑๐๐.๐๐คะแนน)" in full
    result = check(doc, list(HEADINGS), [t for _, t in cells(report)], PAGE_NUMBER)
    assert result.problems == []


def test_rendering_is_deterministic():
    report, photos = factory.stress_report()
    assert render_pdf(report, photos) == render_pdf(report, photos)


def test_score_and_custom_title_and_free_label():
    report, photos = factory.base_report(title="รายงาน <ทดสอบ> & ชื่อเอง"), factory.DictPhotos()
    report.entries = [Entry(label="ข้อ 5 (เพิ่มเติม)", item_text="ข้อความ", issue="ประเด็น",
                            score=Decimal("9.5"), position=1)]
    _, doc = rendered(report, photos)
    text = "".join(doc[0].get_text().split())
    assert "รายงาน<ทดสอบ>&ชื่อเอง" in text
    assert "ข้อ5(เพิ่มเติม)ข้อความ(๙.๕๐คะแนน)" in text


def test_pdfium_extracts_the_typed_text_too():
    """A second extractor (PDFium, as in Chrome and the GUI's preview) reads the same text."""
    pdfium = pytest.importorskip("pypdfium2")
    report, photos = factory.base_report(show_signatures=False), factory.DictPhotos()
    report.entries = [Entry(item="e1", instrument="EIT", indicator=6, position=1,
                            item_text="น้ำท่วมขังที่นี่ ชี้แจง ปฏิบัติ ฐูญู 😀 ✓",
                            issue="ทำความเข้าใจ <tag> & \"quote\"", measures=["ก", "ข"],
                            result="https://example.go.th/a/b?c=d", score=Decimal("73.34"))]
    pdf, _ = rendered(report, photos)
    doc = pdfium.PdfDocument(pdf)
    got = "".join("".join(p.get_textpage().get_text_range().split()) for p in doc)
    units = [t for _, t in cells(report)]
    expected = units[:2] + list(HEADINGS) + units[2:] + ["หน้า๑/๑"]
    from .pdfcheck import thai_norm

    assert thai_norm(got) == thai_norm("".join("".join(expected).split()))


def test_no_heading_row_is_left_alone_at_a_page_foot():
    from ita_desktop.core.render.blocks import Cell, Gap
    from ita_desktop.core.render.table import Row, TableGeometry, paginate

    geo = TableGeometry(600, 40, [100] * 5, 40, 560)  # 520 pt of table per page
    header = Row([Cell([Gap(20)]) for _ in range(5)])  # 29 pt with padding

    def entry(h):
        return Row([Cell([Gap(h)])] + [Cell() for _ in range(4)])

    def heading():
        return Row([Cell([Gap(20)])], full_width=True, keep_with_next=True)

    # after the header and a 420-pt entry, 71 pt are left: room for both headings (58 pt),
    # not for them and the start of the next entry
    rows = [entry(411), heading(), heading(), entry(200)]
    pages = paginate(rows, header, geo, geo.top)
    assert [len(p.parts) for p in pages] == [2, 4]
    assert pages[1].parts[1].row is rows[1]


def test_fonts_tounicode_maps_alone_give_the_typed_thai():
    """Tools that ignore /ActualText read the repaired ToUnicode maps (SARA AM decomposed)."""
    report, photos = factory.base_report(), factory.DictPhotos()
    report.entries = [factory.entry(n, words=80) for n in range(1, 4)]
    report.entries[0].issue = "ย้ำ น้ำ ที่นี่ ปี่ ป้ำ ฐูญู ฎีกา ปั้น กิ๊ก ผู้ใหญ่ ถ้ำ ข้ำ ก๋วยเตี๋ยว"
    _, doc = rendered(report, photos)
    units = [t for _, t in cells(report)]
    result = check(doc, list(HEADINGS), units, PAGE_NUMBER, ignore_actualtext=True)
    assert result.problems == []


def test_controls_private_use_and_legacy_thai_marks_never_print_garbage():
    report, photos = factory.base_report(show_signatures=False), factory.DictPhotos()
    report.entries = [Entry(item="i1", instrument="IIT", indicator=1, position=1,
                            issue="ก\x00ข\x0bค\x1fง\u200bจ\r\nซ\u2028ฌ \u202eabc\u202c \U000E0041x",
                            measures=["", "  ", "\uE000y", "\uFFFDz"],
                            result="ป\uF70Bน ตั\uF705ง")]  # legacy PUA: ป้น ตั่ง
    _, doc = rendered(report, photos)
    assert notdef_problems(doc) == []
    text = "".join(doc[0].get_text().split())
    assert "?y" in text and "?z" in text and "ป้นตั่ง" in text
    assert "กขคงจ" in text and "abc" in text
