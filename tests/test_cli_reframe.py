"""``ita reframe REPORT_ID --to FRAMEWORK_ID``: the plan in Thai and English, refused (exit 1,
nothing changed) while an item not in the new framework has no decision."""

from __future__ import annotations

from pathlib import Path

import pytest

from ita_desktop.cli import main
from ita_desktop.core.store import Store
from tests.reframe_fixtures import install_versions, sample_report


@pytest.fixture
def db(tmp_path: Path) -> Path:
    install_versions()
    path = tmp_path / "cli.sqlite"
    with Store.open(path) as store:
        store.create_report(sample_report())
    return path


def state(db: Path) -> tuple[object, ...]:
    with Store.open(db) as store:
        report = store.get_report(1)
        return report.framework, [vars(e) for e in report.entries], report.scores


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "reframe", "1", "--to", "ita-2570.2", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_dry_run_prints_the_plan_in_thai_and_english(db: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    before = state(db)
    code, out, err = run(db, capsys, "--dry-run")
    assert code == 1  # O2 is gone and nothing says what to do with it
    assert "ย้ายรายงาน 1 จากกรอบ ita-2570 ไป ita-2570.2" in out and "moving report 1" in out
    assert "O3\tเปลี่ยนรหัสข้อ / renamed\t→ O2" in out
    assert "O1 - O4\tเปลี่ยนรหัสข้อ / renamed\t→ O1 - O3" in out
    assert "I2\tถ้อยคำหรือตัวชี้วัดเปลี่ยน / reworded\t“ข้อสอง” → “ข้อสองฉบับปรับปรุง”" in out
    assert "O2\tไม่มีในกรอบใหม่ / gone" in out
    assert "คะแนน / score O2 50.00" in out
    assert "ผิดพลาด:" in err and "error: not in ita-2570.2: O2" in err
    code, out, _err = run(db, capsys, "--dry-run", "--keep-gone", "--drop-gone")
    assert code == 0 and "the move would go through" in out
    assert state(db) == before


def test_refused_without_a_decision_and_nothing_changed(db: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    before = state(db)
    code, _out, err = run(db, capsys)
    assert code == 1 and "nothing was changed" in err
    code, _out, err = run(db, capsys, "--keep-gone")  # the score of O2 is still undecided
    assert code == 1 and "คะแนน O2" in err
    code, _out, err = run(db, capsys, "--map", "O9=O1")
    assert code == 1 and "O9" in err
    code, _out, err = run(db, capsys, "--map", "O2")
    assert code == 1 and "OLD=NEW" in err
    assert main(["--db", str(db), "reframe", "1", "--to", "ita-2999"]) == 1
    assert "ita-2999" in capsys.readouterr().err
    assert state(db) == before


def test_keep_and_drop(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(db, capsys, "--keep-gone", "--drop-gone")
    assert code == 0, out
    assert "kept as own rows 1" in out and "0 entries, 1 scores" in out
    framework, entries, scores = state(db)
    assert framework == "ita-2570.2" and len(entries) == 6
    assert "o2" in scores.items and scores.items["o2"] == 60  # old o3's score
    code, _out, err = run(db, capsys)  # already there
    assert code == 1 and "อยู่แล้ว" in err


def test_map(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(db, capsys, "--map", "o2=o3")
    assert code == 0, out
    _framework, entries, scores = state(db)
    assert [e["item"] for e in entries if e["issue"] == "ประเด็น o2"] == ["o3"]
    assert scores.items["o3"] == 50
