"""The audit trail: every change to a report, who made it, old and new value.

Recording is done by SQLite itself with TEMP triggers installed on each connection the app
opens (``install``): whatever code path changes a row (the window, the CLI, an import, an
undo), the change is logged in the same transaction, so the log can never disagree with the
data. TEMP triggers live only in our connections: another program opening the file sees a
plain table and no dependency on us. Who: the OS user and machine (a per-connection TEMP
table) and the report's preparer name at that moment. Photos are logged by their SHA-256.

Positions are renumbered for every sibling when one entry or photo moves, so moves are logged
by ``record`` from the store (one event), not by triggers. A whole new report (new, demo,
carry-forward, load, import) is one "report-created" event rather than one per row.

Packages carry the log as ``history.json`` (``ita-history/1``, docs/package-format.md) so it
is kept through export and import.
"""

from __future__ import annotations

import getpass
import json
import socket
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

from ..report.model import now_iso

HISTORY_FORMAT = "ita-history/1"
MAX_EVENTS = 200_000
MAX_TEXT = 100_000

_NOW = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"

REPORT_COLUMNS = ("agency", "parent", "fiscal_year", "round_kind", "round_label", "round_start",
                  "round_end", "framework", "title", "digits", "preparer_name",
                  "preparer_position", "preparer_date", "certifier_name", "certifier_position",
                  "certifier_date", "status", "revision", "show_signatures", "cover_page",
                  "trashed_at", "optional_columns")
ENTRY_COLUMNS = ("item", "label", "instrument", "indicator", "item_text", "score", "issue",
                 "measures", "result", "extra")
PHOTO_COLUMNS = ("caption", "rotation")

SCHEMA_SQL = """
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    os_user TEXT NOT NULL DEFAULT '',
    machine TEXT NOT NULL DEFAULT '',
    preparer TEXT NOT NULL DEFAULT '',
    report_uuid TEXT NOT NULL,
    report_id INTEGER,
    entry_id INTEGER,
    entry_code TEXT,
    photo_sha256 TEXT,
    action TEXT NOT NULL,
    field TEXT,
    old_value TEXT,
    new_value TEXT,
    origin TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_report ON audit_log(report_uuid, id);
CREATE INDEX audit_log_entry ON audit_log(entry_id)
"""


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: str
    os_user: str
    machine: str
    preparer: str
    report_uuid: str
    report_id: int | None
    entry_id: int | None
    entry_code: str | None
    photo_sha256: str | None
    action: str
    field: str | None
    old_value: str | None
    new_value: str | None
    origin: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------------- installing
def _insert(action: str, *, report: str, entry: str = "NULL", code: str = "NULL",
            photo: str = "NULL", field: str = "NULL", old: str = "NULL", new: str = "NULL",
            source: str) -> str:
    """The INSERT … SELECT a trigger runs: ``source`` is the FROM/WHERE finding the report
    row ``r`` (no row, e.g. during a cascade delete of the report: nothing is logged)."""
    return (f"INSERT INTO audit_log (at, os_user, machine, preparer, report_uuid, report_id, "
            f"entry_id, entry_code, photo_sha256, action, field, old_value, new_value, origin) "
            f"SELECT {_NOW}, a.os_user, a.machine, r.preparer_name, r.uuid, {report}, {entry}, "
            f"{code}, {photo}, '{action}', {field}, {old}, {new}, a.origin "
            f"FROM audit_actor a, {source}")


