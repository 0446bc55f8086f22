"""``ita export / import / consolidate / xlsx / csv``: exit codes, messages, nothing written
on refusal."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ita_desktop.cli import main
from ita_desktop.core.package import build_package
from ita_desktop.core.store import Store

from .conftest import fake_pdf, make_report, snapshot
from .zips import members_of, rezip


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def source_db(tmp_path: Path) -> tuple[Path, int]:
    db = tmp_path / "office.sqlite"
    with Store.open(db) as store:
        report, photos = make_report()
        return db, store.create_report(report, photos)


def test_export_then_import(tmp_path: Path, capsys, source_db) -> None:
    db, report_id = source_db
    target = tmp_path / "out.itapkg"
    code, out, err = run(capsys, "export", report_id, "-o", target, "--db", db, "--no-pdf")
    assert code == 0, err
    assert out.startswith(str(target)) and "MB" in out
    assert "report.pdf" not in zipfile.ZipFile(target).namelist()
    upper = tmp_path / "upper.sqlite"
    code, out, err = run(capsys, "import", target, "--db", upper)
    assert code == 0, err and "นำเข้า" in out
    code, out, err = run(capsys, "import", target, "--db", upper)
    assert code == 0 and "มีอยู่แล้ว" in out


def test_export_with_pdf_into_a_folder_uses_the_suggested_name(tmp_path: Path, capsys,
                                                               source_db) -> None:
    db, report_id = source_db
    folder = tmp_path / "usb"
    folder.mkdir()
    code, out, err = run(capsys, "export", report_id, "-o", folder, "--db", db)
    assert code == 0, err
    written = folder / "สำนักงานเขตปทุมวัน-2567-6m.itapkg"
    assert "report.pdf" in zipfile.ZipFile(written).namelist()
    assert not list(folder.glob("*.part"))


def test_export_unknown_report_writes_nothing(tmp_path: Path, capsys, source_db) -> None:
    db, _ = source_db
    target = tmp_path / "x.itapkg"
    code, _, err = run(capsys, "export", "99", "-o", target, "--db", db)
    assert code == 1 and "ไม่พบรายงาน" in err and not target.exists()


def test_export_into_a_missing_folder_is_a_refusal(tmp_path: Path, capsys, source_db) -> None:
    db, report_id = source_db
    code, _, err = run(capsys, "export", report_id, "-o", tmp_path / "no" / "x.itapkg",
                       "--db", db, "--no-pdf")
    assert code == 1 and "บันทึกไฟล์ไม่ได้" in err


def test_import_refusal_exits_1_and_writes_nothing(tmp_path: Path, capsys, source_db) -> None:
    db, report_id = source_db
    with Store.open(db) as store:
        data = build_package(store, report_id, pdf=fake_pdf).data
    bad = tmp_path / "bad.itapkg"
    bad.write_bytes(rezip([*members_of(data), ("../evil", b"x")]))
    upper = tmp_path / "upper.sqlite"
    with Store.open(upper) as store:
        before = snapshot(store)
    code, out, err = run(capsys, "import", bad, "--db", upper)
    assert code == 1 and "ผิดพลาด" in err and "ออกนอกแพ็กเกจ" in err and "error:" in err
    with Store.open(upper) as store:
        assert snapshot(store) == before


def test_import_conflict_needs_a_choice(tmp_path: Path, capsys) -> None:
    db = tmp_path / "offices.sqlite"
    files = []
    with Store.open(db) as store:
        for seed in (1, 2):
            report, photos = make_report(seed=seed)
            data = build_package(store, store.create_report(report, photos), pdf=False).data
            files.append(tmp_path / f"r{seed}.itapkg")
            files[-1].write_bytes(data)
    upper = tmp_path / "upper.sqlite"
    assert run(capsys, "import", files[0], "--db", upper)[0] == 0
    code, _, err = run(capsys, "import", files[1], "--db", upper)
    assert code == 1 and "--replace" in err and "--keep-both" in err
    assert run(capsys, "import", files[1], "--db", upper, "--keep-both")[0] == 0
    with Store.open(upper) as store:
        assert len(store.list_reports()) == 2
    with pytest.raises(SystemExit) as exited:  # argparse: the two choices exclude each other
        main(["import", str(files[0]), "--db", str(upper), "--replace", "--keep-both"])
    assert exited.value.code == 2


def test_xlsx_and_csv(tmp_path: Path, capsys, source_db) -> None:
    db, report_id = source_db
    assert run(capsys, "xlsx", report_id, "-o", tmp_path / "r.xlsx", "--db", db)[0] == 0
    assert run(capsys, "csv", report_id, "-o", tmp_path / "r.csv", "--db", db)[0] == 0
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "r.xlsx").read_bytes().startswith(b"PK")


def test_consolidate_folder_with_expected_list(tmp_path: Path, capsys) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with Store.open(tmp_path / "offices.sqlite") as store:
        for n, agency in enumerate(["สำนักงานเขตปทุมวัน", "สำนักงานเขตบางรัก"]):
            report, photos = make_report(agency=agency, seed=n)
            data = build_package(store, store.create_report(report, photos), pdf=False).data
            (inbox / f"{n}.itapkg").write_bytes(data)
    (inbox / "broken.itapkg").write_bytes(b"PK\x03\x04 broken")
    (inbox / "notes.txt").write_text("ignored")
    expected = tmp_path / "offices.txt"
    expected.write_text("สำนักงานเขตปทุมวัน\nสำนักงานเขตบางรัก\nสำนักงานเขตสาทร\n", encoding="utf-8")
    code, out, err = run(capsys, "consolidate", inbox, "-o", tmp_path / "sum.xlsx",
                         "--expected", expected, "--db", tmp_path / "upper.sqlite", "--progress")
    assert code == 1  # one file refused
    assert "broken.itapkg" in err and "[3/3]" in err
    assert "ส่งแล้ว 2 หน่วยงาน" in out and "ยังไม่ส่ง 1 หน่วยงาน" in out
    assert (tmp_path / "sum.xlsx").exists()


def test_consolidate_nothing_found(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "consolidate", tmp_path, "-o", tmp_path / "s.xlsx",
                       "--db", tmp_path / "u.sqlite")
    assert code == 1 and ".itapkg" in err and not (tmp_path / "s.xlsx").exists()


def test_consolidate_bad_expected_file_imports_nothing(tmp_path: Path, capsys, source_db
                                                       ) -> None:
    db, report_id = source_db
    with Store.open(db) as store:
        (tmp_path / "a.itapkg").write_bytes(build_package(store, report_id, pdf=False).data)
    upper = tmp_path / "upper.sqlite"
    code, _, err = run(capsys, "consolidate", tmp_path / "a.itapkg", "-o", tmp_path / "s.xlsx",
                       "--expected", tmp_path / "missing.txt", "--db", upper)
    assert code == 1 and "รายชื่อหน่วยงาน" in err
    with Store.open(upper) as store:
        assert store.list_reports() == []
