"""Package fixtures: a small stored report with photos, and its package."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from ita_desktop.core.package import build_package
from ita_desktop.core.photos.intake import process_photo
from ita_desktop.core.report.model import Entry, Person, PhotoRef, Report, Round
from ita_desktop.core.store import Store

from ..conftest import jpeg_bytes

FAKE_PDF = b"%PDF-1.4\n% test stand-in for the printed report\n%%EOF\n"


def fake_pdf(report: object, store: object) -> bytes:
    return FAKE_PDF


def make_report(agency: str = "สำนักงานเขตปทุมวัน", entries: int = 4, photos: int = 3,
                seed: int = 0, kind: str = "6m") -> tuple[Report, dict]:
    from ita_desktop.core.framework.catalog import load_framework

    fw = load_framework("ita-2567")
    items = [it for it in fw.items()][:entries]
    processed = [process_photo(jpeg_bytes(96 + n, 72, (n * 40 % 256, 90, 120), seed=seed * 100 + n),
                               f"ภาพ{n}.jpg") for n in range(photos)]
    report = Report(agency=agency, parent="กรุงเทพมหานคร", fiscal_year=2567,
                    round=Round.standard(kind, 2567), framework="ita-2567",
                    preparer=Person("นางสาวสมหญิง ใจดี", "นักจัดการงานทั่วไป", dt.date(2024, 3, 29)))
    for n, item in enumerate(items):
        report.entries.append(Entry(
            item=item.code, score=None if n == 1 else Decimal(f"{70 + n}.{n:02d}"),
            issue=f"ประเด็นที่ {n} น้ำ ที่ปุ่ม", measures=[f"มาตรการ {n}.{m}" for m in range(n % 3 + 1)],
            result="" if n == 2 else f"ผลการดำเนินการ {n}"))
    for n, photo in enumerate(processed):
        report.entries[n % entries].photos.append(
            PhotoRef(photo.sha256, caption=f"ภาพกิจกรรม {n}", rotation=n % 4))
    return report, {p.sha256: p for p in processed}


@pytest.fixture
def source_store(tmp_path: Path):
    with Store.open(tmp_path / "source.sqlite") as store:
        yield store


@pytest.fixture
def report_id(source_store: Store) -> int:
    report, photos = make_report()
    return source_store.create_report(report, photos)


@pytest.fixture
def package(source_store: Store, report_id: int) -> bytes:
    return build_package(source_store, report_id, pdf=fake_pdf).data


@pytest.fixture
def target(tmp_path: Path):
    with Store.open(tmp_path / "target.sqlite") as store:
        yield store


def snapshot(store: Store) -> str:
    return "\n".join(store.conn.iterdump())