def _triggers() -> list[str]:
    out = []
    live = "(SELECT muted FROM audit_actor) = 0"
    for col in REPORT_COLUMNS:
        out.append(
            f"CREATE TEMP TRIGGER audit_report_{col} AFTER UPDATE OF {col} ON main.reports "
            f"WHEN OLD.{col} IS NOT NEW.{col} AND {live} BEGIN "
            + _insert("report-field", report="NEW.id", field=f"'{col}'", old=f"OLD.{col}",
                      new=f"NEW.{col}", source="reports r WHERE r.id = NEW.id") + "; END")
    out.append(
        f"CREATE TEMP TRIGGER audit_report_deleted AFTER DELETE ON main.reports WHEN {live} "
        "BEGIN INSERT INTO audit_log (at, os_user, machine, preparer, report_uuid, report_id, "
        f"action, old_value) SELECT {_NOW}, a.os_user, a.machine, OLD.preparer_name, OLD.uuid, "
        "OLD.id, 'report-deleted', OLD.agency FROM audit_actor a; END")
    out.append(
        f"CREATE TEMP TRIGGER audit_reopened AFTER INSERT ON main.report_reopenings WHEN {live} "
        "BEGIN " + _insert("reopen-reason", report="NEW.report_id", new="NEW.reason",
                           source="reports r WHERE r.id = NEW.report_id") + "; END")
    entry_json = "json_object(" + ", ".join(f"'{c}', {{p}}.{c}" for c in ENTRY_COLUMNS) + ")"
    code = "COALESCE({p}.item, {p}.label)"
    for col in ENTRY_COLUMNS:
        out.append(
            f"CREATE TEMP TRIGGER audit_entry_{col} AFTER UPDATE OF {col} ON main.entries "
            f"WHEN OLD.{col} IS NOT NEW.{col} AND {live} BEGIN "
            + _insert("entry-field", report="r.id", entry="NEW.id", code=code.format(p="NEW"),
                      field=f"'{col}'", old=f"OLD.{col}", new=f"NEW.{col}",
                      source="reports r WHERE r.id = NEW.report_id") + "; END")
    out.append(
        f"CREATE TEMP TRIGGER audit_entry_added AFTER INSERT ON main.entries WHEN {live} BEGIN "
        + _insert("entry-added", report="r.id", entry="NEW.id", code=code.format(p="NEW"),
                  new=entry_json.format(p="NEW"),
                  source="reports r WHERE r.id = NEW.report_id") + "; END")
    out.append(
        f"CREATE TEMP TRIGGER audit_entry_deleted AFTER DELETE ON main.entries WHEN {live} BEGIN "
        + _insert("entry-deleted", report="r.id", entry="OLD.id", code=code.format(p="OLD"),
                  old=entry_json.format(p="OLD"),
                  source="reports r WHERE r.id = OLD.report_id") + "; END")
    photo_src = "entries e JOIN reports r ON r.id = e.report_id WHERE e.id = {p}.entry_id"
    for col in PHOTO_COLUMNS:
        out.append(
            f"CREATE TEMP TRIGGER audit_photo_{col} AFTER UPDATE OF {col} ON main.entry_photos "
            f"WHEN OLD.{col} IS NOT NEW.{col} AND {live} BEGIN "
            + _insert("photo-field", report="r.id", entry="e.id", code="COALESCE(e.item, e.label)",
                      photo="NEW.sha256", field=f"'{col}'", old=f"OLD.{col}", new=f"NEW.{col}",
                      source=photo_src.format(p="NEW")) + "; END")
    out.append(
        f"CREATE TEMP TRIGGER audit_photo_added AFTER INSERT ON main.entry_photos WHEN {live} "
        "BEGIN " + _insert("photo-added", report="r.id", entry="e.id",
                           code="COALESCE(e.item, e.label)", photo="NEW.sha256",
                           new="NEW.sha256", source=photo_src.format(p="NEW")) + "; END")
    out.append(
        f"CREATE TEMP TRIGGER audit_photo_removed AFTER DELETE ON main.entry_photos WHEN {live} "
        "BEGIN " + _insert("photo-removed", report="r.id", entry="e.id",
                           code="COALESCE(e.item, e.label)", photo="OLD.sha256",
                           old="OLD.sha256", source=photo_src.format(p="OLD")) + "; END")
    return out + _score_triggers(live)


