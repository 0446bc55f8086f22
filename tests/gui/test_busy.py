"""Long database jobs run off the GUI thread (issue 18): the backup before finalising, with a
busy dialog in front; the event loop keeps running, Cancel is safe, errors keep their message,
and a late result never reaches a window that is gone."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtTest import QTest

from ita_desktop.core.store import backup as bk
from ita_desktop.gui.busy import Cancelled, run_busy
from ita_desktop.gui.jobs import wait_idle
from ita_desktop.gui.qt import QApplication, QMessageBox, QPushButton, Qt, QTimer, QWidget
from tests.gui.helpers import StallMeter, on_modal

SLOW = 1.2  # seconds the patched backup sleeps: far over the 200 ms stall allowed


def _slow_snapshot(monkeypatch, seen: list[str]) -> None:  # noqa: ANN001
    original = bk._snapshot

    def slow(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        seen.append(threading.current_thread().name)
        time.sleep(SLOW)
        return original(*args, **kwargs)

    monkeypatch.setattr(bk, "_snapshot", slow)


def _press_cancel(dialog: QWidget) -> None:
    button = dialog.findChild(QPushButton)
    assert button is not None and button.text() == "ยกเลิก"
    button.click()


def _finalise_backups(window) -> list[bk.BackupInfo]:  # noqa: ANN001
    folder = window.session.backup_folder()
    return [b for b in bk.list_backups(folder, window.session.store.path)
            if b.reason.startswith("finalise")]


def test_the_backup_before_finalising_does_not_stall_the_window(demo_window, monkeypatch):
    w = demo_window
    report_id = w.editor.report_id
    seen: list[str] = []
    _slow_snapshot(monkeypatch, seen)
    busy_seen: list[str] = []
    QTimer.singleShot(300, lambda: busy_seen.append(
        QApplication.activeModalWidget().objectName()))
    on_modal(lambda dialog: dialog.accept())  # the check has only warnings: finalise
    with StallMeter() as meter:
        w.finalise()
    assert seen and seen[0] != threading.main_thread().name  # the backup ran on a worker
    assert busy_seen == ["busy-dialog"]  # the busy bar was in front meanwhile
    assert meter.ticks > SLOW / 0.2  # the loop kept running all along
    assert meter.longest < 0.2, f"event loop stalled {meter.longest:.3f} s"
    assert w.session.report(report_id).status == "final"  # the result arrived
    assert len(_finalise_backups(w)) == 1  # exactly one backup, not a second on the GUI thread
    assert QApplication.activeModalWidget() is None


def test_cancel_during_the_backup_finalises_nothing_and_leaves_no_file(demo_window,
                                                                     monkeypatch):
    w = demo_window
    report_id = w.editor.report_id
    _slow_snapshot(monkeypatch, [])

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.objectName() == "busy-dialog"
        _press_cancel(dialog)

    QTimer.singleShot(300, cancel)
    on_modal(lambda dialog: dialog.accept())
    started = time.monotonic()
    w.finalise()
    assert time.monotonic() - started < SLOW  # Cancel returns at once, not after the backup
    assert w.session.report(report_id).status == "draft"
    assert "ยกเลิก" in w.statusBar().currentMessage()
    assert wait_idle(30_000)  # the worker stops at its next step
    QApplication.processEvents()
    folder = w.session.backup_folder()
    assert _finalise_backups(w) == []
    assert not [p for p in Path(folder).glob("*") if ".part" in p.name]
    # the window still works: finalising again goes through
    on_modal(lambda dialog: dialog.accept())
    w.finalise()
    assert w.session.report(report_id).status == "final"


def test_a_failed_backup_shows_its_thai_message_and_finalises_nothing(demo_window,
                                                                      monkeypatch):
    w = demo_window
    report_id = w.editor.report_id

    def full_disk(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bk, "_snapshot", full_disk)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, title, text, *a, **k: shown.append((title, text)))
    on_modal(lambda dialog: dialog.accept())
    w.finalise()
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "ยืนยันรายงานฉบับสมบูรณ์"  # the finalise dialog's own title
    assert text.startswith("ทำสำเนาสำรองไม่ได้")  # the core's message, as before the change
    assert w.session.report(report_id).status == "draft"


def test_a_late_result_after_the_window_closed_is_dropped(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    release = threading.Event()
    delivered: list[object] = []

    def work(cancel: threading.Event) -> str:
        release.wait(10)
        delivered.append("worker done")
        return "result"

    QTimer.singleShot(100, lambda: _press_cancel(QApplication.activeModalWidget()))
    with pytest.raises(Cancelled):
        run_busy(parent, "t", "label", work)
    parent.close()
    parent.deleteLater()
    QApplication.processEvents()
    release.set()  # the worker finishes only now, with nobody left to take the result
    assert wait_idle(10_000)
    for _ in range(5):
        QApplication.processEvents()
    assert delivered == ["worker done"]  # it ran to its end, and nothing crashed


def test_an_unexpected_error_in_the_work_is_raised_on_the_gui_thread(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)

    def work(_cancel: threading.Event) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        run_busy(parent, "t", "label", work)


def test_back_up_now_runs_off_the_gui_thread(qtbot, session, monkeypatch):
    from ita_desktop.gui.database.backups import RestoreDialog

    session.create_demo()
    seen: list[str] = []
    _slow_snapshot(monkeypatch, seen)
    dialog = RestoreDialog(session)
    qtbot.addWidget(dialog)
    with StallMeter() as meter:
        dialog.backup_button.click()
    assert seen and seen[0] != threading.main_thread().name
    assert meter.longest < 0.2
    assert dialog.table.rowCount() == 1
    made = dialog.selected_backup()
    assert made is not None and made.reason == "manual"
    assert dialog.message.text() == f"ทำสำเนาสำรองแล้ว: {made.path.name}"


@pytest.mark.parametrize("how", ["escape", "close"])
def test_escape_or_closing_the_busy_dialog_cancels(qtbot, how):
    parent = QWidget()
    qtbot.addWidget(parent)
    release = threading.Event()

    def stop() -> None:
        dialog = QApplication.activeModalWidget()
        if how == "escape":
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            dialog.close()

    QTimer.singleShot(100, stop)
    try:
        with pytest.raises(Cancelled):
            run_busy(parent, "t", "label", lambda cancel: release.wait(10))
    finally:
        release.set()
        assert wait_idle(10_000)


def test_a_job_without_cancel_ignores_escape_and_finishes(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)

    def press_escape() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog.findChild(QPushButton) is None  # no Cancel button at all
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        dialog.close()

    QTimer.singleShot(100, press_escape)
    assert run_busy(parent, "t", "label", lambda cancel: time.sleep(0.4) or "done",
                    cancellable=False) == "done"


def test_restoring_one_report_checks_and_backs_up_off_the_gui_thread(qtbot, session,
                                                                     monkeypatch):
    from ita_desktop.gui.database.backups import RestoreDialog

    first = session.create_demo()
    session.backup_now()
    entry = session.store.get_report(first).entries[0]
    session.store.update_entry(entry.id, issue="แก้หลังสำรอง")
    seen: list[str] = []
    _slow_snapshot(monkeypatch, seen)  # the backup of the current state, before the restore
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog = RestoreDialog(session)
    qtbot.addWidget(dialog)
    with StallMeter() as meter:
        dialog.report_button.click()
    assert seen and seen[0] != threading.main_thread().name
    assert meter.longest < 0.2, f"event loop stalled {meter.longest:.3f} s"
    restored = session.store.get_report(dialog.restored_report)
    assert restored.entries[0].issue == entry.issue  # as in the backup
    reasons = sorted(b.reason for b in session.backups())
    assert reasons == ["manual", "restore"]  # one backup before the restore, not two
