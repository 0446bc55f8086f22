"""Every file the app writes is atomic: a full disk during dump, dump --photos, export or xlsx
leaves the older file intact and no partial file that looks valid; stale .part files go; two
writers to one path behave."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import pytest

from ita_desktop.cli import main
from ita_desktop.core.base import atomic
from ita_desktop.core.store import Store
from ita_desktop.core.workflow.demo import create_demo


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "d.sqlite"
    with Store.open(path) as store:
        create_demo(store)
    return path


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """The moment the data must reach the disk, it does not fit (as on a full USB stick)."""
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", full)


COMMANDS = {
    "dump": lambda out: ["dump", "1", "-o", str(out / "r.json")],
    "export": lambda out: ["export", "1", "--no-pdf", "-o", str(out / "r.itapkg")],
    "xlsx": lambda out: ["xlsx", "1", "-o", str(out / "r.xlsx")],
    "csv": lambda out: ["csv", "1", "-o", str(out / "r.csv")],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_full_disk_keeps_the_older_file_and_leaves_no_partial_one(
        db: Path, tmp_path: Path, capsys, monkeypatch, command: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = [*COMMANDS[command](out), "--db", str(db)]
    assert run(capsys, *args)[0] == 0
    [written] = list(out.iterdir())
    older = written.read_bytes()
    _disk_full(monkeypatch)
    code, _out, err = run(capsys, *args)
    assert code == 1
    assert "ดิสก์เต็ม" in err and "disk is full" in err
    assert [p.name for p in out.iterdir()] == [written.name]  # no .part left behind
    assert written.read_bytes() == older


def test_full_disk_during_dump_photos_never_leaves_a_truncated_photo(
        db: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    photos = tmp_path / "photos"
    args = ["dump", "1", "-o", str(tmp_path / "r.json"), "--photos", str(photos), "--db", str(db)]
    with monkeypatch.context() as patch:
        _disk_full(patch)
        code, _out, err = run(capsys, *args)
    assert code == 1 and "ดิสก์เต็ม" in err
    assert not photos.exists() or list(photos.iterdir()) == []
    assert not (tmp_path / "r.json").exists()
    # a photo cut short by an earlier crash is written again, not silently reused
    assert run(capsys, *args)[0] == 0
    victim = sorted(photos.iterdir())[0]
    whole = victim.read_bytes()
    victim.write_bytes(whole[: len(whole) // 2])
    assert run(capsys, *args)[0] == 0
    assert victim.read_bytes() == whole


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or sys.platform != "linux":
        return False
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True)
    return done.returncode == 0


def test_real_full_file_system(db: Path, tmp_path: Path, capsys) -> None:
    """The same on a real 1 MB file system (tmpfs, when the tests run as root)."""
    small = tmp_path / "small"
    if not _mount_tmpfs(small, "1m"):
        pytest.skip("cannot mount a tmpfs here (needs root on Linux)")
    try:
        (small / "r.json").write_text('{"older": true}\n')
        with open(small / "filler", "wb", buffering=0) as filler:  # fill up, free 4 KB
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass
        os.truncate(small / "filler", (small / "filler").stat().st_size // 4096 * 4096 - 4096)
        for args in (["dump", "1", "-o", str(small / "r.json")],
                     ["export", "1", "--no-pdf", "-o", str(small / "r.itapkg")],
                     ["xlsx", "1", "-o", str(small / "r.xlsx")],
                     ["dump", "1", "-o", str(small / "r.json"), "--photos", str(small / "p")]):
            code, _out, err = run(capsys, *args, "--db", str(db))
            assert code == 1 and "ดิสก์เต็ม" in err, (args, err)
            assert (small / "r.json").read_text() == '{"older": true}\n'
            names = sorted(p.name for p in small.iterdir())
            assert names in (["filler", "r.json"], ["filler", "p", "r.json"])
            if (small / "p").exists():
                for photo in (small / "p").iterdir():  # whole photos only
                    from PIL import Image
                    Image.open(photo).load()
    finally:
        subprocess.run(["umount", str(small)], check=False)


def test_stale_part_files_are_cleaned(tmp_path: Path) -> None:
    dead = tmp_path / ".r.itapkg.999999999.1.part"  # a process id that cannot exist
    dead.write_bytes(b"half")
    old_style = tmp_path / "r.itapkg.part"  # what the CLI wrote before
    old_style.write_bytes(b"half")
    past = time.time() - 120
    os.utime(old_style, (past, past))
    download = tmp_path / "film.mp4.part"  # someone else's: left alone
    download.write_bytes(b"browser download")
    os.utime(download, (past, past))
    atomic.write_atomically(tmp_path / "r.itapkg", b"whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["film.mp4.part", "r.itapkg"]


def test_a_live_writer_of_the_same_file_is_refused_calmly(tmp_path: Path) -> None:
    target = tmp_path / "r.itapkg"
    target.write_bytes(b"older")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / f".r.itapkg.{sleeper.pid}.1.part").write_bytes(b"in progress")
        with pytest.raises(OSError) as caught:
            atomic.write_atomically(target, b"newer")
        assert caught.value.errno == errno.EBUSY
        message = atomic.write_error(target, caught.value)
        assert "กำลังบันทึกไฟล์นี้" in message.message
        assert target.read_bytes() == b"older"
    finally:
        sleeper.kill()
        sleeper.wait()


def test_two_exports_to_one_path_leave_one_whole_package(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.itapkg"
    env = {**os.environ, "ITA_DESKTOP_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "ita_desktop.cli", "export", "1", "-o", str(target),
               "--db", str(db)]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    results = [(p.wait(timeout=240), p.stderr.read()) for p in runs]
    for proc in runs:
        proc.stdout.close()
        proc.stderr.close()
    assert any(code == 0 for code, _ in results)
    for code, err in results:  # each one either wrote a whole file or said why not
        assert code == 0 or "กำลังบันทึกไฟล์นี้" in err, err
    with zipfile.ZipFile(target) as package:
        assert package.testzip() is None
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".part") == []


def test_atomic_writer_failure_in_the_middle_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / f"{uuid.uuid4().hex}.bin"
    with pytest.raises(RuntimeError), atomic.atomic_writer(target) as out:
        out.write(b"half")
        raise RuntimeError("killed")
    assert list(tmp_path.iterdir()) == []
