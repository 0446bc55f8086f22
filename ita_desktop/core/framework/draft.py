"""A framework being edited in the window: plain mutable data, no Qt (``editing.py`` changes it,
``draft_checks.py`` finds its problems).

A draft is made from a checked framework (``from_framework``) or from last year's one for a new
year (``new_draft``, through ``derive.new_from``); it becomes ``ita-form/1`` YAML again with
``to_yaml`` — the same format as a bundled form file, checked by the same loader before it is
written. The source file's comments are not kept (the editor has no place for them).

Places in a draft are paths of indices: ``(i,)`` instrument i, ``(i, j)`` its indicator j,
``(i, j, k)`` item k of that indicator — or, when the indicator has sub-indicators, its
sub-indicator k, whose item m is ``(i, j, k, m)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from ..base.boundary import normalise_code
from . import catalog
from .definition import FORMAT, Framework, Indicator, Item, parse_framework

Path = tuple[int, ...]


@dataclass
class ItemDraft:
    code: str
    text: str = ""
    confirmed: bool = False
    basis: str = ""
    sub_points: list[str] = field(default_factory=list)
    remark: str = ""


@dataclass
class GroupDraft:
    """A sub-indicator (e.g. 9.1): a heading over some of an indicator's items."""

    number: str
    name: str = ""
    items: list[ItemDraft] = field(default_factory=list)


@dataclass
class IndicatorDraft:
    number: int
    name: str = ""
    items: list[ItemDraft] = field(default_factory=list)    # when it has no sub-indicators
    groups: list[GroupDraft] = field(default_factory=list)  # sub-indicators, each with items
    name_confirmed: bool = True


@dataclass
class InstrumentDraft:
    code: str
    name: str = ""
    name_en: str = ""
    item_prefix: str = ""
    indicators: list[IndicatorDraft] = field(default_factory=list)


@dataclass
class FrameworkDraft:
    id: str
    fiscal_year: int
    title: str = ""
    variant: str = "main"
    pass_mark: Decimal = Decimal(85)
    source_note: str = ""
    instruments: list[InstrumentDraft] = field(default_factory=list)
    origin: str | None = None  # the installed framework it was opened from (None: a new one)


Node = FrameworkDraft | InstrumentDraft | IndicatorDraft | GroupDraft | ItemDraft


# ------------------------------------------------------------------------------ places
def node_at(draft: FrameworkDraft, path: Path) -> Node:
    """The node at ``path``; IndexError when there is none."""
    node: Node = draft
    for index in path:
        kids = children(node)
        if not 0 <= index < len(kids):
            raise IndexError(path)
        node = kids[index]
    return node


def children(node: Node) -> list[Any]:
    if isinstance(node, FrameworkDraft):
        return node.instruments
    if isinstance(node, InstrumentDraft):
        return node.indicators
    if isinstance(node, IndicatorDraft):
        return node.groups if node.groups else node.items
    if isinstance(node, GroupDraft):
        return node.items
    return []


def kind(node: Node) -> str:
    return {FrameworkDraft: "framework", InstrumentDraft: "instrument",
            IndicatorDraft: "indicator", GroupDraft: "group", ItemDraft: "item"}[type(node)]


def walk(draft: FrameworkDraft) -> list[tuple[Path, Node]]:
    """Every node with its path, in framework order (the framework itself first)."""
    out: list[tuple[Path, Node]] = [((), draft)]

    def visit(node: Node, path: Path) -> None:
        for n, child in enumerate(children(node)):
            out.append(((*path, n), child))
            visit(child, (*path, n))

    visit(draft, ())
    return out


def items_of(draft: FrameworkDraft) -> list[tuple[Path, ItemDraft]]:
    return [(p, n) for p, n in walk(draft) if isinstance(n, ItemDraft)]


def instrument_items(instrument: InstrumentDraft) -> list[ItemDraft]:
    return [item for indicator in instrument.indicators
            for item in (indicator.items if not indicator.groups else
                         [it for group in indicator.groups for it in group.items])]


def prefix_of(instrument: InstrumentDraft) -> str:
    return instrument.item_prefix or instrument.code[:1].lower()


