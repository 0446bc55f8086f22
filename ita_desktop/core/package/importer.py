"""Import a checked package into the store: one transaction, all or nothing.

What happens depends on what the database already holds:

* the same report (uuid), same revision, same content: nothing changes ("unchanged");
* the same report, a newer revision: it replaces the stored one, which is kept in the history
  (``core.revisions``: listed, compared, restorable) ("replaced");
* the same report, an older revision (or the same revision with other content): refused;
* the same report (uuid) but from another office, or a revision far above the stored one
  (``layout.MAX_REVISION_JUMP``): a report UUID belongs to its office, so this is a conflict
  the user decides, never a silent replace ("conflict", ``conflict_kind`` "office" or
  "revision"); "keep-both" then imports it as a separate report (with a new uuid);
* another report (other uuid) for the same agency, fiscal year and round: the caller decides
  (``on_conflict``): "ask" returns a "conflict" outcome and writes nothing, "replace" puts the
  other report in history and imports this one, "keep-both" imports it alongside.

Office names are compared after ``names.normalise_agency`` (look-alikes are the same office).
A photo is stored under its name in the package only if that name is free or holds the same
bytes (``Store._store_blob``): a package cannot change the picture another report shows.
"""

from __future__ import annotations

import json
import sqlite3
import uuid as _uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from ..base.errors import ItaError, StoreError
from ..exchange.report_json import report_to_dict
from ..report.model import Report
from ..store import Store, audit
from ..store.failures import StoreFailure
from ..text import thai
from ..text.names import normalise_agency
from ..workflow.revisions import move_to_history
from .layout import MAX_REVISION_JUMP
from .reader import CheckedPackage, read_package, read_package_file

OnConflict = Literal["ask", "replace", "keep-both"]
Status = Literal["imported", "replaced", "unchanged", "conflict"]
ConflictKind = Literal["", "slot", "office", "revision"]


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
    # of a conflict: "slot" another report of the office and round is here, "office" this
    # report (uuid) belongs to another office here, "revision" an implausible revision jump
    conflict_kind: ConflictKind = ""


def import_package_file(store: Store, path: str | Path, on_conflict: OnConflict = "ask"
                        ) -> ImportOutcome:
    return import_checked(store, read_package_file(path), on_conflict, source=Path(path).name)


def import_package(store: Store, data: bytes, source: str = "package",
                   on_conflict: OnConflict = "ask") -> ImportOutcome:
    return import_checked(store, read_package(data, source), on_conflict, source=source)


def import_checked(store: Store, package: CheckedPackage, on_conflict: OnConflict = "ask", *,
                   source: str = "package") -> ImportOutcome:
    store.backup_before("import")
    with store.transaction():  # decisions and writes see one consistent database
        report = _stored_photo_names(store, package)
        same_id = store.find_report_id(report.uuid)
        if same_id is not None:
            suspect = _ownership(store, report, same_id)
            if suspect is None:
                return _same_report(store, package, report, same_id, source)
            kind, message, existing = suspect
            if on_conflict == "ask":
                return _outcome("conflict", report, None, message, conflicts=(existing,),
                                kind=kind)
            if on_conflict == "replace":
                move_to_history(store, same_id, _replaced_reason(report, source),
                                replaced_by=report.uuid)
                new_id = _create(store, package, report, source)
                return _outcome("replaced", report, new_id, f"นำเข้ารายงานของ{report.agency} "
                                "แทนฉบับเดิม (ฉบับเดิมเก็บไว้ในประวัติ)", replaced=(same_id,))
            report = replace(report, uuid=str(_uuid.uuid4()))  # keep both: a separate report
        others = _same_slot(store, report)
        if others and on_conflict == "ask":
            return _outcome("conflict", report, None, _conflict_message(report, others),
                            conflicts=tuple(others), kind="slot")
        replaced: tuple[int, ...] = ()
        if others and on_conflict == "replace":
            for other in others:
                move_to_history(store, other.id, _replaced_reason(report, source),
                                replaced_by=report.uuid)
            replaced = tuple(o.id for o in others)
        new_id = _create(store, package, report, source)
    if replaced:
        return _outcome("replaced", report, new_id, f"นำเข้ารายงานของ{report.agency} แทนฉบับเดิม "
                        "(ฉบับเดิมเก็บไว้ในประวัติ)", replaced=replaced)
    return _outcome("imported", report, new_id, f"นำเข้ารายงานของ{report.agency} แล้ว")


def _ownership(store: Store, report: Report, report_id: int
               ) -> tuple[ConflictKind, str, ExistingReport] | None:
    """Why a package for a stored report (same uuid) must be put to the user, or None."""
    stored = store.get_report(report_id)
    existing = ExistingReport(report_id, stored.uuid, stored.agency, stored.revision,
                              stored.status, stored.updated_at or "")
    if normalise_agency(stored.agency) != normalise_agency(report.agency):
        return ("office", f"แพ็กเกจจาก{report.agency} อ้างว่าเป็นรายงานเดียวกับรายงานของ"
                f"{stored.agency} ที่มีอยู่แล้ว (รหัสรายงานเดียวกัน) แต่เป็นคนละหน่วยงาน — "
                "แพ็กเกจอาจถูกแก้ไข หรือหน่วยงานเปลี่ยนชื่อ ตรวจสอบกับหน่วยงานที่ส่งก่อน "
                "แล้วเลือกว่าจะแทนที่ เก็บไว้ทั้งสองฉบับ หรือข้าม", existing)
    if report.revision - stored.revision > MAX_REVISION_JUMP:
        return ("revision", f"แพ็กเกจของ{report.agency} เป็นฉบับที่ {report.revision} แต่ฉบับที่มี"
                f"อยู่เป็นฉบับที่ {stored.revision} ซึ่งข้ามไปมากผิดปกติ — แพ็กเกจอาจถูกแก้ไข "
                "ตรวจสอบกับหน่วยงานที่ส่งก่อน แล้วเลือกว่าจะแทนที่ เก็บไว้ทั้งสองฉบับ หรือข้าม",
                existing)
    return None


