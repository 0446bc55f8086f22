"""The result sheet in the ``report_scores`` table (see ``core.scoresheet``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..base.errors import ValidationError
from ..framework.definition import Framework
from ..report.model import parse_score
from ..report.scoresheet import KINDS, ScoreKey, ScoreSheet
from . import audit


def read_sheet(conn: sqlite3.Connection, report_id: int) -> ScoreSheet:
    sheet = ScoreSheet()
    for kind, code, score in conn.execute(
            "SELECT kind, code, score FROM report_scores WHERE report_id = ?", (report_id,)):
        value = Decimal(score)
        if kind == "item":
            sheet.items[code] = value
        elif kind == "instrument":
            sheet.instruments[code] = value
        else:
            sheet.overall = value
    return sheet


def check_key(key: ScoreKey, framework: Framework) -> None:
    kind, code = key
    known = (kind == "item" and framework.item(code) is not None) or \
        (kind == "instrument" and framework.instrument(code) is not None) or \
        (kind == "overall" and code == "")
    if kind not in KINDS or not known:
        raise ValidationError(f"ไม่มี “{code or kind}” ในกรอบการประเมิน {framework.id} — ตรวจรหัสข้อ",
                              field="scores", english=f"unknown score key {key!r}")


def write_values(conn: sqlite3.Connection, report_id: int,
                 values: Mapping[ScoreKey, Any], framework: Framework,
                 origin: str | Mapping[ScoreKey, str] = "") -> list[ScoreKey]:
    """Check every value, then write them (the caller holds the transaction). ``origin``
    (one for all, or per key) is how the audit trail says each score was made."""
    checked: list[tuple[ScoreKey, Decimal | None]] = []
    for key, value in values.items():
        check_key(key, framework)
        checked.append((key, parse_score(value)))
    for key, score in checked:
        how = origin if isinstance(origin, str) else origin.get(key, "")
        with audit.marked(conn, how):
            _write(conn, report_id, key, score)
    return [key for key, _ in checked]


def _write(conn: sqlite3.Connection, report_id: int, key: ScoreKey,
           score: Decimal | None) -> None:
    kind, code = key
    if score is None:
        conn.execute("DELETE FROM report_scores WHERE report_id = ? AND kind = ? AND code = ?",
                     (report_id, kind, code))
    else:
        # an upsert, not INSERT OR REPLACE: a replace is a delete + insert, and the audit
        # trail would show "added" where the clerk changed a score
        conn.execute("INSERT INTO report_scores (report_id, kind, code, score) "
                     "VALUES (?, ?, ?, ?) ON CONFLICT (report_id, kind, code) "
                     "DO UPDATE SET score = excluded.score",
                     (report_id, kind, code, f"{score:.2f}"))


def insert_sheet(conn: sqlite3.Connection, report_id: int, sheet: ScoreSheet,
                 framework: Framework) -> None:
    write_values(conn, report_id, dict(sheet.values()), framework)
