"""The finalise check: what is missing or suspicious in a report, per entry, in Thai.

``check_report`` never raises and never changes the report; it returns a list of ``Problem``.
Errors block finalising; warnings are shown but do not block, because a clerk may have good
reasons (a measure with no photo yet, an item text left blank on purpose).

Errors (the printed report would be wrong or meaningless):

* the report has no entries at all (field ``entries``);
* the agency name is empty (``agency``) — it is printed in the title;
* an entry has neither an issue nor any measure — an empty row (``issue``); such a row gets
  only this error (and the unknown-item one), not a warning for every field it lacks;
* an entry's item code (or either end of a range) is not in the report's framework, e.g. after
  switching the framework year (``item``). Skipped when the framework is not available.

Warnings (probably incomplete, possibly intended):

* report-level: the framework file could not be loaded, so item codes were not checked
  (``framework``); the preparer's or the certifier's name is empty (``preparer`` /
  ``certifier``);
* per entry: no score (``score``); a score at or above the pass mark — why is the item in an
  improvement report? (``score``); an issue but no measures, or measures but no issue
  (``measures`` / ``issue``); an empty line in the measures or the same measure written twice
  (``measures``); no result (``result``); no photos, or photos without a caption
  (``photos``); the item text is empty (``item_text``); the same item answered by more than one
  entry, counting items inside ranges when the framework is known (``item``, on every entry
  after the first one that answers it).
* result sheet (when the report holds one, see ``core.scoresheet``): items scoring under the
  pass mark that no entry with measures answers (one report-level warning listing them,
  ``scores``); an entry for one item whose score differs from the sheet's (``score``).

Order: report-level problems first, then each entry's in report order; within one entry (or
the report level), errors before warnings. Messages name the entry as the clerk sees it
(``Entry.code_label``, e.g. "E1", or "แถวที่ ๓" for a row with neither code nor label), say
what is wrong and what to do. Numbers in messages use the report's digit style.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..framework.catalog import try_load_framework
from ..framework.definition import Framework
from ..render.long_cells import long_cells
from ..report.below_pass import answered, covered_codes
from ..report.model import PASS_MARK, Entry, Report, format_score
from ..store import Change, Store
from ..text import thai

LONG_CELL_NAMES = {"item_text": "ข้อความของข้อการประเมิน", "issue": "ประเด็นที่ต้องปรับปรุง",
                   "measures": "มาตรการ", "result": "ผลการดำเนินการ"}

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding of the check.

    ``entry_id`` is None for a report-level problem. ``entry_label`` is how the clerk sees the
    entry ("E1", "O1 - O22", a free label, or "แถวที่ ๓"); empty for report-level problems.
    """

    entry_id: int | None
    severity: Severity
    field: str
    message: str
    entry_label: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def finalise_report(store: Store, report_id: int) -> Change:
    """Make the report final (read-only). Refused while the finalise check finds errors,
    whoever asks: the window, the command line or a script all come through here (the store
    below knows nothing of the check; it runs it inside the transaction it gets)."""

    def errors_of(report: Report) -> list[str]:
        return [f"{p.entry_label}: {p.message}" if p.entry_label else p.message
                for p in check_report(report, try_load_framework(report.framework))
                if p.severity == "error"]

    return store.set_final(report_id, errors_of)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


def entry_name(entry: Entry, row: int, digits: str = "thai") -> str:
    """How the clerk sees an entry: its code label, or 'แถวที่ n' (1-based) without one."""
    label = entry.code_label.strip()
    return label if label else f"แถวที่ {thai.digits(row, digits)}"


def check_report(report: Report, framework: Framework | None) -> list[Problem]:
    """Check ``report`` against ``framework`` (None: the framework file is not available).

    See the module docstring for the rules.
    """
    digits = report.digits if report.digits in ("thai", "arabic") else "thai"
    problems: list[Problem] = []
    problems.extend(_report_problems(report, framework))
    problems.extend(_sheet_problems(report, framework, digits))
    entries = sorted(report.entries, key=lambda e: e.position)
    pass_mark = framework.pass_mark if framework is not None else PASS_MARK
    first_row_of: dict[str, int] = {}  # item code -> row of the first entry answering it
    for row, entry in enumerate(entries, start=1):
        name = entry_name(entry, row, digits)
        found = _entry_problems(entry, name, framework, pass_mark, digits)
        found.extend(_duplicate_problems(entry, name, row, framework, first_row_of, digits))
        found.extend(_sheet_score_problems(entry, name, report, digits))
        found.sort(key=lambda p: not p.is_error)  # stable: errors first, rule order kept
        problems.extend(Problem(entry.id, p.severity, p.field, p.message, name) for p in found)
    return problems


