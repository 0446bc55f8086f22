"""Import a checked package into the store: one transaction, all or nothing.

What happens depends on what the database already holds:

* the same report (uuid), same revision, same content: nothing changes ("unchanged");
* the same report, a newer revision: it replaces the stored one, which is kept as JSON in
  ``report_history`` ("replaced");
* the same report, an older revision (or the same revision with other content): refused;
* another report (other uuid) for the same agency, fiscal year and round: the caller decides
  (``on_conflict``): "ask" returns a "conflict" outcome and writes nothing, "replace" puts the
  other report in history and imports this one, "keep-both" imports it alongside.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .. import thai
from ..errors import ItaError, StoreError
from ..interchange import report_to_dict
from ..model import Report, now_iso
from ..store import Store
from .reader import CheckedPackage, read_package, read_package_file

OnConflict = Literal["ask", "replace", "keep-both"]
Status = Literal["imported", "replaced", "unchanged", "conflict"]


class ImportRefused(ItaError):
    """The package is sound but cannot be imported over what the database holds."""


@dataclass(frozen=True)
class ExistingReport:
    id: int
    uuid: str
    agency: str
    revision: int
    status: str
    updated_at: str


@dataclass(frozen=True)
class ImportOutcome:
    status: Status
    message: str  # Thai, for the clerk
    report_id: int | None  # the imported (or already present) report; None for a conflict
    uuid: str
    agency: str
    fiscal_year: int
    round_title: str
    revision: int
    conflicts: tuple[ExistingReport, ...] = field(default=())  # the reports in the way
    replaced: tuple[int, ...] = field(default=())  # ids of reports moved to history


def import_package_file(store: Store, path: str | Path, on_conflict: OnConflict = "ask"
                        ) -> ImportOutcome:
    return import_checked(store, read_package_file(path), on_conflict, source=Path(path).name)


def import_package(store: Store, data: bytes, source: str = "package",
                   on_conflict: OnConflict = "ask") -> ImportOutcome:
    return import_checked(store, read_package(data, source), on_conflict, source=source)


def import_checked(store: Store, package: CheckedPackage, on_conflict: OnConflict = "ask", *,
                   source: str = "package") -> ImportOutcome:
    report = package.report
    store.backup_before("import")
    with store.transaction():  # decisions and writes see one consistent database
        same_id = store.find_report_id(report.uuid)
        if same_id is not None:
            return _same_report(store, package, same_id, source)
        others = _same_slot(store, report)
        if others and on_conflict == "ask":
            return _outcome("conflict", report, None, _conflict_message(report, others),
                            conflicts=tuple(others))
        replaced: tuple[int, ...] = ()
        if others and on_conflict == "replace":
            for other in others:
                _to_history(store, other.id)
            replaced = tuple(o.id for o in others)
        new_id = _create(store, package)
    if replaced:
        return _outcome("replaced", report, new_id, f"นำเข้ารายงานของ{report.agency} แทนฉบับเดิม "
                        "(ฉบับเดิมเก็บไว้ในประวัติ)", replaced=replaced)
    return _outcome("imported", report, new_id, f"นำเข้ารายงานของ{report.agency} แล้ว")


def _same_report(store: Store, package: CheckedPackage, report_id: int, source: str
                 ) -> ImportOutcome:
    report = package.report
    stored = store.get_report(report_id)
    rev, have = report.revision, stored.revision
    if rev < have:
        raise ImportRefused(
            f"แพ็กเกจนี้เป็นรายงานฉบับที่ {rev} ซึ่งเก่ากว่าฉบับที่ {have} ที่มีอยู่แล้ว — ไม่นำเข้า "
            "(ถ้าต้องการฉบับนี้จริง ให้หน่วยงานที่ส่งเปิดแก้ไขรายงานแล้วส่งออกใหม่)",
            where=source, english=f"package revision {rev} is older than the stored {have}")
    if rev == have:
        if _comparable(report) == _comparable(stored):
            if _trashed(store, report_id):  # deleted here (undo still possible): bring it back
                store.conn.execute("UPDATE reports SET trashed_at = NULL WHERE id = ?",
                                   (report_id,))
                return _outcome("imported", report, report_id,
                                f"นำรายงานของ{report.agency} ที่ลบไว้กลับมาแล้ว")
            return _outcome("unchanged", report, report_id,
                            f"รายงานของ{report.agency} ฉบับนี้มีอยู่แล้ว — ไม่มีอะไรเปลี่ยนแปลง")
        raise ImportRefused(
            f"รายงานฉบับที่ {rev} ของ{report.agency} มีอยู่แล้วแต่เนื้อหาไม่ตรงกับแพ็กเกจนี้ — "
            "ไม่นำเข้า ขอให้หน่วยงานที่ส่งกด “เปิดแก้ไข” แล้วส่งออกใหม่ (เป็นฉบับที่ใหม่กว่า)",
            where=source, english="same revision with different content")
    _to_history(store, report_id)
    new_id = _create(store, package)
    return _outcome("replaced", report, new_id,
                    f"นำเข้ารายงานของ{report.agency} ฉบับที่ {rev} แทนฉบับที่ {have} "
                    "(ฉบับเดิมเก็บไว้ในประวัติ)", replaced=(report_id,))


def _create(store: Store, package: CheckedPackage) -> int:
    try:
        return store.create_report(package.report, package.photos)
    except sqlite3.Error as exc:  # a value the checks let through: refuse, never crash
        raise StoreError("บันทึกรายงานจากแพ็กเกจลงฐานข้อมูลไม่ได้ — ไม่มีการเปลี่ยนแปลงใด ๆ",
                         english=f"database error: {exc}") from None


def _to_history(store: Store, report_id: int) -> None:
    old = store.get_report(report_id)
    store.conn.execute(
        "INSERT INTO report_history (report_uuid, revision, replaced_at, data) VALUES (?, ?, ?, ?)",
        (old.uuid, old.revision, now_iso(), json.dumps(report_to_dict(old), ensure_ascii=False)))
    store.conn.execute("DELETE FROM reports WHERE id = ?", (report_id,))


def _trashed(store: Store, report_id: int) -> bool:
    row = store.conn.execute("SELECT trashed_at FROM reports WHERE id = ?", (report_id,)).fetchone()
    return row is not None and row[0] is not None


def _same_slot(store: Store, report: Report) -> list[ExistingReport]:
    rows = store.conn.execute(
        "SELECT id, uuid, agency, revision, status, updated_at FROM reports "
        "WHERE trashed_at IS NULL AND agency = ? AND fiscal_year = ? AND round_kind = ? "
        "AND round_start = ? AND round_end = ? AND uuid != ? ORDER BY id",
        (report.agency, report.fiscal_year, report.round.kind, report.round.start.isoformat(),
         report.round.end.isoformat(), report.uuid)).fetchall()
    return [ExistingReport(*row) for row in rows]


def _comparable(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, sort_keys=True)


def _conflict_message(report: Report, others: list[ExistingReport]) -> str:
    year = thai.digits(report.fiscal_year, "arabic")
    return (f"มีรายงานของ{report.agency} ปีงบประมาณ {year} {report.round.title('arabic')} "
            f"อยู่แล้ว {len(others)} ฉบับ (เป็นคนละรายงานกับในแพ็กเกจ) — เลือกว่าจะแทนที่ฉบับเดิม "
            "หรือเก็บไว้ทั้งสองฉบับ")


def _outcome(status: Status, report: Report, report_id: int | None, message: str, *,
             conflicts: tuple[ExistingReport, ...] = (), replaced: tuple[int, ...] = ()
             ) -> ImportOutcome:
    return ImportOutcome(status, message, report_id, report.uuid, report.agency,
                         report.fiscal_year, report.round.title("arabic"), report.revision,
                         conflicts, replaced)
