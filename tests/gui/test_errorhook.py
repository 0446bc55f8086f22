"""Errors never vanish: an exception raised inside a slot is written to the log in the user
data folder and the clerk sees a short Thai message naming the log; the log rotates; a hard
crash recorded by faulthandler reaches the log at the next start."""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading

import pytest

from ita_desktop.core.base import crashlog, paths
from ita_desktop.gui import errorhook, i18n
from ita_desktop.gui.qt import QTimer


@pytest.fixture
def logged(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(errorhook, "show", shown.append)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    log = crashlog.setup("test")
    errorhook.install()
    yield log, shown
    crashlog.shutdown()
    faulthandler.enable()  # pytest's own stack dumps on a hang


@pytest.mark.qt_no_exception_capture  # let PySide hand the error to our hook, as in the app
def test_exception_in_a_slot_is_logged_and_shown_in_thai(qtbot, qapp, logged, user_home):
    log, shown = logged
    i18n.set_language("th")

    def broken_slot() -> None:
        raise ZeroDivisionError("slot went wrong")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert log == user_home / "logs" / "ita-desktop.log" == paths.logs_dir() / "ita-desktop.log"
    text = log.read_text(encoding="utf-8")
    assert "uncaught exception" in text and "ZeroDivisionError: slot went wrong" in text
    assert "broken_slot" in text  # the traceback, not only the message
    assert shown == [errorhook.message(str(log))]
    assert "เกิดข้อผิดพลาด" in shown[0] and str(log) in shown[0]


def test_log_rotates(monkeypatch, logged):
    log, _ = logged
    handler = next(h for h in crashlog.logger.handlers
                   if isinstance(h, logging.handlers.RotatingFileHandler))
    monkeypatch.setattr(handler, "maxBytes", 2000)
    for n in range(40):
        crashlog.logger.error("line %d %s", n, "x" * 100)
    assert log.with_name(log.name + ".1").is_file()
    assert log.stat().st_size <= 2000
    assert handler.backupCount == crashlog.BACKUPS


def test_previous_hard_crash_reaches_the_log(user_home):
    folder = user_home / "logs"
    folder.mkdir(parents=True)
    (folder / crashlog.CRASH_NAME).write_text("Fatal Python error: Segmentation fault\n")
    try:
        log = crashlog.setup("test")
        for handler in crashlog.logger.handlers:
            handler.flush()
        assert "previous run of ITA Desktop crashed" in log.read_text(encoding="utf-8")
        assert "Segmentation fault" in log.read_text(encoding="utf-8")
        assert (folder / crashlog.CRASH_NAME).read_text() == ""  # armed again, empty
    finally:
        crashlog.shutdown()
        faulthandler.enable()


def test_window_program_refuses_an_incomplete_installation(qapp, monkeypatch, tmp_path):
    """A missing font: a Thai message box naming the file, exit 2, no window with a fallback."""
    import shutil

    from ita_desktop.gui import app

    copy = tmp_path / "data"
    shutil.copytree(paths.data_dir(), copy)
    (copy / "fonts" / "Sarabun-Regular.ttf").unlink()
    monkeypatch.setattr(paths, "data_dir", lambda: copy)
    boxes: list[str] = []
    monkeypatch.setattr(app.QMessageBox, "critical", lambda parent, title, text: boxes.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    try:
        assert app.main(["--db", str(tmp_path / "x.sqlite")]) == 2
    finally:
        crashlog.shutdown()
        faulthandler.enable()
    assert len(boxes) == 1
    assert "ติดตั้งโปรแกรมไม่ครบ" in boxes[0] and "fonts/Sarabun-Regular.ttf" in boxes[0]
    assert not (tmp_path / "x.sqlite").exists()


def test_itapkg_files_on_the_command_line_are_accepted():
    from ita_desktop.gui.app import parse_args

    args = parse_args(["--db", "r.sqlite", "a.itapkg", "b.itapkg"])
    assert args.packages == ["a.itapkg", "b.itapkg"] and not args.self_test
