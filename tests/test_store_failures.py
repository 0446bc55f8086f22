"""Full disk, read-only database, locked database: the real cause in Thai and English, exit
non-zero, nothing already saved touched, and the write goes through once the cause is gone.
A real small file system (tmpfs) when this machine can mount one; SQLite's own limits
(``max_page_count``, ``query_only``) otherwise."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ita_desktop.cli import main
from ita_desktop.core.store import Store
from ita_desktop.core.store.failures import (
    DatabaseBusyError,
    DiskFullError,
    ReadOnlyStoreError,
)
from ita_desktop.core.workflow.demo import create_demo

from .safety import small_disk

BIG = "ข้อความยาว " * 1_800  # ~ 20,000 characters (the cell limit): the WAL must grow for it


def _snapshot(path: Path) -> str:
    with Store.open(path, read_only=True) as store:
        return json.dumps([(e.id, e.issue, e.score and str(e.score))
                           for r in store.list_reports() for e in store.get_report(r.id).entries],
                          ensure_ascii=False)


def _report_file(tmp_path: Path, db: Path) -> Path:
    out = tmp_path / "report.json"
    assert main(["dump", "1", "--db", str(db), "-o", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    data["report"].pop("uuid", None)
    out.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return out


def test_full_disk_store_and_cli(tmp_path: Path, capsys) -> None:
    with small_disk(tmp_path / "disk") as disk:
        folder = disk.path if disk else tmp_path
        db = folder / "full.sqlite"
        with Store.open(db) as store:
            create_demo(store)
        package = tmp_path / "demo.itapkg"  # another office's report (another uuid)
        with Store.open(tmp_path / "other.sqlite") as other:
            create_demo(other)
        assert main(["export", "1", "--db", str(tmp_path / "other.sqlite"), "-o", str(package),
                     "--no-pdf"]) == 0
        report_file = _report_file(tmp_path, db)
        capsys.readouterr()
        before = _snapshot(db)
        store = Store.open(db)  # no writer lock: the CLI below takes it
        entry = store.get_report(1).entries[0]
        if disk:
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # so that BIG must grow the WAL
            disk.fill()
        else:  # simulated: SQLite may not grow the file any more (SQLITE_FULL)
            pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
            store.conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(DiskFullError) as caught:
            store.update_entry(entry.id, issue=BIG)
        assert "พื้นที่ดิสก์เต็ม" in caught.value.message and "disk is full" in caught.value.english
        assert store.get_entry(entry.id).issue == entry.issue  # nothing half-written
        if disk:  # the CLI against the full disk: the real cause, exit 1, no traceback
            for argv in (["load", str(report_file)], ["import", str(package), "--keep-both"]):
                code = main([*argv, "--db", str(db)])
                err = capsys.readouterr().err
                assert code == 1, argv
                assert "พื้นที่ดิสก์เต็ม" in err and "disk is full" in err, (argv, err)
                assert "cannot rollback" not in err and "Traceback" not in err
        # space comes back: the same write goes through
        if disk:
            disk.free()
        else:
            store.conn.execute("PRAGMA max_page_count = 1073741823")
        store.update_entry(entry.id, issue=BIG)
        assert store.get_entry(entry.id).issue == BIG
        store.close()
        after = json.loads(_snapshot(db))
        assert [row for row in after if row[0] != entry.id] == \
            [row for row in json.loads(before) if row[0] != entry.id]


def test_read_only_medium_store_and_cli(tmp_path: Path, capsys) -> None:
    """A database on a read-only medium: told so (not "damaged"), readable, nothing written."""
    with small_disk(tmp_path / "disk") as disk:
        if disk is None:
            pytest.skip("needs root to mount a read-only file system")
        db = disk.path / "ro.sqlite"
        with Store.open(db) as store:
            create_demo(store)
        report_file = _report_file(tmp_path, db)
        capsys.readouterr()
        before = _snapshot(db)
        with disk.read_only_view(tmp_path / "ro") as view:
            ro_db = view / "ro.sqlite"
            with pytest.raises(ReadOnlyStoreError) as caught:
                Store.open(ro_db, writer=True)
            assert "อ่านอย่างเดียว" in caught.value.message and "read-only" in caught.value.english
            code = main(["load", str(report_file), "--db", str(ro_db)])
            err = capsys.readouterr().err
            assert code == 1 and "อ่านอย่างเดียว" in err and "read-only" in err, err
            assert "Traceback" not in err and "may not be an ITA database" not in err
            assert main(["list", "--db", str(ro_db)]) == 0  # reading still works
            assert "สำนักงานเขตปทุมวัน" in capsys.readouterr().out
            with Store.open(ro_db, read_only=True) as store:
                with pytest.raises(ReadOnlyStoreError):
                    store.update_report(1, title="x")
        assert _snapshot(db) == before


def test_database_turning_read_only_keeps_everything(tmp_path: Path) -> None:
    """Writes refused mid-session (SQLITE_READONLY, simulated with ``query_only``): the real
    cause; once writable again the same write goes through; nothing else touched."""
    db = tmp_path / "ro.sqlite"
    with Store.open(db) as store:
        create_demo(store)
    before = _snapshot(db)
    store = Store.open(db, writer=True)
    entry = store.get_report(1).entries[0]
    store.conn.execute("PRAGMA query_only = 1")
    with pytest.raises(ReadOnlyStoreError) as caught:
        store.update_entry(entry.id, issue="ใหม่")
    assert "อ่านอย่างเดียว" in caught.value.message
    assert store.get_entry(entry.id).issue == entry.issue
    store.conn.execute("PRAGMA query_only = 0")
    store.update_entry(entry.id, issue="ใหม่")
    store.close()
    after = json.loads(_snapshot(db))
    assert [r for r in after if r[0] != entry.id] == \
        [r for r in json.loads(before) if r[0] != entry.id]
    assert [r for r in after if r[0] == entry.id][0][1] == "ใหม่"


def test_locked_database_waits_then_says_so(tmp_path: Path, capsys, monkeypatch) -> None:
    db = tmp_path / "locked.sqlite"
    with Store.open(db) as store:
        create_demo(store)
    report_file = _report_file(tmp_path, db)
    capsys.readouterr()
    monkeypatch.setenv("ITA_DESKTOP_DB_WAIT", "1.5")
    other = sqlite3.connect(db, isolation_level=None)  # another program holds the lock
    other.execute("BEGIN IMMEDIATE")
    try:
        code = main(["load", str(report_file), "--db", str(db)])
        err = capsys.readouterr().err
        assert code == 1
        assert "waiting for the database" in err and "กำลังรอฐานข้อมูล" in err
        assert "ถูกโปรแกรมอื่นใช้งานอยู่" in err and "locked by another program" in err
        assert "Traceback" not in err and "OperationalError" not in err
        with Store.open(db) as store:
            waits: list[float] = []
            store.on_wait = waits.append
            with pytest.raises(DatabaseBusyError):
                store.update_report(1, title="ระหว่างล็อก")
            assert waits and max(waits) < 2.0
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store.open(db) as store:
        store.update_report(1, title="หลังปลดล็อก")
        assert store.get_report(1).title == "หลังปลดล็อก"
        assert len(store.list_reports()) == 1  # the refused load wrote nothing


def test_opening_a_locked_database_says_locked_not_damaged(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "x.sqlite"
    with Store.open(db) as store:
        create_demo(store)
        store.conn.execute("PRAGMA journal_mode = DELETE")
    monkeypatch.setenv("ITA_DESKTOP_DB_WAIT", "0.5")
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # e.g. another program mid-write, rollback journal
    try:
        with pytest.raises(DatabaseBusyError) as caught:
            Store.open(db)
        assert "อาจไม่ใช่ฐานข้อมูล" not in caught.value.message
        assert "ถูกโปรแกรมอื่นใช้งานอยู่" in caught.value.message and "locked" in caught.value.english
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.mark.parametrize(("exc", "kind", "thai"), [
    (OSError(28, "No space left on device"), "disk-full", "พื้นที่ดิสก์เต็ม"),
    (OSError(30, "Read-only file system"), "read-only", "อ่านอย่างเดียว"),
    (PermissionError(13, "Permission denied"), "permission", "ไม่มีสิทธิ์"),
    (sqlite3.OperationalError("database or disk is full"), "disk-full", "พื้นที่ดิสก์เต็ม"),
    (sqlite3.OperationalError("database is locked"), "busy", "ถูกโปรแกรมอื่นใช้งานอยู่"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "read-only",
     "อ่านอย่างเดียว"),
    (sqlite3.DatabaseError("database disk image is malformed"), "damaged", "เสียหาย"),
    (sqlite3.OperationalError("disk I/O error"), "io", "อ่านหรือเขียนดิสก์ไม่สำเร็จ"),
])
def test_every_cause_has_its_own_message(exc, kind, thai) -> None:  # noqa: ANN001
    from ita_desktop.core.store.failures import classify

    err = classify(exc, None)
    assert err.kind == kind and thai in err.message and err.english
