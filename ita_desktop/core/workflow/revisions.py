"""Replaced reports: kept, listed, compared with what replaced them, and restorable.

When an import replaces a stored report (a newer revision, or the user chose "replace"), the
old one goes to ``report_history`` as ``ita-report/1`` JSON, with whose it was, why and by what
it was replaced; the photos it needs stay stored while the history row exists. Nothing is
deleted: ``restore`` puts a replaced report back (the one in its place goes to history).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from decimal import Decimal

from ..base.errors import FormatError, ItaError, NotFoundError, StoreError
from ..exchange.report_json import parse_report, report_to_dict
from ..report.model import Entry, Report, format_score, now_iso
from ..store import Change, Store


@dataclass(frozen=True)
class Revision:
    """One replaced report in the history."""

    id: int
    uuid: str
    agency: str
    revision: int
    replaced_at: str
    reason: str  # Thai: why it was replaced
    replaced_by: str | None  # uuid of the report that took its place


@dataclass(frozen=True)
class Difference:
    where: str  # Thai: "หน่วยงาน", "รายการ E1: คะแนน"
    before: str
    after: str


# ------------------------------------------------------------------ writing history
def move_to_history(store: Store, report_id: int, reason: str,
                    replaced_by: str | None = None) -> int:
    """Move a stored report to the history (inside the caller's transaction); its id there."""
    old = store.get_report(report_id)
    data = json.dumps(report_to_dict(old), ensure_ascii=False)
    cur = store.conn.execute(
        "INSERT INTO report_history (report_uuid, revision, replaced_at, data, agency, reason, "
        "replaced_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (old.uuid, old.revision, now_iso(), data, old.agency, reason, replaced_by))
    history_id = int(cur.lastrowid)
    store.conn.executemany(
        "INSERT OR IGNORE INTO report_history_photos (history_id, sha256) VALUES (?, ?)",
        [(history_id, sha) for sha in sorted({p.sha256 for e in old.entries for p in e.photos})])
    store.conn.execute("DELETE FROM reports WHERE id = ?", (report_id,))
    return history_id


# ------------------------------------------------------------------ reading history
_COLUMNS = "id, report_uuid, agency, revision, replaced_at, reason, replaced_by"


def history(store: Store, report_id: int | None = None) -> list[Revision]:
    """The replaced reports of one stored report (same uuid, or replaced by it), newest
    first; all of them when ``report_id`` is None."""
    if report_id is None:
        rows = store.conn.execute(
            f"SELECT {_COLUMNS} FROM report_history ORDER BY replaced_at DESC, id DESC")
    else:
        uuid = store.get_report(report_id).uuid
        rows = store.conn.execute(
            f"SELECT {_COLUMNS} FROM report_history WHERE report_uuid = ? OR replaced_by = ? "
            "ORDER BY replaced_at DESC, id DESC", (uuid, uuid))
    return [Revision(*row) for row in rows.fetchall()]


def get_revision(store: Store, history_id: int) -> Revision:
    row = store.conn.execute(f"SELECT {_COLUMNS} FROM report_history WHERE id = ?",
                             (history_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"ไม่พบฉบับเดิมหมายเลข {history_id} ในประวัติ — ดูรายการด้วยคำสั่ง "
                            "ita revisions", where="history",
                            english=f"no history entry {history_id}")
    return Revision(*row)


def revision_report(store: Store, history_id: int) -> Report:
    """The replaced report as it was."""
    get_revision(store, history_id)
    (data,) = store.conn.execute("SELECT data FROM report_history WHERE id = ?",
                                 (history_id,)).fetchone()
    try:
        report, _photos = parse_report(json.loads(data), f"history {history_id}", None,
                                       store.has_photo)
    except (ValueError, ItaError) as exc:
        raise FormatError("ฉบับเดิมนี้ในประวัติอ่านไม่ได้ — ข้อมูลเสียหาย", where=f"history {history_id}",
                          english=f"unreadable history data: {exc}") from None
    return report


def current_of(store: Store, revision: Revision) -> int | None:
    """The stored report in the place of a replaced one: same uuid, else the one that
    replaced it."""
    for uuid in (revision.uuid, revision.replaced_by):
        if uuid:
            found = store.find_report_id(uuid)
            if found is not None:
                return found
    return None


# ------------------------------------------------------------------ comparing
def diff_reports(old: Report, new: Report) -> list[Difference]:
    """What changed from ``old`` to ``new``: report fields, then entries matched by item."""
    out: list[Difference] = []

    def note(where: str, before: object, after: object) -> None:
        a, b = _shown(before), _shown(after)
        if a != b:
            out.append(Difference(where, a, b))

    note("หน่วยงาน", old.agency, new.agency)
    note("สังกัด", old.parent, new.parent)
    note("ปีงบประมาณ", old.fiscal_year, new.fiscal_year)
    note("รอบ", old.round.title("arabic"), new.round.title("arabic"))
    note("ฉบับที่", old.revision, new.revision)
    note("สถานะ", old.status, new.status)
    note("ชื่อรายงาน", old.display_title, new.display_title)
    note("ผู้รายงาน", old.preparer.name, new.preparer.name)
    note("ผู้รับรองข้อมูล", old.certifier.name, new.certifier.name)
    before = {e.code_label: e for e in old.entries}
    after = {e.code_label: e for e in new.entries}
    for code, entry in before.items():
        other = after.get(code)
        if other is None:
            note(f"รายการ {code}", _entry_line(entry), "(ไม่มี)")
            continue
        for label, field in (("คะแนน", "score"), ("ประเด็นที่ต้องพัฒนา", "issue"),
                             ("มาตรการ", "measures"), ("ผลการดำเนินการ", "result")):
            note(f"รายการ {code}: {label}", getattr(entry, field), getattr(other, field))
        note(f"รายการ {code}: ภาพ", _photos(entry), _photos(other))
    for code, entry in after.items():
        if code not in before:
            note(f"รายการ {code}", "(ไม่มี)", _entry_line(entry))
    return out


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_score(value)
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def _entry_line(entry: Entry) -> str:
    return f"คะแนน {format_score(entry.score) or '-'}; {len(entry.photos)} ภาพ; {entry.result[:80]}"


def _photos(entry: Entry) -> str:
    return "; ".join(f"{p.sha256[:8]} {p.caption}".strip() for p in entry.photos)


# ------------------------------------------------------------------ restoring
def restore(store: Store, history_id: int) -> Change:
    """Put a replaced report back. The report in its place (same uuid, or the one that
    replaced it) goes to the history, so restoring can be undone the same way."""
    revision = get_revision(store, history_id)
    report = revision_report(store, history_id)
    with store.transaction():
        current = current_of(store, revision)
        if current is not None:
            move_to_history(store, current, f"แทนที่ด้วยฉบับที่ {revision.revision} ที่นำกลับมาจากประวัติ",
                            replaced_by=revision.uuid)
        report.id = None
        try:
            new_id = store.create_report(report)
        except sqlite3.Error as exc:
            raise StoreError("นำฉบับเดิมกลับมาไม่ได้ — ไม่มีการเปลี่ยนแปลงใด ๆ",
                             english=f"database error: {exc}") from None
        store.conn.execute("DELETE FROM report_history WHERE id = ?", (history_id,))
    return Change("report-created", new_id, ids=(current,) if current is not None else ())
