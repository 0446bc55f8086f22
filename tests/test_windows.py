"""The Windows program, installed from the built setup file (dist/windows/) into a fresh Wine
prefix whose user is ``C:\\users\\สมชาย ใจดี`` (issue 16, items 2 and 3). Needs the setup file and
the Wine chroot from ``packaging/windows/build_under_wine.sh``, and root:

    sudo bash packaging/windows/build_under_wine.sh --no-smoke
    sudo .venv/bin/python -m pytest -m windows tests/test_windows.py -v     # ~5 minutes

Skipped, with the reason, where those are missing; never run by the default suite.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pymupdf
import pytest

from . import wine_prefix
from .wine_prefix import ROOT, Prefix, Xvfb

sys.path.insert(0, str(ROOT / "packaging" / "windows"))
import check_pdf  # noqa: E402

pytestmark = [pytest.mark.windows,
              pytest.mark.skipif(wine_prefix.why_not() is not None,
                                 reason=str(wine_prefix.why_not()))]

THAI_FOLDER = "รายงาน ITA ปี 2567"


@pytest.fixture(scope="module")
def installed():
    """The setup file installed silently into a fresh prefix, as a user without admin rights;
    the chroot's mounts held for the module."""
    import faulthandler
    faulthandler.cancel_dump_traceback_later()  # Wine's first start is slow, not a hang
    wine_prefix.shell('mount_chroot "$CHROOT" "$ROOT"')
    # even a /VERYSILENT setup makes its (hidden) wizard window: it needs a screen
    screen = Xvfb(":78")
    prefix = Prefix("prefix-pytest", display=screen.display)
    prefix.screen = screen
    try:
        prefix.create()
        prefix.install_seconds = prefix.install()
        (prefix.user_dir / "Documents" / THAI_FOLDER).mkdir(parents=True, exist_ok=True)
        yield prefix
    finally:
        prefix.kill_all()
        screen.stop()
        wine_prefix.shell('umount_chroot "$CHROOT"')


def folder(prefix: Prefix) -> Path:
    return prefix.user_dir / "Documents" / THAI_FOLDER


def test_installed_per_user_under_localappdata_without_admin(installed):
    assert (installed.app_dir / "ita.exe").is_file()
    assert (installed.app_dir / "ita-desktop.exe").is_file()
    user_reg = (installed.path / "user.reg").read_text(encoding="utf-8", errors="replace")
    # per-user: the uninstall entry is in HKCU, nothing under Program Files
    assert "6C0E2B8A-3F1D-4B7E-9A52-1D8C4E7F0A31" in user_reg
    assert not list((installed.path / "drive_c").glob("Program Files*/ITA Desktop"))


def test_itapkg_association_registered(installed):
    done = installed.wine("reg", "query",
                          r"HKCU\Software\Classes\ITADesktop.itapkg\shell\open\command")
    assert done.returncode == 0, done.stdout
    # (reg prints the Thai user name as ?: the console's code page)
    assert '\\AppData\\Local\\Programs\\ITA Desktop\\ita-desktop.exe" "%1"' in done.stdout
    done = installed.wine("reg", "query", r"HKCU\Software\Classes\.itapkg")
    assert "ITADesktop.itapkg" in done.stdout


def test_cli_self_test(installed):
    done = installed.ita("self-test")
    assert done.returncode == 0, done.stdout
    assert "ผ่านทุกข้อ" in done.stdout


def test_demo_in_default_database_under_localappdata_and_thai_pdf(installed):
    """No --db: the database goes to %LOCALAPPDATA%\\ITA Desktop of the Thai-named user; the
    PDF, saved under a Thai file name in a folder with spaces, passes the Thai checks."""
    done = installed.ita("demo")
    assert done.returncode == 0, done.stdout
    report_id = done.stdout.strip().splitlines()[-1]
    db = installed.data_dir / "ita-reports.sqlite"
    assert db.is_file()
    pdf = folder(installed) / "ผลการประเมิน ITA ฉบับร่าง.pdf"
    done = installed.ita("render", report_id, "-o", installed.win(pdf))
    assert done.returncode == 0, done.stdout
    problems, _ = check_pdf.problems(pdf, db, report_id)
    assert problems == []
    assert pymupdf.open(pdf).page_count >= 2


