"""The one boundary every file from outside passes before it is parsed.

Framework YAML, report JSON, result sheets, databases and output paths are all hostile: a
device or FIFO named like a file, a symlink to /dev/zero, a 2 GB cell, ten thousand nested
brackets, a 5000-digit number. Each reader calls the few functions here first, so the rules
and their limits (``LIMITS``, documented with their reasons in docs/limits.md) exist once.

Symlink policy: a symlink is FOLLOWED, and what it points to must itself be a regular file.
The check is made on the opened descriptor (``fstat``), so a link swapped between the check
and the read cannot slip a device in.

Every refusal is a ``FormatError`` with a Thai message and an ``english=`` line.
"""

from __future__ import annotations

import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# NOTE(layout move): errors.py moves to core/base/errors.py; then this becomes ``.errors``
from .errors import FormatError

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Every limit a reader enforces; docs/limits.md gives the reason for each."""

    framework_bytes: int = 2 * MiB         # ita-2567.yaml is ~40 KB
    report_json_bytes: int = 64 * MiB      # 10,000 entries with long cells ~ 20 MB
    sheet_bytes: int = 16 * MiB            # a year's result sheet is a few KB
    xlsx_member_bytes: int = 8 * MiB       # one inflated .xlsx part; a real sheet is ~50 KB
    nesting_depth: int = 64                # ita-report/1 needs 6, ita-form/1 needs 8
    number_digits: int = 30                # a score 100.00, a year 2569, an id
    cell_chars: int = 20_000               # a real cell is < 2,000 characters
    sheet_rows: int = 5_000                # a year has < 150 items
    sheet_columns: int = 16                # code, score and a few notes
    items_per_framework: int = 2_000       # a year has < 150 items
    entries_per_report: int = 20_000       # the big benchmark report has 10,000
    yaml_aliases: int = 100                # our frameworks use none
    quote_chars: int = 80                  # how much of a bad cell a message may show
    fiscal_year_min: int = 2500            # Buddhist era
    fiscal_year_max: int = 2700


LIMITS = Limits()


def refuse(source: str, thai: str, english: str) -> FormatError:
    return FormatError(thai, where=source, english=english)


def quote(value: object, limit: int = LIMITS.quote_chars) -> str:
    """At most ``limit`` characters of a bad value, for a message (never a 100 MB cell)."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text):,} ตัวอักษร)"


def read_capped(path: Path | str, limit: int, what: str) -> bytes:
    """The bytes of a regular file no larger than ``limit``; refuses devices, FIFOs,
    directories and anything larger, reading at most ``limit + 1`` bytes (never ``read()``
    of an unbounded stream)."""
    source = str(path)
    if not source:
        raise refuse("(ไม่มีชื่อไฟล์)", f"ไม่ได้ระบุชื่อไฟล์{what} — ระบุชื่อไฟล์ที่จะเปิด",
                     f"no file name given for the {what}")
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(source, flags)  # O_NONBLOCK: opening a FIFO must not hang
    except FileNotFoundError:
        raise refuse(source, f"เปิดไฟล์ไม่ได้: ไม่พบไฟล์{what} — ตรวจชื่อและตำแหน่งของไฟล์",
                     "file not found") from None
    except IsADirectoryError:
        raise _not_regular(source, what, "a directory") from None
    except OSError as exc:
        raise refuse(source, f"เปิดไฟล์{what}ไม่ได้ ({exc.strerror}) — ตรวจสิทธิ์การเข้าถึงไฟล์",
                     f"cannot open: {exc.strerror}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise _not_regular(source, what, _kind(info.st_mode))
    if info.st_size > limit:
        os.close(fd)
        raise _too_large(source, what, info.st_size, limit)
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)  # the size may grow while we read
    if len(data) > limit:
        raise _too_large(source, what, len(data), limit)
    return data


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_regular(source: str, what: str, kind: str) -> FormatError:
    return refuse(source, f"“{source}” ไม่ใช่ไฟล์{what}ธรรมดา (เป็นโฟลเดอร์ อุปกรณ์ หรือท่อข้อมูล) "
                  "— เลือกไฟล์จริงที่บันทึกไว้ในเครื่อง", f"not a regular file: {kind}")


def _too_large(source: str, what: str, size: int, limit: int) -> FormatError:
    return refuse(source, f"ไฟล์{what}ใหญ่เกินไป ({size / MiB:,.1f} MB; รับได้ไม่เกิน "
                  f"{limit / MiB:,.0f} MB) — ตรวจว่าเลือกไฟล์ถูกต้อง",
                  f"file too large: {size} bytes (limit {limit})")


def decode_utf8(data: bytes, source: str, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(source, f"ไฟล์{what}ไม่ใช่ข้อความ UTF-8 (ไบต์ที่ {exc.start}) — บันทึกไฟล์ใหม่"
                     "เป็น UTF-8", f"not UTF-8 at byte {exc.start}") from None


# -- nesting and numbers --------------------------------------------------------------------

# the unrolled form of "(?:[^"\\]|\\.)*": the alternation kept one backtracking frame per
# character and ran out of memory on a 20-million-character string
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.S)


def check_json_depth(text: str, source: str, limit: int = LIMITS.nesting_depth) -> None:
    """Refuse nesting deeper than ``limit`` before ``json.loads`` recurses (Python's
    recursion limit is ~1000 and a RecursionError is a traceback, not a message)."""
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        ch = token.group()[0]
        if ch in "[{":
            depth += 1
            if depth > limit:
                raise _too_deep(source, limit)
        elif ch in "]}":
            depth -= 1


