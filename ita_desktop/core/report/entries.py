"""Entries against the framework: which item they answer, their default wording and order."""

from __future__ import annotations

from dataclasses import replace

from ..base.errors import ValidationError
from ..framework.definition import Framework
from .model import Entry, normalise_item, parse_score


def resolve_entry(entry: Entry, framework: Framework) -> Entry:
    """A checked copy of ``entry``: item code normalised and known to the framework, instrument
    and indicator filled from it, item text defaulted to the framework's wording, score parsed.

    Raises ValidationError with a Thai message naming the problem.
    """
    score = parse_score(entry.score)
    measures = [str(m) for m in entry.measures]
    if entry.item:
        code = normalise_item(entry.item)
        first, _, last = code.partition("-")
        item = framework.item(first)
        if item is None or (last and framework.item(last) is None):
            unknown = first if item is None else last
            raise ValidationError(
                f"ไม่มีข้อ “{unknown}” ในกรอบการประเมิน {framework.id} — ตรวจรหัสข้อ "
                f"หรือเลือกกรอบการประเมินของปีที่ถูกต้อง", field="item",
                english=f"unknown item code {unknown!r} in {framework.id}")
        if last:
            end = framework.item(last)
            assert end is not None
            if end.instrument != item.instrument or end.order < item.order:
                raise ValidationError(
                    f"ช่วงข้อ “{entry.item}” ต้องอยู่ในแบบวัดเดียวกันและเรียงจากน้อยไปมาก",
                    field="item", english=f"bad item range {entry.item!r}")
        if entry.instrument and entry.instrument != item.instrument:
            raise ValidationError(
                f"ข้อ {first} อยู่ในแบบวัด {item.instrument} ไม่ใช่ {entry.instrument}",
                field="instrument")
        if entry.indicator is not None and entry.indicator != item.indicator:
            raise ValidationError(
                f"ข้อ {first} อยู่ในตัวชี้วัดที่ {item.indicator} ไม่ใช่ตัวชี้วัดที่ {entry.indicator}",
                field="indicator")
        text = entry.item_text if entry.item_text else ("" if last else item.text)
        return replace(entry, item=code, label=None, instrument=item.instrument,
                       indicator=item.indicator, item_text=text, score=score, measures=measures)
    if not (entry.label and entry.label.strip()):
        raise ValidationError("รายการต้องระบุข้อการประเมิน (เช่น e1 หรือ o1-o22) หรือชื่อรายการเอง",
                              field="item", english="entry needs an item code or a label")
    if framework.instrument(entry.instrument) is None:
        known = ", ".join(i.code for i in framework.instruments)
        raise ValidationError(f"ไม่มีแบบวัด “{entry.instrument}” ในกรอบ {framework.id} "
                              f"(มี: {known})", field="instrument")
    indicator = framework.indicator(entry.indicator)
    if indicator is None or indicator.instrument != entry.instrument:
        raise ValidationError(f"ไม่มีตัวชี้วัดที่ {entry.indicator} ในแบบวัด {entry.instrument}",
                              field="indicator")
    return replace(entry, item=None, label=entry.label.strip(), score=score, measures=measures)


def order_key(entry: Entry, framework: Framework | None) -> tuple[int, int, int]:
    """Report order: instrument, then indicator, then item order; free labels go last in their
    indicator."""
    if framework is None:
        return (0, entry.indicator or 0, 0)
    inst_order = next((n for n, i in enumerate(framework.instruments)
                       if i.code == entry.instrument), 99)
    item_order = 10**6
    if entry.item:
        item = framework.item(entry.item.partition("-")[0])
        if item is not None:
            item_order = item.order
    return (inst_order, entry.indicator or 0, item_order)


def default_position(existing: list[Entry], new: Entry, framework: Framework | None) -> int:
    """Where ``new`` goes among ``existing`` (sorted by position): after the last entry that
    sorts before or with it, so hand-made orders are respected."""
    key = order_key(new, framework)
    position = 0
    for index, entry in enumerate(existing):
        if order_key(entry, framework) <= key:
            position = index + 1
    return position
