"""The Windows program, installed from the built setup file (dist/windows/) into a fresh Wine
prefix whose user is ``C:\\users\\สมชาย ใจดี`` (issue 16, items 2 and 3). Needs the setup file and
the Wine chroot from ``packaging/windows/build_under_wine.sh``, and root:

    sudo bash packaging/windows/build_under_wine.sh --no-smoke
    sudo .venv/bin/python -m pytest -m windows tests/test_windows.py -v     # ~5 minutes

Skipped, with the reason, where those are missing; never run by the default suite.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from dataclasses import replace
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


# ------------------------------------------------------------------- printing (issue 20, item 4)
def wine_queue_or_skip() -> Path:
    out, why = wine_prefix.wine_queue()
    if out is None:
        pytest.skip(f"no CUPS queue {wine_prefix.WINE_QUEUE} for Wine: {why}")
    return out


def spooled_after(out: Path, before: set[Path], seconds: float = 240) -> Path:
    """The new PDF cups-pdf wrote for the Wine queue (renamed into place when complete)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        new = [p for p in out.glob("*.pdf") if p not in before]
        idle = "is idle" in subprocess.run(["lpstat", "-p", wine_prefix.WINE_QUEUE],
                                           capture_output=True, text=True).stdout
        if new and idle:
            return max(new, key=lambda p: p.stat().st_mtime)
        time.sleep(1)
    raise AssertionError(f"nothing arrived in {out} from queue {wine_prefix.WINE_QUEUE}")


def open_print_dialog(prefix: Prefix, screen: wine_prefix.Screen, db: Path
                      ) -> tuple[subprocess.Popen[str], str, str]:
    """ita-desktop.exe on ``db`` driven as a clerk would: the report in the list (Enter),
    Report → Preview and print (Ctrl+P), then Print… in the preview (Ctrl+P, once the pages
    are shown): Windows' print dialog. Returns the app, the preview's and the dialog's windows."""
    app = prefix.start("wine", prefix.win(prefix.app_dir / "ita-desktop.exe"), "--db",
                       prefix.win(db))
    main = screen.wait(lambda t: "ITA Desktop" in t)
    assert main is not None, "no main window"
    time.sleep(3)
    screen.click(main, 600, 145)  # the report's row in the list
    screen.key("Return")
    assert screen.wait(lambda t: "2567 — " in t, 60) is not None, "the report did not open"
    time.sleep(2)
    screen.click(main, 700, 90)  # the report's heading: the editor has the keyboard
    screen.key("ctrl+p")
    preview = screen.wait(lambda t: t.startswith("ตัวอย่างก่อนพิมพ์"), 90,
                          poke=lambda: screen.key("ctrl+p"))
    assert preview is not None, "no print preview"
    height = screen.size(preview)[1]

    def print_key() -> None:  # Print… does nothing until the pages are there: ask again
        screen.click(preview, 300, height - 18)  # the status line
        screen.key("ctrl+p")

    print_key()
    dialog = screen.wait(lambda t: t == "Print", 120, poke=print_key)
    assert dialog is not None, "Windows' print dialog did not open"
    time.sleep(2)
    return app, preview, dialog


def report_pdf(prefix: Prefix, db: Path, report_id: str, name: str) -> Path:
    """The report as ita.exe renders it (what the preview shows)."""
    pdf = folder(prefix) / name
    done = prefix.ita("render", report_id, "--db", prefix.win(db), "-o", prefix.win(pdf))
    assert done.returncode == 0, done.stdout
    return pdf


def grey_page(path: Path, index: int):  # noqa: ANN201 - a PIL image
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        image = doc[index].render(scale=100 / 72).to_pil().convert("L")
    finally:
        doc.close()
    # the printer gets portrait A4 with the landscape page turned a quarter: turn it back
    return image.rotate(-90, expand=True) if image.height > image.width else image


def page_difference(printed, report) -> tuple[float, float, float]:  # noqa: ANN001
    """(mean grey difference after a 1-px blur, share of pixels off by > 64, edge ratio):
    the thresholds of tests/gui/test_print_cups.py."""
    from PIL import ImageChops, ImageFilter, ImageStat

    assert printed.size == report.size, (printed.size, report.size)
    diff = ImageChops.difference(printed.filter(ImageFilter.GaussianBlur(1)),
                                 report.filter(ImageFilter.GaussianBlur(1)))
    big = sum(diff.point(lambda v: 255 if v > 64 else 0).histogram()[255:]) / (
        diff.width * diff.height)

    def edges(image) -> float:  # noqa: ANN001
        return ImageStat.Stat(image.filter(ImageFilter.FIND_EDGES)).mean[0]

    return ImageStat.Stat(diff).mean[0], big, edges(printed) / edges(report)


