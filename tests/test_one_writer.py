"""One writer per database (store/lock.py): a second copy is told who holds it and writes
nothing; a killed holder does not block the next start; network drives use a rollback
journal; the CLI's writing commands are refused with the holder named."""

from __future__ import annotations

import getpass
import hashlib
import os
import signal
import socket
from pathlib import Path

import pytest

from ita_desktop.cli import main
from ita_desktop.core.store import Store
from ita_desktop.core.store.failures import ReadOnlyStoreError
from ita_desktop.core.store.lock import DatabaseInUseError, holder_of
from ita_desktop.core.workflow.demo import create_demo

from .safety import writer_in_other_process


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "one.sqlite"
    with Store.open(path) as store:
        create_demo(store)
    return path


def test_second_writer_is_told_who_holds_it_and_writes_nothing(db: Path, capsys) -> None:
    with writer_in_other_process(db) as proc:
        before = _digest(db)
        with pytest.raises(DatabaseInUseError) as caught:
            Store.open(db, writer=True)
        holder = caught.value.holder
        assert (holder.user, holder.machine, holder.pid) == (getpass.getuser(),
                                                            socket.gethostname(), proc.pid)
        assert "กำลังเปิดแก้ไขอยู่โดย" in caught.value.message and holder.user in caught.value.message
        assert "since" in caught.value.english
        # the CLI's writing commands are refused, naming the holder; reading still works
        assert main(["demo", "--db", str(db)]) == 1
        err = capsys.readouterr().err
        assert "กำลังเปิดแก้ไขอยู่โดย" in err and holder.machine in err and "Traceback" not in err
        assert main(["list", "--db", str(db)]) == 0
        # read-only: sees the data, every write refused
        with Store.open(db, read_only=True) as ro:
            assert ro.holder() == holder
            report_id = ro.list_reports()[0].id
            with pytest.raises(ReadOnlyStoreError):
                ro.update_report(report_id, title="ไม่ควรบันทึก")
            with pytest.raises(ReadOnlyStoreError):
                ro.delete_entry(ro.get_report(report_id).entries[0].id)
        assert _digest(db) == before
    with Store.open(db) as store:
        assert store.get_report(report_id).title != "ไม่ควรบันทึก"


def test_killed_holder_does_not_block_the_next_start(db: Path) -> None:
    with writer_in_other_process(db) as proc:
        assert holder_of(db) is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert holder_of(db) is None  # the note is left behind, but nobody holds the lock
    with Store.open(db, writer=True) as store:
        assert store.writer_lock is not None
        assert store.writer_lock.stale is not None and store.writer_lock.stale.pid == proc.pid
        store.update_report(store.list_reports()[0].id, title="หลังโปรแกรมเดิมถูกปิด")
    # released on close: the next start takes it again
    with Store.open(db, writer=True):
        pass


def test_a_second_writer_in_the_same_process_is_refused_too(db: Path) -> None:
    with Store.open(db, writer=True):
        with pytest.raises(DatabaseInUseError):
            Store.open(db, writer=True)


def test_network_drive_uses_a_rollback_journal_and_says_so(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ITA_DESKTOP_NETWORK_DRIVE", "1")
    with Store.open(tmp_path / "net.sqlite", writer=True) as store:
        assert store.journal_mode == "delete"
        assert any("network drive" in w for w in store.warnings)
        create_demo(store)
    assert not (tmp_path / "net.sqlite-wal").exists()
    monkeypatch.delenv("ITA_DESKTOP_NETWORK_DRIVE")
    with Store.open(tmp_path / "local.sqlite") as store:
        assert store.journal_mode == "wal" and not store.warnings


def test_network_drives_are_recognised(tmp_path: Path, monkeypatch) -> None:
    from ita_desktop.core.store import lock

    monkeypatch.delenv("ITA_DESKTOP_NETWORK_DRIVE", raising=False)
    assert lock.is_network_path(Path(r"\\server\share\ita"))
    assert lock.is_network_path(Path("//server/share/ita"))
    assert not lock.is_network_path(tmp_path)
    monkeypatch.setattr(lock, "_mount_type", lambda path: "cifs")
    if os.name != "nt":
        assert lock.is_network_path(tmp_path)
        assert lock.journal_mode_for(tmp_path / "x.sqlite")[0] == "delete"
