"""Optional report columns (issue 17, item 4): the columns other agencies print besides the
five of the seed report (reference: ita-2569-notes §2, formats B, C, D, G).

A report (or its framework, key ``optional_columns`` in the form file) names the columns it
prints, in this order; none are on by default, and then the report is exactly the five-column
report. An entry keeps its values in ``Entry.extra`` ({key: text}); a key the report does not
print is kept and carried, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..base.errors import ValidationError


@dataclass(frozen=True)
class OptionalColumn:
    key: str  # the contract name in ita-report/1, .itapkg, xlsx/csv headers
    heading: str  # the printed header (Thai)
    english: str


COLUMNS: tuple[OptionalColumn, ...] = (
    OptionalColumn("responsible", "ผู้รับผิดชอบ", "Responsible"),
    OptionalColumn("period", "ระยะเวลาดำเนินการ", "Period"),
    OptionalColumn("budget", "งบประมาณ", "Budget"),
    OptionalColumn("status", "สถานะ", "Status"),
    OptionalColumn("indicator_target", "ตัวชี้วัด/เป้าหมาย", "Indicator / target"),
    OptionalColumn("obstacles", "ปัญหาอุปสรรค", "Obstacles"),
)
BY_KEY = {c.key: c for c in COLUMNS}
KEYS: tuple[str, ...] = tuple(BY_KEY)

NO_BUDGET = "ไม่ใช้งบประมาณ"
STATUS_VALUES: tuple[str, ...] = ("ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ", "ยังไม่ได้ดำเนินการ")
STATUS_ENGLISH = {"ดำเนินการแล้ว": "done", "อยู่ระหว่างดำเนินการ": "in progress",
                  "ยังไม่ได้ดำเนินการ": "not started"}


def normalise_keys(keys: Iterable[object], where: str = "optional_columns") -> tuple[str, ...]:
    """The chosen columns in print order; an unknown name is refused with the list of names."""
    chosen: set[str] = set()
    for key in keys:
        if not isinstance(key, str) or key not in BY_KEY:
            raise ValidationError(
                f"ไม่รู้จักคอลัมน์เพิ่มเติม “{key}” — ใช้ได้เฉพาะ: {', '.join(KEYS)}",
                field=where,
                english=f"unknown optional column {key!r}; allowed: {', '.join(KEYS)}")
        chosen.add(key)
    return tuple(k for k in KEYS if k in chosen)


def check_status(value: str) -> str:
    """A status is one of the three fixed words (or empty), so it can be counted."""
    value = value.strip()
    if value and value not in STATUS_VALUES:
        raise ValidationError(
            f"สถานะ “{value}” ใช้ไม่ได้ — เลือก {' / '.join(STATUS_VALUES)} หรือเว้นว่าง",
            field="status",
            english=f"status {value!r} must be one of: done / in progress / not started")
    return value


def check_extra(extra: object, where: str = "extra") -> dict[str, str]:
    """An entry's optional-column values as stored: known keys, text values, a status from the
    list; empty values dropped (a column left empty prints nothing)."""
    if not isinstance(extra, dict):
        raise ValidationError("ค่าคอลัมน์เพิ่มเติมต้องเป็น {ชื่อคอลัมน์: ข้อความ}", field=where,
                              english="optional column values must be {key: text}")
    out: dict[str, str] = {}
    for key, value in extra.items():
        normalise_keys([key], where)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValidationError(f"ช่อง “{BY_KEY[key].heading}” ต้องเป็นข้อความ",
                                  field=f"{where}.{key}",
                                  english=f"{where}.{key} must be text")
        if key == "status":
            try:
                value = check_status(value)
            except ValidationError as exc:
                raise ValidationError(exc.message, field=f"{where}.status",
                                      english=exc.english) from None
        if value.strip():
            out[key] = value
    return out


# The short facts share one stacked, labelled column when two or more are on: eleven columns
# would leave each about 60 pt, too narrow for common words such as ประชาสัมพันธ์ (70 pt at
# 12 pt), which would then have to break inside the word.
DETAILS = ("responsible", "period", "budget", "status")
COLUMN_SHARE = 0.11  # ≥ 83 pt: the longest common word fits a line at the body size
DETAILS_SHARE = 0.12


@dataclass(frozen=True)
class PrintedColumn:
    heading: str
    keys: tuple[str, ...]
    labelled: bool  # each value printed as "heading: value" (the stacked details column)


def printed_columns(keys: tuple[str, ...]) -> list[PrintedColumn]:
    """The extra table columns for the chosen keys, in print order."""
    details = tuple(k for k in keys if k in DETAILS)
    out: list[PrintedColumn] = []
    if len(details) > 1:
        out.append(PrintedColumn(" / ".join(BY_KEY[k].heading for k in details), details, True))
    for k in keys:
        if k not in DETAILS or len(details) == 1:
            out.append(PrintedColumn(BY_KEY[k].heading, (k,), False))
    return out


def widths(base: tuple[float, ...], keys: tuple[str, ...]) -> tuple[float, ...]:
    """Column shares of the table width: the five base columns shrink in proportion to make
    room for the optional ones (inserted before the photos column). With no optional column
    this returns ``base`` itself, so the default table is unchanged to the last point."""
    if not keys:
        return base
    extra = [DETAILS_SHARE if c.labelled else COLUMN_SHARE for c in printed_columns(keys)]
    scale = (1.0 - sum(extra)) / sum(base)
    shrunk = [b * scale for b in base]
    return tuple(shrunk[:-1] + extra + shrunk[-1:])


def count_status(values: Iterable[str]) -> dict[str, int]:
    """How many entries are in each status (and with none), for the consolidation summary."""
    counts = {s: 0 for s in STATUS_VALUES}
    counts[""] = 0
    for v in values:
        counts[v if v in counts else ""] += 1
    return counts