def linux_ita(*args: str, cwd: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "ita_desktop.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300,
                          env={"ITA_DESKTOP_HOME": str(cwd / "home"), "PATH": "/usr/bin:/bin",
                               "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def test_package_round_trip_linux_windows_byte_identical(installed, tmp_path):
    """Linux exports a package, Windows imports it and exports it again, Linux imports that:
    the report (ita-report/1 JSON) is byte for byte the same at every step."""
    report_id = linux_ita("demo", "--db", "linux.sqlite", cwd=tmp_path).splitlines()[-1]
    linux_ita("dump", report_id, "--db", "linux.sqlite", "-o", "linux.json", cwd=tmp_path)
    package = folder(installed) / "แพ็กเกจ จาก ลินุกซ์.itapkg"
    linux_ita("export", report_id, "--db", "linux.sqlite", "-o", str(package), cwd=tmp_path)
    win_db = installed.win(folder(installed) / "นำเข้า.sqlite")
    done = installed.ita("import", "--db", win_db, installed.win(package))
    assert done.returncode == 0, done.stdout
    win_json = folder(installed) / "รายงาน windows.json"
    done = installed.ita("dump", report_id, "--db", win_db, "-o", installed.win(win_json))
    assert done.returncode == 0, done.stdout
    assert win_json.read_bytes() == (tmp_path / "linux.json").read_bytes()
    back = folder(installed) / "แพ็กเกจ จาก วินโดวส์.itapkg"
    done = installed.ita("export", report_id, "--db", win_db, "-o", installed.win(back))
    assert done.returncode == 0, done.stdout
    linux_ita("import", "--db", "back.sqlite", str(back), cwd=tmp_path)
    linux_ita("dump", report_id, "--db", "back.sqlite", "-o", "back.json", cwd=tmp_path)
    assert (tmp_path / "back.json").read_bytes() == (tmp_path / "linux.json").read_bytes()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_window_self_test_one_writer_lock_and_logs(installed, tmp_path):
    """Under Xvfb: ita-desktop.exe --self-test on the windows platform; the window opens; a
    second copy on the same database is told (a question box) and writes nothing; a command-
    line write is refused with a Thai message; the error log and the faulthandler file are
    under %LOCALAPPDATA%."""
    screen = installed.screen
    exe = installed.win(installed.app_dir / "ita-desktop.exe")
    try:
        done = installed.wine(exe, "--self-test")
        report = (installed.data_dir / "logs" / "self-test.txt").read_text(encoding="utf-8")
        assert done.returncode == 0, report
        assert "ok    Qt: platform windows" in report

        db = installed.data_dir / "ita-reports.sqlite"
        if not db.exists():
            assert installed.ita("demo").returncode == 0
        first = installed.start("wine", exe)
        assert installed.wait_for_window("ITA Desktop") is not None, "no main window"
        lock = Path(str(db) + ".lock")
        assert lock.is_file()
        note = lock.read_bytes()
        before = digest(db)
        titles_before = installed.window_titles().count("\"")
        second = installed.start("wine", exe)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and installed.window_titles().count("\"") <= \
                titles_before:
            time.sleep(1)
        assert installed.window_titles().count("\"") > titles_before, "second copy said nothing"
        screen.screenshot(ROOT / "build" / "winbuild" / "second-copy.png")
        assert digest(db) == before
        assert lock.read_bytes() == note  # still the first copy's note
        # a real package, so that only the lock can refuse it
        report_id = linux_ita("demo", "--db", "l.sqlite", cwd=tmp_path).splitlines()[-1]
        package = folder(installed) / "ทดสอบ ล็อก.itapkg"
        linux_ita("export", report_id, "--db", "l.sqlite", "-o", str(package), cwd=tmp_path)
        refused = installed.ita("import", "--keep-both", "--db", installed.win(db),
                                installed.win(package))
        assert refused.returncode != 0
        assert "กำลังเปิดแก้ไขอยู่โดย" in refused.stdout, refused.stdout
        assert digest(db) == before
        logs = installed.data_dir / "logs"
        assert (logs / "ita-desktop.log").is_file()
        assert (logs / "crash.log").is_file()  # faulthandler's file, armed by the window program
        for process in (first, second):
            process.kill()
    finally:
        installed.kill_all()


def test_uninstall_keeps_the_clerks_data(installed):
    data = installed.data_dir
    data.mkdir(parents=True, exist_ok=True)
    (data / "keep-me.txt").write_text("ข้อมูลของเจ้าหน้าที่", encoding="utf-8")
    done = installed.wine(installed.win(installed.app_dir / "unins000.exe"), "/VERYSILENT",
                          "/SUPPRESSMSGBOXES", "/NORESTART")
    assert done.returncode == 0, done.stdout
    for _ in range(30):  # the uninstaller finishes from a temporary copy of itself
        if not (installed.app_dir / "ita.exe").exists():
            break
        time.sleep(1)
    assert not (installed.app_dir / "ita.exe").exists()
    assert (data / "keep-me.txt").read_text(encoding="utf-8") == "ข้อมูลของเจ้าหน้าที่"
