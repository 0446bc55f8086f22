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
                 values: Mapping[ScoreKey, Any], framework: Framework) -> list[ScoreKey]:
    """Check every value, then write them (the caller holds the transaction)."""
    checked: list[tuple[ScoreKey, Decimal | None]] = []
    for key, value in values.items():
        check_key(key, framework)
        checked.append((key, parse_score(value)))
    for (kind, code), score in checked:
        if score is None:
            conn.execute("DELETE FROM report_scores WHERE report_id = ? AND kind = ? AND code = ?",
                         (report_id, kind, code))
        else:
            conn.execute("INSERT OR REPLACE INTO report_scores (report_id, kind, code, score) "
                         "VALUES (?, ?, ?, ?)", (report_id, kind, code, f"{score:.2f}"))
    return [key for key, _ in checked]


def insert_sheet(conn: sqlite3.Connection, report_id: int, sheet: ScoreSheet,
                 framework: Framework) -> None:
    write_values(conn, report_id, dict(sheet.values()), framework)
