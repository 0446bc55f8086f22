"""The ITA framework of a year (instruments, indicators, items), loaded from a form file.

Form files are data (``ita_desktop/data/forms/ita-2567.yaml``); a new year is a new file. The loader checks a
file completely and, for a broken one, says which file, which line and key, and what is wrong,
in Thai. See docs/form-format.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..base.boundary import (
    LIMITS,
    check_yaml_shape,
    decode_utf8,
    normalise_code,
    read_capped,
    yaml_loader_base,
)
from ..base.errors import FormError, ItaError
from ..text.safety import bad_char, describe

FORMAT = "ita-form/1"
_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_ITEM_CODE = re.compile(r"([ieo])([0-9]{1,3})")  # after normalise_code: i๑, I１ -> i1
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")  # embeddings, overrides, isolates


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    instrument: str
    indicator: int
    sub_indicator: str | None = None
    confirmed: bool = False
    basis: str = ""
    sub_points: tuple[str, ...] = ()
    remark: str = ""
    order: int = 0  # position in the whole framework

    @property
    def number(self) -> int:
        return int(self.code[1:])


@dataclass(frozen=True)
class SubIndicator:
    number: str
    name: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Indicator:
    number: int
    name: str
    instrument: str
    items: tuple[Item, ...]  # all items, including those of sub-indicators, in order
    sub_indicators: tuple[SubIndicator, ...] = ()
    name_confirmed: bool = True


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    name_en: str
    item_prefix: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Framework:
    id: str
    fiscal_year: int
    title: str
    variant: str
    pass_mark: Decimal
    instruments: tuple[Instrument, ...]
    source_note: str = ""
    path: str = ""

    def items(self) -> Iterator[Item]:
        for instrument in self.instruments:
            for indicator in instrument.indicators:
                yield from indicator.items

    def item(self, code: str) -> Item | None:
        return self._items_by_code().get(code)

    def indicator(self, number: int | None) -> Indicator | None:
        for instrument in self.instruments:
            for indicator in instrument.indicators:
                if indicator.number == number:
                    return indicator
        return None

    def instrument(self, code: str) -> Instrument | None:
        for instrument in self.instruments:
            if instrument.code == code:
                return instrument
        return None

    def items_in_range(self, first: str, last: str) -> list[Item]:
        """The items from ``first`` to ``last`` inclusive, in framework order."""
        a, b = self.item(first), self.item(last)
        if a is None or b is None:
            return []
        return [it for it in self.items() if a.order <= it.order <= b.order]

    def _items_by_code(self) -> dict[str, Item]:
        cache = self.__dict__.get("_by_code")
        if cache is None:
            cache = {it.code: it for it in self.items()}
            object.__setattr__(self, "_by_code", cache)
        return cache


# ---------------------------------------------------------------------------------- YAML
class _Node(dict):
    """A mapping that remembers the line of each key (1-based) for error messages."""

    line: int = 0
    key_lines: dict[str, int]


class _List(list):
    line: int = 0


class _LineLoader(yaml_loader_base()):  # type: ignore[misc]  # libyaml when present: ~10x faster
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Node:
    out = _Node()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int):
            raise FormError(f"บรรทัด {key_node.start_mark.line + 1}: ชื่อคีย์ต้องเป็นข้อความ")
        key = str(key)
        if key in out:
            raise _Located(key_node.start_mark.line + 1, key, f"คีย์ “{key}” ซ้ำกัน")
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _List:
    out = _List(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class _Located(Exception):
    def __init__(self, line: int, key: str, message: str):
        self.line, self.key, self.message = line, key, message
        super().__init__(message)


# ---------------------------------------------------------------------------------- checks
class _Checker:
    """Turns the parsed YAML into a Framework, or raises FormError naming file, line, key."""

    def __init__(self, path: str):
        self.path = path
        self.order = 0
        self.codes: dict[str, int] = {}
        self.indicator_numbers: dict[int, int] = {}

    def fail(self, node: Any, key: str | None, message: str) -> FormError:
        line = 0
        if isinstance(node, _Node) and key is not None:
            line = node.key_lines.get(key, node.line)
        elif isinstance(node, _Node | _List):
            line = node.line
        where = f"{self.path}, บรรทัด {line}" if line else self.path
        if key:
            where += f", คีย์ “{key}”"
        return FormError(message, where=where)

    def get(self, node: _Node, key: str, kind: type | tuple[type, ...], *, required: bool = True,
            default: Any = None) -> Any:
        if key not in node:
            if required:
                raise self.fail(node, None, f"ไม่มีคีย์ “{key}” ที่ต้องมี — เพิ่ม “{key}:” ในส่วนนี้")
            return default
        value = node[key]
        if isinstance(value, bool) and kind is not bool:
            raise self.fail(node, key, f"ค่าของ “{key}” ต้องเป็น{_kind_th(kind)} ไม่ใช่ true/false")
        if not isinstance(value, kind):
            raise self.fail(node, key, f"ค่าของ “{key}” ต้องเป็น{_kind_th(kind)}")
        if isinstance(value, str) and not value.strip() and required:
            raise self.fail(node, key, f"ค่าของ “{key}” ว่างอยู่ — ใส่ข้อความ")
        if isinstance(value, str):
            self.check_chars(node, key, value)
        return value

    def check_chars(self, node: Any, key: str, value: str) -> None:
        """No control character (BEL, ESC…) and no bidi override in a framework's text: they
        print as nothing or reorder the line, and every entry copied from the item would
        carry them (text/safety.py refuses them in entries)."""
        found = bad_char(value)
        bidi = _BIDI.search(value)
        if found is not None or bidi is not None:
            ch = found[1] if found is not None else bidi.group()  # type: ignore[union-attr]
            raise self.fail(node, key, f"ค่าของ “{key}” มีอักขระควบคุมหรืออักขระกำหนดทิศทางข้อความ "
                            f"({describe(ch)}) ซึ่งมักติดมาจากการคัดลอก — ลบอักขระนั้นออก")

    def framework(self, root: Any, expected_id: str | None) -> Framework:
        if not isinstance(root, _Node):
            raise self.fail(root, None, "ไฟล์กรอบการประเมินต้องเป็น YAML แบบ key: value "
                            "(ดูตัวอย่างใน forms/ita-2567.yaml)")
        fmt = self.get(root, "format", str)
        if fmt != FORMAT:
            raise self.fail(root, "format", f"รูปแบบไฟล์ “{fmt}” ไม่รู้จัก — ต้องเป็น “{FORMAT}” "
                            "(ไฟล์อาจมาจากโปรแกรมรุ่นใหม่กว่า ให้ปรับปรุงโปรแกรม)")
        fid = self.get(root, "id", str)
        if not _ID.fullmatch(fid):
            raise self.fail(root, "id", f"รหัสกรอบ “{fid}” ใช้ได้เฉพาะ a-z 0-9 . _ - เช่น ita-2567")
        if expected_id is not None and fid != expected_id:
            raise self.fail(root, "id", f"รหัสกรอบ “{fid}” ไม่ตรงกับชื่อไฟล์ “{expected_id}” "
                            f"— เปลี่ยนชื่อไฟล์เป็น {fid}.yaml หรือแก้ id")
        year = self.get(root, "fiscal_year", int)
        if not 2500 <= year <= 2700:
            raise self.fail(root, "fiscal_year", f"ปีงบประมาณ {year} ต้องเป็นปี พ.ศ. เช่น 2567")
        pass_mark = self.get(root, "pass_mark", int | float, required=False, default=85)
        if not 0 <= pass_mark <= 100:
            raise self.fail(root, "pass_mark", "เกณฑ์ผ่านต้องอยู่ระหว่าง 0 ถึง 100")
        instruments_node = self.get(root, "instruments", list)
        if not instruments_node:
            raise self.fail(root, "instruments", "ต้องมีแบบวัดอย่างน้อยหนึ่งแบบ")
        instruments = []
        seen: set[str] = set()
        for node in instruments_node:
            instrument = self.instrument(node)
            if instrument.code in seen:
                raise self.fail(node, "code", f"รหัสแบบวัด “{instrument.code}” ซ้ำกัน")
            seen.add(instrument.code)
            instruments.append(instrument)
        return Framework(
            id=fid, fiscal_year=year, title=self.get(root, "title", str),
            variant=self.get(root, "variant", str, required=False, default="main"),
            pass_mark=Decimal(str(pass_mark)), instruments=tuple(instruments),
            source_note=self.get(root, "source_note", str, required=False, default=""),
            path=self.path)

    def instrument(self, node: Any) -> Instrument:
        if not isinstance(node, _Node):
            raise self.fail(node, None, "แต่ละแบบวัดต้องมี code, name และ indicators")
        code = self.get(node, "code", str)
        if not re.fullmatch(r"[A-Z][A-Z0-9]{1,9}", code):
            raise self.fail(node, "code", f"รหัสแบบวัด “{code}” ต้องเป็นอักษรอังกฤษตัวใหญ่ เช่น IIT, EIT1")
        prefix = self.get(node, "item_prefix", str, required=False, default=code[0].lower())
        if prefix not in ("i", "e", "o"):
            raise self.fail(node, "item_prefix", "item_prefix ต้องเป็น i, e หรือ o")
        indicators_node = self.get(node, "indicators", list)
        indicators = tuple(self.indicator(child, code, prefix) for child in indicators_node)
        if not indicators:
            raise self.fail(node, "indicators", "แบบวัดต้องมีตัวชี้วัดอย่างน้อยหนึ่งตัว")
        return Instrument(code=code, name=self.get(node, "name", str),
                          name_en=self.get(node, "name_en", str, required=False, default=""),
                          item_prefix=prefix, indicators=indicators)

    def indicator(self, node: Any, instrument: str, prefix: str) -> Indicator:
        if not isinstance(node, _Node):
            raise self.fail(node, None, "แต่ละตัวชี้วัดต้องมี number, name และ items")
        number = self.get(node, "number", int)
        if not 1 <= number <= 10:
            raise self.fail(node, "number", f"เลขตัวชี้วัด {number} ต้องอยู่ระหว่าง 1 ถึง 10")
        if number in self.indicator_numbers:
            raise self.fail(node, "number", f"ตัวชี้วัดที่ {number} ซ้ำกับบรรทัด "
                            f"{self.indicator_numbers[number]}")
        self.indicator_numbers[number] = node.key_lines["number"]
        name = self.get(node, "name", str)
        has_items, has_subs = "items" in node, "sub_indicators" in node
        if has_items == has_subs:
            raise self.fail(node, "number", f"ตัวชี้วัดที่ {number} ต้องมีอย่างใดอย่างหนึ่ง: "
                            "items หรือ sub_indicators")
        subs: list[SubIndicator] = []
        items: list[Item] = []
        if has_items:
            items = self.items(node, instrument, prefix, number, None)
        else:
            for sub in self.get(node, "sub_indicators", list):
                if not isinstance(sub, _Node):
                    raise self.fail(sub, None, "ตัวชี้วัดย่อยต้องมี number, name และ items")
                sub_number = str(self.get(sub, "number", str | int | float))
                if not sub_number.startswith(f"{number}."):
                    raise self.fail(sub, "number", f"ตัวชี้วัดย่อย “{sub_number}” ต้องขึ้นต้นด้วย "
                                    f"“{number}.”")
                sub_items = self.items(sub, instrument, prefix, number, sub_number)
                subs.append(SubIndicator(sub_number, self.get(sub, "name", str), tuple(sub_items)))
                items.extend(sub_items)
        return Indicator(number=number, name=name, instrument=instrument, items=tuple(items),
                         sub_indicators=tuple(subs),
                         name_confirmed=bool(node.get("name_confirmed", True)))

    def items(self, node: _Node, instrument: str, prefix: str, indicator: int,
              sub: str | None) -> list[Item]:
        out = []
        for child in self.get(node, "items", list):
            if not isinstance(child, _Node):
                raise self.fail(child, None, "แต่ละข้อต้องมี code และ text")
            code = normalise_code(self.get(child, "code", str))  # i๑ and i1 are one code
            match = _ITEM_CODE.fullmatch(code)
            if not match:
                raise self.fail(child, "code", f"รหัสข้อ “{code}” ไม่ถูกต้อง — ใช้ตัวอักษร i, e "
                                "หรือ o ตามด้วยเลข เช่น i8, e1, o12")
            if match.group(1) != prefix:
                raise self.fail(child, "code", f"รหัสข้อ “{code}” ต้องขึ้นต้นด้วย “{prefix}” "
                                f"เพราะอยู่ในแบบวัด {instrument}")
            if code in self.codes:
                raise self.fail(child, "code", f"รหัสข้อ “{code}” ซ้ำกับบรรทัด {self.codes[code]}")
            self.codes[code] = child.key_lines["code"]
            confirmed = self.get(child, "confirmed", bool, required=False, default=False)
            basis = self.get(child, "basis", str, required=False, default="")
            if not confirmed and not basis:
                raise self.fail(child, "confirmed", f"ข้อ {code} ยังไม่ยืนยัน (confirmed: false) "
                                "ต้องบอกที่มาใน “basis”")
            sub_points = self.get(child, "sub_points", list, required=False, default=[])
            if not all(isinstance(p, str) for p in sub_points):
                raise self.fail(child, "sub_points", "sub_points ต้องเป็นรายการข้อความ")
            self.order += 1
            out.append(Item(code=code, text=self.get(child, "text", str).strip(),
                            instrument=instrument, indicator=indicator, sub_indicator=sub,
                            confirmed=confirmed, basis=basis, sub_points=tuple(sub_points),
                            remark=self.get(child, "remark", str, required=False, default=""),
                            order=self.order))
        if not out:
            raise self.fail(node, "items", "ต้องมีข้ออย่างน้อยหนึ่งข้อ")
        return out


def _kind_th(kind: type | tuple[type, ...]) -> str:
    names = {str: "ข้อความ", int: "ตัวเลขจำนวนเต็ม", float: "ตัวเลข", list: "รายการ (- ...)",
             bool: "true หรือ false", dict: "ชุดคีย์"}
    kinds = getattr(kind, "__args__", None) or (kind if isinstance(kind, tuple) else (kind,))
    return " หรือ ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


def parse_framework(text: str, path: str = "<form>", expected_id: str | None = None) -> Framework:
    """Check and build a framework from YAML text. Raises FormError for a broken file."""
    check_yaml_shape(text, path)  # depth and aliases, before any node is built
    try:
        root = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except _Located as exc:
        raise FormError(exc.message, where=f"{path}, บรรทัด {exc.line}, คีย์ “{exc.key}”") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f", บรรทัด {mark.line + 1}" if mark else ""
        raise FormError(f"ไฟล์ YAML ผิดรูปแบบ ({exc.problem}) — ตรวจการย่อหน้าและเครื่องหมาย : "
                        "ในบรรทัดนี้", where=f"{path}{line}",
                        english=f"YAML syntax error: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise FormError(f"ไฟล์ YAML ผิดรูปแบบ ({exc})", where=path,
                        english="YAML syntax error") from None
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. a 5000-digit number
        raise FormError("ไฟล์มีค่าที่อ่านไม่ได้ (ตัวเลขยาวเกินไปหรือซ้อนกันลึกเกินไป) — ตรวจตัวเลขในไฟล์",
                        where=path, english=f"unreadable value: {str(exc)[:80]}") from None
    return _Checker(path).framework(root, expected_id)


def read_form_text(path: Path) -> str:
    """The text of a form file, or a FormError a clerk can act on."""
    try:  # the boundary: a regular file, a capped read (docs/limits.md)
        return decode_utf8(read_capped(path, LIMITS.framework_bytes, "กรอบการประเมิน"),
                           str(path), "กรอบการประเมิน")
    except ItaError as exc:
        raise FormError(exc.message, where=exc.where, english=exc.english) from None


def load_framework_file(path: str | Path) -> Framework:
    path = Path(path)
    return parse_framework(read_form_text(path), str(path), expected_id=path.stem)
