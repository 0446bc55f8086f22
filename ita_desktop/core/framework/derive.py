"""A new year's framework started from an existing one ("New framework from…", ``ita forms new``).

NACC changes the item list every year, usually by a few items: the clerk (or the upper office)
starts from last year's file and edits what changed. The new file keeps the source's text and
comments; its id, fiscal year and title year are the new year's, and every item's wording is
marked unconfirmed (``confirmed: false``) until someone checks it against the new manual.
"""

from __future__ import annotations

import re

from ..base.boundary import LIMITS, normalise_code
from ..base.errors import FormError
from ..text.thai import to_thai_digits
from . import catalog
from .definition import parse_framework


def new_from(source_id: str, year: int, new_id: str | None = None) -> str:
    """The YAML text of a framework for ``year`` made from ``source_id`` (checked)."""
    if not LIMITS.fiscal_year_min <= year <= LIMITS.fiscal_year_max:
        raise FormError(f"ปีงบประมาณ {year} ใช้ไม่ได้ — ใช้ปี พ.ศ. เช่น 2570",
                        where=str(year), english="fiscal year out of range")
    source = catalog.load_framework(source_id)  # checked, or a FormError naming what exists
    text = catalog.available()[source_id].path.read_text(encoding="utf-8")
    target = new_id or f"ita-{year}"
    old_year = str(source.fiscal_year)
    no_basis = {item.code for item in source.items() if item.confirmed and not item.basis}
    code = ""
    out = [f"# Made from {source_id} by ITA Desktop for fiscal year {year}: every item is "
           "confirmed: false until checked\n# against that year's NACC manual.\n"]
    for line in text.splitlines(keepends=True):
        if line.startswith("id:"):
            line = f"id: {target}\n"
        elif line.startswith("fiscal_year:"):
            line = f"fiscal_year: {year}\n"
        elif line.startswith("title:"):
            line = line.replace(old_year, str(year)).replace(
                to_thai_digits(old_year), to_thai_digits(str(year)))
        found = re.match(r"\s*(?:-\s+)?code:\s*['\"]?([^'\"\s#]+)", line)
        if found:
            code = normalise_code(found.group(1))
        flipped = re.sub(r"(\bconfirmed:\s*)true\b", r"\1false", line)
        out.append(flipped)
        if flipped != line and code in no_basis:  # an unconfirmed item must say its basis
            indent = line[:len(line) - len(line.lstrip())]
            indent += "  " if line.lstrip().startswith("-") else ""
            out.append(f"{indent}basis: 'wording of {source_id}, confirmed there; not yet checked "
                       f"for {year}'\n")
            no_basis.discard(code)
    result = "".join(out)
    parse_framework(result, target, expected_id=target)
    return result
