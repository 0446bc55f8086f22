"""Thai text helpers: digits, numbers typed with Thai digits, Buddhist-era dates.

Month names come from Babel's Thai locale data (CLDR); the Buddhist era is added by hand
because Babel formats Thai dates in the Gregorian calendar ("ค.ศ.").
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation
from functools import cache

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)
_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)

BE_OFFSET = 543  # Buddhist era = Common era + 543


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


def digits(text: str | int, style: str) -> str:
    """Write the digits of ``text`` in ``style`` ("thai" or "arabic")."""
    text = str(text)
    return to_thai_digits(text) if style == "thai" else to_arabic_digits(text)


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def parse_decimal(value: object) -> Decimal:
    """A number typed by a person: Thai or Arabic digits, spaces and thousands commas allowed.

    Raises ValueError for anything that is not one number.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    text = to_arabic_digits(value).strip().replace(",", "").replace(" ", "")
    if not _NUMBER.fullmatch(text):
        raise ValueError(value)
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise ValueError(value) from exc


def parse_int(value: object) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise ValueError(value)
    return int(number)


def be_year(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def ce_year(year_be: int) -> int:
    return year_be - BE_OFFSET


@cache
def month_names(width: str = "wide") -> tuple[str, ...]:
    """Thai month names, January first ("wide": มกราคม, "abbreviated": ม.ค.)."""
    from babel.dates import get_month_names  # 15-25 ms of imports: not at every start

    names = get_month_names(width, locale="th")
    return tuple(names[m] for m in range(1, 13))


def month_year(year_ce: int, month: int, style: str = "thai") -> str:
    """'ตุลาคม ๒๕๖๖' for October 2023."""
    return f"{month_names()[month - 1]} {digits(be_year(year_ce), style)}"


def format_date(day: _dt.date, style: str = "thai", width: str = "wide") -> str:
    """'๓๑ มีนาคม ๒๕๖๗' for 2024-03-31 (Buddhist era, Thai month name)."""
    month = month_names(width)[day.month - 1]
    return f"{digits(day.day, style)} {month} {digits(be_year(day.year), style)}"


def fiscal_year_of(day: _dt.date) -> int:
    """The Thai fiscal year (BE) a date belongs to: it starts on 1 October."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[_dt.date, _dt.date]:
    """1 October of the year before to 30 September, in CE dates."""
    end_ce = ce_year(fiscal_year_be)
    return _dt.date(end_ce - 1, 10, 1), _dt.date(end_ce, 9, 30)


def normalise_text(text: str) -> str:
    """Canonical storage form of typed Thai: NFC, and SARA AM typed as NIKHAHIT + SARA AA
    (a common keyboard habit that looks identical) folded into the single SARA AM."""
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    text = re.sub("\u0e4d([\u0e48-\u0e4b]?)\u0e32", lambda m: m.group(1) + "\u0e33", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")
