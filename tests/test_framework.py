"""Form files: the bundled ones load; a broken one names file, line, key and the problem;
``ita forms add`` validates before installing and never leaves a broken file in use."""

from __future__ import annotations

from pathlib import Path

import pytest

from ita_desktop.cli import main
from ita_desktop.core.base.errors import FormError
from ita_desktop.core.framework import catalog as forms
from ita_desktop.core.framework.definition import load_framework_file, parse_framework

GOOD = """\
format: ita-form/1
id: test-2599
fiscal_year: 2599
title: ทดสอบ
instruments:
  - code: IIT
    name: แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน
    indicators:
      - number: 1
        name: การปฏิบัติหน้าที่
        items:
          - code: i1
            text: ข้อหนึ่ง
            confirmed: true
          - code: i2
            text: ข้อสอง
            confirmed: false
            basis: recollection
  - code: OIT
    name: แบบวัดการเปิดเผยข้อมูลสาธารณะ
    indicators:
      - number: 9
        name: การเปิดเผยข้อมูล
        sub_indicators:
          - number: "9.1"
            name: ข้อมูลพื้นฐาน
            items:
              - {code: o1, text: โครงสร้าง, confirmed: true}
              - {code: o2, text: ข้อมูลผู้บริหาร, confirmed: true}
"""


@pytest.mark.parametrize("year", ["2567", "2568"])
def test_bundled_frameworks_load(year: str) -> None:
    fw = forms.load_framework(f"ita-{year}")
    assert fw.fiscal_year == int(year)
    assert sorted(i.number for inst in fw.instruments for i in inst.indicators) == list(range(1, 11))
    codes = [it.code for it in fw.items()]
    assert len(codes) == len(set(codes))
    assert {it.instrument for it in fw.items()} == {"IIT", "EIT", "OIT"}
    for item in fw.items():
        assert item.text.strip()
        assert item.confirmed or item.basis, item.code


def test_2567_items_of_the_example_report() -> None:
    fw = forms.load_framework("ita-2567")
    where = {c: (fw.item(c).instrument, fw.item(c).indicator) for c in
             ("i8", "i17", "e1", "e3", "e7", "e10", "e11", "e15", "o1", "o22")}
    assert where["i8"] == ("IIT", 2) and where["i17"] == ("IIT", 3)
    assert where["e1"] == ("EIT", 6) and where["e7"] == ("EIT", 7) and where["e11"] == ("EIT", 8)
    assert where["o1"] == ("OIT", 9) and where["o22"] == ("OIT", 9)
    assert [i.code for i in fw.items_in_range("o1", "o3")] == ["o1", "o2", "o3"]


def test_good_form_parses() -> None:
    fw = parse_framework(GOOD, "test-2599.yaml", expected_id="test-2599")
    assert [i.code for i in fw.items()] == ["i1", "i2", "o1", "o2"]
    assert fw.item("o2").sub_indicator == "9.1"
    assert fw.indicator(9).instrument == "OIT"


@pytest.mark.parametrize(("change", "line", "key", "words"), [
    (("code: i2", "code: i1"), 15, "code", "ซ้ำกับบรรทัด 12"),
    (("number: 9", "number: 11"), 22, "number", "1 ถึง 10"),
    (("fiscal_year: 2599", "fiscal_year: 1999"), 3, "fiscal_year", "พ.ศ."),
    (("format: ita-form/1", "format: ita-form/9"), 1, "format", "ปรับปรุงโปรแกรม"),
    (("            basis: recollection\n", ""), 17, "confirmed", "basis"),
    (("code: o2", "code: e2"), 29, "code", "ต้องขึ้นต้นด้วย “o”"),
    (("text: ข้อสอง", "text: 12"), 16, "text", "ข้อความ"),
    (("        name: การปฏิบัติหน้าที่\n", ""), 9, None, "name"),
])
def test_broken_form_names_the_place(change: tuple[str, str], line: int, key: str | None,
                                     words: str) -> None:
    text = GOOD.replace(*change, 1)
    assert text != GOOD
    with pytest.raises(FormError) as info:
        parse_framework(text, "broken.yaml")
    message = info.value.text()
    assert "broken.yaml" in message
    assert f"บรรทัด {line}" in message, message
    if key:
        assert f"คีย์ “{key}”" in message
    assert words in message


def test_yaml_syntax_error_gives_the_line() -> None:
    with pytest.raises(FormError) as info:
        parse_framework(GOOD.replace("    name: แบบวัดการเปิดเผยข้อมูลสาธารณะ",
                                     "    name: [ไม่ปิด"), "bad.yaml")
    assert "bad.yaml, บรรทัด" in info.value.text()
    assert "YAML" in info.value.message


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = tmp_path / "other-name.yaml"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(FormError, match="ไม่ตรงกับชื่อไฟล์"):
        load_framework_file(path)


def test_forms_add_installs_and_overrides_bundled(tmp_path: Path, capsys) -> None:
    corrected = forms.available()["ita-2567"].path.read_text(encoding="utf-8")
    original = forms.load_framework("ita-2567").item("i8").text
    corrected = corrected.replace(original, "ข้อความที่แก้ไขแล้ว", 1)
    source = tmp_path / "ita-2567.yaml"
    source.write_text(corrected, encoding="utf-8")
    assert main(["forms", "add", str(source)]) == 0
    assert "แทนที่" in capsys.readouterr().out
    assert forms.available()["ita-2567"].origin == "user"
    assert forms.load_framework("ita-2567").item("i8").text == "ข้อความที่แก้ไขแล้ว"


def test_forms_add_refuses_a_broken_file(tmp_path: Path, capsys) -> None:
    before = {k: v.path for k, v in forms.available().items()}
    source = tmp_path / "ita-2567.yaml"
    source.write_text(GOOD.replace("id: test-2599", "id: ita-2567").replace("code: i2", "code: i1"),
                      encoding="utf-8")
    assert main(["forms", "add", str(source)]) == 1
    err = capsys.readouterr().err
    assert "ซ้ำ" in err and "บรรทัด 15" in err
    assert {k: v.path for k, v in forms.available().items()} == before
    assert forms.load_framework("ita-2567").item("i2") is not None