# the result sheet's row as the history names it: the item code, the instrument, or "ITA"
_SCORE_LABEL = "CASE {p}.kind WHEN 'overall' THEN 'ITA' ELSE {p}.code END"


def _score_triggers(live: str) -> list[str]:
    """A result-sheet score added, changed or removed (typed, pasted, imported: the origin
    the store marks with ``mark_origin``)."""
    source = "reports r WHERE r.id = {p}.report_id"
    return [
        f"CREATE TEMP TRIGGER audit_score_added AFTER INSERT ON main.report_scores WHEN {live} "
        "BEGIN " + _insert("score-added", report="r.id", code=_SCORE_LABEL.format(p="NEW"),
                           field="'score'", new="NEW.score",
                           source=source.format(p="NEW")) + "; END",
        f"CREATE TEMP TRIGGER audit_score_changed AFTER UPDATE OF score ON main.report_scores "
        f"WHEN OLD.score IS NOT NEW.score AND {live} BEGIN "
        + _insert("score-changed", report="r.id", code=_SCORE_LABEL.format(p="NEW"),
                  field="'score'", old="OLD.score", new="NEW.score",
                  source=source.format(p="NEW")) + "; END",
        f"CREATE TEMP TRIGGER audit_score_removed AFTER DELETE ON main.report_scores "
        f"WHEN {live} BEGIN "
        + _insert("score-removed", report="r.id", code=_SCORE_LABEL.format(p="OLD"),
                  field="'score'", old="OLD.score", source=source.format(p="OLD")) + "; END",
    ]


def install(conn: sqlite3.Connection, *, user: str | None = None,
            machine: str | None = None) -> None:
    """Start logging this connection's changes (call after migrations)."""
    has_log = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND "
                           "name='audit_log'").fetchone()
    if not has_log:
        return
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS audit_actor "
                 "(os_user TEXT NOT NULL, machine TEXT NOT NULL, muted INTEGER NOT NULL, "
                 "origin TEXT NOT NULL DEFAULT '')")
    conn.execute("DELETE FROM temp.audit_actor")
    conn.execute("INSERT INTO temp.audit_actor (os_user, machine, muted) VALUES (?, ?, 0)",
                 (user if user is not None else _os_user(),
                  machine if machine is not None else socket.gethostname()))
    for sql in _triggers():
        conn.execute(sql)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment
        return ""


def _installed(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name='audit_actor'"
                        ).fetchone() is not None


@contextmanager
def muted(conn: sqlite3.Connection) -> Iterator[None]:
    """Row triggers off (a whole report being written: one event is recorded instead)."""
    if not _installed(conn):
        yield
        return
    before = conn.execute("SELECT muted FROM temp.audit_actor").fetchone()[0]
    conn.execute("UPDATE temp.audit_actor SET muted = 1")
    try:
        yield
    finally:
        conn.execute("UPDATE temp.audit_actor SET muted = ?", (before,))


@contextmanager
def marked(conn: sqlite3.Connection, origin: str) -> Iterator[None]:
    """Changes logged inside are marked with ``origin`` (how they were made: "typed",
    "pasted", "imported:<file name>", "undo", …); the mark is cleared afterwards."""
    if not _installed(conn):
        yield
        return
    before = conn.execute("SELECT origin FROM temp.audit_actor").fetchone()[0]
    conn.execute("UPDATE temp.audit_actor SET origin = ?", (origin,))
    try:
        yield
    finally:
        conn.execute("UPDATE temp.audit_actor SET origin = ?", (before,))


