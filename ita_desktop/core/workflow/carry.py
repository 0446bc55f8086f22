"""Carry a report forward: the 12-month report from the 6-month one of the same year, and next
year's report from this year's measures."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

from ..base.errors import ValidationError
from ..framework.catalog import available, load_framework
from ..report.model import Entry, Report, Round
from ..report.scoresheet import ScoreSheet
from ..store import Store


@dataclass
class CarryResult:
    report_id: int
    notes: list[str] = field(default_factory=list)  # what could not be carried as it was


def _fresh(report: Report, **changes: object) -> Report:
    """A copy with a new identity, as a draft, signers' dates cleared."""
    fields: dict[str, object] = {
        "id": None, "uuid": str(uuid.uuid4()), "status": "draft", "revision": 1,
        "reopen_log": [], "created_at": None, "updated_at": None,
        "preparer": replace(report.preparer, date=None),
        "certifier": replace(report.certifier, date=None)}
    fields.update(changes)
    return replace(report, **fields)


def carry_to_12_months(store: Store, report_id: int) -> CarryResult:
    """A new 12-month report of the same fiscal year with every entry copied (scores, texts,
    measures, results and photos) and the same result sheet, so the clerk updates the results
    instead of retyping."""
    report = store.get_report(report_id)
    if report.round.kind == "12m":
        raise ValidationError("รายงานนี้เป็นรอบ ๑๒ เดือนอยู่แล้ว — เลือกรายงานรอบ ๖ เดือน",
                              field="round", english="already a 12-month report")
    entries = [replace(e, id=None) for e in report.entries]
    new = _fresh(report, round=Round.standard("12m", report.fiscal_year), entries=entries)
    store.backup_before("carry")
    return CarryResult(store.create_report(new))


def carry_to_next_year(store: Store, report_id: int,
                       framework_id: str | None = None) -> CarryResult:
    """Next fiscal year's 6-month report from this report's measures: same items (in next
    year's framework when there is one), issues and measures kept; scores, results and photos
    left empty for the new year."""
    report = store.get_report(report_id)
    year = report.fiscal_year + 1
    if framework_id is None:
        candidate = f"ita-{year}"
        framework_id = candidate if candidate in available() else report.framework
    framework = load_framework(framework_id)
    result_notes: list[str] = []
    entries: list[Entry] = []
    for entry in report.entries:
        carried = replace(entry, id=None, score=None, result="", photos=[])
        if entry.item:
            first, _, last = entry.item.partition("-")
            new_item = framework.item(first)
            if new_item is None or (last and framework.item(last) is None):
                result_notes.append(f"ข้อ {entry.code_label} ไม่มีในกรอบ {framework_id} — "
                                    "ยกไปเป็นรายการที่ตั้งชื่อเอง")
                label = f"{entry.code_label} {entry.item_text}".strip()
                indicator = framework.indicator(entry.indicator)
                if indicator is None:
                    result_notes.append(f"ไม่มีตัวชี้วัดที่ {entry.indicator} ใน {framework_id} "
                                        f"— ข้ามรายการ {entry.code_label}")
                    continue
                carried = replace(carried, item=None, label=label,
                                  instrument=indicator.instrument)
            elif not last and new_item.text != entry.item_text:
                # keep the office's own wording only when it differed from last year's form
                old = load_framework(report.framework).item(first) if report.framework in \
                    available() else None
                if old is not None and old.text == entry.item_text:
                    carried = replace(carried, item_text=new_item.text)
                carried = replace(carried, instrument=new_item.instrument,
                                  indicator=new_item.indicator)
        entries.append(carried)
    new = _fresh(report, fiscal_year=year, round=Round.standard("6m", year),
                 framework=framework_id, entries=entries, title=None,
                 scores=ScoreSheet())  # next year's result sheet is not known yet
    store.backup_before("carry")
    return CarryResult(store.create_report(new), result_notes)
