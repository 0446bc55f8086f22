"""In the window: a second copy is told who edits the database and writes nothing; a full
disk, a read-only database or a lock keep the edit on screen with the cause, and it is saved
as soon as it can be."""

from __future__ import annotations

import getpass
import hashlib
import sqlite3
from pathlib import Path

import pytest

from ita_desktop.core.base.errors import StoreError
from ita_desktop.core.store import Store
from ita_desktop.core.store.failures import ReadOnlyStoreError, StoreFailure
from ita_desktop.core.store.lock import DatabaseInUseError
from ita_desktop.core.workflow.demo import create_demo
from ita_desktop.gui.app import build_window
from tests.safety import small_disk, writer_in_other_process

BIG = "ข้อความที่ต้องไม่หาย " * 900  # ~ 19,000 characters, under the 20,000 cell limit


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stored_issue(db: Path, entry_id: int) -> str:
    with Store.open(db, read_only=True) as store:
        return store.get_entry(entry_id).issue


def _window(qtbot, db: Path, asked: list | None = None):  # noqa: ANN001
    def ask(exc: StoreFailure) -> bool:
        if asked is not None:
            asked.append(exc)
        return True

    window = build_window(str(db), ask=ask)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_report(1)
    return window


def _demo(db: Path) -> None:
    with Store.open(db) as store:
        create_demo(store)


def test_second_copy_is_told_and_writes_nothing(qtbot, db_path):
    _demo(db_path)
    with writer_in_other_process(db_path):
        before = _digest(db_path)
        asked: list = []
        w = _window(qtbot, db_path, asked)
        assert len(asked) == 1 and isinstance(asked[0], DatabaseInUseError)
        assert getpass.getuser() in asked[0].message
        assert w.session.read_only
        assert w.editor.banner.isVisible()
        assert "เปิดแบบอ่านอย่างเดียว" in w.editor.banner.text()
        assert getpass.getuser() in w.editor.banner.text()
        assert not w.notice_label.isHidden() and "อ่านอย่างเดียว" in w.notice_label.text()
        card = next(iter(w.editor.current_form().cards.values()))
        assert card.issue.isReadOnly() and not card.delete_button.isVisible()
        assert not w.act_new.isEnabled() and not w.act_add.isEnabled()
        with pytest.raises(ReadOnlyStoreError):
            w.session.update_entry(card.entry_id, issue="ห้ามบันทึก")
        w.close()
        assert _digest(db_path) == before


def test_refusing_read_only_opens_nothing(qtbot, db_path):
    _demo(db_path)
    with writer_in_other_process(db_path):
        with pytest.raises(StoreError):
            build_window(str(db_path), ask=lambda exc: False)


def _edit_while_failing(qtbot, w, db: Path, fail, recover, cause: str):  # noqa: ANN001
    card = next(iter(w.editor.current_form().cards.values()))
    entry_id = card.entry_id
    before = _stored_issue(db, entry_id)
    fail()
    card.issue.setPlainText(BIG)
    w.editor.flush()
    assert not card.save_error.isHidden() and cause in card.save_error.text()
    assert not w.trouble_label.isHidden() and cause in w.trouble_label.text()
    assert card.issue.toPlainText() == BIG  # the edit stays on screen
    assert _stored_issue(db, entry_id) == before  # nothing saved is touched
    recover()
    qtbot.waitUntil(lambda: _stored_issue(db, entry_id) == BIG, timeout=15000)
    qtbot.waitUntil(lambda: card.save_error.isHidden() and w.trouble_label.isHidden(),
                    timeout=5000)
    return card


def test_full_disk_in_the_window(qtbot, tmp_path):
    with small_disk(tmp_path / "disk", "16m") as disk:
        db = (disk.path if disk else tmp_path) / "full.sqlite"
        _demo(db)
        w = _window(qtbot, db)
        conn = w.session.store.conn
        if disk:
            def fail() -> None:  # the WAL emptied first, so that taking BIG must grow it
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                disk.fill()

            recover = disk.free
        else:  # simulated SQLITE_FULL: SQLite may not grow the file
            def fail() -> None:
                pages = conn.execute("PRAGMA page_count").fetchone()[0]
                conn.execute(f"PRAGMA max_page_count = {pages}")

            def recover() -> None:
                conn.execute("PRAGMA max_page_count = 1073741823")
        _edit_while_failing(qtbot, w, db, fail, recover, "พื้นที่ดิสก์เต็ม")
        w.close()


def test_database_turning_read_only_in_the_window(qtbot, db_path):
    _demo(db_path)
    w = _window(qtbot, db_path)
    conn = w.session.store.conn
    _edit_while_failing(qtbot, w, db_path, lambda: conn.execute("PRAGMA query_only = 1"),
                        lambda: conn.execute("PRAGMA query_only = 0"), "อ่านอย่างเดียว")
    w.close()


