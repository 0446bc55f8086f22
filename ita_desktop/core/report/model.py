"""The report model: plain dataclasses, no database and no Qt.

A report is what one office submits for one round; each entry answers one assessment item (or
a range of items, or a free label) with the issue to improve, the measures, the result and
photos. Photos are referenced by the SHA-256 of the original file; their pixels live in the
store (see ``PhotoSource``).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid as _uuid
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, Protocol

from ..base.boundary import LIMITS
from ..base.errors import ValidationError
from ..text import thai
from ..text.safety import check_text
from .scoresheet import ScoreSheet

Digits = Literal["thai", "arabic"]
Status = Literal["draft", "final"]
RoundKind = Literal["6m", "12m", "custom"]
PhotoKind = Literal["print", "thumb"]

DIGIT_STYLES: tuple[str, ...] = ("thai", "arabic")
PASS_MARK = Decimal(85)
# A revision counts reopenings; no office reopens a report ten thousand times. A larger one
# (e.g. 10^9) would make every later genuine revision look "older".
MAX_REVISION = 9_999


# ---------------------------------------------------------------------------------- round
@dataclass(frozen=True)
class Round:
    """The period a report covers. Dates are ordinary (CE) dates; the print shows BE."""

    kind: RoundKind
    start: dt.date
    end: dt.date
    label: str | None = None  # only for kind == "custom"

    @classmethod
    def standard(cls, kind: RoundKind, fiscal_year_be: int) -> Round:
        """The 6-month (October–March) or 12-month (October–September) round of a fiscal year."""
        start, end = thai.fiscal_year_bounds(fiscal_year_be)
        if kind == "6m":
            return cls("6m", start, dt.date(end.year, 3, 31))
        if kind == "12m":
            return cls("12m", start, end)
        raise ValueError(kind)

    @property
    def code(self) -> str:
        """Short name used in file names and the interchange format."""
        return self.kind

    def title(self, digits: str = "thai") -> str:
        """'รอบ ๖ เดือนแรก' / 'รอบ ๑๒ เดือน' / the custom label."""
        if self.kind == "6m":
            return f"รอบ {thai.digits(6, digits)} เดือนแรก"
        if self.kind == "12m":
            return f"รอบ {thai.digits(12, digits)} เดือน"
        return self.label or ""

    def period(self, digits: str = "thai") -> str:
        """'ตุลาคม ๒๕๖๖ - มีนาคม ๒๕๖๗'."""
        return (f"{thai.month_year(self.start.year, self.start.month, digits)} - "
                f"{thai.month_year(self.end.year, self.end.month, digits)}")

    def line(self, digits: str = "thai") -> str:
        """The round line under the report title."""
        return f"{self.title(digits)} ({self.period(digits)})"


# ---------------------------------------------------------------------------------- people
@dataclass
class Person:
    """A signer: the preparer (ผู้รายงาน) or the certifier (ผู้รับรองข้อมูล)."""

    name: str = ""
    position: str = ""
    date: dt.date | None = None

    def is_empty(self) -> bool:
        return not (self.name or self.position or self.date)


@dataclass(frozen=True)
class ReopenRecord:
    """A final report was reopened for editing: when and why."""

    at: str  # ISO timestamp, UTC
    reason: str


# ---------------------------------------------------------------------------------- entries
@dataclass
class PhotoRef:
    """One photo of an entry. ``sha256`` names the stored image (of the original file)."""

    sha256: str
    caption: str = ""
    rotation: int = 0  # quarter turns clockwise, applied when shown or printed
    width: int = 0  # of the stored print image, before rotation
    height: int = 0
    id: int | None = None


@dataclass
class Entry:
    """One row of the report table."""

    item: str | None = None  # "e1", or a range "o1-o22"; None for a free label
    label: str | None = None  # free label when the row answers no framework item
    instrument: str = ""  # instrument code, e.g. "IIT", "EIT", "OIT"
    indicator: int | None = None  # indicator number 1–10
    item_text: str = ""  # the wording printed, kept with the report
    score: Decimal | None = None
    issue: str = ""
    measures: list[str] = field(default_factory=list)
    result: str = ""
    photos: list[PhotoRef] = field(default_factory=list)
    # optional columns' values by key (report/optional_columns.py); empty for the seed layout
    extra: dict[str, str] = field(default_factory=dict)
    position: int = 0  # place in the report order
    id: int | None = None

    @property
    def code_label(self) -> str:
        """The item as people write it: 'E1', 'O1 - O22', or the free label."""
        if self.item:
            return " - ".join(part.upper() for part in self.item.split("-"))
        return self.label or ""


# ---------------------------------------------------------------------------------- report
DEFAULT_TITLE = ("การรายงานผลการดำเนินการตามมาตรการยกระดับคุณธรรมและความโปร่งใส"
                 "ในการดำเนินงานของ{agency} {parent} ในปี {year}")


@dataclass
class Report:
    agency: str
    parent: str
    fiscal_year: int  # Buddhist era, e.g. 2567
    round: Round
    framework: str  # framework id, e.g. "ita-2567"
    title: str | None = None  # None: built from the fields (see default_title)
    digits: Digits = "thai"
    preparer: Person = field(default_factory=Person)
    certifier: Person = field(default_factory=Person)
    status: Status = "draft"
    reopen_log: list[ReopenRecord] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    uuid: str = field(default_factory=lambda: str(_uuid.uuid4()))
    revision: int = 1
    show_signatures: bool = True
    cover_page: bool = False
    summary_chart: bool = False  # print a one-page summary chart before the table
    optional_columns: tuple[str, ...] = ()  # extra printed columns; () = the seed's five
    scores: ScoreSheet = field(default_factory=ScoreSheet)  # the agency's result sheet
    created_at: str | None = None
    updated_at: str | None = None
    id: int | None = None

    def default_title(self) -> str:
        return DEFAULT_TITLE.format(agency=self.agency, parent=self.parent,
                                    year=thai.digits(self.fiscal_year, self.digits)).strip()

    @property
    def display_title(self) -> str:
        return self.title if self.title else self.default_title()

    @property
    def is_final(self) -> bool:
        return self.status == "final"


class PhotoSource(Protocol):
    """Where the renderer and exporters get stored photo bytes (JPEG)."""

    def photo_bytes(self, sha256: str, kind: PhotoKind = "print") -> bytes: ...


# ---------------------------------------------------------------------------------- validation
_SCORE_HELP = "พิมพ์คะแนนเป็นตัวเลข ๐–๑๐๐ มีทศนิยมได้ ๒ ตำแหน่ง เช่น 73.34 หรือ ๗๓.๓๔ หรือเว้นว่างไว้"


def parse_score(value: object) -> Decimal | None:
    """A score as typed (Thai or Arabic digits, number or text); None or '' means no score.

    Returns a Decimal with two decimals, or raises ValidationError with a Thai message.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = thai.parse_decimal(value)
    except ValueError:
        raise ValidationError(f"คะแนน “{value}” ไม่ใช่ตัวเลข — {_SCORE_HELP}", field="score",
                              english=f"score {value!r} is not a number") from None
    if not number.is_finite():
        raise ValidationError(f"คะแนน “{value}” ไม่ใช่ตัวเลข — {_SCORE_HELP}", field="score",
                              english=f"score {value!r} is not a number")
    if number < 0 or number > 100:
        raise ValidationError(f"คะแนน {value} อยู่นอกช่วง ๐–๑๐๐ — {_SCORE_HELP}", field="score",
                              english=f"score {value} is outside 0-100")
    quantized = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if quantized != number:
        raise ValidationError(f"คะแนน {value} มีทศนิยมเกิน ๒ ตำแหน่ง — {_SCORE_HELP}",
                              field="score", english=f"score {value} has more than 2 decimals")
    return quantized


