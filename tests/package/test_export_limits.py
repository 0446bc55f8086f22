"""The exporter checks what the importer accepts: a package the import would refuse is refused
at export with the reason and the fix. Both sides read the same limits (``layout``), so each
test lowers one limit and shows that the import refuses what the export now refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from ita_desktop.cli import main
from ita_desktop.core.base.errors import FormatError
from ita_desktop.core.package import build_package, import_package, layout
from ita_desktop.core.package.exportcheck import ExportRefused
from ita_desktop.core.store import Store

from .conftest import fake_pdf, make_report, snapshot
from .zips import members_of


def _both_refuse(source_store: Store, report_id: int, target: Store, monkeypatch,  # noqa: ANN001
                 name: str, value: object) -> ExportRefused:
    data = build_package(source_store, report_id, pdf=fake_pdf).data  # within the limits
    monkeypatch.setattr(layout, name, value)
    before = snapshot(target)
    with pytest.raises(FormatError):  # the import refuses it now...
        import_package(target, data)
    assert snapshot(target) == before
    with pytest.raises(ExportRefused) as caught:  # ...so the export refuses to write it
        build_package(source_store, report_id, pdf=fake_pdf)
    error = caught.value
    assert error.message.startswith("ส่งออกไม่ได้") and "—" in error.message  # reason — fix
    return error


def test_package_size(source_store: Store, report_id: int, target: Store, monkeypatch) -> None:  # noqa: ANN001
    size = len(build_package(source_store, report_id, pdf=fake_pdf).data)
    error = _both_refuse(source_store, report_id, target, monkeypatch, "MAX_PACKAGE_BYTES",
                         size - 1)
    assert "ขนาด" in error.message and "ย่อภาพ" in error.message  # the fix: recompress


def test_photo_count(source_store: Store, report_id: int, target: Store, monkeypatch) -> None:  # noqa: ANN001
    error = _both_refuse(source_store, report_id, target, monkeypatch, "MAX_MEMBERS", 6)
    assert "ภาพ 3 ภาพ" in error.message and "ไม่เกิน 1 ภาพ" in error.message
    assert "แบ่งรายการ" in error.message


def test_member_size(source_store: Store, report_id: int, target: Store, monkeypatch) -> None:  # noqa: ANN001
    limits = dict(layout.MAX_MEMBER_BYTES, photo=1000)
    error = _both_refuse(source_store, report_id, target, monkeypatch, "MAX_MEMBER_BYTES",
                         limits)
    assert "photos/" in error.message and "ย่อภาพ" in error.message


def test_total_size(source_store: Store, report_id: int, target: Store, monkeypatch) -> None:  # noqa: ANN001
    total = sum(len(blob) for _, blob in members_of(
        build_package(source_store, report_id, pdf=fake_pdf).data))
    error = _both_refuse(source_store, report_id, target, monkeypatch, "MAX_TOTAL_BYTES",
                         total - 1)
    assert "รวม" in error.message


def test_a_very_repetitive_text_is_not_taken_for_a_zip_bomb(source_store: Store, target: Store
                                                             ) -> None:
    report, photos = make_report(entries=2, photos=1)
    cell = "ดำเนินการตามมาตรการครบถ้วน " * 740  # at the 20,000-character cell limit
    for entry in report.entries:  # ~3.5 MB in all that deflates about 1000×
        entry.result = cell
        entry.measures = [cell] * 30
    report_id = source_store.create_report(report, photos)
    built = build_package(source_store, report_id, pdf=fake_pdf)
    outcome = import_package(target, built.data)  # before: "compression ratio too high"
    assert outcome.status == "imported"
    assert [(e.result, e.measures) for e in target.get_report(outcome.report_id).entries] == [
        (e.result, e.measures) for e in report.entries]


def test_text_the_import_refuses(source_store: Store, report_id: int) -> None:
    """A database written before the text checks may hold a control character."""
    source_store.conn.execute("UPDATE entries SET issue = 'ประเด็น\x1b[2J' WHERE id = "
                              "(SELECT MIN(id) FROM entries)")
    with pytest.raises(ExportRefused) as caught:
        build_package(source_store, report_id, pdf=fake_pdf)
    assert "entries[0].issue" in caught.value.message and "U+001B" in caught.value.message


def test_cli_export_refused_writes_nothing(tmp_path: Path, capsys, monkeypatch) -> None:  # noqa: ANN001
    db = tmp_path / "office.sqlite"
    with Store.open(db) as store:
        report, photos = make_report()
        report_id = store.create_report(report, photos)
    monkeypatch.setattr(layout, "MAX_PACKAGE_BYTES", 10_000)
    target = tmp_path / "out.itapkg"
    code = main(["export", str(report_id), "-o", str(target), "--db", str(db), "--no-pdf"])
    out, err = capsys.readouterr()
    assert code == 1 and not target.exists() and not out
    assert "ส่งออกไม่ได้" in err and "--recompress" in err