def _replaced_reason(report: Report, source: str) -> str:
    return f"แทนที่ด้วยฉบับที่ {report.revision} ของ{report.agency} จากแพ็กเกจ {source}"


def _stored_photo_names(store: Store, package: CheckedPackage) -> Report:
    """The package's report with each photo named as the store already holds those exact
    bytes (a name taken by other bytes is never reused), so comparisons see the report that
    would be stored."""
    names = {}
    for sha, photo in package.photos.items():
        stored = store.stored_photo_name(photo)
        if stored is not None and stored != sha:
            names[sha] = stored
    if not names:
        return package.report
    return replace(package.report, entries=[
        replace(e, photos=[replace(p, sha256=names.get(p.sha256, p.sha256)) for p in e.photos])
        for e in package.report.entries])


def _same_report(store: Store, package: CheckedPackage, report: Report, report_id: int,
                 source: str) -> ImportOutcome:
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
    move_to_history(store, report_id, _replaced_reason(report, source), replaced_by=report.uuid)
    new_id = _create(store, package, report, source)
    return _outcome("replaced", report, new_id,
                    f"นำเข้ารายงานของ{report.agency} ฉบับที่ {rev} แทนฉบับที่ {have} "
                    "(ฉบับเดิมเก็บไว้ในประวัติ)", replaced=(report_id,))


def _create(store: Store, package: CheckedPackage, report: Report,
            source: str = "package") -> int:
    """Store the report; photos it names that the store already holds (byte for byte) are
    not passed again. The sender's audit trail comes with it, then this import itself."""
    photos = {sha: photo for sha, photo in package.photos.items()
              if store.stored_photo_name(photo) is None}
    try:
        report_id = store.create_report(report, photos)
        audit.import_events(store.conn, report_id, package.history, source)
        audit.record(store.conn, report_id, "report-imported", field="revision",
                     new=report.revision, origin=f"package:{source}")
        return report_id
    except StoreFailure as exc:
        if exc.kind != "failure":
            raise  # disk full, read-only, locked: the real cause, not "a value the checks…"
        raise StoreError("บันทึกรายงานจากแพ็กเกจลงฐานข้อมูลไม่ได้ — ไม่มีการเปลี่ยนแปลงใด ๆ",
                         english=f"database error: {exc.english}") from None
    except sqlite3.Error as exc:  # a value the checks let through: refuse, never crash
        raise StoreError("บันทึกรายงานจากแพ็กเกจลงฐานข้อมูลไม่ได้ — ไม่มีการเปลี่ยนแปลงใด ๆ",
                         english=f"database error: {exc}") from None


def _trashed(store: Store, report_id: int) -> bool:
    row = store.conn.execute("SELECT trashed_at FROM reports WHERE id = ?", (report_id,)).fetchone()
    return row is not None and row[0] is not None


def _same_slot(store: Store, report: Report) -> list[ExistingReport]:
    rows = store.conn.execute(
        "SELECT id, uuid, agency, revision, status, updated_at FROM reports "
        "WHERE trashed_at IS NULL AND fiscal_year = ? AND round_kind = ? "
        "AND round_start = ? AND round_end = ? AND uuid != ? ORDER BY id",
        (report.fiscal_year, report.round.kind, report.round.start.isoformat(),
         report.round.end.isoformat(), report.uuid)).fetchall()
    office = normalise_agency(report.agency)  # look-alike names are the same office
    return [ExistingReport(*row) for row in rows if normalise_agency(row[2]) == office]


def _comparable(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, sort_keys=True)


def _conflict_message(report: Report, others: list[ExistingReport]) -> str:
    year = thai.digits(report.fiscal_year, "arabic")
    return (f"มีรายงานของ{report.agency} ปีงบประมาณ {year} {report.round.title('arabic')} "
            f"อยู่แล้ว {len(others)} ฉบับ (เป็นคนละรายงานกับในแพ็กเกจ) — เลือกว่าจะแทนที่ฉบับเดิม "
            "หรือเก็บไว้ทั้งสองฉบับ")


def _outcome(status: Status, report: Report, report_id: int | None, message: str, *,
             conflicts: tuple[ExistingReport, ...] = (), replaced: tuple[int, ...] = (),
             kind: ConflictKind = "") -> ImportOutcome:
    return ImportOutcome(status, message, report_id, report.uuid, report.agency,
                         report.fiscal_year, report.round.title("arabic"), report.revision,
                         conflicts, replaced, kind)
