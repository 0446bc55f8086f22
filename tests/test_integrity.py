"""Integrity: damaged databases detected on open with nothing written, photos checked against
their checksum, ``ita check``; another program's database left exactly as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from ita_desktop.cli import main
from ita_desktop.core.base.errors import StoreError
from ita_desktop.core.store import Store
from ita_desktop.core.store.backup import create_backup, default_backup_dir
from ita_desktop.core.store.integrity import DamagedDatabaseError
from ita_desktop.core.store.store import DamagedPhotoError
from ita_desktop.core.workflow.demo import create_demo


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def demo_db(path: Path) -> Path:
    with Store.open(path) as store:
        create_demo(store)
        create_demo(store)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def truncate(path: Path) -> None:
    size = path.stat().st_size
    os.truncate(path, size // 4096 // 2 * 4096)


def corrupt_page(path: Path) -> None:
    with open(path, "r+b") as stream:  # page 3: a b-tree page of the schema's tables
        stream.seek(4096 * 2)
        stream.write(bytes(range(7, 207)))


def garbage(path: Path) -> None:
    path.write_bytes(os.urandom(150_000))


def damage_photo(path: Path) -> str:
    """Overwrite 64 bytes inside one stored print JPEG (what integrity_check cannot see)."""
    with Store.open(path) as store:
        sha, blob = store.conn.execute(
            "SELECT sha256, print_jpeg FROM photo_blobs ORDER BY sha256 LIMIT 1").fetchone()
    data = path.read_bytes()
    at = data.index(blob[2000:2064])
    with open(path, "r+b") as stream:
        stream.seek(at)
        stream.write(b"\x55" * 64)
    return sha


@pytest.mark.parametrize("damage", [truncate, corrupt_page, garbage],
                         ids=["truncated", "page-corrupted", "garbage"])
def test_damaged_database_is_detected_on_open_and_nothing_is_written(
        tmp_path: Path, capsys, damage) -> None:
    db = demo_db(tmp_path / "d.sqlite")
    with Store.open(db) as store:
        create_backup(store, default_backup_dir(), "daily")
    damage(db)
    before = digest(db)
    with pytest.raises(DamagedDatabaseError):
        Store.open(db)
    # the command line says so in Thai and English and offers the newest good backup
    code, _out, err = run(capsys, "list", "--db", str(db))
    assert code == 1
    assert "ฐานข้อมูลเสียหาย" in err and "the database is damaged" in err
    assert "newest backup" in err and "backup restore" in err
    code, _out, err = run(capsys, "check", "--db", str(db))
    assert code == 1 and "damaged" in err
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.sqlite"]  # no -wal, -shm


def test_damaged_database_restored_from_the_offered_backup(tmp_path: Path, capsys) -> None:
    db = demo_db(tmp_path / "d.sqlite")
    with Store.open(db) as store:
        info = create_backup(store, default_backup_dir(), "daily")
    corrupt_page(db)
    code, _out, _err = run(capsys, "backup", "restore", str(info.path), "--yes", "--db", str(db))
    assert code == 0
    assert run(capsys, "check", "--full", "--db", str(db))[0] == 0
    with Store.open(db) as store:
        assert len(store.list_reports()) == 2
    assert list(tmp_path.glob("d-damaged-*.sqlite"))  # the damaged file was kept aside


def test_page_corrupted_database_can_be_opened_read_only(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "d.sqlite")
    # damage only the last page (photo data) so the catalogue still reads
    with Store.open(db) as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    with open(db, "r+b") as stream:
        stream.seek(4096 * (pages - 1))
        stream.write(b"\x00" * 4096)
    before = digest(db)
    try:
        store = Store.open(db, damaged="read-only")
    except DamagedDatabaseError:
        pytest.skip("this damage also broke the catalogue")
    with store:
        assert store.damage
        assert len(store.list_reports()) == 2
        report_id = store.list_reports()[0].id
        with pytest.raises(DamagedDatabaseError):
            store.update_report(report_id, agency="x")
        with pytest.raises(DamagedDatabaseError):
            create_backup(store, default_backup_dir())
    assert digest(db) == before


def test_damaged_photo_is_refused_when_read_and_named_by_check(tmp_path: Path, capsys) -> None:
    db = demo_db(tmp_path / "d.sqlite")
    sha = damage_photo(db)
    with Store.open(db) as store:  # SQLite's own checks do not see inside blobs
        with pytest.raises(DamagedPhotoError, match="เสียหาย"):
            store.photo_bytes(sha, "print")
        assert store.photo_bytes(sha, "thumb")  # the thumbnail is intact
    assert run(capsys, "check", "--db", str(db))[0] == 0  # quick: pages only
    code, _out, err = run(capsys, "check", "--full", "--db", str(db))
    assert code == 1 and sha[:12] in err and "สำนักงานเขตปทุมวัน" in err
    # export refuses rather than send a damaged picture to the office above
    code, _out, err = run(capsys, "export", "1", "-o", str(tmp_path / "x.itapkg"),
                          "--db", str(db))
    assert code == 1 and "เสียหาย" in err and not (tmp_path / "x.itapkg").exists()


def test_backup_of_a_damaged_database_is_refused(tmp_path: Path, capsys) -> None:
    db = demo_db(tmp_path / "d.sqlite")
    damage_photo(db)
    folder = tmp_path / "backups"
    with Store.open(db) as store, pytest.raises(DamagedDatabaseError):
        create_backup(store, folder)
    assert not folder.exists() or not any(folder.iterdir())  # no backup, no .part left
    code, _out, err = run(capsys, "backup", "create", "-o", str(folder), "--db", str(db))
    assert code == 1 and "เสียหาย" in err
    # a risky operation is refused too, since its backup cannot be made
    other = demo_db(tmp_path / "other.sqlite")
    package = tmp_path / "p.itapkg"
    assert run(capsys, "export", "1", "--no-pdf", "-o", str(package), "--db", str(other))[0] == 0
    code, _out, err = run(capsys, "import", str(package), "--db", str(db))
    assert code == 1 and "เสียหาย" in err
    with Store.open(db) as store:
        assert len(store.list_reports()) == 2


def test_check_of_a_sound_database(tmp_path: Path, capsys) -> None:
    db = demo_db(tmp_path / "d.sqlite")
    assert run(capsys, "check", "--db", str(db))[0] == 0
    code, out, _err = run(capsys, "check", "--full", "--db", str(db))
    assert code == 0 and "sound" in out


def test_other_programs_database_is_not_changed_at_all(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="โปรแกรมอื่น"):
        Store.open(path)
    assert digest(path) == before  # still a rollback-journal file: no switch to WAL
    assert path.read_bytes()[18:20] == b"\x01\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]


def test_photo_checksums_are_added_to_older_databases(tmp_path: Path) -> None:
    import shutil

    path = tmp_path / "v1.sqlite"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema-v1.sqlite", path)
    with Store.open(path) as store:
        rows = store.conn.execute(
            "SELECT print_jpeg, print_sha256, thumb_jpeg, thumb_sha256 FROM photo_blobs").fetchall()
    assert rows and all(hashlib.sha256(r[0]).hexdigest() == r[1] and
                        hashlib.sha256(r[2]).hexdigest() == r[3] for r in rows)


def test_read_only_uris(tmp_path: Path) -> None:
    from pathlib import PureWindowsPath

    from ita_desktop.core.store import integrity

    odd = tmp_path / "รายงาน #1 ?.sqlite"
    Store.open(odd).close()
    conn = integrity.connect_read_only(odd)  # Thai, '#' and '?' in the name
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.close()

    for given, want in [(PureWindowsPath(r"\\server\share\ita.sqlite"),
                         "file:////server/share/ita.sqlite?mode=ro"),
                        (PureWindowsPath(r"C:\Users\clerk\ita.sqlite"),
                         "file:///C:/Users/clerk/ita.sqlite?mode=ro")]:
        fake = type("P", (), {"resolve": lambda self, g=given: g})()  # as resolved on Windows
        assert integrity.read_only_uri(fake) == want