def format_score(score: Decimal | None, digits: str = "arabic") -> str:
    """'73.34' (or '๗๓.๓๔'); '' for no score. Always two decimals, as the reference prints."""
    if score is None:
        return ""
    return thai.digits(f"{score:.2f}", digits)


_CODE = re.compile(r"([ieo])(\d{1,3})")
_DASHES = dict.fromkeys(map(ord, "–—‐‑−"), "-")


def normalise_item(value: str) -> str:
    """'E๑' -> 'e1'; 'O1 – O22' -> 'o1-o22'. Raises ValidationError for anything else."""
    text = thai.to_arabic_digits(str(value)).translate(_DASHES).replace(" ", "").lower()
    parts = text.split("-")
    if len(parts) in (1, 2) and all(_CODE.fullmatch(p) for p in parts):
        parts = [p[0] + str(int(p[1:])) for p in parts]
        if len(parts) == 2:
            if parts[0][0] != parts[1][0]:
                raise ValidationError(
                    f"ช่วงข้อ “{value}” ต้องอยู่ในแบบวัดเดียวกัน เช่น o1-o22",
                    field="item", english=f"item range {value!r} mixes instruments")
            if int(parts[0][1:]) >= int(parts[1][1:]):
                raise ValidationError(
                    f"ช่วงข้อ “{value}” ต้องเริ่มจากข้อที่น้อยกว่า เช่น o1-o22",
                    field="item", english=f"item range {value!r} is reversed")
        return "-".join(parts)
    raise ValidationError(
        f"รหัสข้อ “{value}” ไม่ถูกต้อง — ใช้รหัสเช่น i8, e1, o12 หรือช่วง o1-o22",
        field="item", english=f"bad item code {value!r}")


