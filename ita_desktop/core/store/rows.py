"""The store's rows as model objects and back, and what an operation reports it changed
(``Change``), shared by the tables' modules beside this one."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..base.errors import StoreError
from ..report.model import (
    Entry,
    Person,
    PhotoRef,
    Report,
    Round,
)


@dataclass(frozen=True)
class Change:
    """What an operation changed. ``kind`` is one of: report-created, report-fields,
    report-status, report-deleted, report-restored, entry-added, entry-fields, entry-moved,
    entry-deleted, photos, scores (the result sheet)."""

    kind: str
    report_id: int
    entry_id: int | None = None
    fields: frozenset[str] = frozenset()
    ids: tuple[int, ...] = ()  # e.g. the photo ids added


@dataclass(frozen=True)
class ReportSummary:
    id: int
    uuid: str
    agency: str
    parent: str
    fiscal_year: int
    round: Round
    framework: str
    status: str
    revision: int
    updated_at: str
    entry_count: int
    photo_count: int
    trashed: bool = False


REPORT_FIELDS = frozenset({"agency", "parent", "fiscal_year", "round", "framework", "title",
                           "digits", "preparer", "certifier", "show_signatures", "cover_page",
                           "summary_chart", "optional_columns"})
ENTRY_FIELDS = frozenset({"item", "label", "instrument", "indicator", "item_text", "score",
                          "issue", "measures", "result", "extra"})

LOCKED = ("รายงานนี้ยืนยันเป็นฉบับสมบูรณ์แล้ว จึงแก้ไขไม่ได้ — กด “เปิดแก้ไข” และระบุเหตุผลก่อน")


def photo_key(print_jpeg: bytes, thumb_jpeg: bytes) -> str:
    """A photo's name computed from its stored bytes (both JPEGs, each hashed, so no split of
    the bytes between them gives the same name)."""
    digest = hashlib.sha256(b"ita-photo/1\0")
    digest.update(hashlib.sha256(print_jpeg).digest())
    digest.update(hashlib.sha256(thumb_jpeg).digest())
    return digest.hexdigest()


# ---------------------------------------------------------------------- row <-> model
REPORT_COLUMNS = ("uuid", "agency", "parent", "fiscal_year", "round_kind", "round_label",
                   "round_start", "round_end", "framework", "title", "digits", "preparer_name",
                   "preparer_position", "preparer_date", "certifier_name", "certifier_position",
                   "certifier_date", "status", "revision", "show_signatures", "cover_page",
                   "summary_chart", "optional_columns")


def report_values(report: Report) -> dict[str, Any]:
    values = {
        "uuid": report.uuid, "agency": report.agency, "parent": report.parent,
        "fiscal_year": report.fiscal_year, "round_kind": report.round.kind,
        "round_label": report.round.label, "round_start": report.round.start.isoformat(),
        "round_end": report.round.end.isoformat(), "framework": report.framework,
        "title": report.title, "digits": report.digits,
        "preparer_name": report.preparer.name, "preparer_position": report.preparer.position,
        "preparer_date": _iso(report.preparer.date),
        "certifier_name": report.certifier.name, "certifier_position": report.certifier.position,
        "certifier_date": _iso(report.certifier.date), "status": report.status,
        "revision": report.revision, "show_signatures": int(report.show_signatures),
        "cover_page": int(report.cover_page), "summary_chart": int(report.summary_chart),
        "optional_columns": json.dumps(list(report.optional_columns))}
    assert tuple(values) == REPORT_COLUMNS
    return values


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def round_of(row: Mapping[str, Any]) -> Round:
    return Round(row["round_kind"], dt.date.fromisoformat(row["round_start"]),
                 dt.date.fromisoformat(row["round_end"]), row["round_label"])


def report_of(row: Mapping[str, Any]) -> Report:
    return Report(
        id=row["id"], uuid=row["uuid"], agency=row["agency"], parent=row["parent"],
        fiscal_year=row["fiscal_year"], round=round_of(row), framework=row["framework"],
        title=row["title"], digits=row["digits"],
        preparer=Person(row["preparer_name"], row["preparer_position"],
                        _date(row["preparer_date"])),
        certifier=Person(row["certifier_name"], row["certifier_position"],
                         _date(row["certifier_date"])),
        status=row["status"], revision=row["revision"],
        show_signatures=bool(row["show_signatures"]), cover_page=bool(row["cover_page"]),
        summary_chart=bool(row["summary_chart"]),
        optional_columns=tuple(json.loads(row["optional_columns"])),
        created_at=row["created_at"], updated_at=row["updated_at"])


def entry_values(entry: Entry) -> dict[str, Any]:
    return {"item": entry.item, "label": entry.label, "instrument": entry.instrument,
            "indicator": entry.indicator, "item_text": entry.item_text,
            "score": None if entry.score is None else f"{entry.score:.2f}",
            "issue": entry.issue, "measures": json.dumps(entry.measures, ensure_ascii=False),
            "result": entry.result,
            "extra": json.dumps({k: entry.extra[k] for k in sorted(entry.extra)},
                                ensure_ascii=False)}


def entry_of(row: Mapping[str, Any]) -> Entry:
    return Entry(id=row["id"], position=row["position"], item=row["item"], label=row["label"],
                 instrument=row["instrument"], indicator=row["indicator"],
                 item_text=row["item_text"],
                 score=None if row["score"] is None else Decimal(row["score"]),
                 issue=row["issue"], measures=json.loads(row["measures"]), result=row["result"],
                 photos=[], extra=json.loads(row["extra"]))


def photo_of(row: Mapping[str, Any]) -> PhotoRef:
    return PhotoRef(id=row["id"], sha256=row["sha256"], caption=row["caption"],
                    rotation=row["rotation"], width=row["width"], height=row["height"])


class DamagedPhotoError(StoreError):
    """A stored photo's bytes no longer match their checksum."""


