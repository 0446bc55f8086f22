"""Text that cannot break anything: lone surrogates and control characters are refused at
every door (import, load, the store the window writes through) with a message naming the field;
terminal output escapes them; one bad package never stops a consolidation."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from ita_desktop.cli import main
from ita_desktop.core.base.errors import FormatError, ValidationError
from ita_desktop.core.exchange.report_json import read_report_file
from ita_desktop.core.exchange.spreadsheet import report_xlsx
from ita_desktop.core.package import build_package, import_package
from ita_desktop.core.package.consolidate import import_many, summarize
from ita_desktop.core.package.summary_xlsx import summary_xlsx
from ita_desktop.core.store import Store
from ita_desktop.core.text.safety import clean_text, find_bad_text, terminal_safe

from .conftest import make_report, snapshot
from .zips import resign

CONTROLS = {"VT": "\x0b", "FF": "\x0c", "NUL": "\x00", "ESC": "\x1b[31m", "U+FFFF": "\uffff",
            "DEL": "\x7f", "C1 CSI": "\x9b", "lone surrogate": "\ud800",
            "low surrogate": "\udfff"}


def _edit_report(data: bytes, change) -> bytes:  # noqa: ANN001
    """Edit report.json (and the manifest when asked) writing JSON with \\u escapes, so lone
    surrogates survive the encoding as they would in a hand-made package."""
    def apply(members: dict[str, bytes]) -> None:
        for name in ("report.json", "manifest.json"):
            doc = json.loads(members[name])
            if change(name, doc) is not False:
                members[name] = json.dumps(doc, ensure_ascii=True).encode()

    return resign(data, apply)


@pytest.fixture
def package(source_store: Store) -> bytes:
    report, photos = make_report(entries=2, photos=1)
    return build_package(source_store, source_store.create_report(report, photos),
                         pdf=False).data


@pytest.mark.parametrize("kind", list(CONTROLS))
@pytest.mark.parametrize("field", ["entries[1].result", "report.agency",
                                   "entries[0].photos[0].caption", "entries[0].measures[0]"])
def test_control_characters_and_lone_surrogates_are_refused_at_import(
        target: Store, package: bytes, kind: str, field: str) -> None:
    bad = CONTROLS[kind]

    def change(name: str, doc: dict) -> bool | None:
        if name != "report.json":
            return False
        if field == "report.agency":
            doc["report"]["agency"] += bad
        elif field == "entries[1].result":
            doc["entries"][1]["result"] = f"ผล{bad}การดำเนินการ"
        elif field == "entries[0].measures[0]":
            doc["entries"][0]["measures"][0] = bad
        else:
            doc["entries"][0]["photos"][0]["caption"] = f"ภาพ{bad}"
        return None

    before = snapshot(target)
    with pytest.raises(FormatError) as caught:
        import_package(target, _edit_report(package, change), "office.itapkg")
    assert snapshot(target) == before
    error = caught.value
    assert f"report.json: {field}" in error.text(), error.text()  # the field is named
    assert "อักขระ" in error.message and "—" in error.message
    assert f"U+{ord(bad[0]):04X}" in (error.english or "")
    assert bad[0] not in error.text()  # the message itself is safe to show


def test_control_character_in_the_manifest_is_refused(target: Store, package: bytes) -> None:
    def change(name: str, doc: dict) -> bool | None:
        if name != "manifest.json":
            return False
        doc["photos"][0]["original_name"] = "a\x1b]0;owned\x07.jpg"
        return None

    with pytest.raises(FormatError) as caught:
        import_package(target, _edit_report(package, change))
    assert "manifest.json: photos[0].original_name" in caught.value.text()


def test_tab_and_line_breaks_are_ordinary_text(target: Store, package: bytes) -> None:
    def change(name: str, doc: dict) -> bool | None:
        if name != "report.json":
            return False
        doc["entries"][0]["result"] = "บรรทัด 1\r\nบรรทัด 2\n\tย่อหน้า"
        return None

    outcome = import_package(target, _edit_report(package, change))
    assert target.get_report(outcome.report_id).entries[0].result.startswith("บรรทัด 1\r\n")


@pytest.mark.parametrize("kind", ["ESC", "lone surrogate", "U+FFFF"])
def test_refused_at_load(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "report.json"
    path.write_text(json.dumps({"format": "ita-report/1", "report": {
        "agency": "สำนักงานเขตปทุมวัน", "fiscal_year": 2567, "round": "6m",
        "framework": "ita-2567"}, "entries": [{"item": "i1", "result": CONTROLS[kind]}]},
        ensure_ascii=True), encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        read_report_file(path)
    assert "entries[0].result" in caught.value.text()


@pytest.mark.parametrize("kind", ["ESC", "NUL", "lone surrogate", "U+FFFF"])
def test_refused_by_the_store_the_window_writes_through(source_store: Store, kind: str) -> None:
    report, photos = make_report(entries=2, photos=1)
    report_id = source_store.create_report(report, photos)
    stored = source_store.get_report(report_id)
    entry = stored.entries[0]
    before = snapshot(source_store)
    bad = f"ข้อความ{CONTROLS[kind]}"
    for call, field in [
            (lambda: source_store.update_entry(entry.id, result=bad), "result"),
            (lambda: source_store.update_entry(entry.id, measures=["ok", bad]), "measures[1]"),
            (lambda: source_store.update_report(report_id, agency=bad), "agency"),
            (lambda: source_store.update_photo(entry.photos[0].id, caption=bad), "caption")]:
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.field == field and "อักขระ" in caught.value.message
    assert snapshot(source_store) == before
    report.uuid, report.id = "another", None
    report.entries[1].issue = bad
    with pytest.raises(ValidationError) as caught:
        source_store.create_report(report, photos)
    assert caught.value.field == "entries[1].issue"


def test_data_stored_before_the_checks_still_exports_to_xlsx(source_store: Store) -> None:
    """A database written before the checks may hold such text: files are still written
    (the characters replaced), never a crash."""
    report, photos = make_report(entries=2, photos=1)
    report_id = source_store.create_report(report, photos)
    source_store.conn.execute("UPDATE entries SET result = ? WHERE report_id = ?",
                              ("ผล\x1b[2J\x0b\x00", report_id))  # (SQLite cannot hold
    # a lone surrogate: that is why it crashed the import before it was refused)
    data = report_xlsx(source_store.get_report(report_id))
    book = openpyxl.load_workbook(__import__("io").BytesIO(data))
    assert book["รายการ"]["O2"].value == "ผล\ufffd[2J\ufffd\ufffd"


def test_helpers() -> None:
    assert clean_text("ok\x1b") == "ok\ufffd" and clean_text("ปกติ\n") == "ปกติ\n"
    assert find_bad_text({"a": [{"b": "x"}, {"c": "y\x0c"}]}) == ("a[1].c", "\x0c")
    assert find_bad_text({"k\x00": 1}) is not None and find_bad_text({"a": ["ok\t"]}) is None
    assert terminal_safe("a\x1b[31mb\tc\u202ed\ud800") == "a\\x1b[31mb\\x09c\\u202ed\\ud800"


# ------------------------------------------------------------------ terminal and consolidation
def run(capsys, *args: object) -> tuple[int, str, str]:  # noqa: ANN001
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_ita_list_and_import_escape_control_characters(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    db = tmp_path / "a.sqlite"
    with Store.open(db) as store:
        report, photos = make_report(entries=1, photos=0)
        report_id = store.create_report(report, photos)
        data = build_package(store, report_id, pdf=False).data
        # a database written before the checks existed
        store.conn.execute("UPDATE reports SET agency = ? WHERE id = ?",
                           ("เขต\x1b]0;pwned\x07\x1b[2J", report_id))
    code, out, err = run(capsys, "list", "--db", db)
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert "เขต\\x1b]0;pwned\\x07\\x1b[2J" in out
    evil = tmp_path / "evil\x1b[2J.itapkg"
    evil.write_bytes(data)
    code, out, err = run(capsys, "import", evil, "--db", tmp_path / "b.sqlite")
    assert code == 0 and "\x1b" not in out + err and "evil\\x1b[2J.itapkg" in out


def test_consolidation_of_50_packages_with_one_bad(tmp_path: Path, target: Store) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    with Store.open(tmp_path / "offices.sqlite") as store:
        for n in range(50):
            report, photos = make_report(agency=f"สำนักงานที่ {n:02d}", entries=1, photos=0, seed=n)
            data = build_package(store, store.create_report(report, photos), pdf=False).data
            if n == 17:  # one office's package holds a lone surrogate and control characters
                data = _edit_report(data, lambda name, doc: None if name == "report.json"
                                    and doc["entries"][0].update(result="\ud800\x0b\x1b")
                                    is None else False)
            (folder / f"{n:02d}.itapkg").write_bytes(data)
    files = sorted(folder.iterdir())
    results = import_many(target, files)
    assert [r.path.name for r in results if not r.ok] == ["17.itapkg"]
    bad = next(r for r in results if not r.ok)
    assert "entries[0].result" in bad.message and "17.itapkg" in bad.message
    summary = summarize(target, [r.report_id for r in results if r.ok and r.report_id])
    assert len(summary.sent) == 49
    book = openpyxl.load_workbook(__import__("io").BytesIO(summary_xlsx(summary, results)))
    files_sheet = list(book["ไฟล์ที่นำเข้า"].iter_rows(values_only=True))
    assert [r[0] for r in files_sheet if r[1] == "ไม่นำเข้า"] == ["17.itapkg"]


def test_cli_consolidate_good_bad_good2_does_not_abort(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    paths = []
    with Store.open(tmp_path / "offices.sqlite") as store:
        for n, agency in enumerate(["สำนักงานเขตปทุมวัน", "สำนักงานเขตบางรัก", "สำนักงานเขตสาทร"]):
            report, photos = make_report(agency=agency, entries=2, photos=1, seed=n)
            data = build_package(store, store.create_report(report, photos), pdf=False).data
            if n == 1:
                data = _edit_report(data, lambda name, doc: None if name == "report.json"
                                    and doc["report"].update(parent="\ud800") is None else False)
            paths.append(tmp_path / ["good", "bad", "good2"][n])
            paths[-1].write_bytes(data)
    out_xlsx = tmp_path / "summary.xlsx"
    code, out, err = run(capsys, "consolidate", *paths, "-o", out_xlsx,
                         "--db", tmp_path / "upper.sqlite")
    assert code == 1  # one file refused
    assert "bad" in err and "report.parent" in err and "Traceback" not in err
    assert "ส่งแล้ว 2 หน่วยงาน" in out and "ไม่นำเข้า 1 ไฟล์" in out
    offices = [r[0] for r in openpyxl.load_workbook(out_xlsx)["หน่วยงาน"].iter_rows(
        min_row=2, values_only=True)]
    assert offices == ["สำนักงานเขตปทุมวัน", "สำนักงานเขตสาทร"]


def test_the_fast_search_finds_exactly_the_bad_characters() -> None:
    """``bad_char`` (one regular expression) and ``_is_bad`` (the rule, per character) agree on
    every character of the Basic Multilingual Plane and on every plane's noncharacters."""
    from ita_desktop.core.text import safety as textsafety

    codes = [*range(0x10000), *(p << 16 | 0xFFFE for p in range(17)),
             *(p << 16 | 0xFFFF for p in range(17)), 0x10000, 0x1F600, 0x10FFFD]
    wrong = [hex(c) for c in codes
             if (textsafety.bad_char(f"ก{chr(c)}") is not None) != textsafety._is_bad(chr(c))]
    assert not wrong
