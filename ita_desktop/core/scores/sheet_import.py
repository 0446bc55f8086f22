"""Reading a result sheet pasted from Excel or imported from a .tsv/.csv/.xlsx file.

Rows hold an item code and a score: the first cell is the code, the last non-empty cell after
it the score (so a copied block "code, wording, score" works too). Codes are accepted as
agencies write them (``i8``, ``I8``, ``i08``, ``O1``, ``o๑``), plus the framework's instrument
codes (``IIT``) and the overall score (``ITA``, ``รวม``, ``คะแนนรวม``). Scores in Thai or Arabic
digits, 0–100, rounded half up to two decimals as the result sheets print them. A first row
that is neither a code nor a score is a header and is skipped; blank rows are skipped.

Anything wrong refuses the whole sheet with one message naming the row (Thai, then English):
an unknown code, a score that is not a number or outside 0–100, the same code twice. Nothing
is written on a refusal: this module only reads; ``plan`` lists what would change and the
caller applies it in one transaction (``Store.set_scores``).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ..base.boundary import LIMITS, MiB, quote, read_capped
from ..base.errors import FormatError, ValidationError
from ..framework.definition import Framework
from ..report.scoresheet import OVERALL, ScoreKey, ScoreSheet
from ..text import thai

_OVERALL_NAMES = {"ita", "overall", "total", "รวม", "คะแนนรวม", "คะแนนita", "ผลรวม"}
_CODE = re.compile(r"([ieo])0*(\d{1,3})")
_SPACES = re.compile(r"[\s\u00a0\u200b\u200c\u200d\ufeff]+")
_XLSX_MAX_MEMBERS = 200  # a saved result sheet has ~10; Excel's biggest books a few dozen
_HELP = ("แต่ละแถวต้องมีรหัสข้อ (เช่น i8, E1, O12) แล้วตามด้วยคะแนน ๐–๑๐๐ "
         "เช่น “i8<แท็บ>73.34”")


@dataclass(frozen=True)
class ScoreRow:
    """One accepted row: its 1-based row number in the pasted text or file, key and score."""

    row: int
    key: ScoreKey
    score: Decimal | None  # None: the score cell was empty (the score is removed)


@dataclass(frozen=True)
class ScoreChange:
    key: ScoreKey
    old: Decimal | None
    new: Decimal | None

    @property
    def label(self) -> str:
        kind, code = self.key
        if kind == "item":
            return code.upper()
        return code if kind == "instrument" else "ITA"


def _refuse(row: int, message: str, english: str) -> ValidationError:
    return ValidationError(f"แถวที่ {row}: {message}", field="scores",
                           english=f"row {row}: {english}")


def _clean(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return _SPACES.sub(" ", str(cell)).strip()


def code_key(text: str, framework: Framework) -> ScoreKey | None:
    """The key a code cell names, or None when it names nothing in ``framework``."""
    compact = _SPACES.sub("", thai.to_arabic_digits(text)).lower()
    match = _CODE.fullmatch(compact)
    if match:
        code = f"{match.group(1)}{int(match.group(2))}"
        return ("item", code) if framework.item(code) is not None else None
    upper = compact.upper()
    if framework.instrument(upper) is not None:
        return ("instrument", upper)
    if compact in _OVERALL_NAMES:
        return OVERALL
    return None


def _score(text: str, row: int) -> Decimal | None:
    if not text:
        return None
    if "," in text:  # a decimal comma or a thousands separator: never guessed (issue 21)
        raise _refuse(row, f"คะแนน “{quote(text)}” มีเครื่องหมายจุลภาค (,) — ใช้จุดทศนิยม เช่น เขียน 85.5 "
                      "ไม่ใช่ 85,5", f"score {quote(text)!r} holds a comma: write 85.5, not 85,5")
    try:
        number = thai.parse_decimal(text)
    except ValueError:
        raise _refuse(row, f"คะแนน “{quote(text)}” ไม่ใช่ตัวเลข — {_HELP}",
                      f"score {quote(text)!r} is not a number") from None
    if not number.is_finite() or number < 0 or number > 100:
        raise _refuse(row, f"คะแนน {text} เป็นไปไม่ได้ (ต้องอยู่ระหว่าง ๐ ถึง ๑๐๐) — แก้คะแนนในแถวนี้",
                      f"score {text} is outside 0-100")
    return number.quantize(Decimal("0.01"), ROUND_HALF_UP)


def parse_rows(rows: list[list[object]], framework: Framework) -> list[ScoreRow]:
    """Check every row; return the accepted ones or raise ValidationError naming the row."""
    out: list[ScoreRow] = []
    first_row_of: dict[ScoreKey, int] = {}
    seen_data = False
    if len(rows) > LIMITS.sheet_rows:  # refused, never silently dropped (docs/limits.md)
        raise ValidationError(f"ไฟล์คะแนนมี {len(rows):,} แถว เกิน {LIMITS.sheet_rows:,} แถวที่รับได้ "
                              "(หนึ่งปีมีไม่ถึง 150 ข้อ) — ตรวจว่าเลือกไฟล์ถูกต้อง", field="scores",
                              english=f"more than {LIMITS.sheet_rows} rows")
    for number, raw in enumerate(rows, start=1):
        cells = [_clean(c) for c in raw]
        if not any(cells):
            continue
        code_text = cells[0]
        rest = [c for c in cells[1:] if c]
        score_text = rest[-1] if rest else ""
        key = code_key(code_text, framework) if code_text else None
        if key is None:
            if not seen_data and not _is_number(score_text):
                seen_data = True  # a header row ("ข้อ", "คะแนน"): skipped
                continue
            if not code_text:
                raise _refuse(number, f"ไม่มีรหัสข้อ — {_HELP}", "no item code")
            raise _refuse(number, f"ไม่รู้จักรหัส “{code_text}” ในกรอบการประเมิน {framework.id} "
                          "— ตรวจรหัสข้อ (เช่น i8, e1, o12) หรือกรอบการประเมินของรายงาน",
                          f"unknown code {code_text!r} in {framework.id}")
        seen_data = True
        if sum(_is_number(c) for c in rest) > 1:  # "i1,85,5": an extra column is never guessed
            raise _refuse(number, "แถวนี้มีตัวเลขมากกว่าหนึ่งช่อง (เช่น 85,5 ในไฟล์ CSV ถูกแยกเป็นสองช่อง) "
                          "— ใส่คะแนนช่องเดียว และใช้จุดทศนิยม เช่น เขียน 85.5",
                          "more than one number in the row: write the score once, e.g. 85.5")
        if key in first_row_of:
            raise _refuse(number, f"รหัส “{code_text}” ซ้ำกับแถวที่ {first_row_of[key]} "
                          "— ลบแถวที่ซ้ำให้เหลือแถวเดียว",
                          f"code {code_text!r} repeats row {first_row_of[key]}")
        first_row_of[key] = number
        out.append(ScoreRow(number, key, _score(score_text, number)))
    if not out:
        raise ValidationError(f"ไม่พบคะแนนในข้อมูลที่วาง — {_HELP}", field="scores",
                              english="no scores found")
    return out


def _is_number(text: str) -> bool:
    try:
        thai.parse_decimal(text)
    except ValueError:
        return False
    return True


def split_text(text: str) -> list[list[str]]:
    """Rows of pasted text (Excel copies tab-separated, CRLF). Text without tabs is read as
    CSV when it has commas, else split at spaces (a code and a score typed by hand)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [ln for ln in text.split("\n")]
    if any("\t" in ln for ln in lines):
        return [ln.split("\t") for ln in lines]
    if any("," in ln for ln in lines):
        return [list(r) for r in csv.reader(io.StringIO(text))]
    return [ln.split() for ln in lines]