# ------------------------------------------------------------------------------ framework ↔ draft
def _item(item: Item) -> ItemDraft:
    return ItemDraft(code=item.code, text=item.text, confirmed=item.confirmed, basis=item.basis,
                     sub_points=list(item.sub_points), remark=item.remark)


def _indicator(indicator: Indicator) -> IndicatorDraft:
    groups = [GroupDraft(s.number, s.name, [_item(it) for it in s.items])
              for s in indicator.sub_indicators]
    return IndicatorDraft(number=indicator.number, name=indicator.name,
                          items=[] if groups else [_item(it) for it in indicator.items],
                          groups=groups, name_confirmed=indicator.name_confirmed)


def from_framework(framework: Framework, origin: str | None = None) -> FrameworkDraft:
    return FrameworkDraft(
        id=framework.id, fiscal_year=framework.fiscal_year, title=framework.title,
        variant=framework.variant, pass_mark=framework.pass_mark,
        source_note=framework.source_note, origin=origin,
        instruments=[InstrumentDraft(code=ins.code, name=ins.name, name_en=ins.name_en,
                                     item_prefix=ins.item_prefix,
                                     indicators=[_indicator(ind) for ind in ins.indicators])
                     for ins in framework.instruments])


def open_draft(framework_id: str) -> FrameworkDraft:
    """An installed framework, to edit (FormError when it is missing or broken)."""
    return from_framework(catalog.load_framework(framework_id), origin=framework_id)


def new_draft(source_id: str, year: int, new_id: str | None = None) -> FrameworkDraft:
    """A framework for ``year`` made from ``source_id`` ("New framework from…"): the source's
    items, every one unconfirmed, the new id, year and title (``derive.new_from``)."""
    from .derive import new_from

    text = new_from(source_id, year, new_id)
    return from_framework(parse_framework(text, new_id or f"ita-{year}"), origin=None)


# ------------------------------------------------------------------------------ draft → YAML
class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # the loader refuses aliases: never write one
        return True


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _item_data(item: ItemDraft) -> dict[str, Any]:
    out: dict[str, Any] = {"code": normalise_code(item.code), "text": item.text.strip()}
    if item.sub_points:
        out["sub_points"] = list(item.sub_points)
    if item.remark:
        out["remark"] = item.remark
    out["confirmed"] = bool(item.confirmed)
    if item.basis:
        out["basis"] = item.basis
    return out


def _indicator_data(indicator: IndicatorDraft) -> dict[str, Any]:
    out: dict[str, Any] = {"number": indicator.number, "name": indicator.name}
    if not indicator.name_confirmed:
        out["name_confirmed"] = False
    if indicator.groups:
        out["sub_indicators"] = [{"number": g.number, "name": g.name,
                                  "items": [_item_data(it) for it in g.items]}
                                 for g in indicator.groups]
    else:
        out["items"] = [_item_data(it) for it in indicator.items]
    return out


def to_data(draft: FrameworkDraft) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT, "id": draft.id, "fiscal_year": draft.fiscal_year,
                            "title": draft.title, "variant": draft.variant,
                            "pass_mark": _number(draft.pass_mark)}
    if draft.source_note:
        data["source_note"] = draft.source_note
    data["instruments"] = [
        {"code": ins.code, "item_prefix": ins.item_prefix or prefix_of(ins), "name": ins.name,
         **({"name_en": ins.name_en} if ins.name_en else {}),
         "indicators": [_indicator_data(ind) for ind in ins.indicators]}
        for ins in draft.instruments]
    return data


HEADER = ("# ITA framework saved by ITA Desktop's framework editor (format ita-form/1,\n"
          "# docs/form-format.md). Items with confirmed: false are not yet checked against\n"
          "# the NACC manual of the year; basis says where their wording comes from.\n")


def to_yaml(draft: FrameworkDraft) -> str:
    """The draft as form-file text (not checked here: ``editing.save`` checks it)."""
    body = yaml.dump(to_data(draft), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=4096, default_flow_style=False)
    return HEADER + body
