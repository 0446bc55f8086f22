"""Text that cannot break anything: control characters, lone surrogates and noncharacters.

Such characters cannot be typed by a clerk, crash the xlsx writer (openpyxl refuses them), the
PDF and UTF-8 encoding (a lone surrogate), and drive the terminal (ESC sequences). They are
refused where text comes in (``check_text`` / ``find_bad_text``: load, import, the window),
replaced where text goes out to files (``clean_text``) and escaped for the terminal
(``terminal_safe``). Tab and line feed are ordinary text (multi-line fields); CR is accepted as
part of a Windows line end.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..base.boundary import LIMITS, quote
from ..base.errors import ValidationError
from .names import INVISIBLE

_ALLOWED_CONTROLS = frozenset("\t\n\r")
REPLACEMENT = "\ufffd"


# the characters _is_bad() names, as one regular expression: every text written to a
# spreadsheet or package goes through this, and a per-character Python loop made a 30,000-row
# consolidation workbook take 10 s longer
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                  + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}"
                            for plane in range(17)) + "]")


def bad_char(text: str) -> tuple[int, str] | None:
    """(index, character) of the first character text must not hold, or None."""
    found = _BAD.search(text)
    return (found.start(), found.group()) if found else None


def _is_bad(ch: str) -> bool:
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return ch not in _ALLOWED_CONTROLS
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate: not a character, cannot be encoded
        return True
    return (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF  # noncharacters


def describe(ch: str) -> str:
    """'U+001B' (with the Unicode name when it has one) for a message."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


_LABELS = {"agency": "หน่วยงาน", "parent": "สังกัด", "title": "ชื่อรายงาน", "label": "ชื่อรายการ",
           "item_text": "ข้อคำถาม/รายการ", "issue": "ประเด็นที่ต้องพัฒนา", "measures": "มาตรการ",
           "result": "ผลการดำเนินการ", "caption": "คำบรรยายภาพ", "name": "ชื่อ",
           "position": "ตำแหน่ง", "reason": "เหตุผล", "original_name": "ชื่อไฟล์ภาพ"}


def field_label(field: str) -> str:
    """'ผลการดำเนินการ (entries[1].result)' for a field path a clerk may not read."""
    last = re.sub(r"\[\d+\]$", "", field.rsplit(".", 1)[-1])
    label = _LABELS.get(last)
    return f"{label} ({field})" if label and label != field else field


def bad_text_message(field: str, ch: str) -> tuple[str, str]:
    """(Thai message, English) for a field holding ``ch``."""
    return (f"ช่อง “{field_label(field)}” มีอักขระควบคุมหรืออักขระที่ใช้ไม่ได้ ({describe(ch)}) "
            "ซึ่งมักติดมาจากการคัดลอกข้อความ — ลบอักขระนั้นออกหรือพิมพ์ข้อความในช่องนั้นใหม่",
            f"{field} holds a control or invalid character {describe(ch)}")


def check_text(value: str, field: str, limit: int = LIMITS.cell_chars) -> str:
    """``value`` unchanged, or ValidationError naming ``field`` (a bad character, or longer
    than ``limit`` characters: a real cell is under 2,000, docs/limits.md)."""
    if len(value) > limit:
        raise ValidationError(
            f"ข้อความในช่อง {field} ยาว {len(value):,} ตัวอักษร เกิน {limit:,} ตัวอักษรที่รับได้ "
            f"(“{quote(value, 40)}…”) — แบ่งเนื้อหาเป็นหลายรายการ หรือย่อให้สั้นลง", field=field,
            english=f"{field} is {len(value)} characters long (limit {limit})")
    found = bad_char(value)
    if found is not None:
        thai, english = bad_text_message(field, found[1])
        raise ValidationError(thai, field=field, english=english)
    return value


def find_bad_text(data: Any, path: str = "") -> tuple[str, str] | None:
    """(JSON path, character) of the first bad string (value or key) in decoded JSON."""
    stack: list[tuple[Any, str]] = [(data, path)]
    while stack:  # iterative: a deeply nested hostile document cannot exhaust the stack
        value, where = stack.pop()
        if isinstance(value, str):
            found = bad_char(value)
            if found is not None:
                return where or "(root)", found[1]
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                key_where = f"{where}.{key}" if where else str(key)
                if isinstance(key, str) and (found := bad_char(key)) is not None:
                    return f"{where or '(root)'} (key)", found[1]
                stack.append((item, key_where))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{n}]") for n, item in reversed(list(enumerate(value))))
    return None


def clean_text(value: str) -> str:
    """Bad characters replaced by U+FFFD (for files written from data stored before the
    checks existed); ordinary text is returned as it is."""
    if bad_char(value) is None:
        return value
    return "".join(REPLACEMENT if _is_bad(ch) else ch for ch in value)


def terminal_safe(value: object) -> str:
    """Text for a terminal line: every control character (also tab and line breaks, which
    would break tab-separated output), bidi control and lone surrogate shown as an escape
    such as ``\\x1b`` or ``\\u202e``."""
    text = str(value)
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code <= 0x9F or _is_bad(ch) or (
                ch in INVISIBLE and unicodedata.category(ch) == "Cf" and code not in _ZW_OK):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


# zero-width (non-)joiners are harmless on a terminal and occur in real text
_ZW_OK = frozenset({0x200C, 0x200D})