def test_print_dialog_lists_the_cups_queue_and_the_demo_arrives_in_cups_pdf(installed):
    """Windows' print dialog (PrintDlgEx, Wine's comdlg32) offers the host's CUPS queues; OK
    on ita-wine (this user's default printer) runs the app's Windows route (the pages
    rasterised by pdfium, painted on the QPrinter, Wine's PostScript driver, CUPS): every page
    of the demo arrives in cups-pdf, A4, matching the report's page."""
    out = wine_queue_or_skip()
    prefix = replace(installed, env=(f"PRINTER={wine_prefix.WINE_QUEUE}",))
    screen = wine_prefix.Screen(installed.display)
    db = folder(prefix) / "พิมพ์ ทดสอบ.sqlite"
    db.unlink(missing_ok=True)
    done = prefix.ita("demo", "--db", prefix.win(db))
    assert done.returncode == 0, done.stdout
    report = report_pdf(prefix, db, done.stdout.strip().splitlines()[-1], "รายงาน ที่ พิมพ์.pdf")
    # the printers Windows offers (EnumPrinters, as the dialog lists them), by name
    done = prefix.wine(prefix.win(prefix.app_dir / "ita-desktop.exe"), "--self-test")
    selftest = (prefix.data_dir / "logs" / "self-test.txt").read_text(encoding="utf-8")
    assert done.returncode == 0, selftest
    line = next(x for x in selftest.splitlines() if "Qt:" in x)
    assert wine_prefix.WINE_QUEUE in line and f"default {wine_prefix.WINE_QUEUE}" in line, line
    before = set(out.glob("*.pdf"))
    try:
        app, preview, dialog = open_print_dialog(prefix, screen, db)
        started = time.monotonic()
        screen.key("Return")  # OK
        spooled = spooled_after(out, before)
        seconds = time.monotonic() - started
        assert screen.wait(lambda t: t == "Print", 2) is None
        app.kill()
    finally:
        prefix.kill_all()
    import pypdfium2 as pdfium

    count = len(pdfium.PdfDocument(str(report)))
    doc = pdfium.PdfDocument(str(spooled))
    sizes = [doc[i].get_size() for i in range(len(doc))]
    doc.close()
    assert len(sizes) == count
    assert all(abs(max(s) - 841.9) < 2 and abs(min(s) - 595.3) < 2 for s in sizes), sizes
    worst = (0.0, 0.0, 9.0)
    for index in range(count):
        mean, big, sharp = page_difference(grey_page(spooled, index), grey_page(report, index))
        assert mean < 4.0 and big < 0.02, (index, mean, big)
        assert sharp >= 0.85, (index, sharp)  # not blurred
        worst = (max(worst[0], mean), max(worst[1], big), min(worst[2], sharp))
    log = (prefix.data_dir / "logs" / "ita-desktop.log").read_text(encoding="utf-8")
    assert f"print: {count} page(s) to '{wine_prefix.WINE_QUEUE}' (raster)" in log
    print(f"\nWindows print of the demo: {count} pages into cups-pdf in {seconds:.0f} s, "
          f"{spooled.stat().st_size / 1e6:.1f} MB PDF; worst page: mean difference "
          f"{worst[0]:.2f}, {worst[1]:.2%} pixels off, edges {worst[2]:.2f}")


@pytest.mark.xfail(strict=True, reason=(
    "Wine 10's PrintDlgExW (a 'semi-stub' over PrintDlgW) hands back Flags without "
    "PD_PRINTTOFILE when 'Print to file' is ticked (the port in DEVNAMES is 'FILE:'), so Qt "
    "does not print to a file and the job goes to the printer: proven by "
    "test_wine_print_dialog_loses_print_to_file"))
