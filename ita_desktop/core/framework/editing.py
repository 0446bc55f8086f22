"""What the framework editor can do to a draft (``draft.py``), without Qt: add, remove, move and
renumber instruments, indicators, sub-indicators and items; set a field (item code and wording,
pass mark, "wording checked against the manual", …); save.

Every operation leaves the given draft as it was and returns an ``Edit``: the new draft and the
place to select after it (the window keeps the old drafts to undo). ``validate`` (from
``draft_checks.py``) lists what must be fixed before saving.

Saving writes the user's forms folder through the same path as ``ita forms import``
(``transfer.install``): a framework that reports use is never changed in place — the changed
one is written as the next version (``ita-2570.2``) and the reports keep theirs.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..base.boundary import normalise_code
from ..base.errors import FormError
from ..text.thai import to_arabic_digits
from . import catalog
from .definition import _ITEM_CODE, parse_framework
from .draft import (
    FrameworkDraft,
    GroupDraft,
    IndicatorDraft,
    InstrumentDraft,
    ItemDraft,
    Path,
    children,
    from_framework,
    instrument_items,
    kind,
    node_at,
    prefix_of,
    to_yaml,
    walk,
)
from .draft_checks import Problem, validate
from .transfer import FrameworkFile, Installed, install, text_hash

__all__ = ["Edit", "Problem", "validate", "save", "set_field", "add_instrument", "add_indicator",
           "add_group", "add_item", "remove", "move", "can_move", "renumber", "renumber_items",
           "renumber_indicators", "confirm"]

NEW_ITEM_BASIS = "เพิ่มในหน้าต่างแก้ไขกรอบการประเมิน ยังไม่ได้ตรวจกับคู่มือ (added in the editor)"


@dataclass(frozen=True)
class Edit:
    draft: FrameworkDraft
    path: Path                                    # the node to select now
    renamed: dict[str, str] = field(default_factory=dict)  # item code -> new code (renumber)


def _refuse(thai: str, english: str, where: str = "") -> FormError:
    return FormError(thai, where=where or None, english=english)


def _copy(draft: FrameworkDraft) -> FrameworkDraft:
    return copy.deepcopy(draft)


def _node(draft: FrameworkDraft, path: Path) -> Any:
    try:
        return node_at(draft, path)
    except IndexError:
        raise _refuse("ไม่พบตำแหน่งนี้ในกรอบการประเมิน", f"no node at {path}") from None


# ------------------------------------------------------------------------------ fields
FIELDS: dict[str, dict[str, type]] = {
    "framework": {"id": str, "fiscal_year": int, "title": str, "variant": str,
                  "pass_mark": Decimal, "source_note": str},
    "instrument": {"code": str, "name": str, "name_en": str, "item_prefix": str},
    "indicator": {"number": int, "name": str, "name_confirmed": bool},
    "group": {"number": str, "name": str},
    "item": {"code": str, "text": str, "confirmed": bool, "basis": str, "remark": str,
             "sub_points": list},
}


def _coerce(value: Any, wanted: type, name: str) -> Any:
    if wanted is str:
        return str(value)
    if wanted is bool:
        return bool(value)
    if wanted is list:
        lines = value.splitlines() if isinstance(value, str) else list(value)
        return [str(line).strip() for line in lines if str(line).strip()]
    text = to_arabic_digits(str(value).strip())
    try:
        number = Decimal(text)
        if not number.is_finite():
            raise InvalidOperation
        if wanted is int:
            if number != number.to_integral_value():
                raise InvalidOperation
            return int(number)
        return number
    except (InvalidOperation, ValueError):
        raise _refuse(f"“{text[:20]}” ไม่ใช่ตัวเลข — พิมพ์ตัวเลข", f"{name}: not a number") from None


def _copy_along(draft: FrameworkDraft, path: Path) -> FrameworkDraft:
    """A draft that shares everything with ``draft`` but the nodes from the root to ``path``
    (copied): a keystroke in a 2,000-item framework does not copy 2,000 items. Safe because no
    operation changes a draft it was given."""
    _node(draft, path)
    new = copy.copy(draft)
    node: Any = new
    for index in path:
        attr = {"framework": "instruments", "instrument": "indicators", "group": "items",
                "indicator": "groups" if node.__dict__.get("groups") else "items"}[kind(node)]
        kids = list(getattr(node, attr))
        kids[index] = copy.copy(kids[index])
        setattr(node, attr, kids)
        node = kids[index]
    if isinstance(node, IndicatorDraft):  # its sub-indicators follow its number
        node.groups = [copy.copy(group) for group in node.groups]
    return new


def set_field(draft: FrameworkDraft, path: Path, name: str, value: Any) -> Edit:
    """Set one field of the node at ``path`` (numbers may be typed with Thai digits)."""
    new = _copy_along(draft, path)
    node = _node(new, path)
    allowed = FIELDS[kind(node)]
    if name not in allowed:
        raise _refuse(f"แก้ “{name}” ที่นี่ไม่ได้", f"{kind(node)} has no field {name}")
    value = _coerce(value, allowed[name], name)
    if isinstance(node, IndicatorDraft) and name == "number":
        old = f"{node.number}."
        for group in node.groups:  # 9.1 follows its indicator 9 -> 8: 8.1
            if group.number.startswith(old):
                group.number = f"{value}.{group.number[len(old):]}"
    setattr(node, name, value)
    return Edit(new, path)


def confirm(draft: FrameworkDraft, path: Path, checked: bool = True) -> Edit:
    """Mark an item's wording as checked against the NACC manual (``confirmed: true``)."""
    if not isinstance(_node(draft, path), ItemDraft):
        raise _refuse("เลือกข้อที่จะยืนยันถ้อยคำ", "not an item")
    return set_field(draft, path, "confirmed", checked)


