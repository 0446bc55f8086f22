"""The reports table and what hangs on a report as a whole: listing, reading, creating,
fields, final and reopened, trash, the result sheet and the audit trail.

A part of ``Store`` (store.py composes the parts); every method runs in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from ..base.errors import NotFoundError, ReportLockedError, StoreError, ValidationError
from ..framework.catalog import load_framework
from ..photos.processed import ProcessedPhoto
from ..report import optional_columns
from ..report.entries import resolve_entry
from ..report.model import (
    ReopenRecord,
    Report,
    check_report_fields,
    now_iso,
)
from ..text.safety import check_text
from . import audit, failures
from . import scores as _scores
from .rows import (
    LOCKED,
    REPORT_COLUMNS,
    REPORT_FIELDS,
    Change,
    ReportSummary,
    report_of,
    report_values,
    round_of,
)


@failures.translating
class ReportTables:
    """The reports table and what hangs on a report as a whole: listing, reading, creating (a part of ``Store``)."""

    def history(self, report_id: int, entry_id: int | None = None) -> list[audit.AuditEvent]:
        """The audit trail of a report (or of one of its entries), oldest first."""
        uuid = self._report_row(report_id)["uuid"]
        return audit.events(self.conn, uuid, entry_id=entry_id)

    def list_reports(self, *, include_trashed: bool = False) -> list[ReportSummary]:
        sql = """
            SELECT r.*,
              (SELECT COUNT(*) FROM entries e WHERE e.report_id = r.id) AS entry_count,
              (SELECT COUNT(*) FROM entry_photos p JOIN entries e ON p.entry_id = e.id
                 WHERE e.report_id = r.id) AS photo_count
            FROM reports r {where} ORDER BY r.updated_at DESC, r.id DESC"""
        where = "" if include_trashed else "WHERE r.trashed_at IS NULL"
        out = []
        for row in self.db.query(sql.format(where=where)):
            out.append(ReportSummary(
                id=row["id"], uuid=row["uuid"], agency=row["agency"], parent=row["parent"],
                fiscal_year=row["fiscal_year"], round=round_of(row), framework=row["framework"],
                status=row["status"], revision=row["revision"], updated_at=row["updated_at"],
                entry_count=row["entry_count"], photo_count=row["photo_count"],
                trashed=row["trashed_at"] is not None))
        return out

    def get_report(self, report_id: int) -> Report:
        row = self._report_row(report_id)
        report = report_of(row)
        report.reopen_log = [ReopenRecord(r["at"], r["reason"]) for r in self.db.query(
            "SELECT at, reason FROM report_reopenings WHERE report_id = ? ORDER BY id",
            [report_id])]
        report.entries = self._entries(report_id)
        report.scores = self.get_scores(report_id)
        return report

    def find_report_id(self, uuid: str) -> int | None:
        row = self.conn.execute("SELECT id FROM reports WHERE uuid = ?", (uuid,)).fetchone()
        return int(row[0]) if row else None

    def create_report(self, report: Report,
                      photos: Mapping[str, ProcessedPhoto] | None = None) -> int:
        """Insert a whole report (entries, photos) in one transaction; return its id.

        Each entry is checked against the report's framework; every photo an entry refers to
        must be in ``photos`` or already stored. Nothing is written if anything is wrong.
        """
        check_report_fields(report)
        report = replace(report, optional_columns=optional_columns.normalise_keys(
            report.optional_columns))
        framework = load_framework(report.framework)
        entries = [replace(resolve_entry(e, framework),
                           extra=optional_columns.check_extra(e.extra, f"entries[{n}].extra"))
                   for n, e in enumerate(report.entries)]
        photos = photos or {}
        for entry in entries:
            for ref in entry.photos:
                if ref.sha256 not in photos and not self.has_photo(ref.sha256):
                    raise ValidationError(f"ไม่พบภาพ {ref.sha256[:12]}… ที่รายการ "
                                          f"{entry.code_label} อ้างถึง", field="photos")
        now = now_iso()
        with self.transaction(), audit.muted(self.conn):
            if self.find_report_id(report.uuid) is not None:
                raise StoreError("มีรายงานนี้ (รหัสเดียวกัน) ในฐานข้อมูลแล้ว", where=report.uuid)
            cur = self.conn.execute(
                f"INSERT INTO reports ({', '.join(REPORT_COLUMNS)}, created_at, updated_at) "
                f"VALUES ({', '.join('?' * len(REPORT_COLUMNS))}, ?, ?)",
                [*report_values(report).values(), report.created_at or now, now])
            report_id = int(cur.lastrowid)
            for record in report.reopen_log:
                self.conn.execute("INSERT INTO report_reopenings (report_id, at, reason) "
                                  "VALUES (?, ?, ?)", (report_id, record.at, record.reason))
            _scores.insert_sheet(self.conn, report_id, report.scores, framework)
            stored: dict[str, str] = {}  # name in the report -> name it is stored under
            for position, entry in enumerate(entries):
                entry_id = self._insert_entry(report_id, entry, position, now)
                for photo_pos, ref in enumerate(entry.photos):
                    if ref.sha256 in photos:
                        if ref.sha256 not in stored:
                            stored[ref.sha256] = self._store_blob(photos[ref.sha256])
                        ref = replace(ref, sha256=stored[ref.sha256])
                    self._insert_photo(entry_id, ref, photo_pos)
            audit.record(self.conn, report_id, "report-created", new=report.agency)
        return report_id

    def update_report(self, report_id: int, **fields: Any) -> Change:
        """Change report-level fields (see REPORT_FIELDS). Validated before anything is saved."""
        unknown = set(fields) - REPORT_FIELDS
        if unknown:
            raise ValueError(f"unknown report fields: {sorted(unknown)}")
        with self.transaction():
            current = self._report_row(report_id)
            self._require_draft(current)
            report = replace(report_of(current), **fields)
            if isinstance(report.fiscal_year, str):
                from ..text.thai import parse_int
                try:
                    report.fiscal_year = parse_int(report.fiscal_year)
                except ValueError:
                    raise ValidationError(f"ปีงบประมาณ “{fields['fiscal_year']}” ไม่ใช่ตัวเลข "
                                          "— พิมพ์ปี พ.ศ. เช่น 2567", field="fiscal_year") from None
            check_report_fields(report)
            if "optional_columns" in fields:
                report.optional_columns = optional_columns.normalise_keys(
                    report.optional_columns)
            if "framework" in fields:
                load_framework(report.framework)
            values = report_values(report)
            self.conn.execute(
                f"UPDATE reports SET {', '.join(f'{k} = ?' for k in values)}, updated_at = ? "
                "WHERE id = ?", [*values.values(), now_iso(), report_id])
        return Change("report-fields", report_id, fields=frozenset(fields))

    def set_final(self, report_id: int, errors_of: Callable[[Report], list[str]]) -> Change:
        """Make the report final (read-only), unless ``errors_of`` (the finalise check, which
        lives above the store: ``workflow.finalise.finalise_report``) lists errors for it; the
        check runs inside the same transaction, so it sees what is made final."""
        self.backup_before("finalise")
        with self.transaction():
            row = self._report_row(report_id)
            if row["status"] == "final":
                return Change("report-status", report_id)
            errors = errors_of(self.get_report(report_id))
            if errors:
                listed = "; ".join(errors[:5])
                more = f" (และอีก {len(errors) - 5} รายการ)" if len(errors) > 5 else ""
                raise ValidationError(f"ยังยืนยันฉบับสมบูรณ์ไม่ได้ ต้องแก้ข้อผิดพลาดก่อน: {listed}{more}",
                                      field="status", english="the finalise check found errors")
            self.conn.execute("UPDATE reports SET status = 'final', updated_at = ? WHERE id = ?",
                              (now_iso(), report_id))
        return Change("report-status", report_id, fields=frozenset({"status"}))

    def reopen(self, report_id: int, reason: str) -> Change:
        """Make a final report editable again; the reason is kept with the report."""
        if not reason or not reason.strip():
            raise ValidationError("ต้องระบุเหตุผลที่เปิดแก้ไขรายงานฉบับสมบูรณ์", field="reason",
                                  english="a reason is required to reopen a final report")
        check_text(reason, "reason")
        self.backup_before("reopen")
        with self.transaction():
            row = self._report_row(report_id)
            if row["status"] != "final":
                raise ValidationError("รายงานนี้ยังเป็นฉบับร่าง แก้ไขได้อยู่แล้ว", field="status")
            now = now_iso()
            self.conn.execute("INSERT INTO report_reopenings (report_id, at, reason) "
                              "VALUES (?, ?, ?)", (report_id, now, reason.strip()))
            self.conn.execute("UPDATE reports SET status = 'draft', revision = revision + 1, "
                              "updated_at = ? WHERE id = ?", (now, report_id))
        return Change("report-status", report_id, fields=frozenset({"status", "revision"}))

    def trash_report(self, report_id: int) -> Change:
        """Hide a report; ``restore_report`` brings it back, ``purge_trash`` deletes for good."""
        self.backup_before("delete")
        with self.transaction():
            self._report_row(report_id)
            self.conn.execute("UPDATE reports SET trashed_at = ? WHERE id = ?",
                              (now_iso(), report_id))
        return Change("report-deleted", report_id)

    def restore_report(self, report_id: int) -> Change:
        with self.transaction():
            self._report_row(report_id)
            self.conn.execute("UPDATE reports SET trashed_at = NULL WHERE id = ?", (report_id,))
        return Change("report-restored", report_id)

    def purge_trash(self) -> int:
        if self.conn.execute("SELECT 1 FROM reports WHERE trashed_at IS NOT NULL").fetchone():
            self.backup_before("delete")
        with self.transaction():
            count = self.conn.execute(
                "DELETE FROM reports WHERE trashed_at IS NOT NULL").rowcount
            self._drop_unused_blobs()
        return count

    def delete_report(self, report_id: int) -> Change:
        with self.transaction():
            self._report_row(report_id)
            self.conn.execute("DELETE FROM reports WHERE id = ?", (report_id,))
            self._drop_unused_blobs()
        return Change("report-deleted", report_id)

    def get_scores(self, report_id: int):  # -> ScoreSheet (see store/scores.py)
        return _scores.read_sheet(self.conn, report_id)

    def set_scores(self, report_id: int, values: Mapping[tuple[str, str], Any],
                   origin: str | Mapping[tuple[str, str], str] = "") -> Change:
        """Set (or, with None, remove) result-sheet scores in one transaction; all checked
        against the report's framework before anything is written. ``origin`` (one for all,
        or per key) tells the audit trail how they were made: "typed", "pasted",
        "imported:<file name>", "undo", "redo"."""
        with self.transaction():
            row = self._report_row(report_id)
            self._require_draft(row)
            keys = _scores.write_values(self.conn, report_id, values,
                                        load_framework(row["framework"]), origin)
            self._touch(report_id)
        return Change("scores", report_id, fields=frozenset(code for _, code in keys))

    def add_below_pass_entries(self, report_id: int) -> Change:
        """One entry (with the item's score and wording) for every item under the pass mark
        that no entry answers yet; ``ids`` are the new entries (none: nothing was missing)."""
        from ..report.below_pass import missing_entries

        with self.transaction():
            row = self._report_row(report_id)
            self._require_draft(row)
            framework = load_framework(row["framework"])
            ids = []
            for entry in missing_entries(self.get_report(report_id), framework):
                ids.append(int(self.add_entry(report_id, entry).entry_id or 0))
        return Change("entry-added", report_id, ids=tuple(ids))

    def _report_row(self, report_id: int) -> dict[str, Any]:
        rows = list(self.db.query("SELECT * FROM reports WHERE id = ?", [report_id]))
        if not rows:
            raise NotFoundError(f"ไม่พบรายงานหมายเลข {report_id} — ดูรายการด้วยคำสั่ง ita list",
                                where="report", english=f"no report {report_id}")
        return rows[0]

    @staticmethod
    def _require_draft(report_row: Mapping[str, Any]) -> None:
        if report_row["status"] == "final":
            raise ReportLockedError(LOCKED, english="the report is final; reopen it first")

    def _touch(self, report_id: int) -> None:
        self.conn.execute("UPDATE reports SET updated_at = ? WHERE id = ?", (now_iso(), report_id))

