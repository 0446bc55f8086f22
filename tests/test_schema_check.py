"""Database files are verified before use (issue 21, item 3): ours are marked, another
program's file and a file changed outside ITA Desktop are refused without a byte changed."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from ita_desktop.cli import main
from ita_desktop.core.base.errors import ItaError
from ita_desktop.core.store import Store, integrity, schema_check
from ita_desktop.core.store.backup import create_backup, restore_database
from ita_desktop.core.store.migrations import LATEST
from ita_desktop.core.workflow.demo import create_demo

FIXTURE_V1 = Path(__file__).parent / "fixtures" / "schema-v1.sqlite"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    db = tmp_path / "ita.sqlite"
    with Store.open(db) as store:
        create_demo(store)
    return db


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def _tamper(db: Path, sql: str) -> None:
    con = sqlite3.connect(db)
    con.execute(sql)
    con.commit()
    con.close()


def test_new_and_migrated_databases_are_marked(demo: Path, tmp_path: Path) -> None:
    con = sqlite3.connect(demo)
    assert schema_check.application_id(con) == schema_check.APPLICATION_ID
    con.close()
    old = tmp_path / "v1.sqlite"
    shutil.copy(FIXTURE_V1, old)
    con = sqlite3.connect(old)
    assert schema_check.application_id(con) == 0  # written before the mark
    con.close()
    assert integrity.inspect_file(old) == []  # an unmarked file of ours is still ours
    with Store.open(old) as store:
        assert store.conn.execute("PRAGMA application_id").fetchone()[0] == \
            schema_check.APPLICATION_ID
    assert integrity.inspect_file(old) == []


def test_the_schema_of_every_version_is_known() -> None:
    for version in range(1, LATEST + 1):
        assert ("table", "schema_migrations") in schema_check.expected_objects(version)
    assert ("table", "reports") in schema_check.expected_objects(1)


@pytest.mark.parametrize("sql,words", [
    ("CREATE TRIGGER evil AFTER INSERT ON report_scores BEGIN "
     "UPDATE report_scores SET score = 100; END", "ทริกเกอร์ (trigger) “evil” ไม่ได้สร้าง"),
    ("CREATE TRIGGER wipe AFTER UPDATE ON entries BEGIN DELETE FROM audit_log; END",
     "“wipe”"),
    ("CREATE VIEW v AS SELECT * FROM reports", "วิว (view) “v”"),
    ("CREATE TABLE extra (x)", "ตาราง “extra”"),
    ("CREATE INDEX sneaky ON entries(issue)", "ดัชนี “sneaky”"),
    ("ALTER TABLE reports ADD COLUMN note TEXT", "ตาราง “reports” ถูกแก้ไข"),
    ("DROP INDEX photo_blobs_size", "“photo_blobs_size” ที่ ITA Desktop สร้างไว้หายไป"),
])
def test_a_database_changed_outside_is_refused_untouched(demo: Path, sql: str, words: str,
                                                         capsys) -> None:
    _tamper(demo, sql)
    before = _digest(demo.parent)
    with pytest.raises(integrity.ChangedOutsideError) as caught:
        Store.open(demo, writer=True)
    assert "ถูกแก้ไขจากภายนอกโปรแกรม ITA Desktop" in caught.value.message
    assert "changed outside ITA Desktop" in (caught.value.english or "")
    assert any(words in p for p in caught.value.problems), caught.value.problems
    with pytest.raises(integrity.ChangedOutsideError):
        Store.open(demo, read_only=True)
    for argv in (["check"], ["check", "--full"], ["list"]):
        assert main(["--db", str(demo), *argv]) == 1, argv
        err = capsys.readouterr().err
        assert "ถูกแก้ไขจากภายนอก" in err and "changed outside ITA Desktop" in err, (argv, err)
    assert _digest(demo.parent) == before  # not a byte written, no -wal/-shm left


def test_another_programs_database_is_refused_untouched(tmp_path: Path, capsys) -> None:
    db = tmp_path / "other.sqlite"
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("CREATE TABLE schema_migrations (version INTEGER)")  # the same name as ours
    con.execute("CREATE TABLE customers (name TEXT)")
    con.execute("INSERT INTO schema_migrations VALUES (1)")
    con.commit()
    con.close()
    before = _digest(tmp_path)
    with pytest.raises(integrity.NotOursError):
        Store.open(db, writer=True)
    assert main(["--db", str(db), "check"]) == 1
    assert "โปรแกรมอื่น" in capsys.readouterr().err
    marked = tmp_path / "marked.sqlite"
    con = sqlite3.connect(marked)
    con.execute("PRAGMA application_id = 1234")  # another program's own mark
    con.execute("CREATE TABLE reports (x)")
    con.commit()
    con.close()
    with pytest.raises(integrity.NotOursError):
        Store.open(marked)
    assert {k: v for k, v in _digest(tmp_path).items() if k in before} == before
    assert not (tmp_path / "other.sqlite-wal").exists()


def test_a_changed_backup_is_not_restored(demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    with Store.open(demo) as store:
        info = create_backup(store, folder)
    _tamper(info.path, "CREATE TRIGGER evil AFTER INSERT ON entries BEGIN SELECT 1; END")
    before = _digest(demo.parent)
    with pytest.raises(ItaError) as caught:
        restore_database(demo, info.path, folder)
    assert "“evil” ไม่ได้สร้างโดย ITA Desktop" in caught.value.message
    assert _digest(demo.parent) == before


def test_check_reads_a_database_on_read_only_media(demo: Path, tmp_path: Path) -> None:
    mount = tmp_path / "cdrom"
    mount.mkdir()
    made = subprocess.run(["mount", "--bind", str(demo.parent), str(mount)], capture_output=True)
    if made.returncode:
        pytest.skip(f"a read-only bind mount needs root: {made.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(mount)], check=True)
        assert main(["--db", str(mount / demo.name), "check"]) == 0
        assert main(["--db", str(mount / demo.name), "check", "--full"]) == 0
    finally:
        subprocess.run(["umount", str(mount)], check=True)
