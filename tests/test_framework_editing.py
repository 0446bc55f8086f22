"""The framework editor's core (core/framework/draft.py, editing.py, draft_checks.py): every
operation, every problem the checks name, saving to the user's forms folder, and the rule that
a framework a report uses is never changed in place."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ita_desktop.core.base import paths
from ita_desktop.core.base.errors import FormError
from ita_desktop.core.framework import catalog
from ita_desktop.core.framework import draft as D
from ita_desktop.core.framework import editing as E
from ita_desktop.core.framework.definition import load_framework_file, parse_framework
from ita_desktop.core.framework.versions import usage
from ita_desktop.core.workflow import demo


def user_files() -> dict[str, bytes]:
    folder = paths.user_forms_dir()
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*"))} if folder.is_dir() else {}


@pytest.fixture
def d2570() -> D.FrameworkDraft:
    return D.new_draft("ita-2568", 2570)


def small() -> D.FrameworkDraft:
    """Two instruments; OIT indicator 9 has sub-indicators."""
    return D.FrameworkDraft(
        id="ita-2599", fiscal_year=2599, title="ITA 2599", instruments=[
            D.InstrumentDraft("IIT", "ภายใน", item_prefix="i", indicators=[
                D.IndicatorDraft(1, "การปฏิบัติหน้าที่", items=[
                    D.ItemDraft("i1", "ข้อหนึ่ง", confirmed=True),
                    D.ItemDraft("i2", "ข้อสอง", confirmed=True)]),
                D.IndicatorDraft(2, "การใช้งบประมาณ", items=[
                    D.ItemDraft("i3", "ข้อสาม", basis="เดาเอา")])]),
            D.InstrumentDraft("OIT", "เปิดเผย", item_prefix="o", indicators=[
                D.IndicatorDraft(9, "การเปิดเผยข้อมูล", groups=[
                    D.GroupDraft("9.1", "ข้อมูลพื้นฐาน", [D.ItemDraft("o1", "โครงสร้าง", True)]),
                    D.GroupDraft("9.2", "การบริหารงาน", [D.ItemDraft("o2", "แผน", True)])])])])


def messages(draft: D.FrameworkDraft) -> list[str]:
    return [p.text("th") for p in E.validate(draft)]


# ------------------------------------------------------------------------------ drafts
@pytest.mark.parametrize("framework_id", ["ita-2567", "ita-2568", "ita-2569"])
def test_every_bundled_framework_round_trips_through_a_draft(framework_id: str) -> None:
    original = catalog.load_framework(framework_id)
    draft = D.open_draft(framework_id)
    assert draft.origin == framework_id and E.validate(draft) == []
    again = parse_framework(D.to_yaml(draft), framework_id, expected_id=framework_id)
    assert D.from_framework(again, framework_id) == draft
    assert [(i.code, i.text, i.confirmed, i.sub_indicator, i.sub_points, i.remark)
            for i in again.items()] == [(i.code, i.text, i.confirmed, i.sub_indicator,
                                         i.sub_points, i.remark) for i in original.items()]
    assert again.pass_mark == original.pass_mark and again.title == original.title


def test_new_framework_from_2568_for_2570_is_unconfirmed_and_clean(d2570) -> None:  # noqa: ANN001
    assert (d2570.id, d2570.fiscal_year, d2570.origin) == ("ita-2570", 2570, None)
    assert "2570" in d2570.title and "2568" not in d2570.title
    items = [item for _p, item in D.items_of(d2570)]
    assert len(items) == len(list(catalog.load_framework("ita-2568").items()))
    assert not any(item.confirmed for item in items) and all(item.basis for item in items)
    assert E.validate(d2570, catalog.available()) == []


# ------------------------------------------------------------------------------ fields
def test_set_field_leaves_the_old_draft_and_reads_thai_digits() -> None:
    draft = small()
    edit = E.set_field(draft, (0, 0, 1), "text", "ถ้อยคำใหม่")
    assert D.node_at(edit.draft, (0, 0, 1)).text == "ถ้อยคำใหม่"
    assert D.node_at(draft, (0, 0, 1)).text == "ข้อสอง"  # the old draft is the undo step
    assert E.set_field(draft, (), "pass_mark", "๘๗.๕").draft.pass_mark == Decimal("87.5")
    assert E.set_field(draft, (), "fiscal_year", "๒๕๗๑").draft.fiscal_year == 2571
    assert E.set_field(draft, (0, 0, 0), "sub_points", "ก\n\n ข \n").draft \
        .instruments[0].indicators[0].items[0].sub_points == ["ก", "ข"]
    assert E.set_field(draft, (), "variant", "district").draft.variant == "district"
    with pytest.raises(FormError, match="ไม่ใช่ตัวเลข"):
        E.set_field(draft, (), "pass_mark", "แปดสิบ")
    with pytest.raises(FormError, match="ไม่ใช่ตัวเลข"):
        E.set_field(draft, (), "fiscal_year", "2570.5")
    with pytest.raises(FormError):
        E.set_field(draft, (0, 0, 0), "number", 3)  # an item has no number
    with pytest.raises(FormError, match="ไม่พบ"):
        E.set_field(draft, (5,), "name", "x")


def test_indicator_number_carries_its_sub_indicators() -> None:
    before = small()
    edit = E.set_field(before, (1, 0), "number", 8)
    assert [g.number for g in edit.draft.instruments[1].indicators[0].groups] == ["8.1", "8.2"]
    assert before == small()  # the draft given is never changed (it is the undo step)
    item = E.set_field(before, (1, 0, 1, 0), "sub_points", ["ก"]).draft
    assert before == small() and D.node_at(item, (1, 0, 1, 0)).sub_points == ["ก"]
    assert E.validate(edit.draft) == []


def test_confirm_marks_the_wording_checked() -> None:
    draft = small()
    edit = E.confirm(draft, (0, 1, 0))
    assert D.node_at(edit.draft, (0, 1, 0)).confirmed is True
    assert E.confirm(edit.draft, (0, 1, 0), False).draft.instruments[0].indicators[1] \
        .items[0].confirmed is False
    with pytest.raises(FormError):
        E.confirm(draft, (0, 1))


# ------------------------------------------------------------------------------ adding
def test_add_item_after_an_item_at_an_indicator_and_in_a_sub_indicator() -> None:
    draft = small()
    after = E.add_item(draft, (0, 0, 0))
    assert after.path == (0, 0, 1)
    new = D.node_at(after.draft, after.path)
    assert (new.code, new.text, new.confirmed, new.basis) == ("i4", "", False, E.NEW_ITEM_BASIS)
    at_end = E.add_item(draft, (0, 1))
    assert at_end.path == (0, 1, 1)
    in_group = E.add_item(draft, (1, 0, 0))
    assert in_group.path == (1, 0, 0, 1) and D.node_at(in_group.draft, in_group.path).code == "o3"
    last_group = E.add_item(draft, (1, 0))
    assert last_group.path == (1, 0, 1, 1)
    instrument = E.add_item(draft, (1,))
    assert instrument.path == (1, 0, 1, 1)
    with pytest.raises(FormError):
        E.add_item(draft, ())
    assert len(D.items_of(draft)) == 5  # unchanged


def test_add_instrument_indicator_and_sub_indicator() -> None:
    draft = small()
    ins = E.add_instrument(draft, (0,))
    assert ins.path == (1,) and ins.draft.instruments[1].code == "EIT"
    assert ins.draft.instruments[1].item_prefix == "e"
    ind = E.add_indicator(draft, (0, 0))
    assert ind.path == (0, 1) and ind.draft.instruments[0].indicators[1].number == 10
    with pytest.raises(FormError):
        E.add_indicator(draft, ())
    group = E.add_group(draft, (1, 0, 0))
    assert group.path == (1, 0, 1) and D.node_at(group.draft, group.path).number == "9.3"
    # an indicator with plain items: they become its first sub-indicator's
    split = E.add_group(draft, (0, 0))
    indicator = split.draft.instruments[0].indicators[0]
    assert [g.number for g in indicator.groups] == ["1.1", "1.2"] and indicator.items == []
    assert [i.code for i in indicator.groups[0].items] == ["i1", "i2"]
    assert split.path == (0, 0, 1)
    with pytest.raises(FormError):
        E.add_group(draft, (0,))


# ------------------------------------------------------------------------------ removing, moving
def test_remove_selects_a_neighbour_or_the_parent() -> None:
    draft = small()
    edit = E.remove(draft, (0, 0, 0))
    assert [i.code for i in edit.draft.instruments[0].indicators[0].items] == ["i2"]
    assert edit.path == (0, 0, 0)
    last = E.remove(draft, (0, 0, 1))
    assert last.path == (0, 0, 0)
    only = E.remove(draft, (0, 1, 0))
    assert only.path == (0, 1) and only.draft.instruments[0].indicators[1].items == []
    assert E.remove(draft, (1,)).path == (0,)
    with pytest.raises(FormError):
        E.remove(draft, ())


def test_move_among_siblings_and_on_into_the_next_indicator() -> None:
    draft = small()
    down = E.move(draft, (0, 0, 0), +1)
    assert down.path == (0, 0, 1)
    assert [i.code for i in down.draft.instruments[0].indicators[0].items] == ["i2", "i1"]
    across = E.move(draft, (0, 0, 1), +1)  # last of indicator 1: first of indicator 2
    assert across.path == (0, 1, 0)
    assert [i.code for i in across.draft.instruments[0].indicators[1].items] == ["i2", "i3"]
    back = E.move(draft, (0, 1, 0), -1)
    assert back.path == (0, 0, 2)
    group = E.move(draft, (1, 0, 1, 0), -1)  # first of 9.2: last of 9.1
    assert group.path == (1, 0, 0, 1)
    assert E.move(draft, (1,), -1).draft.instruments[0].code == "OIT"
    assert not E.can_move(draft, (0, 0, 0), -1) and not E.can_move(draft, (0,), -1)
    assert not E.can_move(draft, (1, 0), +1) and E.can_move(draft, (0, 0), +1)
    assert not E.can_move(draft, (), 1)
    with pytest.raises(FormError, match="ย้าย"):
        E.move(draft, (0, 0, 0), -1)


def test_renumber_gives_codes_in_order_and_says_what_changed() -> None:
    draft = E.move(small(), (0, 0, 0), +1).draft  # i2, i1, i3
    draft = E.set_field(draft, (1, 0, 1, 0), "code", "o๗").draft
    edit = E.renumber_items(draft)
    assert [i.code for _p, i in D.items_of(edit.draft)] == ["i1", "i2", "i3", "o1", "o2"]
    assert edit.renamed == {"i2": "i1", "i1": "i2", "o7": "o2"}
    only = E.renumber_items(draft, (1,))
    assert only.renamed == {"o7": "o2"}
    numbered = E.renumber_indicators(E.set_field(small(), (0, 1), "number", 7).draft)
    assert [ind.number for ins in numbered.draft.instruments for ind in ins.indicators] == [1, 2, 3]
    assert [g.number for g in numbered.draft.instruments[1].indicators[0].groups] == ["3.1", "3.2"]
    both = E.renumber(draft)
    assert both.renamed == edit.renamed and E.validate(both.draft) == []


# ------------------------------------------------------------------------------ problems
def test_duplicate_codes_are_found_after_digit_normalisation() -> None:
    draft = E.set_field(small(), (0, 0, 1), "code", "I๑").draft
    problems = E.validate(draft)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.path == (0, 0, 1) and problem.field == "code"
    assert problem.text("th") == ("แบบวัด IIT › ตัวชี้วัดที่ 1 › ข้อ I๑ (ลำดับที่ 2): รหัสข้อ i1 "
                                  "ซ้ำกับ แบบวัด IIT › ตัวชี้วัดที่ 1 › ข้อ i1 (ลำดับที่ 1) — "
                                  "เปลี่ยนรหัส หรือกด “เรียงเลขใหม่”")
    assert problem.text("en") == ("instrument IIT › indicator 1 › item I๑ (no. 2): item code i1 "
                                  "is also instrument IIT › indicator 1 › item i1 (no. 1)")
    assert E.validate(E.renumber(draft).draft) == []  # renumbering fixes it


@pytest.mark.parametrize(("path", "field", "value", "expected"), [
    ((0, 0, 0), "text", "   ", "ถ้อยคำของข้อว่างอยู่"),
    ((0, 0, 0), "text", "ข้อ\x07หนึ่ง", "อักขระควบคุม"),
    ((0, 0, 0), "text", "ข้อ\u202eหนึ่ง", "U+202E"),
    ((0, 0, 0), "text", "ก" * 20_001, "ยาวเกิน"),
    ((0, 0, 0), "remark", "\x1b[31m", "หมายเหตุมีอักขระควบคุม"),
    ((0, 0, 0), "sub_points", ["ดี", "\x00"], "ประเด็นย่อยที่ 2"),
    ((0, 0, 0), "code", "", "ยังไม่มีรหัสข้อ"),
    ((0, 0, 0), "code", "x1", "รหัสข้อ “x1” ไม่ถูกต้อง"),
    ((0, 0, 0), "code", "o99", "ต้องขึ้นต้นด้วย “i”"),
    ((0, 0, 0), "confirmed", False, "ต้องบอกที่มา"),
    ((0, 1, 0), "basis", "", "ต้องบอกที่มา"),
    ((0, 0), "name", "", "ชื่อตัวชี้วัดว่างอยู่"),
    ((0, 0), "number", 11, "ระหว่าง 1 ถึง 10"),
    ((0, 1), "number", 1, "เลขตัวชี้วัด 1 ซ้ำกับ"),
    ((1, 0, 0), "number", "9.x", "ต้องเป็น 9.1, 9.2"),
    ((1, 0, 0), "number", "8.1", "ต้องเป็น 9.1"),
    ((1, 0, 1), "number", "9.1", "9.1 ซ้ำกัน"),
    ((1, 0, 0), "name", "", "ชื่อตัวชี้วัดย่อยว่างอยู่"),
    ((0,), "code", "", "ยังไม่มีรหัสแบบวัด"),
    ((0,), "code", "iit", "อักษรอังกฤษตัวใหญ่"),
    ((1,), "code", "IIT", "ซ้ำกับแบบวัดอื่น"),
    ((0,), "name", "", "ชื่อแบบวัดว่างอยู่"),
    ((0,), "item_prefix", "x", "i, e หรือ o"),
    ((), "id", "", "ยังไม่มีรหัสกรอบ"),
    ((), "id", "ITA 2570", "ใช้ไม่ได้"),
    ((), "id", "ita-2570.0", "ใช้ไม่ได้"),
    ((), "fiscal_year", 1999, "ปีงบประมาณ 1999"),
    ((), "pass_mark", 101, "เกณฑ์ผ่าน"),
    ((), "title", "", "ชื่อกรอบการประเมินว่างอยู่"),
    ((), "source_note", "\x7f", "ที่มาของข้อมูลมีอักขระควบคุม"),
])
def test_each_problem_is_named_with_its_place(path, field, value, expected) -> None:  # noqa: ANN001
    draft = E.set_field(small(), path, field, value).draft
    problems = E.validate(draft)
    assert any(expected in p.thai and p.path == path for p in problems), messages(draft)
    for problem in problems:
        assert problem.place and problem.place_en and problem.english
    with pytest.raises(FormError):  # and it never saves
        E.save(draft, {})
    assert user_files() == {}


def test_empty_containers_are_problems() -> None:
    no_items = E.remove(small(), (0, 1, 0)).draft
    assert any("ตัวชี้วัดนี้ยังไม่มีข้อ" in m for m in messages(no_items))
    no_indicators = E.add_instrument(small()).draft
    assert any("แบบวัด EIT: แบบวัดนี้ยังไม่มีตัวชี้วัด" in m for m in messages(no_indicators))
    empty_group = E.add_group(small(), (1, 0)).draft
    assert any("ตัวชี้วัดย่อย 9.3: ตัวชี้วัดย่อยนี้ยังไม่มีข้อ" in m for m in messages(empty_group))
    nothing = E.remove(E.remove(small(), (1,)).draft, (0,)).draft
    assert messages(nothing) == ["กรอบการประเมิน: ยังไม่มีแบบวัด — เพิ่มแบบวัดอย่างน้อยหนึ่งแบบ"]
    both = small()
    both.instruments[1].indicators[0].items.append(D.ItemDraft("o9", "x", True))
    assert any("มีทั้งข้อและตัวชี้วัดย่อย" in m for m in messages(both))


def test_a_new_framework_may_not_take_an_installed_id(d2570) -> None:  # noqa: ANN001
    taken = E.set_field(d2570, (), "id", "ita-2568").draft
    assert any("มีกรอบการประเมินรหัส ita-2568 อยู่แล้ว" in p.thai
               for p in E.validate(taken, catalog.available()))
    assert E.validate(D.open_draft("ita-2568"), catalog.available()) == []  # its own id: fine


def test_too_many_items_is_a_problem() -> None:
    draft = small()
    draft.instruments[0].indicators[0].items = [D.ItemDraft(f"i{n}", "ข้อ", True)
                                                for n in range(1, 2002)]
    assert any("เกิน 2,000" in m for m in messages(draft))


# ------------------------------------------------------------------------------ saving
def test_save_writes_the_users_forms_folder_and_loads(d2570) -> None:  # noqa: ANN001
    edit = E.set_field(d2570, (2, 0, 0, 0), "text", "โครงสร้างและอำนาจหน้าที่ของหน่วยงาน")
    edit = E.add_item(edit.draft, edit.path)
    edit = E.set_field(edit.draft, edit.path, "text", "ข้อใหม่ของปี ๒๕๗๐")
    result = E.save(edit.draft, {})
    assert (result.framework_id, result.status) == ("ita-2570", "installed")
    path = paths.user_forms_dir() / "ita-2570.yaml"
    loaded = load_framework_file(path)
    assert loaded.item("o1").text == "โครงสร้างและอำนาจหน้าที่ของหน่วยงาน"
    assert loaded.item("o27").text == "ข้อใหม่ของปี ๒๕๗๐" and not loaded.item("o27").confirmed
    assert catalog.load_framework("ita-2570").item("o27") is not None
    assert D.open_draft("ita-2570") == D.from_framework(loaded, "ita-2570")
    before = user_files()
    again = E.save(D.open_draft("ita-2570"), {})  # nothing changed: nothing written
    assert again.status == "already-here" and user_files() == before


def test_a_framework_reports_use_is_never_changed_in_place(store, d2570) -> None:  # noqa: ANN001
    E.save(d2570, {})
    report_id = demo.create_demo(store)
    store.update_report(report_id, framework="ita-2570")
    used = usage(store.list_reports(include_trashed=True))
    original = (paths.user_forms_dir() / "ita-2570.yaml").read_bytes()
    changed = E.set_field(D.open_draft("ita-2570"), (0, 0, 0), "text", "ถ้อยคำแก้แล้ว").draft
    result = E.save(changed, used)
    assert (result.framework_id, result.status) == ("ita-2570.2", "new-version")
    assert (paths.user_forms_dir() / "ita-2570.yaml").read_bytes() == original
    assert catalog.load_framework("ita-2570.2").item("i1").text == "ถ้อยคำแก้แล้ว"
    assert catalog.load_framework("ita-2570").item("i1").text != "ถ้อยคำแก้แล้ว"
    assert store.get_report(report_id).framework == "ita-2570"
    # the next version is no report's yet: edited again, it is changed in place
    again = E.set_field(D.open_draft("ita-2570.2"), (0, 0, 0), "text", "ครั้งที่สอง").draft
    assert E.save(again, used).framework_id == "ita-2570.2"
    # and a bundled framework a report uses (the demo's ita-2567) is kept too
    demo.create_demo(store)
    used = usage(store.list_reports(include_trashed=True))
    assert used["ita-2567"]
    bundled = E.set_field(D.open_draft("ita-2567"), (), "pass_mark", 90).draft
    result = E.save(bundled, used)
    assert result.framework_id == "ita-2567.2"
    assert catalog.available()["ita-2567"].origin == "bundled"
    assert catalog.load_framework("ita-2567").pass_mark == Decimal(85)


def test_an_unused_framework_is_saved_in_place_keeping_a_backup(d2570) -> None:  # noqa: ANN001
    E.save(d2570, {})
    changed = E.set_field(D.open_draft("ita-2570"), (), "pass_mark", "80").draft
    result = E.save(changed, {"ita-2568": [1]})
    assert (result.framework_id, result.status) == ("ita-2570", "installed")
    assert catalog.load_framework("ita-2570").pass_mark == Decimal(80)
    assert (paths.user_forms_dir() / "ita-2570.yaml.bak").is_file()
