"""The result sheet: parsing pasted text and files, every refusal writing nothing, the store,
``ita-report/1`` round trip, ``ita scores``/``ita entries add-below-pass``, finalise warnings."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from ita_desktop.cli import main
from ita_desktop.core.base.errors import ItaError, ValidationError
from ita_desktop.core.exchange.report_json import parse_report, report_to_dict
from ita_desktop.core.framework.catalog import load_framework
from ita_desktop.core.report.model import Entry
from ita_desktop.core.scores.sheet_import import as_values, parse_text, plan, read_file
from ita_desktop.core.store import Store
from ita_desktop.core.workflow.demo import create_demo
from ita_desktop.core.workflow.finalise import check_report

FW = "ita-2567"
EXCEL = ("ข้อ\tคะแนน\r\n"  # a header row
         " I8 \t ๗๓.๓๔\r\n"  # stray spaces, Thai digits
         "i09\t91.5\r\n"  # a leading zero
         "O๑\t84.21\r\n"  # Thai digit in the code
         "e1\t70\r\n"
         "IIT\t80.123\r\n"  # an instrument score, rounded to two decimals
         "ITA\t79.9\r\n"  # the overall score
         "\r\n")


def framework():
    return load_framework(FW)


def test_excel_paste_every_spelling() -> None:
    rows = parse_text(EXCEL, framework())
    got = {r.key: r.score for r in rows}
    assert got == {("item", "i8"): Decimal("73.34"), ("item", "i9"): Decimal("91.50"),
                   ("item", "o1"): Decimal("84.21"), ("item", "e1"): Decimal("70.00"),
                   ("instrument", "IIT"): Decimal("80.12"), ("overall", ""): Decimal("79.90")}
    assert [r.row for r in rows] == [2, 3, 4, 5, 6, 7]  # row numbers as the clerk counts them


def test_code_wording_score_columns_and_csv_and_plain_text() -> None:
    fw = framework()
    assert parse_text("i8\tข้อความคำถาม\t70\n", fw)[0].score == Decimal("70.00")
    assert parse_text("code,score\ni8,\"71.5\"\n", fw)[0].score == Decimal("71.50")
    assert parse_text("i๘ ๗๒\n", fw)[0].score == Decimal("72.00")


@pytest.mark.parametrize(("text", "row", "words"), [
    ("i8\t70\nx99\t50\n", 2, "ไม่รู้จักรหัส"),
    ("i8\t70\ni200\t50\n", 2, "ไม่รู้จักรหัส"),  # looks like a code, not in the framework
    ("i8\t120\n", 1, "เป็นไปไม่ได้"),
    ("i8\t-1\n", 1, "เป็นไปไม่ได้"),
    ("หัว\tตาราง\ni8\tabc\n", 2, "ไม่ใช่ตัวเลข"),
    ("i8\t70\r\nI08\t71\r\n", 2, "ซ้ำกับแถวที่ 1"),
    ("i8\t70\n\t71\n", 2, "ไม่มีรหัสข้อ"),
    ("", 0, "ไม่พบคะแนน"),
])
def test_refusals_name_the_row(text: str, row: int, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_text(text, framework())
    assert words in caught.value.message
    if row:
        assert caught.value.message.startswith(f"แถวที่ {row}:")
        assert caught.value.english.startswith(f"row {row}:")


def test_plan_lists_only_changes_and_apply_is_one_write(store: Store) -> None:
    report_id = create_demo(store)
    store.set_scores(report_id, {("item", "i8"): "73.34", ("item", "i9"): "50"})
    changes = plan(store.get_scores(report_id), parse_text("i8\t73.34\ni9\t\ni10\t60\n",
                                                           framework()))
    assert [(c.label, c.old, c.new) for c in changes] == [
        ("I9", Decimal("50.00"), None), ("I10", None, Decimal("60.00"))]
    store.set_scores(report_id, as_values(changes))
    assert store.get_scores(report_id).items == {"i8": Decimal("73.34"), "i10": Decimal("60.00")}


def test_store_refuses_a_bad_value_and_writes_nothing(store: Store) -> None:
    report_id = create_demo(store)
    store.set_scores(report_id, {("item", "i8"): "70"})
    for values in ({("item", "i9"): "60", ("item", "i999"): "1"},
                   {("item", "i9"): "60", ("item", "i10"): "101"},
                   {("item", "i9"): "60", ("instrument", "XYZ"): "1"}):
        with pytest.raises(ItaError):
            store.set_scores(report_id, values)
        assert store.get_scores(report_id).items == {"i8": Decimal("70.00")}


def test_final_report_refuses_scores(store: Store) -> None:
    report_id = create_demo(store)
    store.conn.execute("UPDATE reports SET status = 'final' WHERE id = ?", (report_id,))
    with pytest.raises(ItaError):
        store.set_scores(report_id, {("item", "i8"): "70"})
    assert store.get_scores(report_id).is_empty()


def test_report_json_carries_scores_and_stays_compatible(store: Store) -> None:
    report_id = create_demo(store)
    plain = report_to_dict(store.get_report(report_id))
    assert "scores" not in plain and "summary_chart" not in plain["report"]  # as before
    store.set_scores(report_id, {("item", "i8"): "73.34", ("instrument", "EIT"): "81",
                                 ("overall", ""): "80.5"})
    store.update_report(report_id, summary_chart=True)
    data = report_to_dict(store.get_report(report_id))
    assert data["scores"] == {"items": {"i8": 73.34}, "instruments": {"EIT": 81.0},
                              "overall": 80.5}
    assert data["report"]["summary_chart"] is True
    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "docs" / "schemas" /
                         "report.schema.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    bad = json.loads(json.dumps(data))
    bad["scores"]["colour"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    data["report"].pop("uuid")
    again, _ = parse_report(json.loads(json.dumps(data)), "x.json", None)
    assert again.scores.items == {"i8": Decimal("73.34")} and again.summary_chart
    new_id = store.create_report(again)
    assert store.get_report(new_id).scores.overall == Decimal("80.50")


@pytest.mark.parametrize("scores", [{"items": {"i999": 1}}, {"items": {"i8": 150}},
                                    {"items": {"IIT": 50}}, {"instruments": {"i8": 50}},
                                    {"overall": "abc"}, {"colour": 1}])
def test_report_json_refuses_bad_scores(store: Store, scores: dict) -> None:
    data = report_to_dict(store.get_report(create_demo(store)))
    data["scores"] = scores
    with pytest.raises(ItaError) as caught:
        parse_report(data, "x.json", None)
    assert "scores" in (caught.value.where or "")


# ------------------------------------------------------------------ files
def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_xlsx_csv_tsv_files(tmp_path: Path) -> None:
    fw = framework()
    xlsx = _xlsx(tmp_path / "s.xlsx", [["ข้อ", "คะแนน"], ["I8", 73.34], ["o๑", "๘๔.๒๑"],
                                       ["e1", 70]])
    assert {r.key[1]: r.score for r in read_file(xlsx, fw)} == {
        "i8": Decimal("73.34"), "o1": Decimal("84.21"), "e1": Decimal("70.00")}
    csv_file = tmp_path / "s.csv"
    csv_file.write_text("ข้อ,คะแนน\r\ni8,73.34\r\n", encoding="utf-8-sig")
    assert read_file(csv_file, fw)[0].score == Decimal("73.34")
    cp874 = tmp_path / "thai.csv"
    cp874.write_bytes("ข้อ,คะแนน\r\ni8,๗๐\r\n".encode("cp874"))
    assert read_file(cp874, fw)[0].score == Decimal("70.00")
    tsv = tmp_path / "s.tsv"
    tsv.write_bytes(EXCEL.encode("utf-8"))
    assert len(read_file(tsv, fw)) == 6


def test_bad_files_refused(tmp_path: Path) -> None:
    fw = framework()
    broken = tmp_path / "b.xlsx"
    broken.write_bytes(b"not a zip")
    doc = tmp_path / "s.docx"
    doc.write_text("x")
    dup = _xlsx(tmp_path / "d.xlsx", [["i8", 70], ["I08", 71]])
    for path, words in ((broken, "Excel"), (doc, ".xlsx"), (dup, "ซ้ำ"),
                        (tmp_path / "missing.csv", "เปิดไฟล์ไม่ได้")):
        with pytest.raises(ValidationError) as caught:
            read_file(path, fw)
        assert words in caught.value.message


def test_xlsx_rows_past_the_limits_are_refused_not_dropped(tmp_path: Path) -> None:
    from openpyxl import Workbook

    fw = framework()
    book = Workbook()
    book.active["A1"], book.active["B1"] = "i1", 85
    book.active["A6000"], book.active["B6000"] = "i2", 70
    book.save(tmp_path / "far.xlsx")
    with pytest.raises(ValidationError) as caught:
        read_file(tmp_path / "far.xlsx", fw)
    assert "แถวที่ 6000" in caught.value.message and "5,000" in caught.value.message
    wide = Workbook()
    wide.active.append(["i1", 85] + [None] * 20 + ["หมายเหตุ"])
    wide.save(tmp_path / "wide.xlsx")
    with pytest.raises(ValidationError) as caught:
        read_file(tmp_path / "wide.xlsx", fw)
    assert "คอลัมน์ที่ 16" in caught.value.message
    # blank rows between, styled empty cells after the data: read as before
    ok = Workbook()
    ok.active.append(["ข้อ", "คะแนน"])
    ok.active["A3"], ok.active["B3"] = "i8", 73.34
    ok.active["C40"].number_format = "0.00"
    ok.save(tmp_path / "ok.xlsx")
    assert [r.score for r in read_file(tmp_path / "ok.xlsx", fw)] == [Decimal("73.34")]


def test_xlsx_parts_checked_before_openpyxl_reads_them(tmp_path: Path) -> None:
    import zipfile

    fw = framework()
    base = _xlsx(tmp_path / "base.xlsx", [["i8", 70]])

    def variant(name: str, part: str, data: bytes) -> Path:
        out = tmp_path / name
        with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info, data if info.filename == part else src.read(info))
        return out

    sheet = "xl/worksheets/sheet1.xml"
    original = zipfile.ZipFile(base).read(sheet)
    assert b"DOCTYPE" not in original
    doctype = variant("doctype.xlsx", sheet, b'<!DOCTYPE w [<!ENTITY a "x">]>' + original)
    big = variant("big.xlsx", sheet, original + b" " * (9 * 1024 * 1024))
    for path, words in ((doctype, "DOCTYPE"), (big, "MB")):
        with pytest.raises(ValidationError) as caught:
            read_file(path, fw)
        assert words in caught.value.message, caught.value.message


# ------------------------------------------------------------------ CLI
def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_db(tmp_path: Path) -> tuple[Path, int]:
    db = tmp_path / "cli.sqlite"
    with Store.open(db) as store:
        return db, create_demo(store)


def _scores(db: Path, report_id: int):
    with Store.open(db) as store:
        return store.get_scores(report_id)


@pytest.mark.parametrize(("content", "words"), [
    ("ข้อ\tคะแนน\r\ni8\t70\r\nq7\t50\r\n", "แถวที่ 3"),
    ("i8\t120\r\n", "แถวที่ 1"),
    ("i8\t−1\r\n", "แถวที่ 1"),  # a typographic minus is not a number either
    ("i8\t-1\r\n", "แถวที่ 1"),
    ("i8\tabc\r\n", "แถวที่ 1"),
    ("i8\t70\r\ni08\t70\r\n", "แถวที่ 2"),
])
def test_cli_import_refusal_writes_nothing(tmp_path: Path, capsys, demo_db, content: str,
                                           words: str) -> None:
    db, report_id = demo_db
    run(capsys, "scores", "import", str(report_id), str(_write(tmp_path, "i9\t60\n")),
        "--db", str(db))
    before = _scores(db, report_id)
    code, _, err = run(capsys, "scores", "import", str(report_id),
                       str(_write(tmp_path, content)), "--db", str(db))
    assert code == 1 and words in err and "error: row" in err
    assert _scores(db, report_id) == before


def _write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / f"s{abs(hash(content))}.tsv"
    path.write_bytes(content.encode("utf-8"))
    return path


def test_cli_import_dry_run_and_list_json(tmp_path: Path, capsys, demo_db) -> None:
    db, report_id = demo_db
    path = _write(tmp_path, "ข้อ\tคะแนน\r\ni8\t73.34\r\ni9\t90\r\ne4\t๕๐\r\nEIT\t81\r\n")
    code, out, _ = run(capsys, "scores", "import", str(report_id), str(path), "--dry-run",
                       "--db", str(db))
    assert code == 0 and "E4\t-\t→\t50.00" in out and _scores(db, report_id).is_empty()
    code, out, _ = run(capsys, "scores", "import", str(report_id), str(path), "--db", str(db))
    assert code == 0 and "4" in out.splitlines()[-1]
    code, out, _ = run(capsys, "scores", "list", str(report_id), "--json", "--db", str(db))
    rows = json.loads(out)
    fw = framework()
    assert [r["item"] for r in rows] == [it.code for it in fw.items()]
    assert all(set(r) == {"item", "instrument", "indicator", "score", "below_pass",
                          "has_entry"} for r in rows)
    by = {r["item"]: r for r in rows}
    assert by["i8"] == {"item": "i8", "instrument": "IIT", "indicator": 2, "score": 73.34,
                        "below_pass": True, "has_entry": True}
    assert by["i9"]["score"] == 90.0 and by["i9"]["below_pass"] is False
    assert by["e4"]["below_pass"] is True and by["e4"]["has_entry"] is False
    assert by["o5"]["has_entry"] is True  # inside the demo's o1-o22 range
    assert by["i1"]["score"] is None and by["i1"]["below_pass"] is False
    assert isinstance(by["i8"]["score"], float)


def test_add_below_pass_creates_exactly_the_missing_entries(tmp_path: Path, capsys,
                                                            demo_db) -> None:
    db, report_id = demo_db
    fw = framework()
    # i8 (has an entry), i1/e4/o30 under the pass mark without one, i9 at the pass mark
    path = _write(tmp_path, "i8\t70\ni1\t84.99\ne4\t50\no30\t0\ni9\t85\n")
    run(capsys, "scores", "import", str(report_id), str(path), "--db", str(db))
    with Store.open(db) as store:
        before = [e.item for e in store.get_report(report_id).entries]
    code, out, _ = run(capsys, "entries", "add-below-pass", str(report_id), "--db", str(db))
    assert code == 0
    with Store.open(db) as store:
        report = store.get_report(report_id)
    added = [e for e in report.entries if e.item not in before]
    assert sorted(e.item for e in added) == ["e4", "i1", "o30"]
    i1 = next(e for e in added if e.item == "i1")
    assert i1.score == Decimal("84.99") and i1.item_text == fw.item("i1").text
    assert [e.item for e in report.entries].index("i1") == 0  # placed in framework order
    code, out, _ = run(capsys, "entries", "add-below-pass", str(report_id), "--db", str(db))
    assert code == 0 and "เพิ่ม 0 รายการ" in out  # idempotent
    with Store.open(db) as store:
        assert len(store.get_report(report_id).entries) == len(report.entries)


# ------------------------------------------------------------------ finalise check
def test_finalise_warns_about_weak_items_and_differing_scores(store: Store) -> None:
    report_id = create_demo(store)
    fw = framework()
    store.set_scores(report_id, {("item", "i8"): "60", ("item", "e4"): "50",
                                 ("item", "i9"): "95", ("item", "i17"): "84.40"})
    report = store.get_report(report_id)
    i17 = next(e for e in report.entries if e.item == "i17")
    problems = check_report(report, fw)
    weak = [p for p in problems if p.field == "scores"]
    # E4 has no entry; the demo's I17 has one without measures; I8's entry has measures
    assert len(weak) == 1 and "I๑๗, E๔" in weak[0].message and "I๘" not in weak[0].message
    differ = [p for p in problems if p.field == "score" and "ผลการประเมิน" in p.message]
    assert [p.entry_label for p in differ] == ["I8"]  # demo i8 says 73.34, the sheet 60
    assert i17.score is not None and not any(p.entry_id == i17.id for p in differ)
    store.add_entry(report_id, Entry(item="e4", issue="ประเด็น", measures=["มาตรการ"]))
    problems = check_report(store.get_report(report_id), fw)
    assert [p.message.count("E๔") for p in problems if p.field == "scores"] == [0]
    assert all(p.severity == "warning" for p in weak + differ)


def test_carry_keeps_the_sheet_for_12_months_not_for_next_year(store: Store) -> None:
    from ita_desktop.core.workflow.carry import carry_to_12_months, carry_to_next_year

    report_id = create_demo(store)
    store.set_scores(report_id, {("item", "o30"): "60", ("overall", ""): "80"})
    twelve = carry_to_12_months(store, report_id).report_id
    assert store.get_scores(twelve) == store.get_scores(report_id)
    next_year = carry_to_next_year(store, report_id).report_id  # ita-2568 has no o30
    assert store.get_scores(next_year).is_empty()


def test_add_below_pass_refused_on_a_final_report(tmp_path: Path, capsys, demo_db) -> None:
    db, report_id = demo_db
    run(capsys, "scores", "import", str(report_id), str(_write(tmp_path, "e4\t50\n")),
        "--db", str(db))
    with Store.open(db) as store:
        store.conn.execute("UPDATE reports SET status = 'final' WHERE id = ?", (report_id,))
        before = len(store.get_report(report_id).entries)
    code, _, err = run(capsys, "entries", "add-below-pass", str(report_id), "--db", str(db))
    assert code == 1 and "ฉบับสมบูรณ์" in err
    with Store.open(db) as store:
        assert len(store.get_report(report_id).entries) == before


def test_score_changes_are_in_the_audit_trail(store: Store) -> None:
    report_id = create_demo(store)
    store.set_scores(report_id, {("item", "i8"): "70", ("overall", ""): "80"}, "typed")
    store.set_scores(report_id, {("item", "i8"): "72.5", ("overall", ""): None},
                     {("item", "i8"): "pasted", ("overall", ""): "typed"})
    store.set_scores(report_id, {("item", "i8"): "72.50"}, "typed")  # the same: not logged
    found = [(e.action, e.entry_code, e.field, e.old_value, e.new_value, e.origin)
             for e in store.history(report_id) if e.action.startswith("score-")]
    assert found == [("score-added", "i8", "score", None, "70.00", "typed"),
                     ("score-added", "ITA", "score", None, "80.00", "typed"),
                     ("score-changed", "i8", "score", "70.00", "72.50", "pasted"),
                     ("score-removed", "ITA", "score", "80.00", None, "typed")]
    # the origin mark does not stay on later edits
    entry_id = store.get_report(report_id).entries[0].id
    store.update_entry(entry_id, issue="แก้ไข")
    assert store.history(report_id)[-1].origin == ""
    # a refused write logs nothing
    count = len(store.history(report_id))
    with pytest.raises(ItaError):
        store.set_scores(report_id, {("item", "i9"): "60", ("item", "i10"): "101"}, "pasted")
    assert len(store.history(report_id)) == count


def test_cli_import_is_marked_with_the_file_name(tmp_path: Path, capsys, demo_db) -> None:
    db, report_id = demo_db
    sheet = _xlsx(tmp_path / "คะแนน.xlsx", [["I8", 73.34]])
    code, _out, _err = run(capsys, "--db", str(db), "scores", "import", str(report_id),
                           str(sheet))
    assert code == 0
    with Store.open(db) as store:
        last = store.history(report_id)[-1]
    assert (last.action, last.entry_code, last.new_value, last.origin) == (
        "score-added", "i8", "73.34", "imported:คะแนน.xlsx")