def record(conn: sqlite3.Connection, report_id: int, action: str, *,
           entry_id: int | None = None, photo_sha256: str | None = None,
           field: str | None = None, old: object = None, new: object = None,
           origin: str = "") -> None:
    """Log one event the triggers cannot see as one (moves, a whole new report)."""
    if not _installed(conn):
        return
    actor = conn.execute("SELECT os_user, machine, muted FROM temp.audit_actor").fetchone()
    row = conn.execute("SELECT uuid, preparer_name FROM reports WHERE id = ?",
                       (report_id,)).fetchone()
    if row is None:
        return
    code = None
    if entry_id is not None:
        found = conn.execute("SELECT COALESCE(item, label) FROM entries WHERE id = ?",
                             (entry_id,)).fetchone()
        code = found[0] if found else None
    conn.execute(
        "INSERT INTO audit_log (at, os_user, machine, preparer, report_uuid, report_id, "
        "entry_id, entry_code, photo_sha256, action, field, old_value, new_value, origin) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (now_iso(), actor[0], actor[1], row[1], row[0], report_id, entry_id, code,
         photo_sha256, action, field, _text(old), _text(new), origin))


def _text(value: object) -> str | None:
    return None if value is None else str(value)


# ---------------------------------------------------------------------- reading
def events(conn: sqlite3.Connection, report_uuid: str, *, entry_id: int | None = None
           ) -> list[AuditEvent]:
    """The report's history, oldest first (``entry_id``: that entry's only)."""
    if not _has_log(conn):
        return []
    sql = "SELECT * FROM audit_log WHERE report_uuid = ?"
    args: list[Any] = [report_uuid]
    if entry_id is not None:
        sql += " AND entry_id = ?"
        args.append(entry_id)
    cur = conn.execute(sql + " ORDER BY id", args)
    cols = [d[0] for d in cur.description]
    return [AuditEvent(**dict(zip(cols, row, strict=True))) for row in cur]


def _has_log(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND "
                        "name='audit_log'").fetchone() is not None


# ---------------------------------------------------------------------- packages
def to_package(conn: sqlite3.Connection, report_uuid: str, entry_ids: Sequence[int | None]
               ) -> bytes | None:
    """``history.json`` for a package (None when there is no history). ``entry_ids`` are the
    report's entries in package order: an event names its entry by that index."""
    found = events(conn, report_uuid)
    if not found:
        return None
    index = {entry_id: i for i, entry_id in enumerate(entry_ids) if entry_id is not None}
    out = []
    for ev in found:
        out.append({"at": ev.at, "os_user": ev.os_user, "machine": ev.machine,
                    "preparer": ev.preparer, "action": ev.action, "field": ev.field,
                    "entry": index.get(ev.entry_id) if ev.entry_id is not None else None,
                    "entry_code": ev.entry_code, "photo_sha256": ev.photo_sha256,
                    "old": ev.old_value, "new": ev.new_value, "origin": ev.origin})
    doc = {"format": HISTORY_FORMAT, "report_uuid": report_uuid, "events": out}
    return (json.dumps(doc, ensure_ascii=False, indent=0) + "\n").encode("utf-8")


_EVENT_KEYS = {"at", "os_user", "machine", "preparer", "action", "field", "entry",
               "entry_code", "photo_sha256", "old", "new", "origin"}


class HistoryFormatError(ValueError):
    """``history.json`` does not follow ``ita-history/1`` (english reason in args[0])."""


