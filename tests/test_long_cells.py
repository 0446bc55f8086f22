"""A cell that would print over several pages (20,000 pasted characters became one cell over
48 pages) is warned about by the finalise check; ordinary texts are not."""

from __future__ import annotations

from ita_desktop.core.framework.catalog import load_framework
from ita_desktop.core.render.long_cells import LONG_CELL_PAGES, cell_pages, long_cells
from ita_desktop.core.report.model import Entry, Report, Round
from ita_desktop.core.workflow.finalise import check_report

PASTE = "ข้อความที่วางมาจากเอกสารอื่นยาวมาก " * 560  # about 20,000 characters


def _report(**fields: object) -> Report:
    report = Report("สำนักงานเขตทดสอบ", "กรุงเทพมหานคร", 2567, Round.standard("6m", 2567),
                    "ita-2567")
    report.entries.append(Entry(item="e1", item_text="ข้อ", issue="ประเด็น", measures=["มาตรการ"],
                                result="ผล", **fields))  # type: ignore[arg-type]
    report.entries[0].id = 1
    return report


def test_pasted_text_is_many_pages() -> None:
    assert cell_pages(PASTE, "issue") > 25
    assert cell_pages(PASTE, "measures") < cell_pages(PASTE, "issue")  # a wider column
    assert cell_pages("ผลการดำเนินการ " * 10, "result") == 0.0


def test_check_warns_about_the_long_cell_only() -> None:
    report = _report()
    report.entries[0].result = PASTE
    problems = check_report(report, load_framework("ita-2567"))
    long = [p for p in problems if "หน้า" in p.message]
    assert [(p.field, p.severity, p.entry_id) for p in long] == [("result", "warning", 1)]
    assert "ผลการดำเนินการ" in long[0].message and "ตัดให้สั้นลง" in long[0].message


def test_ordinary_long_paragraph_is_not_warned() -> None:
    report = _report()
    report.entries[0].result = "ดำเนินการจัดอบรมให้ความรู้แก่บุคลากรทุกกลุ่มงาน " * 12  # ~560 chars
    assert long_cells(report.entries[0]) == []
    assert not [p for p in check_report(report, None) if "หน้า" in p.message]


def test_many_short_measures_add_up() -> None:
    entry = Entry(item="e1", measures=[f"มาตรการที่ {n}" for n in range(150)])
    fields = dict(long_cells(entry))
    assert "measures" in fields and fields["measures"] > LONG_CELL_PAGES