# ------------------------------------------------------------------------------ adding
def add_instrument(draft: FrameworkDraft, path: Path = ()) -> Edit:
    """A new instrument after the one at ``path`` (at the end without one)."""
    new = _copy(draft)
    used = {ins.code for ins in new.instruments}
    code = next((c for c in ("IIT", "EIT", "OIT") if c not in used), "")
    at = path[0] + 1 if path else len(new.instruments)
    new.instruments.insert(at, InstrumentDraft(code=code, item_prefix=code[:1].lower()))
    return Edit(new, (at,))


def add_indicator(draft: FrameworkDraft, path: Path) -> Edit:
    """A new indicator in the instrument at ``path[0]``, after the indicator at ``path[1]``."""
    if not path:
        raise _refuse("เลือกแบบวัดที่จะเพิ่มตัวชี้วัดก่อน", "choose an instrument first")
    new = _copy(draft)
    instrument = _node(new, path[:1])
    numbers = [ind.number for ins in new.instruments for ind in ins.indicators]
    at = path[1] + 1 if len(path) > 1 else len(instrument.indicators)
    instrument.indicators.insert(at, IndicatorDraft(number=max(numbers, default=0) + 1))
    return Edit(new, (path[0], at))


def add_group(draft: FrameworkDraft, path: Path) -> Edit:
    """A new sub-indicator in the indicator at ``path[:2]``; an indicator with items and no
    sub-indicator yet: its items become the first sub-indicator's."""
    if len(path) < 2:
        raise _refuse("เลือกตัวชี้วัดที่จะเพิ่มตัวชี้วัดย่อยก่อน", "choose an indicator first")
    new = _copy(draft)
    indicator = _node(new, path[:2])
    had_groups = bool(indicator.groups)
    if not had_groups and indicator.items:
        indicator.groups.append(GroupDraft(f"{indicator.number}.1", "", indicator.items))
        indicator.items = []
    numbers = [int(g.number.rpartition(".")[2]) for g in indicator.groups
               if g.number.rpartition(".")[2].isdigit()]
    at = path[2] + 1 if len(path) > 2 and had_groups else len(indicator.groups)
    indicator.groups.insert(at, GroupDraft(f"{indicator.number}.{max(numbers, default=0) + 1}"))
    return Edit(new, (*path[:2], at))


def _next_code(draft: FrameworkDraft, prefix: str) -> str:
    numbers = [int(m.group(2)) for _p, node in walk(draft) if isinstance(node, ItemDraft)
               for m in [_ITEM_CODE.fullmatch(normalise_code(node.code))]
               if m is not None and m.group(1) == prefix]
    return f"{prefix}{max(numbers, default=0) + 1}"


def add_item(draft: FrameworkDraft, path: Path) -> Edit:
    """A new item after the item at ``path``, or at the end of the indicator / sub-indicator
    (or of the instrument's last one) at ``path``. Its code is the instrument's next free one;
    its wording is empty and unconfirmed."""
    if not path:
        raise _refuse("เลือกตัวชี้วัดที่จะเพิ่มข้อก่อน", "choose an indicator first")
    new = _copy(draft)
    instrument = _node(new, path[:1])
    if len(path) == 1:
        if not instrument.indicators:
            raise _refuse("แบบวัดนี้ยังไม่มีตัวชี้วัด — เพิ่มตัวชี้วัดก่อน", "no indicator")
        path = (path[0], len(instrument.indicators) - 1)
    indicator = _node(new, path[:2])
    if indicator.groups:
        k = path[2] if len(path) > 2 else len(indicator.groups) - 1
        container, base = indicator.groups[k].items, (*path[:2], k)
        at = path[3] + 1 if len(path) > 3 else len(container)
    else:
        container, base = indicator.items, path[:2]
        at = path[2] + 1 if len(path) > 2 else len(container)
    code = _next_code(new, prefix_of(instrument))
    container.insert(at, ItemDraft(code=code, basis=NEW_ITEM_BASIS))
    return Edit(new, (*base, at))


# ------------------------------------------------------------------------------ removing, moving
def remove(draft: FrameworkDraft, path: Path) -> Edit:
    """Remove the node at ``path`` (with everything under it)."""
    if not path:
        raise _refuse("ลบทั้งกรอบการประเมินจากที่นี่ไม่ได้", "cannot remove the framework")
    new = _copy(draft)
    _node(new, path)
    siblings = children(_node(new, path[:-1]))
    del siblings[path[-1]]
    if siblings:
        return Edit(new, (*path[:-1], min(path[-1], len(siblings) - 1)))
    return Edit(new, path[:-1])