def _too_deep(source: str, limit: int) -> FormatError:
    return refuse(source, f"ไฟล์ซ้อนวงเล็บหรือระดับลึกเกิน {limit} ชั้น ซึ่งรายงานจริงไม่มี — ไฟล์อาจ"
                  "เสียหายหรือไม่ได้สร้างจาก ITA Desktop", f"nesting deeper than {limit}")


def _number_refused(source: str, literal: str) -> FormatError:
    return refuse(source, f"ไฟล์มีตัวเลขที่ใช้ไม่ได้ ({quote(literal, 40)}) — ตัวเลขต้องยาวไม่เกิน "
                  f"{LIMITS.number_digits} หลักและเป็นค่าจำกัด", f"number refused: {quote(literal, 40)}")


def load_json(data: bytes, source: str, what: str = "รายงาน") -> Any:
    """Decoded JSON after the depth, number and text checks (the text check names the field)."""
    text = decode_utf8(data, source, what)
    check_json_depth(text, source)

    def parse_int(literal: str) -> int:
        if len(literal.lstrip("-")) > LIMITS.number_digits:
            raise _number_refused(source, literal)
        return int(literal)

    def parse_float(literal: str) -> float:
        value = float(literal) if len(literal) <= 2 * LIMITS.number_digits else float("inf")
        if value in (float("inf"), float("-inf")) or value != value:
            raise _number_refused(source, literal)
        return value

    def parse_constant(literal: str) -> float:
        raise _number_refused(source, literal)  # NaN / Infinity are not JSON

    try:
        return json.loads(text, parse_int=parse_int, parse_float=parse_float,
                          parse_constant=parse_constant)
    except json.JSONDecodeError as exc:
        raise refuse(source, f"ไฟล์{what}ไม่ใช่ JSON ที่ถูกต้อง (บรรทัด {exc.lineno} คอลัมน์ "
                     f"{exc.colno}) — ไฟล์อาจเสียหาย", f"invalid JSON: {exc.msg}") from None
    except RecursionError:  # belt and braces: check_json_depth should make this unreachable
        raise _too_deep(source, LIMITS.nesting_depth) from None


def yaml_loader_base() -> type:
    """yaml's C safe loader when built with libyaml (bounded C stack use, 10x faster)."""
    import yaml
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check_yaml_shape(text: str, source: str, limit: int = LIMITS.nesting_depth,
                     aliases: int = LIMITS.yaml_aliases) -> None:
    """Refuse deep nesting and alias bombs from the event stream, before any node is built."""
    import yaml
    depth = 0
    seen_aliases = 0
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > limit:
                    raise _too_deep(source, limit)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                seen_aliases += 1
                if seen_aliases > aliases:
                    raise refuse(source, f"ไฟล์กรอบการประเมินใช้การอ้างอิงซ้ำ (alias) เกิน {aliases} "
                                 "ครั้ง — เขียนข้อความเต็มแทนการอ้างอิง", "too many YAML aliases")
    except yaml.YAMLError as exc:
        if "nesting depth" in str(exc):  # libyaml's scanner stops at 1000 levels itself
            raise _too_deep(source, limit) from None
        return  # the real loader reports other syntax errors with their line


def check_int(value: object, source: str, field: str, low: int, high: int) -> int:
    """An int (not bool/float/str) within [low, high], or a message naming the field."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise refuse(source, f"ช่อง “{field}” ต้องเป็นจำนวนเต็มระหว่าง {low} ถึง {high} "
                     f"(ในไฟล์คือ {quote(value, 40)})",
                     f"{field} must be an integer {low}..{high}, got {quote(value, 40)}")
    return value


# -- codes ----------------------------------------------------------------------------------

_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def normalise_code(code: str) -> str:
    """An item code as duplicate checks and lookups must compare it: Thai and fullwidth
    digits to ASCII (NFKC), surrounding space removed, lower case. ``i๑``, ``I１`` -> ``i1``."""
    return unicodedata.normalize("NFKC", code.translate(_DIGITS)).strip().casefold()


# -- output paths ---------------------------------------------------------------------------

def check_output_path(path: Path | str, what: str = "") -> Path:
    """The path a file may be written to: a name is given, the folder exists, and it is not a
    directory, device, FIFO or socket. A symlink is followed: its target is what is checked
    and replaced (docs/limits.md)."""
    text = str(path)
    if not text.strip() or "\x00" in text:
        raise refuse(text or "(ไม่มีชื่อไฟล์)", f"ไม่ได้ระบุชื่อไฟล์{what}ที่จะบันทึก หรือชื่อไฟล์ใช้ไม่ได้ "
                     "— ระบุชื่อไฟล์ เช่น report.pdf", "empty or invalid output file name")
    target = Path(os.path.realpath(text))
    try:
        info = target.stat()
    except FileNotFoundError:
        if not target.parent.is_dir():
            raise refuse(text, f"บันทึกไฟล์ไม่ได้: ไม่พบโฟลเดอร์ “{target.parent}” — สร้างโฟลเดอร์ก่อนหรือเลือกที่อื่น",
                         "the output folder does not exist") from None
        return target
    except OSError as exc:
        raise refuse(text, f"ใช้ชื่อไฟล์นี้ไม่ได้ ({exc.strerror})",
                     f"invalid output path: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise refuse(text, f"“{text}” ไม่ใช่ไฟล์ธรรมดา (เป็นโฟลเดอร์ อุปกรณ์ หรือท่อข้อมูล) จึงบันทึก"
                     "ทับไม่ได้ — เลือกชื่อไฟล์ใหม่", f"refusing to write onto {_kind(info.st_mode)}")
    return target