def test_print_to_file_from_the_print_dialog(installed):
    """'Print to file' ticked in Windows' print dialog: the job must not reach the printer
    (on Windows the spooler then asks for the file's name)."""
    out = wine_queue_or_skip()
    prefix = replace(installed, env=(f"PRINTER={wine_prefix.WINE_QUEUE}",))
    screen = wine_prefix.Screen(installed.display)
    db = folder(prefix) / "พิมพ์ ลง แฟ้ม.sqlite"
    db.unlink(missing_ok=True)
    assert prefix.ita("demo", "--db", prefix.win(db)).returncode == 0
    before = set(out.glob("*.pdf"))
    try:
        app, preview, dialog = open_print_dialog(prefix, screen, db)
        screen.click(dialog, 60, 68)  # a label of the dialog: it has the keyboard
        screen.key("alt+l")  # Print to fi&le
        screen.key("Return")  # OK
        # Windows would now ask for the output file's name (a window of its own)
        asked = screen.wait(lambda t: t not in ("", "Print") and "ITA" not in t
                            and not t.startswith("ตัวอย่างก่อนพิมพ์"), 60)
        spooled = [p for p in out.glob("*.pdf") if p not in before]
        if not spooled and asked is None:
            try:
                spooled = [spooled_after(out, before, 120)]
            except AssertionError:
                spooled = []
        assert not spooled, f"the job went to the printer: {spooled}"
        assert asked is not None, "no file name asked for"
        app.kill()
    finally:
        prefix.kill_all()
        subprocess.run(["cancel", "-a", wine_prefix.WINE_QUEUE], check=False)


def test_wine_print_dialog_loses_print_to_file(installed):
    """Wine's part alone: a 40-line C program opens the same dialog the same way (PrintDlgExW
    as Qt calls it), ticks 'Print to file' and presses OK. Wine returns the port 'FILE:' but not
    the PD_PRINTTOFILE flag Qt reads. When Wine is fixed this test fails: then turn the xfail
    above into a real test. Also the committed screenshot of the dialog (inside ita-desktop.exe
    the same dialog works from the keyboard but its window stays black on this Xvfb)."""
    wine_queue_or_skip()
    prefix = replace(installed, env=(f"PRINTER={wine_prefix.WINE_QUEUE}",))
    screen = wine_prefix.Screen(installed.display)
    probe = wine_prefix.mingw(ROOT / "tests" / "wine_printdlg.c",
                              wine_prefix.WINBUILD / "wine_printdlg.exe", "-lcomdlg32")
    try:
        run = prefix.start("wine", f"Z:\\src\\{probe.relative_to(ROOT)}".replace("/", "\\"))
        dialog = screen.wait(lambda t: t == "Print", 120)
        assert dialog is not None, "no print dialog"
        time.sleep(2)
        screen.click(dialog, 60, 68)
        screen.key("alt+l")  # Print to fi&le
        screen.key("alt+n", "alt+Down")  # the printer list, dropped down: the CUPS queues
        time.sleep(1)
        shot = screen.png(dialog)
        lists = [w for w, t in screen.windows().items() if w != dialog and t in ("", "Print")]
        (ROOT / "build" / "winbuild" / "print-dialog.png").write_bytes(shot)
        for n, wid in enumerate(lists):
            (ROOT / "build" / "winbuild" / f"print-dialog-list-{n}.png").write_bytes(
                screen.png(wid))
        screen.key("Escape")  # closes the list
        screen.key("Return")  # OK
        output, _ = run.communicate(timeout=60)
    finally:
        prefix.kill_all()
    assert f"device {wine_prefix.WINE_QUEUE} port FILE:" in output, output
    assert "printtofile 0" in output, output  # Wine's bug: the flag is not handed back


