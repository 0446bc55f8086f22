"""Framework versions and the rule that protects reports: a framework a report uses is never
changed in place.

A version is part of the id: ``ita-2570`` is the first version of the 2570 framework,
``ita-2570.2`` the second, and so on. A changed framework that reports already use is saved
(or imported) under the next free id, and each report keeps the exact item list it was written
on until the clerk moves it (``core/workflow`` does that, with a preview).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..base.errors import FormError

_VERSIONED = re.compile(r"^(?P<base>[a-z0-9][a-z0-9-]*?)(?:\.(?P<n>[1-9][0-9]{0,3}))?$")


def split_version(framework_id: str) -> tuple[str, int]:
    """``ita-2570.2`` -> (``ita-2570``, 2); ``ita-2570`` -> (``ita-2570``, 1)."""
    match = _VERSIONED.match(framework_id)
    if match is None:
        raise FormError(f"รหัสกรอบการประเมิน “{framework_id[:60]}” ใช้ไม่ได้ — ใช้อักษร a–z ตัวเลข "
                        "และขีด เช่น ita-2570 หรือ ita-2570.2",
                        where=framework_id[:60], english="invalid framework id")
    return match["base"], int(match["n"] or 1)


def version_id(base: str, number: int) -> str:
    return base if number == 1 else f"{base}.{number}"


def next_version(framework_id: str, existing: Iterable[str]) -> str:
    """The first version of ``framework_id``'s family after every one in ``existing``."""
    base, number = split_version(framework_id)
    taken = [number]
    for other in existing:
        try:
            other_base, other_number = split_version(other)
        except FormError:
            continue
        if other_base == base:
            taken.append(other_number)
    return version_id(base, max(taken) + 1)


def usage(summaries: Iterable[object]) -> dict[str, list[int]]:
    """Framework id -> ids of the reports on it (``Store.list_reports(include_trashed=True)``:
    a report in the trash can come back, so its framework is in use too)."""
    out: dict[str, list[int]] = {}
    for summary in summaries:
        out.setdefault(str(summary.framework), []).append(int(summary.id))  # type: ignore[attr-defined]
    return out


def target_id(framework_id: str, used: dict[str, list[int]], existing: Iterable[str],
              unchanged: bool) -> str:
    """Where a changed (or incoming) ``framework_id`` may be written: its own id when no
    report uses it or nothing changed, else the next free version."""
    if unchanged or not used.get(framework_id):
        return framework_id
    return next_version(framework_id, [*existing, *used])