def parse_text(text: str, framework: Framework) -> list[ScoreRow]:
    return parse_rows(split_text(text), framework)


def read_file(path: str | Path, framework: Framework) -> list[ScoreRow]:
    """Rows of a .tsv/.txt, .csv or .xlsx file (the first sheet)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".tsv", ".txt", ".csv", ".xlsx"):
        raise ValidationError(f"นำเข้าคะแนนได้จากไฟล์ .xlsx, .csv หรือ .tsv เท่านั้น (ได้ “{path.name}”)",
                              field="scores", where=str(path),
                              english="scores import reads .xlsx, .csv or .tsv files")
    try:  # the boundary: a regular file, a capped read (docs/limits.md)
        raw = read_capped(path, LIMITS.sheet_bytes, "ผลคะแนน")
    except FormatError as exc:
        raise ValidationError(exc.message, field="scores", where=exc.where,
                              english=exc.english) from None
    if suffix == ".xlsx":
        return parse_rows(_xlsx_rows(raw, path), framework)
    text = _decode(raw, path)
    if suffix == ".csv":
        return parse_rows([list(r) for r in csv.reader(io.StringIO(text))], framework)
    return parse_rows([ln.split("\t") for ln in text.replace("\r\n", "\n").split("\n")],
                      framework)


def _decode(raw: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "cp874"):  # Excel on Thai Windows saves CSV as cp874
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("ไฟล์ต้องเป็นข้อความ UTF-8 — บันทึกใหม่เป็น CSV UTF-8", field="scores",
                          where=str(path), english="the file is not UTF-8 text")


def _xlsx_rows(raw: bytes, path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    _check_xlsx_members(raw, path)
    try:  # read-only openpyxl parses lazily: its errors come from iter_rows as well
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            return _bounded_rows(book.worksheets[0].iter_rows(values_only=True), path)
        finally:
            book.close()
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl, zipfile and the XML parser raise many kinds
        raise ValidationError("เปิดไฟล์ Excel ไม่ได้ ไฟล์อาจเสียหายหรือไม่ใช่ .xlsx — บันทึกใหม่จาก Excel",
                              field="scores", where=str(path),
                              english="cannot read the .xlsx file") from None


def _bounded_rows(rows: Iterable[tuple[object, ...]], path: Path) -> list[list[object]]:
    """The sheet's rows up to the last one with content; a row past the row limit or a cell
    past the column limit that holds something is refused, never dropped (docs/limits.md)."""
    out: list[list[object]] = []
    for number, row in enumerate(rows, start=1):
        cells = list(row)
        while cells and cells[-1] in (None, ""):
            cells.pop()
        if not cells:
            out.append([])
            continue
        if number > LIMITS.sheet_rows:
            raise _refuse(number, f"มีข้อมูลเกินแถวที่ {LIMITS.sheet_rows:,} ซึ่งรับได้ "
                          "(หนึ่งปีมีไม่ถึง 150 ข้อ) — ลบข้อมูลที่ไม่ใช่คะแนนออกจากแผ่นงาน",
                          f"content past row {LIMITS.sheet_rows}")
        if len(cells) > LIMITS.sheet_columns:
            raise _refuse(number, f"มีข้อมูลเกินคอลัมน์ที่ {LIMITS.sheet_columns} ซึ่งรับได้ "
                          "— ให้เหลือเฉพาะรหัสข้อและคะแนน", f"content past column "
                          f"{LIMITS.sheet_columns}")
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


def _check_xlsx_members(raw: bytes, path: Path) -> None:
    """Before openpyxl reads anything: every member's inflated size from the zip directory
    (zipfile never inflates past it: a member that lies fails its CRC) and no DOCTYPE in any
    XML part (an entity can expand a few bytes into gigabytes; Excel never writes one)."""
    def refused(message: str, english: str) -> ValidationError:
        return ValidationError(message, field="scores", where=str(path), english=english)

    try:
        book = zipfile.ZipFile(io.BytesIO(raw))
        infos = book.infolist()
        if len(infos) > _XLSX_MAX_MEMBERS:
            raise refused(f"ไฟล์ Excel มีส่วนประกอบ {len(infos):,} ส่วน มากผิดปกติ — บันทึกใหม่จาก Excel",
                          f"{len(infos)} members in the .xlsx")
        for info in infos:
            if info.file_size > LIMITS.xlsx_member_bytes:
                raise refused(
                    f"ไฟล์ Excel มีส่วน “{quote(info.filename, 60)}” ขนาด {info.file_size / MiB:,.0f} MB "
                    f"เมื่อคลายออก (รับได้ไม่เกิน {LIMITS.xlsx_member_bytes // MiB} MB; ผลคะแนนหนึ่งปี"
                    "มีไม่กี่ KB) — คัดลอกเฉพาะตารางคะแนนไปวางในไฟล์ใหม่แล้วบันทึก",
                    f"member {quote(info.filename, 60)!r} inflates to {info.file_size} bytes")
            if info.filename.endswith((".xml", ".rels")):
                _refuse_doctype(book, info, refused)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - a damaged zip raises many kinds
        raise refused("เปิดไฟล์ Excel ไม่ได้ ไฟล์อาจเสียหายหรือไม่ใช่ .xlsx — บันทึกใหม่จาก Excel",
                      "cannot read the .xlsx file (damaged zip)") from None


def _refuse_doctype(book: zipfile.ZipFile, info: zipfile.ZipInfo,
                    refused: Callable[[str, str], ValidationError]) -> None:
    tail = b""
    with book.open(info) as member:
        first = True
        while chunk := member.read(256 * 1024):
            if first and (chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:64]):
                raise refused("ไฟล์ Excel มีส่วนที่ไม่ได้เขียนเป็น UTF-8 ซึ่ง Excel ไม่เคยทำ — บันทึกใหม่จาก Excel",
                              f"{quote(info.filename, 60)!r} is not UTF-8 XML")
            first = False
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise refused("ไฟล์ Excel มีการประกาศ DOCTYPE/ENTITY ซึ่ง Excel ไม่เคยเขียน และอาจขยายตัว"
                              "จนเครื่องค้าง — บันทึกใหม่จาก Excel", f"{quote(info.filename, 60)!r} "
                              "holds a DOCTYPE or ENTITY declaration")
            tail = window[-16:]


def plan(current: ScoreSheet, rows: list[ScoreRow]) -> list[ScoreChange]:
    """What applying ``rows`` would change (rows that keep a score as it is are left out)."""
    out = []
    for row in rows:
        old = current.get(row.key)
        if old != row.score:
            out.append(ScoreChange(row.key, old, row.score))
    return out


def as_values(changes: list[ScoreChange]) -> dict[ScoreKey, Decimal | None]:
    return {c.key: c.new for c in changes}