# ------------------------------------------------------------------- Thai file names, crashes
def test_photos_with_thai_file_names_in_a_thai_user_folder(installed, tmp_path):
    """Photos named in Thai (with spaces) in a folder of the Thai user: ita.exe load reads
    them, the stored photos are the ones Linux stores from the same files (SHA-256 and
    caption), and ita.exe dump --photos writes them back into a Thai-named folder."""
    import json

    report_id = linux_ita("demo", "--db", "l.sqlite", cwd=tmp_path).splitlines()[-1]
    base = folder(installed) / "รายงาน มีภาพ"
    shutil.rmtree(base, ignore_errors=True)
    photos = base / "ภาพถ่าย กิจกรรม"
    linux_ita("dump", report_id, "--db", "l.sqlite", "-o", str(base / "รายงาน.json"),
              "--photos", str(photos), cwd=tmp_path)
    data = json.loads((base / "รายงาน.json").read_text(encoding="utf-8"))
    n = 0
    for entry in data["entries"]:
        for photo in entry.get("photos", []):
            n += 1
            thai = f"รูปที่ {n} {entry.get('code', '')} ป้ายประกาศ.jpg".replace("  ", " ")
            (base / photo["file"]).rename(photos / thai)
            photo["file"] = f"ภาพถ่าย กิจกรรม/{thai}"
            photo.pop("sha256", None)  # read the file, not the database
    assert n >= 3
    (base / "รายงาน.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def photo_list(dump: dict) -> list[tuple[str, str]]:
        return [(p["sha256"], p.get("caption", "")) for e in dump["entries"]
                for p in e.get("photos", [])]

    linux_id = linux_ita("load", str(base / "รายงาน.json"), "--db", "ll.sqlite",
                         cwd=tmp_path).splitlines()[-1]
    linux_ita("dump", linux_id, "--db", "ll.sqlite", "-o", "ll.json", cwd=tmp_path)
    linux = photo_list(json.loads((tmp_path / "ll.json").read_text(encoding="utf-8")))
    win_db = installed.win(base / "ภาพ ไทย.sqlite")
    done = installed.ita("load", installed.win(base / "รายงาน.json"), "--db", win_db)
    assert done.returncode == 0, done.stdout
    win_id = done.stdout.strip().splitlines()[-1]
    out = base / "ส่งออก ภาพ"
    done = installed.ita("dump", win_id, "--db", win_db, "-o",
                         installed.win(base / "วินโดวส์.json"), "--photos", installed.win(out))
    assert done.returncode == 0, done.stdout
    windows = photo_list(json.loads((base / "วินโดวส์.json").read_text(encoding="utf-8")))
    assert windows == linux and len(windows) == n
    written = {hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()}
    assert len(written) == len({sha for sha, _ in windows})


def test_hard_crash_writes_crash_log_and_next_start_logs_it(installed, tmp_path):
    """A hard crash of ita-desktop.exe on Windows, with no hook in the program: another
    process starts a thread in it at address 0 (tests/wine_crash.c), an access violation.
    faulthandler writes the Python stacks to logs\\crash.log; the next start moves them into
    logs\\ita-desktop.log and empties crash.log."""
    screen = wine_prefix.Screen(installed.display)
    tool = wine_prefix.mingw(ROOT / "tests" / "wine_crash.c",
                             wine_prefix.WINBUILD / "wine_crash.exe")
    logs = installed.data_dir / "logs"
    exe = installed.win(installed.app_dir / "ita-desktop.exe")
    db = folder(installed) / "ล่ม ทดสอบ.sqlite"
    db.unlink(missing_ok=True)
    assert installed.ita("demo", "--db", installed.win(db)).returncode == 0
    # no crash dialog of Wine's own debugger (Windows would show its error report)
    installed.wine("reg", "add", r"HKCU\Software\Wine\WineDbg", "/v", "ShowCrashDialog",
                   "/t", "REG_DWORD", "/d", "0", "/f")
    try:
        app = installed.start("wine", exe, "--db", installed.win(db))
        assert screen.wait(lambda t: "ITA Desktop" in t) is not None, "no main window"
        time.sleep(3)
        done = installed.wine(f"Z:\\src\\{tool.relative_to(ROOT)}".replace("/", "\\"),
                              "ita-desktop.exe")
        assert done.returncode == 0, done.stdout
        end = time.monotonic() + 60
        while time.monotonic() < end and screen.wait(lambda t: "ITA Desktop" in t, 1):
            time.sleep(1)
        assert screen.wait(lambda t: "ITA Desktop" in t, 1) is None, "still running"
        crash = (logs / "crash.log").read_text(encoding="utf-8", errors="replace")
        assert "Windows fatal exception: access violation" in crash, crash[:2000]
        assert "ita_desktop" in crash and "app.py" in crash, crash[:2000]  # the main thread
        app.kill()
        installed.kill_all()
        again = installed.start("wine", exe, "--db", installed.win(db))
        assert screen.wait(lambda t: "ITA Desktop" in t) is not None, "no main window"
        log = (logs / "ita-desktop.log").read_text(encoding="utf-8", errors="replace")
        assert "the previous run of ITA Desktop crashed" in log
        assert "Windows fatal exception: access violation" in log.split(
            "the previous run of ITA Desktop crashed")[-1]
        assert "access violation" not in (logs / "crash.log").read_text(encoding="utf-8")
        again.kill()
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