def check_round(report: Report) -> None:
    """The round's dates must lie in the report's fiscal year (1 Oct – 30 Sep)."""
    start, end = thai.fiscal_year_bounds(report.fiscal_year)
    rnd = report.round
    if rnd.end < rnd.start:
        raise ValidationError("วันสิ้นสุดรอบรายงานอยู่ก่อนวันเริ่มต้น — ตรวจสอบวันที่ของรอบ",
                              field="round", english="round ends before it starts")
    if rnd.start < start or rnd.end > end:
        fy = thai.digits(report.fiscal_year, "thai")
        raise ValidationError(
            f"รอบรายงาน ({rnd.period()}) ไม่อยู่ในปีงบประมาณ {fy} "
            f"({thai.format_date(start)} – {thai.format_date(end)}) — แก้ปีงบประมาณหรือวันที่ของรอบ",
            field="fiscal_year", english="the round's dates are outside the fiscal year")


def check_report_fields(report: Report) -> None:
    """Checks that need no framework: required names, year, digits, round."""
    if not report.agency.strip():
        raise ValidationError("ยังไม่ได้ระบุชื่อหน่วยงาน — พิมพ์ชื่อ เช่น สำนักงานเขตปทุมวัน",
                              field="agency", english="agency is empty")
    if not LIMITS.fiscal_year_min <= report.fiscal_year <= LIMITS.fiscal_year_max:
        raise ValidationError(
            f"ปีงบประมาณ {report.fiscal_year} ไม่ใช่ปีพุทธศักราช — พิมพ์ปี พ.ศ. เช่น 2567",
            field="fiscal_year", english="fiscal year must be in the Buddhist era")
    if report.digits not in DIGIT_STYLES:
        raise ValidationError("รูปแบบตัวเลขต้องเป็น thai หรือ arabic", field="digits",
                              english="digits must be thai or arabic")
    if report.status not in ("draft", "final"):
        raise ValidationError("สถานะต้องเป็น draft หรือ final", field="status")
    if isinstance(report.revision, bool) or not 1 <= report.revision <= MAX_REVISION:
        raise ValidationError(
            f"ฉบับที่ {report.revision} ของรายงานผิดปกติ (ต้องเป็น 1–{MAX_REVISION}) — "
            "ส่งออกรายงานใหม่จากโปรแกรม ITA Desktop", field="revision",
            english=f"revision must be 1-{MAX_REVISION}")
    check_report_text(report)
    check_round(report)


def check_report_text(report: Report) -> None:
    """No control character or lone surrogate in any text of the report (report fields,
    entries, captions, reopening reasons): ValidationError naming the field."""
    for name, value in (("agency", report.agency), ("parent", report.parent),
                        ("title", report.title), ("round.label", report.round.label),
                        ("preparer.name", report.preparer.name),
                        ("preparer.position", report.preparer.position),
                        ("certifier.name", report.certifier.name),
                        ("certifier.position", report.certifier.position)):
        if isinstance(value, str):
            check_text(value, name)
    for n, record in enumerate(report.reopen_log):
        check_text(record.reason, f"reopen_log[{n}].reason")
    for n, entry in enumerate(report.entries):
        check_entry_text(entry, f"entries[{n}].")


def check_entry_text(entry: Entry, prefix: str = "") -> None:
    for name in ("item", "label", "instrument", "item_text", "issue", "result"):
        value = getattr(entry, name)
        if isinstance(value, str):
            check_text(value, prefix + name)
    for m, measure in enumerate(entry.measures):
        if isinstance(measure, str):
            check_text(measure, f"{prefix}measures[{m}]")
    for m, photo in enumerate(entry.photos):
        check_text(photo.caption, f"{prefix}photos[{m}].caption")
    for key, value in entry.extra.items():
        if isinstance(value, str):
            check_text(value, f"{prefix}extra.{key}")


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
