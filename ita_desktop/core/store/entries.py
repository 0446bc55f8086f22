"""The entries of a report: reading, adding, editing, moving and deleting them, in the
framework's order.

A part of ``Store`` (store.py composes the parts); every method runs in one transaction.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..base.errors import NotFoundError, ValidationError
from ..framework.catalog import load_framework
from ..report import optional_columns
from ..report.entries import default_position, resolve_entry
from ..report.model import (
    Entry,
    check_entry_text,
    now_iso,
    parse_score,
)
from . import audit, failures
from .rows import (
    ENTRY_FIELDS,
    Change,
    entry_of,
    entry_values,
    photo_of,
)


@failures.translating
class EntryTables:
    """The entries of a report: reading, adding, editing, moving and deleting them, in the (a part of ``Store``)."""

    def get_entry(self, entry_id: int) -> Entry:
        row = self._entry_row(entry_id)
        return self._entries(row["report_id"], only=entry_id)[0]

    def report_of_entry(self, entry_id: int) -> int:
        return int(self._entry_row(entry_id)["report_id"])

    def add_entry(self, report_id: int, entry: Entry, position: int | None = None) -> Change:
        """Add an entry (checked against the framework); by default it goes to its place in
        report order. Returns a Change whose ``entry_id`` is the new entry."""
        with self.transaction():
            row = self._report_row(report_id)
            self._require_draft(row)
            entry = resolve_entry(replace(entry, photos=[]), load_framework(row["framework"]))
            entry = replace(entry, extra=optional_columns.check_extra(entry.extra))
            check_entry_text(entry)
            existing = self._entries(report_id)
            if position is None:
                position = default_position(existing, entry, load_framework(row["framework"]))
            position = max(0, min(position, len(existing)))
            self.conn.execute("UPDATE entries SET position = position + 1 "
                              "WHERE report_id = ? AND position >= ?", (report_id, position))
            entry_id = self._insert_entry(report_id, entry, position, now_iso())
            self._touch(report_id)
        return Change("entry-added", report_id, entry_id)

    def update_entry(self, entry_id: int, **fields: Any) -> Change:
        """Change fields of an entry (see ENTRY_FIELDS); the score may be typed text."""
        unknown = set(fields) - ENTRY_FIELDS
        if unknown:
            raise ValueError(f"unknown entry fields: {sorted(unknown)}")
        with self.transaction():
            row = self._entry_row(entry_id)
            report = self._report_row(row["report_id"])
            self._require_draft(report)
            entry = self._entries(row["report_id"], only=entry_id)[0]
            if "score" in fields:
                fields["score"] = parse_score(fields["score"])
            if "measures" in fields:
                measures = fields["measures"]
                if isinstance(measures, str) or not all(isinstance(m, str) for m in measures):
                    raise ValidationError("มาตรการต้องเป็นรายการข้อความ", field="measures")
                fields["measures"] = list(measures)
            if "extra" in fields:
                fields["extra"] = optional_columns.check_extra(fields["extra"])
            for key in ("item_text", "issue", "result", "label"):
                if key in fields and fields[key] is not None and not isinstance(fields[key], str):
                    raise ValidationError(f"ช่อง {key} ต้องเป็นข้อความ", field=key)
            changed = replace(entry, **fields)
            if {"item", "label", "instrument", "indicator"} & fields.keys():
                changed = resolve_entry(changed, load_framework(report["framework"]))
            check_entry_text(changed)
            values = entry_values(changed)
            self.conn.execute(
                f"UPDATE entries SET {', '.join(f'{k} = ?' for k in values)}, updated_at = ? "
                "WHERE id = ?", [*values.values(), now_iso(), entry_id])
            self._touch(row["report_id"])
        return Change("entry-fields", row["report_id"], entry_id, frozenset(fields))

    def move_entry(self, entry_id: int, position: int) -> Change:
        with self.transaction():
            row = self._entry_row(entry_id)
            self._require_draft(self._report_row(row["report_id"]))
            ids = [r[0] for r in self.conn.execute(
                "SELECT id FROM entries WHERE report_id = ? ORDER BY position, id",
                (row["report_id"],))]
            before = ids.index(entry_id)
            ids.remove(entry_id)
            ids.insert(max(0, min(position, len(ids))), entry_id)
            self._renumber("entries", ids)
            audit.record(self.conn, row["report_id"], "entry-moved", entry_id=entry_id,
                         field="position", old=before, new=ids.index(entry_id))
            self._touch(row["report_id"])
        return Change("entry-moved", row["report_id"], entry_id)

    def delete_entry(self, entry_id: int) -> Change:
        with self.transaction():
            row = self._entry_row(entry_id)
            self._require_draft(self._report_row(row["report_id"]))
            self.conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
            ids = [r[0] for r in self.conn.execute(
                "SELECT id FROM entries WHERE report_id = ? ORDER BY position, id",
                (row["report_id"],))]
            self._renumber("entries", ids)
            self._touch(row["report_id"])
        return Change("entry-deleted", row["report_id"], entry_id)

    def _entry_row(self, entry_id: int) -> dict[str, Any]:
        rows = list(self.db.query("SELECT * FROM entries WHERE id = ?", [entry_id]))
        if not rows:
            raise NotFoundError(f"ไม่พบรายการหมายเลข {entry_id}", where="entry")
        return rows[0]

    def _entries(self, report_id: int, only: int | None = None) -> list[Entry]:
        where, args = "report_id = ?", [report_id]
        if only is not None:
            where, args = "id = ?", [only]
        entries = [entry_of(row) for row in self.db.query(
            f"SELECT * FROM entries WHERE {where} ORDER BY position, id", args)]
        by_id = {e.id: e for e in entries}
        if by_id:
            marks = ", ".join("?" * len(by_id))
            for row in self.db.query(
                    # the covering index: width and height without reading the JPEG blobs
                    f"SELECT p.*, b.width, b.height FROM entry_photos p JOIN photo_blobs b "
                    f"INDEXED BY photo_blobs_size "
                    f"ON b.sha256 = p.sha256 WHERE p.entry_id IN ({marks}) "
                    f"ORDER BY p.entry_id, p.position, p.id", list(by_id)):
                by_id[row["entry_id"]].photos.append(photo_of(row))
        return entries

    def _renumber(self, table: str, ids: list[int]) -> None:
        self.conn.executemany(f"UPDATE {table} SET position = ? WHERE id = ?",
                              [(pos, id_) for pos, id_ in enumerate(ids)])

    def _insert_entry(self, report_id: int, entry: Entry, position: int, now: str) -> int:
        values = entry_values(entry)
        cur = self.conn.execute(
            f"INSERT INTO entries (report_id, position, {', '.join(values)}, updated_at) "
            f"VALUES (?, ?, {', '.join('?' * len(values))}, ?)",
            [report_id, position, *values.values(), now])
        return int(cur.lastrowid)
