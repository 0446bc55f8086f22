"""``ita-desktop [--db PATH] [--self-test]``: start the app on the user's database (or the one
given); ``--self-test`` checks the installation (Qt included) and exits 0 or 1."""

from __future__ import annotations

import argparse
import sys

from .. import platform_check
from ..core.base import crashlog, paths
from ..core.base.errors import ItaError, StoreError
from . import errorhook, fonts, i18n, qt_texts
from .database.store_trouble import AskReadOnly, open_store
from .mainwindow import MainWindow
from .qt import QApplication, QIcon, QMessageBox, QTimer
from .session import Session
from .settings import Settings


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ita-desktop", description="ITA Desktop")
    parser.add_argument("--db", help="database file (default: the user's database)")
    parser.add_argument("packages", nargs="*", metavar="FILE.itapkg",
                        help="report packages to import (double-clicking a .itapkg file); a "
                             ".itaform file is a framework to import")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation (forms, fonts, PDF, Qt), print the result "
                             "and exit 0 or 1")
    return parser.parse_args(argv)


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["ita-desktop", *(argv or [])])
    app.setApplicationName("ITA Desktop")
    app.setOrganizationName("ITA Desktop")
    icon = paths.icon_path()
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    qt_texts.install(app)  # Thai on Qt's own buttons and menus
    return app


def build_window(db: str | None = None, settings: Settings | None = None,
                 ask: AskReadOnly | None = None) -> MainWindow:
    """Language, font, database and window, ready to show (tests and benchmarks use this).

    The database is opened as its one writer; when another copy of the app edits it, ``ask``
    (default: a question box) decides whether to open it read-only instead."""
    app = create_app()
    settings = settings or Settings()
    i18n.set_language(settings.language)
    fonts.apply_font(app, settings.font_pt)
    path = db or str(paths.default_db_path())
    store = open_store(path, None, ask)
    if store is None:
        raise StoreError("ไม่ได้เปิดฐานข้อมูล", where=path, english="the database was not opened")
    if db:
        settings.last_db = str(path)
    return MainWindow(Session(store), settings)


def open_files(window: MainWindow, files: list[str]) -> None:
    """Files the program was started with: report packages to the checked import, framework
    files (``.itaform``) to File → Import framework…, one after the other."""
    frameworks = [f for f in files if f.lower().endswith(".itaform")]
    packages = [f for f in files if f not in frameworks]
    if packages:
        window.import_packages(packages)
    for path in frameworks:
        window.import_framework(path)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        from ..selftest import main as self_test
        from .self_check import qt_check

        return self_test([("Qt", qt_check)])
    try:
        log = crashlog.setup("ita-desktop")
    except OSError as exc:  # a read-only profile must not stop the program
        log = None
        print(f"ITA Desktop: cannot write the error log: {exc}", file=sys.stderr)
    errorhook.install()
    missing = platform_check.missing_packages()
    if missing:  # Qt would abort with an English-only message (Linux)
        hint = platform_check.hint(missing)
        crashlog.logger.error(hint)
        print(hint + (f"\n(log: {log})" if log else ""), file=sys.stderr)
        return 3
    app = create_app()
    try:
        paths.check_install()
        window = build_window(args.db)
    except StoreError as exc:
        if exc.english == "the database was not opened":
            return 2  # the clerk chose not to open it (already told why)
        QMessageBox.critical(None, "ITA Desktop", exc.text())
        return 2
    except ItaError as exc:
        QMessageBox.critical(None, "ITA Desktop", exc.text())
        return 2
    window.show()
    from .database.backups import start_daily_backup

    start_daily_backup(window.session.store.path)  # when the newest backup is over a day old
    if args.packages:  # opened by double-clicking .itapkg / .itaform files
        QTimer.singleShot(0, lambda: open_files(window, list(args.packages)))
    app.aboutToQuit.connect(window.close)  # logging off / shutting down: save and close
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