def test_locked_database_shows_waiting_then_saves(qtbot, db_path):
    _demo(db_path)
    w = _window(qtbot, db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        _edit_while_failing(qtbot, w, db_path, lambda: other.execute("BEGIN IMMEDIATE"),
                            lambda: other.execute("ROLLBACK"), "กำลังรอฐานข้อมูล")
    finally:
        other.close()
    w.close()


def test_read_only_medium_opens_read_only(qtbot, tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        if disk is None:
            pytest.skip("needs root to mount a read-only file system")
        _demo(disk.path / "cd.sqlite")
        with disk.read_only_view(tmp_path / "ro") as view:
            asked: list = []
            w = _window(qtbot, view / "cd.sqlite", asked)
            assert isinstance(asked[0], ReadOnlyStoreError)
            assert w.session.read_only and w.editor.banner.isVisible()
            assert "เขียนไฟล์ฐานข้อมูลไม่ได้" in w.editor.banner.text()
            w.close()


def test_a_long_lock_ends_the_waiting_notice_with_a_clear_message(qapp):
    from ita_desktop.core.store.failures import busy
    from ita_desktop.gui.database.store_trouble import (
        BUSY_NOTICE_SECONDS,
        not_saved_text,
        status_text,
    )

    exc = busy("/x/db.sqlite", 0.5)
    assert "กำลังรอฐานข้อมูล" in status_text(exc, 3)
    late = status_text(exc, BUSY_NOTICE_SECONDS + 15)
    assert "กำลังรอฐานข้อมูล" not in late
    assert "ถูกโปรแกรมอื่นใช้งานอยู่ รอแล้ว 45 วินาที" in late and "ปิดโปรแกรมอื่น" in late
    assert "รอแล้ว 45 วินาที" in not_saved_text(exc, BUSY_NOTICE_SECONDS + 15)


def test_closing_while_writes_fail_asks_first(qtbot, db_path):
    from tests.gui.helpers import on_modal

    _demo(db_path)
    w = _window(qtbot, db_path)
    conn = w.session.store.conn
    card = next(iter(w.editor.current_form().cards.values()))
    conn.execute("PRAGMA query_only = 1")
    card.issue.setPlainText("ยังไม่ได้บันทึก")

    def keep(box) -> None:  # noqa: ANN001
        assert "อ่านอย่างเดียว" in box.text()
        next(b for b in box.buttons() if b.text() == "ยังไม่ปิดหน้าต่าง").click()

    on_modal(keep)
    w.close()
    assert w.isVisible() and card.issue.toPlainText() == "ยังไม่ได้บันทึก"
    conn.execute("PRAGMA query_only = 0")
    qtbot.waitUntil(lambda: _stored_issue(db_path, card.entry_id) == "ยังไม่ได้บันทึก",
                    timeout=10000)
    w.close()
    assert not w.isVisible()


def test_a_real_second_app_is_told_and_a_killed_one_does_not_block(qtbot, db_path, tmp_path):
    """The real app (``ita-desktop``) in another process: this copy is told and opens
    read-only; once that app is killed (-9), the next start edits normally, asking nothing."""
    import os
    import subprocess
    import sys
    import time

    from ita_desktop.core.store.lock import holder_of

    _demo(db_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ITA_DESKTOP_HOME": str(tmp_path)}
    app = subprocess.Popen([sys.executable, "-m", "ita_desktop.gui.app", "--db", str(db_path)],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while holder_of(db_path) is None:
            assert app.poll() is None and time.monotonic() < deadline, "the app did not start"
            time.sleep(0.2)
        assert holder_of(db_path).pid == app.pid
        asked: list = []
        w = _window(qtbot, db_path, asked)
        assert isinstance(asked[0], DatabaseInUseError) and w.session.read_only
        w.close()
        app.kill()  # SIGKILL on POSIX: no clean-up of any kind
        app.wait()
        w2 = _window(qtbot, db_path, asked)
        assert len(asked) == 1 and not w2.session.read_only  # not asked again: editing
        card = next(iter(w2.editor.current_form().cards.values()))
        w2.session.update_entry(card.entry_id, issue="หลังโปรแกรมแรกถูกปิด")
        w2.close()
        assert _stored_issue(db_path, card.entry_id) == "หลังโปรแกรมแรกถูกปิด"
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()


def test_report_properties_keep_the_value_and_save_it_later(qtbot, session):
    from ita_desktop.gui.editor.properties import PropertiesDialog
    from tests.gui.helpers import type_text

    report_id = session.create_demo()
    dlg = PropertiesDialog(session, session.report(report_id))
    qtbot.addWidget(dlg)
    dlg.show()
    session.store.conn.execute("PRAGMA query_only = 1")
    dlg.agency.setFocus()
    dlg.agency.selectAll()
    type_text(dlg.agency, "สำนักงานเขตบางรัก")
    qtbot.waitUntil(lambda: not dlg.error.isHidden(), timeout=3000)
    assert "อ่านอย่างเดียว" in dlg.error.text()
    assert dlg.agency.text() == "สำนักงานเขตบางรัก"
    assert session.store.get_report(report_id).agency == "สำนักงานเขตปทุมวัน"
    session.store.conn.execute("PRAGMA query_only = 0")
    qtbot.waitUntil(lambda: session.store.get_report(report_id).agency == "สำนักงานเขตบางรัก",
                    timeout=10000)
    qtbot.waitUntil(dlg.error.isHidden, timeout=3000)
    dlg.close()


def test_a_photo_caption_is_kept_and_saved_later(qtbot, db_path):
    _demo(db_path)
    w = _window(qtbot, db_path)
    from ita_desktop.gui.editor.photo_strip import ROLE

    entry = next(e for e in w.editor.report.entries if e.photos)
    w.editor.show_entry(entry.id)
    form = w.editor.current_form()
    form.ensure_all()
    strip = form.cards[entry.id].photos
    photo_id = strip.list.item(0).data(ROLE)
    conn = w.session.store.conn
    conn.execute("PRAGMA query_only = 1")
    strip.list.item(0).setText("คำบรรยายที่ต้องไม่หาย")
    assert "อ่านอย่างเดียว" in strip.messages.text()
    assert strip.list.item(0).text() == "คำบรรยายที่ต้องไม่หาย"
    conn.execute("PRAGMA query_only = 0")
    qtbot.waitUntil(lambda: w.session.photo_entry(photo_id)[1].caption
                    == "คำบรรยายที่ต้องไม่หาย", timeout=10000)
    qtbot.waitUntil(lambda: strip.messages.text() == "", timeout=3000)
    w.close()