def parse_package(data: bytes, report_uuid: str, entry_count: int) -> list[dict[str, Any]]:
    """The checked events of a package's ``history.json`` (hostile input: everything is
    checked; raises HistoryFormatError)."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise HistoryFormatError(f"not UTF-8 JSON ({type(exc).__name__})") from None
    if not isinstance(doc, dict) or doc.get("format") != HISTORY_FORMAT:
        raise HistoryFormatError("format is not ita-history/1")
    if doc.get("report_uuid") != report_uuid:
        raise HistoryFormatError("report_uuid does not match report.json")
    items = doc.get("events")
    if not isinstance(items, list) or len(items) > MAX_EVENTS:
        raise HistoryFormatError("events is not a list (or too long)")
    out = []
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not set(item) <= _EVENT_KEYS \
                or not isinstance(item.get("at"), str) or not isinstance(item.get("action"), str):
            raise HistoryFormatError(f"events[{n}] is not a history event")
        for key in _EVENT_KEYS - {"entry"}:
            value = item.get(key)
            if value is not None and (not isinstance(value, str) or len(value) > MAX_TEXT):
                raise HistoryFormatError(f"events[{n}].{key} is not text")
        entry = item.get("entry")
        if entry is not None and (not isinstance(entry, int) or isinstance(entry, bool)
                                  or not 0 <= entry < entry_count):
            raise HistoryFormatError(f"events[{n}].entry is not an entry index")
        out.append(item)
    return out


def import_events(conn: sqlite3.Connection, report_id: int, items: Sequence[dict[str, Any]],
                  source: str) -> int:
    """Add a package's events to the report's history (those already here are skipped, so
    importing a newer revision does not repeat older history). Returns how many were added."""
    row = conn.execute("SELECT uuid FROM reports WHERE id = ?", (report_id,)).fetchone()
    if row is None or not _has_log(conn):
        return 0
    uuid = row[0]
    # the report was just written by create_report: its "report-created" is this import
    # (logged by the caller as "report-imported"); the sender's own creation comes below
    conn.execute("DELETE FROM audit_log WHERE report_id = ? AND action = 'report-created' "
                 "AND origin = ''", (report_id,))
    entry_ids = [r[0] for r in conn.execute(
        "SELECT id FROM entries WHERE report_id = ? ORDER BY position, id", (report_id,))]
    seen = {_key(ev.at, ev.action, ev.field, ev.entry_code, ev.old_value, ev.new_value,
                 ev.os_user) for ev in events(conn, uuid)}
    added = 0
    for item in items:
        key = _key(item["at"], item["action"], item.get("field"), item.get("entry_code"),
                   item.get("old"), item.get("new"), item.get("os_user") or "")
        if key in seen:
            continue
        seen.add(key)
        entry = item.get("entry")
        conn.execute(
            "INSERT INTO audit_log (at, os_user, machine, preparer, report_uuid, report_id, "
            "entry_id, entry_code, photo_sha256, action, field, old_value, new_value, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (item["at"], item.get("os_user") or "", item.get("machine") or "",
             item.get("preparer") or "", uuid, report_id,
             entry_ids[entry] if entry is not None and entry < len(entry_ids) else None,
             item.get("entry_code"), item.get("photo_sha256"), item["action"],
             item.get("field"), item.get("old"), item.get("new"),
             item.get("origin") or f"package:{source}"))
        added += 1
    return added


def _key(*parts: object) -> tuple[str, ...]:
    return tuple("" if p is None else str(p) for p in parts)


# ---------------------------------------------------------------------- words
ACTIONS_TH = {
    "report-created": "สร้างรายงาน", "report-field": "แก้ไขข้อมูลรายงาน",
    "report-deleted": "ลบรายงาน", "report-imported": "นำเข้าจากแพ็กเกจ",
    "reopen-reason": "เปิดแก้ไข (เหตุผล)", "entry-added": "เพิ่มรายการ",
    "entry-field": "แก้ไขรายการ", "entry-deleted": "ลบรายการ", "entry-moved": "ย้ายรายการ",
    "photo-added": "เพิ่มภาพ", "photo-removed": "นำภาพออก", "photo-field": "แก้ไขภาพ",
    "photo-moved": "ย้ายภาพ", "score-added": "ใส่คะแนน", "score-changed": "แก้ไขคะแนน",
    "score-removed": "ลบคะแนน", "report-reframed": "ย้ายไปกรอบการประเมินอื่น",
    "score-dropped": "ลบคะแนนของข้อที่ไม่มีในกรอบใหม่",
}


def short(value: str | None, limit: int = 80) -> str:
    if value is None:
        return "–"
    text = value.replace("\n", " ⏎ ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
