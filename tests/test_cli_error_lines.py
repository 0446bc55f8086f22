"""Every refusal on the command line reads in Thai and in English, and names a file once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ita_desktop.cli import main


def test_render_of_a_word_says_it_in_english_too(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--db", str(tmp_path / "t.db"), "render", "abc", "-o", str(tmp_path / "x.pdf")])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "“abc” ไม่ใช่หมายเลขรายงาน" in err
    assert "error: “abc” is not a report number (see: ita list)" in err
    assert not (tmp_path / "x.pdf").exists()


def test_load_with_an_unknown_key_has_an_english_line(tmp_path: Path, capsys) -> None:
    source = tmp_path / "u.json"
    source.write_text(json.dumps({"format": "ita-report/1", "bogus": 1}), encoding="utf-8")
    assert main(["--db", str(tmp_path / "t.db"), "load", str(source)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("ผิดพลาด: ") and "bogus" in lines[0]
    assert lines[1].startswith("error: ") and "unknown keys: bogus" in lines[1]
    assert main(["--db", str(tmp_path / "t.db"), "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_import_error_names_the_file_once(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "ส่งเขต"
    folder.mkdir()
    bad = folder / "x.itapkg"
    bad.write_bytes(b"garbage")
    assert main(["--db", str(tmp_path / "t.db"), "import", str(bad)]) == 1
    first = capsys.readouterr().err.splitlines()[0]
    assert first.startswith(f"ผิดพลาด: {bad}: ")
    assert first.count("x.itapkg") == 1, first
