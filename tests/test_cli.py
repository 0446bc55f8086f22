"""The ``ita`` command line: demo, list, load, dump; errors on stderr, non-zero, nothing written."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ita_desktop.cli import main
from ita_desktop.core.store import Store

from .conftest import jpeg_bytes

DEMO_ROWS = ["i8", "i17", "e1", "e2", "e3", "e7", "e8", "e10", "e11", "e12", "e13", "e14",
             "e15", "o1-o22"]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def db_snapshot(path: Path) -> list:
    with Store.open(path) as store:
        return [(r.uuid, r.entry_count, r.photo_count) for r in store.list_reports()]


def test_demo_creates_the_example_report_with_all_rows(tmp_path: Path, capsys) -> None:
    db = tmp_path / "demo.sqlite"
    code, out, _ = run(capsys, "demo", "--db", str(db))
    assert code == 0
    report_id = int(out.strip())
    with Store.open(db) as store:
        report = store.get_report(report_id)
    assert report.agency == "สำนักงานเขตปทุมวัน" and report.parent == "กรุงเทพมหานคร"
    assert (report.fiscal_year, report.round.kind, report.framework) == (2567, "6m", "ita-2567")
    assert [e.item for e in report.entries] == DEMO_ROWS
    scores = {e.item: str(e.score) for e in report.entries}
    assert scores["i8"] == "73.34" and scores["o1-o22"] == "84.21" and scores["e14"] == "70.83"
    assert sum(len(e.photos) for e in report.entries) >= 5
    assert report.entries[0].item_text.startswith("ท่านรับรู้เกี่ยวกับงบประมาณ")
    assert len(report.entries[2].measures) == 3  # E1: ๑. ๒. ๓.


def test_demo_twice_gives_two_reports(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "demo.sqlite")
    assert run(capsys, "demo", "--db", db)[1] != run(capsys, "demo", "--db", db)[1]
    code, out, _ = run(capsys, "list", "--json", "--db", db)
    rows = json.loads(out)
    assert len(rows) == 2 and rows[0]["entries"] == 14


def test_list_empty_database_says_how_to_start(tmp_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "list", "--db", str(tmp_path / "empty.sqlite"))
    assert code == 0 and "ita demo" in out


def test_dump_load_round_trip_with_photos(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "a.sqlite")
    report_id = run(capsys, "demo", "--db", db)[1].strip()
    out_file = tmp_path / "export" / "report.json"
    out_file.parent.mkdir()
    assert run(capsys, "dump", report_id, "--db", db, "-o", str(out_file),
               "--photos", str(tmp_path / "export" / "photos"))[0] == 0
    first = json.loads(out_file.read_text(encoding="utf-8"))
    assert first["entries"][0]["photos"] == [] and first["entries"][1]["photos"][0]["file"]
    # into another database: photos are read from the files next to the JSON
    data = dict(first)
    del data["report"]["uuid"]
    out_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    db2 = str(tmp_path / "b.sqlite")
    code, out, err = run(capsys, "load", str(out_file), "--db", db2)
    assert code == 0, err
    second = json.loads(run(capsys, "dump", out.strip(), "--db", db2)[1])
    for key in ("uuid", "created_at"):
        first["report"].pop(key, None)
        second["report"].pop(key, None)
    assert [e["item"] for e in second["entries"]] == DEMO_ROWS
    for a, b in zip(first["entries"], second["entries"], strict=True):
        assert {k: v for k, v in a.items() if k != "photos"} == \
               {k: v for k, v in b.items() if k != "photos"}
        assert [p["caption"] for p in a["photos"]] == [p["caption"] for p in b["photos"]]


def test_thai_digit_score_dumps_normalised(tmp_path: Path, capsys) -> None:
    doc = {"format": "ita-report/1",
           "report": {"agency": "สำนักงานเขตทดสอบ", "parent": "กรุงเทพมหานคร",
                      "fiscal_year": "๒๕๖๗", "round": "6m", "framework": "ita-2567",
                      "digits": "thai"},
           "entries": [{"item": "E๑", "score": "๗๓.๓๔", "issue": "ประเด็น",
                        "measures": ["หนึ่ง", "สอง"], "result": "ผล",
                        "photos": [{"file": "p.jpg", "caption": "ภาพ"}]},
                       {"item": "O1 – O22", "score": 84.21, "issue": "", "measures": [],
                        "result": ""},
                       {"label": "รายการพิเศษ", "instrument": "OIT", "indicator": 10,
                        "issue": "x", "measures": [], "result": ""}]}
    (tmp_path / "p.jpg").write_bytes(jpeg_bytes())
    src = tmp_path / "r.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    db = str(tmp_path / "db.sqlite")
    code, out, err = run(capsys, "load", str(src), "--db", db)
    assert code == 0, err
    dumped = json.loads(run(capsys, "dump", out.strip(), "--db", db)[1])
    assert dumped["report"]["fiscal_year"] == 2567
    first, second, third = dumped["entries"]
    assert (first["item"], first["score"], first["instrument"], first["indicator"]) == \
        ("e1", 73.34, "EIT", 6)
    assert second["item"] == "o1-o22" and second["score"] == 84.21
    assert third["label"] == "รายการพิเศษ"
    assert first["item_text"]  # defaulted from the framework
    assert first["photos"][0]["caption"] == "ภาพ"


@pytest.mark.parametrize(("mutate", "words"), [
    (lambda d: d["entries"][0].update(score="๑๒๐"), "entries[0].score"),
    (lambda d: d["entries"][0].update(item="e99"), "e99"),
    (lambda d: d["entries"][0].update(measures="ไม่ใช่รายการ"), "entries[0].measures"),
    (lambda d: d["entries"][0].update(photos=[{"file": "missing.jpg"}]), "missing.jpg"),
    (lambda d: d["entries"][0].update(photos=[{"file": "bad.jpg"}]), "bad.jpg"),
    (lambda d: d["report"].update(round="9m"), "report.round"),
    (lambda d: d["report"].update(fiscal_year=2024), "พ.ศ."),
    (lambda d: d["report"].update(framework="ita-2599"), "ita-2599"),
    (lambda d: d.update(format="ita-report/2"), "ปรับปรุงโปรแกรม"),
    (lambda d: d["entries"][0].update(measure=["typo"]), "measure"),
    (lambda d: d["report"].pop("agency"), "agency"),
])
def test_load_refuses_bad_files_and_writes_nothing(tmp_path: Path, capsys, mutate,
                                                   words: str) -> None:
    db = tmp_path / "db.sqlite"
    run(capsys, "demo", "--db", str(db))
    before = db_snapshot(db)
    doc = {"format": "ita-report/1",
           "report": {"agency": "ก", "parent": "ข", "fiscal_year": 2567, "round": "6m",
                      "framework": "ita-2567", "digits": "thai"},
           "entries": [{"item": "e1", "score": "80", "issue": "x", "measures": ["m"],
                        "result": "r", "photos": [{"file": "ok.jpg", "caption": ""}]},
                       {"item": "e2", "issue": "y", "measures": [], "result": "",
                        "photos": [{"file": "ok2.jpg"}]}]}
    (tmp_path / "ok.jpg").write_bytes(jpeg_bytes(seed=1))
    (tmp_path / "ok2.jpg").write_bytes(jpeg_bytes(seed=2))
    (tmp_path / "bad.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    mutate(doc)
    src = tmp_path / "r.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "load", str(src), "--db", str(db))
    assert code == 1 and out == ""
    assert words in err, err
    assert err.startswith("ผิดพลาด:")
    assert db_snapshot(db) == before


def test_load_refuses_broken_json_with_the_line(tmp_path: Path, capsys) -> None:
    src = tmp_path / "r.json"
    src.write_text('{"format": "ita-report/1",\n "report": {,}}', encoding="utf-8")
    code, _, err = run(capsys, "load", str(src), "--db", str(tmp_path / "db.sqlite"))
    assert code == 1 and "บรรทัด 2" in err


def test_unknown_report_id(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "dump", "42", "--db", str(tmp_path / "db.sqlite"))
    assert code == 1 and "ไม่พบรายงานหมายเลข 42" in err


def test_installed_entry_point_runs() -> None:
    exe = shutil.which("ita", path=str(Path(sys.executable).parent))
    assert exe, "the `ita` script is installed with the package"
    result = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "ita" in result.stdout


def test_db_option_before_or_after_the_command(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "db.sqlite")
    report_id = run(capsys, "--db", db, "demo")[1].strip()
    assert run(capsys, "dump", report_id, "--db", db)[0] == 0
    code, out, _ = run(capsys, "--db", db, "list", "--json")
    assert code == 0 and len(json.loads(out)) == 1


def test_render_to_a_missing_folder_is_a_clear_refusal(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "db.sqlite")
    report_id = run(capsys, "demo", "--db", db)[1].strip()
    code, _, err = run(capsys, "render", report_id, "--db", db, "-o",
                       str(tmp_path / "no-such-folder" / "r.pdf"))
    assert code == 1 and "บันทึกไฟล์ไม่ได้" in err
    code, out, _ = run(capsys, "render", report_id, "--db", db, "-o", str(tmp_path / "r.pdf"))
    assert code == 0 and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
