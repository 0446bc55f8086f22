"""The problems of a framework draft, found as the clerk edits (``validate``): each names its
place in Thai and English and says how to fix it.

They are the loader's checks (``definition.py``) seen all at once instead of the first one only:
a draft without problems always saves, and ``editing.save`` runs the loader again anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..base.boundary import LIMITS, normalise_code
from ..base.errors import FormError
from ..text.safety import bad_char, describe
from .definition import _BIDI, _ID, _ITEM_CODE
from .draft import (
    FrameworkDraft,
    GroupDraft,
    IndicatorDraft,
    InstrumentDraft,
    ItemDraft,
    Node,
    Path,
    children,
    prefix_of,
    walk,
)
from .versions import split_version

_INSTRUMENT_CODE = re.compile(r"[A-Z][A-Z0-9]{1,9}")


@dataclass(frozen=True)
class Problem:
    path: Path      # the node to select to fix it
    field: str      # its field ("code", "text", …; "" for the node as a whole)
    place: str      # Thai: where, e.g. "OIT › ตัวชี้วัดที่ 9 › ข้อ o3"
    place_en: str
    thai: str
    english: str

    def text(self, language: str = "th") -> str:
        if language == "th":
            return f"{self.place}: {self.thai}"
        return f"{self.place_en}: {self.english}"


def place(draft: FrameworkDraft, path: Path) -> tuple[str, str]:
    """(Thai, English) name of the place at ``path``."""
    th, en = ["กรอบการประเมิน"], ["Framework"]
    node: Node = draft
    for index in path:
        node = children(node)[index]
        if isinstance(node, InstrumentDraft):
            th, en = [f"แบบวัด {node.code or '(ไม่มีรหัส)'}"], [f"instrument {node.code or '(no code)'}"]
        elif isinstance(node, IndicatorDraft):
            th.append(f"ตัวชี้วัดที่ {node.number}")
            en.append(f"indicator {node.number}")
        elif isinstance(node, GroupDraft):
            th.append(f"ตัวชี้วัดย่อย {node.number}")
            en.append(f"sub-indicator {node.number}")
        elif isinstance(node, ItemDraft):
            code = node.code.strip()  # as typed: o๑ and o1 are told apart by their place
            th.append(f"ข้อ {code} (ลำดับที่ {index + 1})" if code
                      else f"ข้อลำดับที่ {index + 1} (ไม่มีรหัส)")
            en.append(f"item {code} (no. {index + 1})" if code else f"item no. {index + 1} (no code)")
    return " › ".join(th), " › ".join(en)


class _Finder:
    def __init__(self, draft: FrameworkDraft):
        self.draft = draft
        self.problems: list[Problem] = []

    def add(self, path: Path, field: str, thai: str, english: str) -> None:
        th, en = place(self.draft, path)
        self.problems.append(Problem(path, field, th, en, thai, english))

    def text(self, path: Path, field: str, value: str, label: str, label_en: str, *,
             required: bool = True) -> None:
        if required and not value.strip():
            self.add(path, field, f"{label}ว่างอยู่ — พิมพ์{label}", f"the {label_en} is empty")
            return
        found = bad_char(value)
        bidi = _BIDI.search(value)
        if found is not None or bidi is not None:
            ch = found[1] if found is not None else bidi.group()  # type: ignore[union-attr]
            self.add(path, field, f"{label}มีอักขระควบคุมหรืออักขระกำหนดทิศทางข้อความ ({describe(ch)}) "
                     "ซึ่งมักติดมาจากการคัดลอก — ลบอักขระนั้นออก",
                     f"the {label_en} holds a control or bidi character ({describe(ch)})")
        if len(value) > LIMITS.cell_chars:
            self.add(path, field, f"{label}ยาวเกิน {LIMITS.cell_chars:,} ตัวอักษร — ตัดให้สั้นลง",
                     f"the {label_en} is longer than {LIMITS.cell_chars:,} characters")

    # ------------------------------------------------------------------ nodes
    def framework(self, existing: Iterable[str] | None) -> None:
        d = self.draft
        if not d.id.strip():
            self.add((), "id", "ยังไม่มีรหัสกรอบ — ใส่รหัส เช่น ita-2570", "the framework id is empty")
        elif not _ID.fullmatch(d.id) or not _version_ok(d.id):
            self.add((), "id", f"รหัสกรอบ “{d.id[:60]}” ใช้ไม่ได้ — ใช้อักษร a–z ตัวเลข และขีด "
                     "เช่น ita-2570 หรือ ita-2570.2", "invalid framework id")
        elif existing is not None and d.id != d.origin and d.id in set(existing):
            self.add((), "id", f"มีกรอบการประเมินรหัส {d.id} อยู่แล้ว — ใช้รหัสอื่น หรือเปิดกรอบนั้น"
                     "เพื่อแก้ไข", f"a framework {d.id} exists already")
        if not LIMITS.fiscal_year_min <= d.fiscal_year <= LIMITS.fiscal_year_max:
            self.add((), "fiscal_year", f"ปีงบประมาณ {d.fiscal_year} ต้องเป็นปี พ.ศ. เช่น 2570",
                     "the fiscal year must be a Buddhist-era year, e.g. 2570")
        self.text((), "title", d.title, "ชื่อกรอบการประเมิน", "title")
        self.text((), "variant", d.variant, "ชุดข้อคำถาม (variant)", "variant")
        self.text((), "source_note", d.source_note, "ที่มาของข้อมูล", "source note",
                  required=False)
        if not 0 <= d.pass_mark <= 100:
            self.add((), "pass_mark", "เกณฑ์ผ่านต้องอยู่ระหว่าง 0 ถึง 100",
                     "the pass mark must be from 0 to 100")
        if not d.instruments:
            self.add((), "", "ยังไม่มีแบบวัด — เพิ่มแบบวัดอย่างน้อยหนึ่งแบบ", "no instrument")
        count = sum(1 for _p, n in walk(d) if isinstance(n, ItemDraft))
        if count > LIMITS.items_per_framework:
            self.add((), "", f"มี {count:,} ข้อ เกิน {LIMITS.items_per_framework:,} ข้อที่รับได้",
                     f"{count:,} items, more than {LIMITS.items_per_framework:,}")

    def instrument(self, path: Path, node: InstrumentDraft, seen: dict[str, Path]) -> None:
        if not node.code.strip():
            self.add(path, "code", "ยังไม่มีรหัสแบบวัด — ใส่รหัส เช่น IIT, EIT, OIT",
                     "the instrument code is empty")
        elif not _INSTRUMENT_CODE.fullmatch(node.code):
            self.add(path, "code", f"รหัสแบบวัด “{node.code[:20]}” ต้องเป็นอักษรอังกฤษตัวใหญ่ "
                     "(และตัวเลข) 2–10 ตัว เช่น IIT, EIT1", "the instrument code must be capitals")
        elif node.code in seen:
            self.add(path, "code", f"รหัสแบบวัด {node.code} ซ้ำกับแบบวัดอื่น — เปลี่ยนรหัส",
                     f"instrument code {node.code} is used twice")
        else:
            seen[node.code] = path
        self.text(path, "name", node.name, "ชื่อแบบวัด", "instrument name")
        self.text(path, "name_en", node.name_en, "ชื่อภาษาอังกฤษ", "English name", required=False)
        if prefix_of(node) not in ("i", "e", "o"):
            self.add(path, "item_prefix", "อักษรนำรหัสข้อต้องเป็น i, e หรือ o",
                     "the item prefix must be i, e or o")
        if not node.indicators:
            self.add(path, "", "แบบวัดนี้ยังไม่มีตัวชี้วัด — เพิ่มตัวชี้วัด หรือลบแบบวัดนี้",
                     "the instrument has no indicator")

    def indicator(self, path: Path, node: IndicatorDraft, seen: dict[int, Path]) -> None:
        if not 1 <= node.number <= 10:
            self.add(path, "number", f"เลขตัวชี้วัด {node.number} ต้องอยู่ระหว่าง 1 ถึง 10",
                     "the indicator number must be from 1 to 10")
        elif node.number in seen:
            other = place(self.draft, seen[node.number])
            self.add(path, "number", f"เลขตัวชี้วัด {node.number} ซ้ำกับ {other[0]} — เปลี่ยนเลข "
                     "หรือกด “เรียงเลขใหม่”", f"indicator number {node.number} is also {other[1]}")
        else:
            seen[node.number] = path
        self.text(path, "name", node.name, "ชื่อตัวชี้วัด", "indicator name")
        if node.groups and node.items:
            self.add(path, "", "ตัวชี้วัดมีทั้งข้อและตัวชี้วัดย่อย — ย้ายข้อเข้าไปในตัวชี้วัดย่อย",
                     "the indicator has both items and sub-indicators")
        elif not node.groups and not node.items:
            self.add(path, "", "ตัวชี้วัดนี้ยังไม่มีข้อ — เพิ่มข้อ หรือลบตัวชี้วัดนี้",
                     "the indicator has no item")

    def group(self, path: Path, node: GroupDraft, indicator: IndicatorDraft,
              seen: set[str]) -> None:
        if not node.number.startswith(f"{indicator.number}.") or \
                not node.number[len(str(indicator.number)) + 1:].isdigit():
            self.add(path, "number", f"เลขตัวชี้วัดย่อย “{node.number[:20]}” ต้องเป็น "
                     f"{indicator.number}.1, {indicator.number}.2 …",
                     f"the sub-indicator number must be {indicator.number}.1, …")
        elif node.number in seen:
            self.add(path, "number", f"เลขตัวชี้วัดย่อย {node.number} ซ้ำกัน — เปลี่ยนเลข",
                     f"sub-indicator number {node.number} is used twice")
        seen.add(node.number)
        self.text(path, "name", node.name, "ชื่อตัวชี้วัดย่อย", "sub-indicator name")
        if not node.items:
            self.add(path, "", "ตัวชี้วัดย่อยนี้ยังไม่มีข้อ — เพิ่มข้อ หรือลบตัวชี้วัดย่อยนี้",
                     "the sub-indicator has no item")

    def item(self, path: Path, node: ItemDraft, prefix: str, codes: dict[str, Path]) -> None:
        code = normalise_code(node.code)
        match = _ITEM_CODE.fullmatch(code)
        if not code:
            self.add(path, "code", "ยังไม่มีรหัสข้อ — ใส่รหัส เช่น o27", "the item code is empty")
        elif not match:
            self.add(path, "code", f"รหัสข้อ “{code[:20]}” ไม่ถูกต้อง — ใช้ตัวอักษร i, e หรือ o "
                     "ตามด้วยเลข เช่น i8, e1, o12", "the item code must be i, e or o and a number")
        elif match.group(1) != prefix:
            self.add(path, "code", f"รหัสข้อ {code} ต้องขึ้นต้นด้วย “{prefix}” ตามแบบวัดที่อยู่",
                     f"item code {code} must start with “{prefix}”")
        elif code in codes:
            other = place(self.draft, codes[code])
            self.add(path, "code", f"รหัสข้อ {code} ซ้ำกับ {other[0]} — เปลี่ยนรหัส หรือกด "
                     "“เรียงเลขใหม่”", f"item code {code} is also {other[1]}")
        else:
            codes[code] = path
        self.text(path, "text", node.text, "ถ้อยคำของข้อ", "item wording")
        self.text(path, "remark", node.remark, "หมายเหตุ", "remark", required=False)
        self.text(path, "basis", node.basis, "ที่มาของถ้อยคำ", "basis", required=False)
        for n, point in enumerate(node.sub_points, 1):
            self.text(path, "sub_points", point, f"ประเด็นย่อยที่ {n}", f"sub-point {n}")
        if not node.confirmed and not node.basis.strip():
            self.add(path, "basis", "ข้อที่ยังไม่ได้ตรวจกับคู่มือต้องบอกที่มาของถ้อยคำ — ใส่ที่มา "
                     "หรือทำเครื่องหมายว่าตรวจแล้ว", "an unconfirmed item needs its basis")


def _version_ok(framework_id: str) -> bool:
    try:
        split_version(framework_id)
    except FormError:
        return False
    return True


def validate(draft: FrameworkDraft, existing: Iterable[str] | None = None) -> list[Problem]:
    """Every problem of ``draft``, in framework order (empty: it can be saved). ``existing``:
    the ids installed (a new framework may not take one of them)."""
    finder = _Finder(draft)
    finder.framework(existing)
    instrument_codes: dict[str, Path] = {}
    indicator_numbers: dict[int, Path] = {}
    item_codes: dict[str, Path] = {}
    for i, instrument in enumerate(draft.instruments):
        finder.instrument((i,), instrument, instrument_codes)
        prefix = prefix_of(instrument)
        for j, indicator in enumerate(instrument.indicators):
            finder.indicator((i, j), indicator, indicator_numbers)
            groups: set[str] = set()
            for k, group in enumerate(indicator.groups):
                finder.group((i, j, k), group, indicator, groups)
                for m, item in enumerate(group.items):
                    finder.item((i, j, k, m), item, prefix, item_codes)
            if not indicator.groups:
                for k, item in enumerate(indicator.items):
                    finder.item((i, j, k), item, prefix, item_codes)
    return finder.problems
