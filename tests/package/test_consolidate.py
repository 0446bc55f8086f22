"""Consolidation: many packages in, per-file results with progress, the offices × items
summary, the expected-offices list and the consolidated PDF."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ita_desktop.core.base.errors import FormatError
from ita_desktop.core.package import build_package
from ita_desktop.core.package.consolidate import (
    import_many,
    package_files,
    parse_expected,
    read_expected,
    summarize,
)
from ita_desktop.core.store import Store

from .conftest import make_report

OFFICES = ["สำนักงานเขตปทุมวัน", "สำนักงานเขตบางรัก", "สำนักงานเขตสาทร"]


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    with Store.open(tmp_path / "offices.sqlite") as store:
        for n, agency in enumerate(OFFICES):
            report, photos = make_report(agency=agency, seed=n, entries=4 + n)
            data = build_package(store, store.create_report(report, photos), pdf=False).data
            (folder / f"{n}-{agency}.ITAPKG").write_bytes(data)
    (folder / "z-broken.itapkg").write_bytes(b"not a package")
    (folder / "readme.txt").write_text("x")
    return folder


def test_package_files_lists_packages_in_folders(inbox: Path, tmp_path: Path) -> None:
    files = package_files([inbox, tmp_path / "single.itapkg"])
    assert [f.name for f in files][-2:] == ["z-broken.itapkg", "single.itapkg"]
    assert len(files) == 5


def test_import_many_reports_each_file_and_progress(inbox: Path, target: Store) -> None:
    seen: list[tuple[int, int, str]] = []
    results = import_many(target, package_files([inbox]),
                          progress=lambda done, total, path: seen.append((done, total, path.name)))
    assert [r.status for r in results] == ["imported", "imported", "imported", "refused"]
    assert "zip" in results[-1].message and results[-1].report_id is None
    assert [s[:2] for s in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    again = import_many(target, package_files([inbox]))
    assert [r.status for r in again][:3] == ["unchanged"] * 3


def test_import_many_can_be_cancelled(inbox: Path, target: Store) -> None:
    results = import_many(target, package_files([inbox]), cancelled=lambda: True)
    assert results == [] and target.list_reports() == []


def test_summary_offices_items_and_missing(inbox: Path, target: Store) -> None:
    results = import_many(target, package_files([inbox]))
    summary = summarize(target, [r.report_id for r in results if r.ok],
                        [*OFFICES[:2], "สำนักงานเขตบางนา"])
    states = {o.agency: o.state for o in summary.offices}
    assert states == {"สำนักงานเขตปทุมวัน": "sent", "สำนักงานเขตบางรัก": "sent",
                      "สำนักงานเขตสาทร": "unexpected", "สำนักงานเขตบางนา": "missing"}
    assert [o.agency for o in summary.missing] == ["สำนักงานเขตบางนา"]
    first = next(o for o in summary.offices if o.agency == OFFICES[0])
    assert (first.entries, first.photos, first.without_result) == (4, 3, 1)
    assert first.mean_score == Decimal("71.68")  # (70.00 + 72.02 + 73.03) / 3
    assert len(summary.rows) == 4 + 5 + 6
    assert [c.code for c in summary.items][:2] == ["I1", "I2"] and len(summary.items) == 6
    assert summary.scores[OFFICES[0]]["I1"] == Decimal("70.00")
    assert summary.scores[OFFICES[0]]["I2"] is None
    assert summary.rounds == ["ปีงบประมาณ 2567 รอบ 6 เดือนแรก"]


def test_expected_list_parsing(tmp_path: Path) -> None:
    text = "\ufeff# สำนักงานเขต\nสำนักงานเขตปทุมวัน\n\n  สำนักงานเขต\u200bบางรัก  \nสำนักงานเขตปทุมวัน\n"
    assert parse_expected(text) == ["สำนักงานเขตปทุมวัน", "สำนักงานเขตบางรัก"]
    path = tmp_path / "cp874.txt"
    path.write_bytes("สำนักงานเขตสาทร\r\n".encode("cp874"))
    assert read_expected(path) == ["สำนักงานเขตสาทร"]
    with pytest.raises(FormatError, match="รายชื่อหน่วยงาน"):
        read_expected(tmp_path / "missing.txt")


def test_consolidated_pdf_has_the_summary_then_each_report(inbox: Path, target: Store) -> None:
    pymupdf = pytest.importorskip("pymupdf")
    from ita_desktop.core.package.summary_pdf import summary_pdf

    results = import_many(target, package_files([inbox]))
    summary = summarize(target, [r.report_id for r in results if r.ok],
                        [*OFFICES, "สำนักงานเขตบางนา"])
    done: list[str] = []
    data = summary_pdf(summary, target, progress=lambda n, total, agency: done.append(agency))
    assert done == OFFICES
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        first = doc[0].get_text()
        assert "สรุปการรายงานผล" in first and "สำนักงานเขตบางนา" in first and "ยังไม่ส่ง" in first
        toc = [title for _, title, _ in doc.get_toc()]
        assert toc == ["สรุป", *OFFICES]
        assert doc.page_count >= 4
        rest = "".join(doc[p].get_text() for p in range(1, doc.page_count)).replace("\n", "")
        assert "สำนักงานเขตบางรัก" in rest and "สำนักงานเขตสาทร" in rest