# ---------------------------------------------------------------------------------- report
def _report_problems(report: Report, framework: Framework | None) -> list[Problem]:
    errors: list[Problem] = []
    warnings: list[Problem] = []
    if not report.agency.strip():
        errors.append(Problem(None, "error", "agency",
                              "ยังไม่ได้ระบุชื่อหน่วยงาน ซึ่งพิมพ์อยู่ในหัวรายงาน "
                              "— ใส่ชื่อหน่วยงานในคุณสมบัติรายงาน"))
    if not report.entries:
        errors.append(Problem(None, "error", "entries",
                              "รายงานยังไม่มีรายการเลย — เพิ่มข้อการประเมินที่ต้องพัฒนาอย่างน้อยหนึ่งข้อ"))
    if framework is None:
        warnings.append(Problem(None, "warning", "framework",
                                f"ไม่พบไฟล์กรอบการประเมิน “{report.framework}” จึงตรวจรหัสข้อไม่ได้ "
                                "— ตรวจว่าติดตั้งกรอบการประเมินของปีนี้แล้ว"))
    if not report.preparer.name.strip():
        warnings.append(Problem(None, "warning", "preparer",
                                "ยังไม่ได้ระบุชื่อผู้รายงาน — ใส่ชื่อในคุณสมบัติรายงาน"))
    if not report.certifier.name.strip():
        warnings.append(Problem(None, "warning", "certifier",
                                "ยังไม่ได้ระบุชื่อผู้รับรองข้อมูล — ใส่ชื่อในคุณสมบัติรายงาน"))
    return errors + warnings


def _sheet_problems(report: Report, framework: Framework | None, digits: str) -> list[Problem]:
    """Items under the pass mark on the result sheet that no entry with measures answers."""
    if framework is None or not report.scores.items:
        return []
    with_measures: set[str] = set()
    for code, entries in answered(report, framework).items():
        if any(m.strip() for e in entries for m in e.measures):
            with_measures.add(code)
    weak = [it.code for it in framework.items()
            if it.code in report.scores.items
            and report.scores.items[it.code] < framework.pass_mark
            and it.code not in with_measures]
    if not weak:
        return []
    codes = ", ".join(thai.digits(c.upper(), digits) for c in weak)
    return [Problem(None, "warning", "scores",
                    f"ข้อที่ได้คะแนนต่ำกว่าเกณฑ์ผ่าน {thai.digits(_plain(framework.pass_mark), digits)} "
                    f"แต่ยังไม่มีมาตรการ ({thai.digits(len(weak), digits)} ข้อ): {codes} — "
                    "เพิ่มรายการพร้อมมาตรการ (ใช้ “เพิ่มรายการข้อที่ต่ำกว่าเกณฑ์”)")]


def _sheet_score_problems(entry: Entry, name: str, report: Report, digits: str
                          ) -> list[Problem]:
    """An entry for one item whose typed score is not the result sheet's."""
    if not entry.item or "-" in entry.item or entry.score is None:
        return []
    sheet = report.scores.items.get(entry.item)
    if sheet is None or sheet == entry.score:
        return []
    return [Problem(entry.id, "warning", "score",
                    f"{name} ใส่คะแนน {format_score(entry.score, digits)} แต่ผลการประเมินที่บันทึกไว้เป็น "
                    f"{format_score(sheet, digits)} — แก้คะแนนให้ตรงกับผลการประเมิน")]


