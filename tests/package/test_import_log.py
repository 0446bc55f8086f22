"""A second consolidation run reads only new or changed packages (content hash)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ita_desktop.core.package import build_package
from ita_desktop.core.package import reader as reader_module
from ita_desktop.core.package.consolidate import import_many, package_files
from ita_desktop.core.store import Store
from ita_desktop.core.workflow.finalise import finalise_report

from .conftest import make_report

OFFICES = ["สำนักงานเขตปทุมวัน", "สำนักงานเขตบางรัก", "สำนักงานเขตสาทร"]


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    with Store.open(tmp_path / "offices.sqlite") as store:
        for n, agency in enumerate(OFFICES):
            report, photos = make_report(agency=agency, seed=n, entries=2, photos=1)
            data = build_package(store, store.create_report(report, photos), pdf=False).data
            (folder / f"{n}.itapkg").write_bytes(data)
    return folder


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = reader_module.read_package_file

    def spy(path):  # type: ignore[no-untyped-def]
        reads.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(reader_module, "read_package_file", spy)
    return reads


def test_second_run_reads_only_new_packages(inbox: Path, target: Store, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    reads = count_reads(monkeypatch)
    first = import_many(target, package_files([inbox]))
    assert [r.status for r in first] == ["imported"] * 3 and len(reads) == 3
    with Store.open(tmp_path / "offices.sqlite") as store:  # a 4th office sends later
        report, photos = make_report(agency="สำนักงานเขตบางกอกน้อย", seed=9, entries=2, photos=1)
        (inbox / "3.itapkg").write_bytes(
            build_package(store, store.create_report(report, photos), pdf=False).data)
    reads.clear()
    second = import_many(target, package_files([inbox]))
    assert reads == ["3.itapkg"]
    assert [r.status for r in second] == ["unchanged"] * 3 + ["imported"]
    assert [r.report_id for r in second[:3]] == [r.report_id for r in first]
    assert "มีอยู่แล้ว" in second[0].message and second[0].agency == OFFICES[0]


def test_copied_or_touched_file_is_known_by_its_content(inbox: Path, target: Store,
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    reads = count_reads(monkeypatch)
    import_many(target, package_files([inbox]))
    other = tmp_path / "usb"
    other.mkdir()
    shutil.copy(inbox / "0.itapkg", other / "renamed.itapkg")
    os.utime(inbox / "1.itapkg", ns=(1, 1))
    reads.clear()
    results = import_many(target, [other / "renamed.itapkg", inbox / "1.itapkg"])
    assert reads == [] and [r.status for r in results] == ["unchanged", "unchanged"]


def test_changed_content_is_imported_again(inbox: Path, target: Store, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import_many(target, package_files([inbox]))
    with Store.open(tmp_path / "offices.sqlite") as store:  # the office sends a new revision
        first = next(r for r in store.list_reports() if r.agency == OFFICES[0])
        finalise_report(store, first.id)
        store.reopen(first.id, "แก้ไขคะแนน")
        store.update_report(first.id, title="ฉบับแก้ไข")
        (inbox / "0.itapkg").write_bytes(build_package(store, first.id, pdf=False).data)
    reads = count_reads(monkeypatch)
    results = import_many(target, package_files([inbox]))
    assert reads == ["0.itapkg"]
    assert [r.status for r in results] == ["replaced", "unchanged", "unchanged"]


def test_a_deleted_report_is_imported_again(inbox: Path, target: Store,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    first = import_many(target, package_files([inbox]))
    target.delete_report(first[1].report_id)  # type: ignore[arg-type]
    reads = count_reads(monkeypatch)
    again = import_many(target, package_files([inbox]))
    assert reads == ["1.itapkg"] and again[1].status == "imported"
    assert len(target.list_reports()) == 3


def test_refused_files_are_checked_again_each_time(inbox: Path, target: Store,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (inbox / "9-broken.itapkg").write_bytes(b"not a package")
    import_many(target, package_files([inbox]))
    reads = count_reads(monkeypatch)
    results = import_many(target, package_files([inbox]))
    assert reads == ["9-broken.itapkg"] and results[-1].status == "refused"
    assert target.conn.execute("SELECT COUNT(*) FROM package_imports").fetchone()[0] == 3


def test_cancel_stops_between_files_and_keeps_what_is_done(inbox: Path, target: Store) -> None:
    done: list[int] = []
    results = import_many(target, package_files([inbox]),
                          progress=lambda n, total, path: done.append(n),
                          cancelled=lambda: len(done) >= 2)
    assert [r.status for r in results] == ["imported", "imported"]
    assert len(target.list_reports()) == 2
    rest = import_many(target, package_files([inbox]))  # the next run finishes the job
    assert [r.status for r in rest] == ["unchanged", "unchanged", "imported"]
