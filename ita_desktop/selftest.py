"""``ita self-test`` and ``ita-desktop --self-test``: does this installation work?

Run by IT staff after installing (and by CI on the wheel and the frozen folder): a temporary
database, every bundled form, the demo report rendered to PDF with the bundled Thai fonts
embedded, Thai catalogs and Babel data, a HEIC photo decoded, and (for the window program) the Qt
platform and print support. No network, nothing written outside a temporary folder. Each check
prints one line; a failure says what is missing. Exit 0 when all pass, 1 otherwise.
"""

from __future__ import annotations

import gettext
import io
import os
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .core.base import paths


@dataclass
class Result:
    name: str
    ok: bool
    detail: str


def _files() -> str:
    paths.check_install()
    return str(paths.data_dir())


def _database(tmp: Path) -> str:
    from .core.store import Store

    with Store.open(tmp / "self-test.sqlite") as store:
        assert store.list_reports() == [], "a new database is not empty"
    return "SQLite " + __import__("sqlite3").sqlite_version


def _forms() -> str:
    from .core.framework import catalog as forms

    bundled = [f for f in forms.available().values() if f.origin == "bundled"]
    wanted = {Path(name).stem for name in paths.REQUIRED_FORMS}
    found = {f.id for f in bundled}
    if not wanted <= found:
        raise AssertionError(f"bundled forms missing: {', '.join(sorted(wanted - found))}")
    counts = []
    for form in bundled:  # load the bundled file itself, even if the office replaced it
        framework = forms.load_framework_file(form.path)
        counts.append(f"{form.id} ({sum(1 for _ in framework.items())} items)")
    return ", ".join(counts)


def _demo_pdf(tmp: Path) -> str:
    from pypdf import PdfReader

    from .core.framework.catalog import try_load_framework
    from .core.render import render_pdf
    from .core.store import Store
    from .core.workflow.demo import create_demo

    with Store.open(tmp / "demo.sqlite") as store:
        report = store.get_report(create_demo(store))
        pdf = render_pdf(report, store, try_load_framework(report.framework))
    reader = PdfReader(io.BytesIO(pdf))
    fonts: set[str] = set()
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            font = font.get_object()
            embedded = any(key in font.get("/FontDescriptor", {}).get_object()
                           for key in ("/FontFile", "/FontFile2", "/FontFile3")) \
                if "/FontDescriptor" in font else False
            if embedded:
                fonts.add(str(font["/BaseFont"]).split("+")[-1])
    if not {"Sarabun-Regular", "Sarabun-Bold"} <= fonts:
        raise AssertionError(f"Sarabun is not embedded in the PDF (embedded: {sorted(fonts)})")
    text = reader.pages[0].extract_text()
    if "ปทุมวัน" not in text:
        raise AssertionError("the demo PDF has no Thai text on page 1")
    return f"{len(reader.pages)} pages, {len(pdf) // 1024} KB, fonts {', '.join(sorted(fonts))}"


def _translations() -> str:
    mo = paths.locale_dir() / "th" / "LC_MESSAGES" / "ita_desktop.mo"
    with mo.open("rb") as stream:
        catalog = gettext.GNUTranslations(stream)
    if catalog.gettext("&File") == "&File":
        raise AssertionError(f"{mo} has no Thai for the File menu")
    from babel import Locale
    from babel.dates import format_date

    month = format_date(__import__("datetime").date(2024, 11, 1), "MMMM", locale="th")
    if month != "พฤศจิกายน":
        raise AssertionError(f"Babel's Thai month names are missing (got {month!r})")
    return f"th: {catalog.gettext('&File')}, Babel {Locale.parse('th').display_name}"


def _heic() -> str:
    from .core.photos.intake import process_photo

    data = (paths.data_dir() / "selftest" / "tiny.heic").read_bytes()
    photo = process_photo(data, "tiny.heic")
    return f"HEIC {photo.width}x{photo.height} decoded"


def _office_names() -> str:
    from .core.package.office_match import match_offices

    match = match_offices(["สำนักงานเขตปทุมวน"], ["สำนักงานเขตปทุมวัน", "สำนักงานเขตบางรัก"])
    found = match["สำนักงานเขตปทุมวน"]
    if found.how != "proposed" or found.office != "สำนักงานเขตปทุมวัน":
        raise AssertionError(f"a misspelt office name was not proposed: {found!r}")
    return f"near miss proposed ({found.score:.0f})"


def _qt() -> str:
    from .platform_check import missing_packages

    missing = missing_packages()
    if missing:  # creating the QApplication would abort the whole process
        raise AssertionError(f"libraries Qt needs are missing; install: {' '.join(missing)}")
    from .gui.qt import QApplication

    app = QApplication.instance() or QApplication(["ita-desktop", "--self-test"])
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printers = len(QPrinterInfo.availablePrinters())
    return (f"platform {app.platformName()}, print support ok "
            f"({printers} printers, page {printer.pageLayout().pageSize().name()})")


def checks(with_qt: bool) -> list[tuple[str, Callable[[Path], str]]]:
    found: list[tuple[str, Callable[[Path], str]]] = [
        ("files", lambda tmp: _files()),
        ("database", _database),
        ("forms", lambda tmp: _forms()),
        ("demo PDF", _demo_pdf),
        ("translations", lambda tmp: _translations()),
        ("HEIC", lambda tmp: _heic()),
        ("office names", lambda tmp: _office_names()),
    ]
    if with_qt:
        found.append(("Qt", lambda tmp: _qt()))
    return found


def run(with_qt: bool) -> list[Result]:
    results = []
    # ITA_DESKTOP_HOME: the office's own forms/settings are not read or touched
    saved = os.environ.get("ITA_DESKTOP_HOME")
    with tempfile.TemporaryDirectory(prefix="ita-self-test-") as folder:
        tmp = Path(folder)
        os.environ["ITA_DESKTOP_HOME"] = str(tmp / "home")
        try:
            for name, check in checks(with_qt):
                try:
                    results.append(Result(name, True, check(tmp)))
                except Exception as exc:  # report every failure, keep checking
                    detail = getattr(exc, "english", None) or str(exc) or type(exc).__name__
                    last = traceback.extract_tb(exc.__traceback__)[-1:]
                    where = f" [{Path(last[0].filename).name}:{last[0].lineno}]" if last else ""
                    results.append(Result(name, False, f"{type(exc).__name__}: {detail}{where}"))
        finally:
            if saved is None:
                os.environ.pop("ITA_DESKTOP_HOME", None)
            else:
                os.environ["ITA_DESKTOP_HOME"] = saved
    return results


def report(results: list[Result]) -> str:
    lines = [f"ITA Desktop {__version__} self-test"]
    lines += [f"{'ok  ' if r.ok else 'FAIL'}  {r.name}: {r.detail}" for r in results]
    failed = [r.name for r in results if not r.ok]
    lines.append("ผ่านทุกข้อ (all checks passed)" if not failed
                 else f"ไม่ผ่าน {len(failed)} ข้อ (failed: {', '.join(failed)})")
    return "\n".join(lines)


def main(with_qt: bool) -> int:
    results = run(with_qt)
    text = report(results)
    try:
        print(text)
    except (AttributeError, OSError, ValueError):
        pass  # a window program on Windows has no stdout; the file below has the result
    try:
        paths.logs_dir().mkdir(parents=True, exist_ok=True)
        (paths.logs_dir() / "self-test.txt").write_text(text + "\n", encoding="utf-8")
    except OSError:
        pass
    return 0 if all(r.ok for r in results) else 1
