"""The store: round trip of every field, locking of final reports, migrations, refusals that
leave saved data untouched."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from ita_desktop.core.base.errors import (
    NotFoundError,
    PhotoError,
    ReportLockedError,
    StoreError,
    ValidationError,
)
from ita_desktop.core.framework.catalog import load_framework
from ita_desktop.core.photos.intake import process_photo
from ita_desktop.core.report.entries import resolve_entry
from ita_desktop.core.report.model import Entry, Person, PhotoRef, Report, Round
from ita_desktop.core.store import SCHEMA_VERSION, Store
from ita_desktop.core.store.migrations import MIGRATIONS, current_version, migrate
from ita_desktop.core.workflow.finalise import finalise_report

from .conftest import jpeg_bytes

FIXTURES = Path(__file__).parent / "fixtures"
TRICKY = "ทดสอบ น้ำ ที่ปุ่ม ฐูญ <b>&amp;</b> \"quoted\" 'single' \\ back\ttab\nบรรทัดใหม่ 😀 é"


def make_report(entries: int = 30, photos: int = 40) -> tuple[Report, dict]:
    """A report with ``entries`` entries over many items and ``photos`` distinct photos."""
    fw = load_framework("ita-2567")
    items = [it for it in fw.items()][:entries]
    processed = [process_photo(jpeg_bytes(800 + n, 600, (n * 5 % 256, 90, 200 - n), seed=n),
                               f"p{n}.jpg") for n in range(photos)]
    report = Report(agency="สำนักงานเขตปทุมวัน", parent="กรุงเทพมหานคร", fiscal_year=2567,
                    round=Round.standard("6m", 2567), framework="ita-2567",
                    title=f"หัวเรื่องกำหนดเอง {TRICKY}", digits="arabic",
                    preparer=Person("นางสาวสมหญิง ใจดี", "นักจัดการงานทั่วไป", dt.date(2024, 3, 29)),
                    certifier=Person("นายสมชาย รักงาน", "ผู้อำนวยการเขต", dt.date(2024, 3, 30)),
                    show_signatures=False, cover_page=True)
    for n, item in enumerate(items):
        entry = Entry(item=item.code, item_text=f"{item.text} {TRICKY}" if n % 3 else "",
                      score=None if n % 7 == 0 else Decimal(f"{50 + n}.{n:02d}"),
                      issue=f"ประเด็น {n} {TRICKY}", measures=[f"มาตรการ {n}.{m} {TRICKY}"
                                                                for m in range(n % 4)],
                      result="" if n % 5 == 0 else f"ผลการดำเนินการ {n}")
        report.entries.append(entry)
    for n, photo in enumerate(processed):
        report.entries[n % entries].photos.append(
            PhotoRef(photo.sha256, caption=f"ภาพที่ {n} {TRICKY}", rotation=n % 4))
    report.entries.append(Entry(label="รายการที่ตั้งชื่อเอง", instrument="OIT", indicator=10,
                                issue="ไม่มีรหัสข้อ"))
    return report, {p.sha256: p for p in processed}


def comparable(report: Report) -> dict:
    """Every field a person typed or chose, with ids and timestamps left out."""
    return {
        "head": (report.agency, report.parent, report.fiscal_year, report.round,
                 report.framework, report.title, report.digits, report.preparer,
                 report.certifier, report.status, report.uuid, report.revision,
                 report.show_signatures, report.cover_page, report.reopen_log),
        "entries": [(e.item, e.label, e.instrument, e.indicator, e.item_text, e.score, e.issue,
                     e.measures, e.result,
                     [(p.sha256, p.caption, p.rotation) for p in e.photos])
                    for e in report.entries],
    }


def test_round_trip_every_field_and_photo(tmp_path: Path) -> None:
    report, photos = make_report()
    path = tmp_path / "r.sqlite"
    with Store.open(path) as store:
        report_id = store.create_report(report, photos)
        saved = comparable(store.get_report(report_id))
    with Store.open(path) as store:  # reopen from disk
        again = store.get_report(report_id)
        assert comparable(again) == saved
        for entry in again.entries:
            for ref in entry.photos:
                stored = store.photo_bytes(ref.sha256)
                assert stored == photos[ref.sha256].print_jpeg
                assert store.photo_bytes(ref.sha256, "thumb") == photos[ref.sha256].thumb_jpeg
                pixels = Image.open(io.BytesIO(stored)).tobytes()
                assert pixels == Image.open(io.BytesIO(photos[ref.sha256].print_jpeg)).tobytes()
    # the typed values themselves, not only save == reopen (the framework fills instrument,
    # indicator and, where none was typed, the item's wording)
    fw = load_framework("ita-2567")
    report.entries = [resolve_entry(e, fw) for e in report.entries]
    assert saved == comparable(report)
    assert saved["entries"][1][4].endswith(TRICKY)
    assert sum(len(e.photos) for e in again.entries) == 40


def test_entry_order_follows_the_framework(store: Store) -> None:
    report, photos = make_report(3, 0)
    report_id = store.create_report(report, photos)
    change = store.add_entry(report_id, Entry(item="i2"))
    codes = [e.item or e.label for e in store.get_report(report_id).entries]
    assert codes == ["i1", "i2", "i2", "i3", "รายการที่ตั้งชื่อเอง"]
    assert change.kind == "entry-added" and change.entry_id
    store.move_entry(change.entry_id, 0)
    assert store.get_report(report_id).entries[0].id == change.entry_id


def test_thai_digit_score_is_stored_normalised(store: Store) -> None:
    report_id = store.create_report(make_report(2, 0)[0])
    entry_id = store.get_report(report_id).entries[0].id
    change = store.update_entry(entry_id, score="๗๓.๓๔")
    assert change.fields == {"score"}
    assert store.get_entry(entry_id).score == Decimal("73.34")


@pytest.mark.parametrize(("value", "words"), [
    ("120", "นอกช่วง"), ("-1", "นอกช่วง"), ("abc", "ไม่ใช่ตัวเลข"), ("73.345", "ทศนิยม"),
    ("7 3", None), ("NaN", "ไม่ใช่ตัวเลข"), ("๑๐๐.๐๑", "นอกช่วง"),
])
def test_bad_score_is_refused_and_nothing_changes(store: Store, value: str,
                                                  words: str | None) -> None:
    report_id = store.create_report(make_report(2, 0)[0])
    before = comparable(store.get_report(report_id))
    entry_id = store.get_report(report_id).entries[0].id
    if words is None:  # "7 3": spaces inside a number are tolerated as typing noise
        store.update_entry(entry_id, score=value)
        assert store.get_entry(entry_id).score == Decimal("73.00")
        return
    with pytest.raises(ValidationError) as info:
        store.update_entry(entry_id, score=value, issue="ไม่ควรถูกบันทึก")
    assert words in info.value.message and "คะแนน" in info.value.message
    assert info.value.field == "score"
    assert comparable(store.get_report(report_id)) == before


def test_unknown_item_code_is_refused_and_nothing_changes(store: Store) -> None:
    report_id = store.create_report(make_report(2, 0)[0])
    before = comparable(store.get_report(report_id))
    with pytest.raises(ValidationError) as info:
        store.add_entry(report_id, Entry(item="e99", issue="x"))
    assert "e99" in info.value.message and "ita-2567" in info.value.message
    with pytest.raises(ValidationError, match="รหัสข้อ"):
        store.add_entry(report_id, Entry(item="x12"))
    entry_id = store.get_report(report_id).entries[0].id
    with pytest.raises(ValidationError, match="o99"):
        store.update_entry(entry_id, item="o1-o99", issue="ไม่ควรถูกบันทึก")
    assert comparable(store.get_report(report_id)) == before


def test_bad_photo_is_refused_and_nothing_changes(store: Store, tmp_path: Path) -> None:
    report_id = store.create_report(*make_report(2, 1))
    before = comparable(store.get_report(report_id))
    blobs = store.conn.execute("SELECT COUNT(*) FROM photo_blobs").fetchone()
    bad = tmp_path / "not-a-photo.jpg"
    bad.write_text("นี่ไม่ใช่รูปภาพ", encoding="utf-8")
    entry_id = store.get_report(report_id).entries[0].id
    with pytest.raises(PhotoError) as info:
        store.add_photo_file(entry_id, bad)
    assert "not-a-photo.jpg" in info.value.text()
    assert "ไม่ใช่รูปภาพ" in info.value.message
    assert comparable(store.get_report(report_id)) == before
    assert store.conn.execute("SELECT COUNT(*) FROM photo_blobs").fetchone() == blobs


def test_same_photo_is_stored_once(store: Store) -> None:
    report_id = store.create_report(make_report(2, 0)[0])
    entries = store.get_report(report_id).entries
    photo = process_photo(jpeg_bytes(seed=3), "a.jpg")
    store.add_photo(entries[0].id, photo, "หนึ่ง")
    store.add_photo(entries[1].id, photo, "สอง")
    assert store.conn.execute("SELECT COUNT(*) FROM photo_blobs").fetchone()[0] == 1
    assert store.conn.execute("SELECT COUNT(*) FROM entry_photos").fetchone()[0] == 2


def test_photo_operations(store: Store) -> None:
    report_id = store.create_report(make_report(1, 0)[0])
    entry_id = store.get_report(report_id).entries[0].id
    ids = [store.add_photo(entry_id, process_photo(jpeg_bytes(seed=n), f"{n}.jpg"),
                           f"ภาพ {n}").ids[0] for n in range(3)]
    store.move_photo(ids[2], 0)
    store.update_photo(ids[0], caption="แก้คำบรรยาย", rotation=5)
    assert [p.id for p in store.get_entry(entry_id).photos] == [ids[2], ids[0], ids[1]]
    _, ref = store.photo_info(ids[0])
    assert (ref.caption, ref.rotation) == ("แก้คำบรรยาย", 1)
    store.remove_photo(ids[1])
    assert store.vacuum_photos() == 1
    store.attach_stored_photo(entry_id, ref, 0)
    assert len(store.get_entry(entry_id).photos) == 3


def test_final_report_is_read_only_until_reopened_with_a_reason(store: Store) -> None:
    report_id = store.create_report(*make_report(2, 1))
    entry = store.get_report(report_id).entries[0]
    finalise_report(store, report_id)
    before = comparable(store.get_report(report_id))
    attempts = [
        lambda: store.update_entry(entry.id, issue="x"),
        lambda: store.update_report(report_id, agency="x"),
        lambda: store.add_entry(report_id, Entry(item="i5")),
        lambda: store.delete_entry(entry.id),
        lambda: store.move_entry(entry.id, 1),
        lambda: store.update_photo(entry.photos[0].id, caption="x"),
        lambda: store.remove_photo(entry.photos[0].id),
        lambda: store.add_photo(entry.id, process_photo(jpeg_bytes(seed=9))),
    ]
    for attempt in attempts:
        with pytest.raises(ReportLockedError, match="เปิดแก้ไข"):
            attempt()
    assert comparable(store.get_report(report_id)) == before
    with pytest.raises(ValidationError, match="เหตุผล"):
        store.reopen(report_id, "  ")
    store.reopen(report_id, "แก้คะแนนตามผลประกาศ")
    report = store.get_report(report_id)
    assert report.status == "draft" and report.revision == 2
    assert [r.reason for r in report.reopen_log] == ["แก้คะแนนตามผลประกาศ"]
    store.update_entry(entry.id, issue="แก้ได้แล้ว")


def test_report_fields_are_validated(store: Store) -> None:
    report_id = store.create_report(make_report(1, 0)[0])
    before = comparable(store.get_report(report_id))
    with pytest.raises(ValidationError, match="ปีงบประมาณ"):
        store.update_report(report_id, fiscal_year=2568)  # round dates are in 2567
    with pytest.raises(ValidationError, match="พ.ศ."):
        store.update_report(report_id, fiscal_year=2024)
    with pytest.raises(ValidationError, match="ชื่อหน่วยงาน"):
        store.update_report(report_id, agency="  ")
    assert comparable(store.get_report(report_id)) == before
    store.update_report(report_id, fiscal_year="๒๕๖๘", round=Round.standard("12m", 2568))
    assert store.get_report(report_id).fiscal_year == 2568


def test_custom_round_must_lie_in_the_fiscal_year(store: Store) -> None:
    report, _ = make_report(1, 0)
    report.round = Round("custom", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "ทั้งปีปฏิทิน")
    with pytest.raises(ValidationError, match="ไม่อยู่ในปีงบประมาณ"):
        store.create_report(report)
    assert store.list_reports() == []


def test_trash_and_restore(store: Store) -> None:
    report_id = store.create_report(make_report(1, 0)[0])
    store.trash_report(report_id)
    assert store.list_reports() == []
    store.restore_report(report_id)
    assert [r.id for r in store.list_reports()] == [report_id]
    store.trash_report(report_id)
    assert store.purge_trash() == 1
    with pytest.raises(NotFoundError, match="ita list"):
        store.get_report(report_id)


def test_database_newer_than_the_app_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', '2030-01-01')",
                 (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="รุ่นใหม่กว่า"):
        Store.open(path)


def test_other_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="โปรแกรมอื่น"):
        Store.open(path)
    assert [r[0] for r in sqlite3.connect(path).execute(
        "SELECT name FROM sqlite_master")] == ["customers"]


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="ไม่ใช่ฐานข้อมูล"):
        Store.open(path)


def test_store_settings(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.schema_version == SCHEMA_VERSION


def test_migrations_from_the_first_schema(tmp_path: Path) -> None:
    """tests/fixtures/schema-v1.sqlite was written by schema version 1 (see make_fixtures.py)."""
    path = tmp_path / "v1.sqlite"
    shutil.copy(FIXTURES / "schema-v1.sqlite", path)
    conn = sqlite3.connect(path)
    assert current_version(conn) == 1
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        [summary] = store.list_reports()
        report = store.get_report(summary.id)
        assert report.agency == "สำนักงานเขตทดสอบ"
        assert [e.item for e in report.entries] == ["i8", "e1"]
        assert report.entries[0].score == Decimal("73.34")
        assert len(report.entries[1].photos) == 1
        Image.open(io.BytesIO(store.photo_bytes(report.entries[1].photos[0].sha256))).load()
        store.trash_report(summary.id)  # a v2 feature works on the migrated data
        versions = [r[0] for r in store.conn.execute("SELECT version FROM schema_migrations")]
    assert versions == [m.version for m in MIGRATIONS]


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    shutil.copy(FIXTURES / "schema-v1.sqlite", path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE report_history (x)")  # makes migration 2 fail half-way
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn)
    assert current_version(conn) == 1
    columns = [r[1] for r in conn.execute("PRAGMA table_info(reports)")]
    assert "trashed_at" not in columns  # the ALTER before the failure was rolled back


def test_finalise_is_refused_while_the_check_finds_errors(store: Store) -> None:
    report_id = store.create_report(make_report(2, 0)[0])
    empty = store.add_entry(report_id, Entry(item="i9")).entry_id  # no issue, no measures
    with pytest.raises(ValidationError, match="ต้องแก้ข้อผิดพลาดก่อน") as info:
        finalise_report(store, report_id)
    assert "I9" in info.value.message
    assert store.get_report(report_id).status == "draft"
    store.delete_entry(empty)
    finalise_report(store, report_id)
    assert store.get_report(report_id).status == "final"