def _item_slots(draft: FrameworkDraft, path: Path) -> list[tuple[Path, list[ItemDraft]]]:
    """The item lists of the instrument at ``path[0]``, in order, with their paths."""
    out = []
    for j, indicator in enumerate(_node(draft, path[:1]).indicators):
        if indicator.groups:
            out += [((path[0], j, k), g.items) for k, g in enumerate(indicator.groups)]
        else:
            out.append(((path[0], j), indicator.items))
    return out


def _move_target(draft: FrameworkDraft, path: Path, delta: int) -> Path | None:
    if not path or delta not in (-1, 1):
        return None
    node = _node(draft, path)
    siblings = children(_node(draft, path[:-1]))
    if 0 <= path[-1] + delta < len(siblings):
        return (*path[:-1], path[-1] + delta)
    if not isinstance(node, ItemDraft):
        return None
    slots = _item_slots(draft, path)  # an item moves on into the next (previous) indicator
    here = next(n for n, (p, _items) in enumerate(slots) if p == path[:-1])
    if 0 <= here + delta < len(slots):
        target, items = slots[here + delta]
        return (*target, len(items) if delta < 0 else 0)
    return None


def can_move(draft: FrameworkDraft, path: Path, delta: int) -> bool:
    try:
        return _move_target(draft, path, delta) is not None
    except FormError:
        return False


def move(draft: FrameworkDraft, path: Path, delta: int) -> Edit:
    """Move the node at ``path`` one place up (-1) or down (+1) among its siblings; an item at
    the top (bottom) of its indicator moves to the end (start) of the one before (after)."""
    target = _move_target(draft, path, delta)
    if target is None:
        raise _refuse("ย้ายต่อไปในทิศนี้ไม่ได้แล้ว", "cannot move further")
    new = _copy(draft)
    siblings = children(_node(new, path[:-1]))
    if target[:-1] == path[:-1]:
        siblings[path[-1]], siblings[target[-1]] = siblings[target[-1]], siblings[path[-1]]
        return Edit(new, target)
    node = siblings.pop(path[-1])
    children(_node(new, target[:-1])).insert(target[-1], node)
    return Edit(new, target)


# ------------------------------------------------------------------------------ renumbering
def renumber_items(draft: FrameworkDraft, path: Path = ()) -> Edit:
    """Item codes 1, 2, 3 … in order within each instrument (only the one at ``path[0]`` when
    given): ``renamed`` says which code became which."""
    new = _copy(draft)
    renamed: dict[str, str] = {}
    chosen = [new.instruments[path[0]]] if path else new.instruments
    for instrument in chosen:
        prefix = prefix_of(instrument)
        for n, item in enumerate(instrument_items(instrument), 1):
            code = f"{prefix}{n}"
            if normalise_code(item.code) != code:
                renamed[normalise_code(item.code)] = code
            item.code = code
    return Edit(new, path[:1] if path else (), renamed)


def renumber_indicators(draft: FrameworkDraft) -> Edit:
    """Indicators 1, 2, 3 … in framework order; sub-indicators N.1, N.2 … in each."""
    new = _copy(draft)
    n = 0
    for instrument in new.instruments:
        for indicator in instrument.indicators:
            n += 1
            indicator.number = n
            for k, group in enumerate(indicator.groups, 1):
                group.number = f"{n}.{k}"
    return Edit(new, ())


def renumber(draft: FrameworkDraft, path: Path = ()) -> Edit:
    """Indicators, sub-indicators and item codes renumbered in order (the whole framework)."""
    indicators = renumber_indicators(draft)
    items = renumber_items(indicators.draft)
    return Edit(items.draft, path, items.renamed)


# ------------------------------------------------------------------------------ saving
def save(draft: FrameworkDraft, used: dict[str, list[int]]) -> Installed:
    """Write the draft to the user's forms folder, checked like every framework file.

    ``used``: framework id -> reports on it (``versions.usage``). The framework the draft came
    from, when reports use it and the draft differs, is left as it is and the draft becomes
    its next version; the result names the id written. A draft with problems raises FormError
    (the first problem) and writes nothing.
    """
    files = catalog.available()
    problems = validate(draft, files)
    if problems:
        first = problems[0]
        raise FormError(first.thai, where=first.place, english=f"{first.place_en}: {first.english}")
    text = to_yaml(draft)
    framework = parse_framework(text, draft.id, expected_id=draft.id)  # the loader's own checks
    if draft.id in files:
        try:
            same = to_yaml(from_framework(catalog.load_framework(draft.id))) == text
        except FormError:  # the installed file is broken: replacing it is a change
            same = False
        if same:
            return Installed(draft.id, "already-here",
                             f"กรอบการประเมิน {draft.id} ไม่มีอะไรเปลี่ยน ไม่ได้บันทึกซ้ำ")
    return install(FrameworkFile(framework, text, text_hash(text)), used)
