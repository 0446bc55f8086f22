"""The finalise check: one test per rule, plus order and the clean report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ita_desktop.core.framework.definition import Framework, parse_framework
from ita_desktop.core.report.model import Entry, Person, PhotoRef, Report, Round
from ita_desktop.core.workflow.finalise import Problem, check_report, has_errors

FORM = """
format: ita-form/1
id: test-2567
fiscal_year: 2567
title: กรอบทดสอบ
pass_mark: 85
instruments:
  - code: EIT
    name: แบบวัดภายนอก
    indicators:
      - number: 6
        name: คุณภาพการดำเนินงาน
        items:
          - {code: e1, text: เจ้าหน้าที่ปฏิบัติงานตามขั้นตอน, confirmed: true}
          - {code: e2, text: เจ้าหน้าที่ให้ข้อมูลชัดเจน, confirmed: true}
  - code: OIT
    name: แบบวัดการเปิดเผยข้อมูล
    indicators:
      - number: 9
        name: การเปิดเผยข้อมูล
        items:
          - {code: o1, text: โครงสร้าง, confirmed: true}
          - {code: o2, text: ข้อมูลผู้บริหาร, confirmed: true}
          - {code: o3, text: อำนาจหน้าที่, confirmed: true}
"""


@pytest.fixture(scope="module")
def framework() -> Framework:
    return parse_framework(FORM, "test-2567.yaml")


def good_entry(item: str = "e1", entry_id: int = 1, position: int = 0) -> Entry:
    return Entry(item=item, instrument="EIT", indicator=6, item_text="เจ้าหน้าที่ปฏิบัติงานตามขั้นตอน",
                 score=Decimal("73.34"), issue="ผู้รับบริการเห็นว่าขั้นตอนไม่ชัดเจน",
                 measures=["จัดทำแผนผังขั้นตอน", "ติดประกาศที่จุดบริการ"],
                 result="ติดประกาศครบทุกจุดบริการแล้ว",
                 photos=[PhotoRef("a" * 64, caption="ป้ายประกาศขั้นตอน")],
                 position=position, id=entry_id)


def make_report(*entries: Entry) -> Report:
    return Report(agency="สำนักงานเขตปทุมวัน", parent="กรุงเทพมหานคร", fiscal_year=2567,
                  round=Round.standard("6m", 2567), framework="test-2567",
                  preparer=Person("นางสาวสมศรี ใจดี", "เจ้าหน้าที่", dt.date(2024, 3, 31)),
                  certifier=Person("นายสมชาย รักงาน", "ผู้อำนวยการเขต"),
                  entries=list(entries), id=7)


def only(problems: list[Problem], field: str) -> list[Problem]:
    return [p for p in problems if p.field == field]


def test_complete_report_has_no_problems(framework: Framework) -> None:
    report = make_report(good_entry("e1", 1, 0), good_entry("o1-o3", 2, 1))
    assert check_report(report, framework) == []


# ---------------------------------------------------------------------------------- errors
def test_no_entries_is_an_error(framework: Framework) -> None:
    problems = check_report(make_report(), framework)
    [p] = only(problems, "entries")
    assert p.severity == "error" and p.entry_id is None
    assert "ยังไม่มีรายการ" in p.message
    assert has_errors(problems)


def test_missing_agency_is_an_error(framework: Framework) -> None:
    report = make_report(good_entry())
    report.agency = "   "
    [p] = check_report(report, framework)
    assert (p.severity, p.field, p.entry_id) == ("error", "agency", None)
    assert "ชื่อหน่วยงาน" in p.message


def test_empty_row_is_one_error_not_a_list(framework: Framework) -> None:
    empty = Entry(item="e2", instrument="EIT", indicator=6, item_text="", id=5, position=1,
                  measures=["", "  "])
    problems = check_report(make_report(good_entry(), empty), framework)
    assert [(p.entry_id, p.severity, p.field) for p in problems] == [(5, "error", "issue")]
    assert problems[0].message.startswith("E2 ")
    assert "ลบแถวนี้" in problems[0].message
    assert problems[0].entry_label == "E2"


def test_unknown_item_code_is_an_error(framework: Framework) -> None:
    gone = good_entry("e9", 3)
    ranged = good_entry("o2-o30", 4, 1)
    problems = only(check_report(make_report(gone, ranged), framework), "item")
    assert [(p.entry_id, p.severity) for p in problems] == [(3, "error"), (4, "error")]
    assert "E9" in problems[0].message and "test-2567" in problems[0].message
    assert "O30" in problems[1].message and "O2," not in problems[1].message


def test_unknown_item_not_checked_without_framework() -> None:
    problems = check_report(make_report(good_entry("e9")), None)
    assert not has_errors(problems)
    [p] = problems
    assert (p.field, p.severity, p.entry_id) == ("framework", "warning", None)
    assert "test-2567" in p.message


def test_errors_come_first_within_an_entry(framework: Framework) -> None:
    entry = good_entry("e9")
    entry.score = None
    problems = check_report(make_report(entry), framework)
    assert [p.severity for p in problems] == ["error", "warning"]


# ---------------------------------------------------------------------------------- warnings
def test_no_score_is_a_warning(framework: Framework) -> None:
    entry = good_entry()
    entry.score = None
    [p] = check_report(make_report(entry), framework)
    assert (p.severity, p.field, p.entry_id) == ("warning", "score", 1)
    assert p.message.startswith("E1 ") and "คะแนน" in p.message


@pytest.mark.parametrize(("score", "flagged"), [("84.99", False), ("85", True), ("100", True)])
def test_score_at_or_above_pass_mark_is_a_warning(framework: Framework, score: str,
                                                  flagged: bool) -> None:
    entry = good_entry()
    entry.score = Decimal(score).quantize(Decimal("0.01"))
    problems = only(check_report(make_report(entry), framework), "score")
    assert bool(problems) == flagged
    if flagged:
        assert problems[0].severity == "warning"
        assert "เกณฑ์ผ่าน ๘๕" in problems[0].message  # the report prints Thai digits


def test_score_message_uses_the_reports_digits(framework: Framework) -> None:
    entry = good_entry()
    entry.score = Decimal("90.50")
    report = make_report(entry)
    report.digits = "arabic"
    [p] = check_report(report, framework)
    assert "90.50" in p.message and "85" in p.message


def test_pass_mark_comes_from_the_framework() -> None:
    strict = parse_framework(FORM.replace("pass_mark: 85", "pass_mark: 95"), "test-2567.yaml")
    entry = good_entry()
    entry.score = Decimal("90.00")
    assert check_report(make_report(entry), strict) == []


def test_issue_without_measures_is_a_warning(framework: Framework) -> None:
    entry = good_entry()
    entry.measures = []
    [p] = check_report(make_report(entry), framework)
    assert (p.severity, p.field) == ("warning", "measures")
    assert "มาตรการ" in p.message


def test_measures_without_issue_is_a_warning(framework: Framework) -> None:
    entry = good_entry()
    entry.issue = ""
    [p] = check_report(make_report(entry), framework)
    assert (p.severity, p.field) == ("warning", "issue")


def test_duplicated_measure_is_a_warning(framework: Framework) -> None:
    entry = good_entry()
    entry.measures = ["จัดทำแผนผังขั้นตอน", "ติดประกาศ", "  จัดทำแผนผัง  ขั้นตอน "]
    [p] = check_report(make_report(entry), framework)
    assert (p.severity, p.field) == ("warning", "measures")
    assert "ข้อ ๓ ซ้ำกับข้อ ๑" in p.message


def test_blank_measure_line_is_a_warning(framework: Framework) -> None:
    entry = good_entry()
    entry.measures = ["จัดทำแผนผังขั้นตอน", " ", "ติดประกาศ"]
    [p] = check_report(make_report(entry), framework)
    assert (p.severity, p.field) == ("warning", "measures")
    assert "ข้อ ๒ ว่าง" in p.message


def test_no_result_is_a_warning(framework: Framework) -> None:
    entry = good_entry()
    entry.result = "\n"
    [p] = check_report(make_report(entry), framework)
    assert (p.severity, p.field, p.entry_id) == ("warning", "result", 1)


def test_no_photos_is_a_warning(framework: Framework) -> None:
    entry = good_entry()
    entry.photos = []
    [p] = check_report(make_report(entry), framework)
    assert (p.severity, p.field) == ("warning", "photos")
    assert "ภาพ" in p.message


def test_photo_without_caption_is_a_warning(framework: Framework) -> None:
    entry = good_entry()
    entry.photos = [PhotoRef("a" * 64, "ป้าย"), PhotoRef("b" * 64, ""), PhotoRef("c" * 64, " ")]
    [p] = check_report(make_report(entry), framework)
    assert (p.severity, p.field) == ("warning", "photos")
    assert "ภาพที่ ๒, ๓" in p.message and "คำบรรยาย" in p.message


def test_all_photos_without_caption(framework: Framework) -> None:
    entry = good_entry()
    entry.photos = [PhotoRef("a" * 64), PhotoRef("b" * 64)]
    [p] = check_report(make_report(entry), framework)
    assert "ทุกภาพ" in p.message


def test_empty_item_text_is_a_warning(framework: Framework) -> None:
    entry = good_entry()
    entry.item_text = " "
    [p] = check_report(make_report(entry), framework)
    assert (p.severity, p.field) == ("warning", "item_text")


@pytest.mark.parametrize("person", ["preparer", "certifier"])
def test_missing_signer_name_is_a_report_warning(framework: Framework, person: str) -> None:
    report = make_report(good_entry())
    setattr(report, person, Person("", "ผู้อำนวยการ"))
    [p] = check_report(report, framework)
    assert (p.entry_id, p.severity, p.field) == (None, "warning", person)
    assert p.entry_label == ""


def test_item_answered_twice_is_a_warning_on_the_later_row(framework: Framework) -> None:
    report = make_report(good_entry("e1", 1, 0), good_entry("e2", 2, 1), good_entry("e1", 3, 2))
    [p] = check_report(report, framework)
    assert (p.entry_id, p.severity, p.field) == (3, "warning", "item")
    assert "แถวที่ ๑" in p.message


def test_item_inside_an_earlier_range_counts_as_answered_twice(framework: Framework) -> None:
    report = make_report(good_entry("o1-o3", 1, 0), good_entry("o2", 2, 1))
    [p] = check_report(report, framework)
    assert (p.entry_id, p.field) == (2, "item")
    assert p.message.startswith("O2 ")


def test_entries_are_checked_in_report_order_not_list_order(framework: Framework) -> None:
    late = good_entry("e2", 1, 5)
    late.score = None
    early = good_entry("e1", 2, 0)
    early.result = ""
    problems = check_report(make_report(late, early), framework)
    assert [p.entry_id for p in problems] == [2, 1]


def test_free_label_and_unnamed_rows_are_named_as_the_clerk_sees_them(framework: Framework) -> None:
    labelled = Entry(label="การสื่อสารภายใน", instrument="EIT", indicator=6, id=1, position=0)
    unnamed = Entry(instrument="EIT", indicator=6, id=2, position=1)
    problems = check_report(make_report(labelled, unnamed), framework)
    assert [p.entry_label for p in problems] == ["การสื่อสารภายใน", "แถวที่ ๒"]
    assert problems[1].message.startswith("แถวที่ ๒ ")


def test_report_level_problems_come_first(framework: Framework) -> None:
    entry = good_entry()
    entry.photos = []
    report = make_report(entry)
    report.certifier = Person()
    report.agency = ""
    problems = check_report(report, framework)
    assert [(p.entry_id, p.field) for p in problems] == [
        (None, "agency"), (None, "certifier"), (1, "photos")]


def test_check_does_not_change_the_report(framework: Framework) -> None:
    report = make_report(good_entry("e1", 1, 3), good_entry("e9", 2, 1))
    before = repr(report)
    check_report(report, framework)
    assert repr(report) == before