# ---------------------------------------------------------------------------------- entries
def _entry_problems(entry: Entry, name: str, framework: Framework | None, pass_mark: Decimal,
                    digits: str) -> list[Problem]:
    out: list[Problem] = []

    def add(severity: Severity, field: str, message: str) -> None:
        out.append(Problem(entry.id, severity, field, message))

    has_issue = bool(entry.issue.strip())
    measures = [m.strip() for m in entry.measures]
    real_measures = [m for m in measures if m]

    if not has_issue and not real_measures:
        add("error", "issue", f"{name} ยังว่างอยู่ ไม่มีทั้งประเด็นที่ต้องพัฒนาและมาตรการ "
            "— กรอกข้อมูล หรือลบแถวนี้ถ้าไม่ใช้")
    if framework is not None and entry.item:
        unknown = [code for code in entry.item.split("-") if framework.item(code) is None]
        if unknown:
            codes = ", ".join(code.upper() for code in unknown)
            add("error", "item", f"{name}: ไม่มีข้อ {codes} ในกรอบการประเมิน {framework.id} "
                "— เลือกข้อใหม่จากกรอบการประเมิน หรือลบแถวนี้")
    if not has_issue and not real_measures:
        return out  # an empty row: one clear error, not a list of everything it lacks

    if entry.score is None:
        add("warning", "score", f"{name} ยังไม่มีคะแนน — พิมพ์คะแนนที่ได้จากผลการประเมิน")
    elif entry.score >= pass_mark:
        add("warning", "score",
            f"{name} ได้คะแนน {format_score(entry.score, digits)} ซึ่งถึงเกณฑ์ผ่าน "
            f"{thai.digits(_plain(pass_mark), digits)} แล้ว — ตรวจคะแนน "
            "หรือพิจารณาว่าข้อนี้ต้องอยู่ในรายงานการพัฒนาหรือไม่")
    if has_issue and not real_measures:
        add("warning", "measures", f"{name} ยังไม่มีมาตรการ — เพิ่มมาตรการอย่างน้อยหนึ่งข้อ")
    if real_measures and not has_issue:
        add("warning", "issue", f"{name} ยังไม่มีประเด็นที่ต้องพัฒนา — ระบุประเด็นที่ต้องพัฒนา")
    if real_measures:
        blank = [n for n, m in enumerate(measures, start=1) if not m]
        if blank:
            add("warning", "measures",
                f"{name}: มาตรการข้อ {_numbers(blank, digits)} ว่างอยู่ — พิมพ์ข้อความหรือลบข้อที่ว่าง")
        seen: dict[str, int] = {}
        for n, text in enumerate(measures, start=1):
            if not text:
                continue
            key = "".join(thai.normalise_text(text).split()).casefold()  # spaces are optional in Thai
            if key in seen:
                add("warning", "measures",
                    f"{name}: มาตรการข้อ {thai.digits(n, digits)} ซ้ำกับข้อ "
                    f"{thai.digits(seen[key], digits)} — ลบข้อที่ซ้ำ")
            else:
                seen[key] = n
    if not entry.result.strip():
        add("warning", "result", f"{name} ยังไม่มีผลการดำเนินการ — สรุปผลที่ทำได้ในรอบนี้")
    if not entry.photos:
        add("warning", "photos", f"{name} ยังไม่มีภาพประกอบ — เพิ่มภาพหลักฐานการดำเนินการ")
    else:
        uncaptioned = [n for n, p in enumerate(entry.photos, start=1) if not p.caption.strip()]
        if uncaptioned:
            which = ("ทุกภาพ" if len(uncaptioned) == len(entry.photos) and len(uncaptioned) > 1
                     else f"ภาพที่ {_numbers(uncaptioned, digits)}")
            add("warning", "photos",
                f"{name}: {which} ยังไม่มีคำบรรยาย — พิมพ์คำบรรยายใต้ภาพ")
    if not entry.item_text.strip():
        add("warning", "item_text", f"{name} ยังไม่มีข้อความของข้อการประเมิน "
            "— พิมพ์ข้อความตามแบบวัด เพื่อให้ผู้อ่านรู้ว่าข้อนี้ถามอะไร")
    for field, pages in long_cells(entry):
        add("warning", field, f"{name}: {LONG_CELL_NAMES[field]}ยาวมาก จะพิมพ์เป็นช่องเดียวยาวประมาณ "
            f"{thai.digits(round(pages), digits)} หน้า — ตัดให้สั้นลง หรือย้ายรายละเอียดไปเป็น"
            "เอกสารแนบ")
    return out


def _duplicate_problems(entry: Entry, name: str, row: int, framework: Framework | None,
                        first_row_of: dict[str, int], digits: str) -> list[Problem]:
    """An item answered by an earlier entry too (ranges expanded when the framework knows
    both ends). Updates ``first_row_of``."""
    if not entry.item:
        return []
    codes = covered_codes(entry.item, framework)
    earlier = sorted({first_row_of[c] for c in codes if c in first_row_of})
    for code in codes:
        first_row_of.setdefault(code, row)
    if not earlier:
        return []
    rows = _numbers(earlier, digits)
    return [Problem(entry.id, "warning", "item",
                    f"{name} ตอบข้อการประเมินซ้ำกับแถวที่ {rows} ของรายงาน "
                    "— รวมเป็นแถวเดียว หรือลบแถวที่ไม่ใช้")]


def _numbers(numbers: list[int], digits: str) -> str:
    return ", ".join(thai.digits(n, digits) for n in numbers)


def _plain(number: Decimal) -> str:
    """85 -> '85', 85.5 -> '85.5' (the pass mark as people say it)."""
    text = format(number.normalize(), "f")
    return text
