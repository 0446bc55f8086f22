"""The restore view, "Save a copy…" and a damaged database on open, in the window."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ita_desktop.core.store import Store
from ita_desktop.core.store import backup as bk
from ita_desktop.core.workflow.demo import create_demo
from ita_desktop.gui.database.backups import RestoreDialog
from ita_desktop.gui.qt import QMessageBox, QPushButton
from tests.gui.helpers import on_modal


def _yes(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)


def test_restore_view_lists_backups_and_restores_one_report(qtbot, session, monkeypatch) -> None:
    first = session.create_demo() if hasattr(session, "create_demo") else create_demo(session.store)
    second = create_demo(session.store)
    info = session.backup_now()
    entry = session.store.get_report(first).entries[0]
    session.store.update_entry(entry.id, issue="แก้หลังสำรอง")
    session.store.update_entry(session.store.get_report(second).entries[0].id, issue="อีกฉบับ")
    dialog = RestoreDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "สั่งทำเอง"
    assert dialog.contents.rowCount() == 2
    assert dialog.contents.item(0, 0).text() == "สำนักงานเขตปทุมวัน"
    assert str(session.backup_folder()) in dialog.folder_label.text()
    # choose the first report and restore it
    uuid_first = session.store.get_report(first).uuid
    row = [r.uuid for r in info.reports].index(uuid_first)
    dialog.contents.selectRow(row)
    _yes(monkeypatch)
    dialog.report_button.click()
    restored = session.store.get_report(session.store.find_report_id(uuid_first))
    assert restored.entries[0].issue == entry.issue  # as in the backup
    assert session.store.get_report(second).entries[0].issue == "อีกฉบับ"  # untouched
    assert dialog.table.rowCount() == 2  # the state before the restore was backed up
    assert {dialog.table.item(r, 1).text() for r in range(2)} == {"สั่งทำเอง", "ก่อนกู้คืน"}


def test_restore_whole_database_from_the_main_window(qtbot, demo_window, monkeypatch) -> None:
    window = demo_window
    info = window.session.backup_now()
    create_demo(window.session.store)
    assert len(window.session.store.list_reports()) == 2

    def choose_whole(dialog) -> None:  # noqa: ANN001
        assert isinstance(dialog, RestoreDialog)
        dialog.table.selectRow([b.path for b in dialog._backups].index(info.path))
        dialog.whole_button.click()

    _yes(monkeypatch)
    on_modal(choose_whole)
    window.show_backups()
    assert len(window.session.store.list_reports()) == 1
    reasons = sorted(b.reason for b in window.session.backups())
    assert reasons == ["manual", "restore"]


def test_save_a_copy(qtbot, demo_window, tmp_path: Path, monkeypatch) -> None:
    from ita_desktop.gui.database import backups

    target = tmp_path / "usb" / "copy.sqlite"
    target.parent.mkdir()
    monkeypatch.setattr(backups.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    shown = []
    monkeypatch.setattr(backups.QMessageBox, "information",
                        lambda _p, _t, text: shown.append(text))
    demo_window.save_copy()
    assert target.exists() and shown and str(target) in shown[0]
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.sqlite"]
    with Store.open(target) as copy:
        assert len(copy.list_reports()) == 1


def _click(text: str):  # noqa: ANN202
    def click(box) -> None:  # noqa: ANN001
        for button in box.findChildren(QPushButton):
            if button.text() == text:
                button.click()
                return
        raise AssertionError(f"no button {text!r} in {[b.text() for b in box.findChildren(QPushButton)]}")
    return click


def _damaged_db(path: Path) -> bk.BackupInfo:
    with Store.open(path) as store:
        create_demo(store)
        info = bk.create_backup(store, bk.default_backup_dir(), "daily")
    with open(path, "r+b") as stream:
        stream.seek(4096 * 2)
        stream.write(b"\x13" * 200)
    return info


def test_damaged_database_on_open_offers_the_newest_good_backup(qtbot, db_path: Path) -> None:
    from ita_desktop.gui.app import build_window

    _damaged_db(db_path)
    texts = []

    def restore(box) -> None:  # noqa: ANN001
        texts.append(box.text())
        _click("กู้คืนจากสำเนาสำรองล่าสุดที่ใช้ได้")(box)

    on_modal(restore)
    window = build_window(str(db_path))
    qtbot.addWidget(window)
    assert "เสียหาย" in texts[0] and "ไม่ได้เขียนอะไรลงไฟล์นี้" in texts[0]
    assert "สำเนาสำรองล่าสุดที่ใช้ได้" in texts[0]
    assert len(window.session.store.list_reports()) == 1
    assert window.session.damaged is None
    assert list(db_path.parent.glob("gui-damaged-*.sqlite"))
    window.close()


def test_damaged_database_opened_read_only_writes_nothing(qtbot, db_path: Path) -> None:
    from ita_desktop.gui.app import build_window

    with Store.open(db_path) as store:
        create_demo(store)
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    with open(db_path, "r+b") as stream:  # the last page: photo data, the catalogue reads
        stream.seek(4096 * (pages - 1))
        stream.write(b"\x00" * 4096)
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    on_modal(_click("เปิดแบบอ่านอย่างเดียว"))
    window = build_window(str(db_path))
    qtbot.addWidget(window)
    assert window.session.damaged
    assert "อ่านอย่างเดียว" in window.windowTitle()
    window.close()
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_database_changed_outside_is_refused_in_the_window(qtbot, db_path: Path) -> None:
    import sqlite3

    from ita_desktop.gui.app import build_window

    with Store.open(db_path) as store:
        create_demo(store)
        bk.create_backup(store, bk.default_backup_dir(), "daily")
    con = sqlite3.connect(db_path)
    con.execute("CREATE TRIGGER evil AFTER UPDATE ON entries BEGIN DELETE FROM audit_log; END")
    con.commit()
    con.close()
    texts = []

    def restore(box) -> None:  # noqa: ANN001
        texts.append((box.windowTitle(), box.text()))
        _click("กู้คืนจากสำเนาสำรองล่าสุดที่ใช้ได้")(box)

    on_modal(restore)
    window = build_window(str(db_path))
    qtbot.addWidget(window)
    title, text = texts[0]
    assert "ถูกแก้ไขจากภายนอก" in title
    assert "ถูกแก้ไขจากภายนอกโปรแกรม ITA Desktop" in text and "“evil”" in text
    assert window.session.damaged is None  # the good backup is in use, without the trigger
    names = {r[0] for r in window.session.store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert "evil" not in names
    window.close()


def test_daily_backup_at_start_runs_in_the_background(db_path: Path) -> None:
    from ita_desktop.gui.database.backups import start_daily_backup

    with Store.open(db_path) as store:
        create_demo(store)
    thread = start_daily_backup(db_path)
    assert thread is not None
    thread.join(timeout=60)
    assert [b.reason for b in bk.list_backups(bk.default_backup_dir(), db_path)] == ["daily"]
    start_daily_backup(db_path).join(timeout=60)  # the newest is not a day old: no second one
    assert len(bk.list_backups(bk.default_backup_dir(), db_path)) == 1


def test_a_damaged_photo_shows_an_empty_tile_instead_of_failing(qtbot, session) -> None:
    from ita_desktop.gui.editor.photo_strip import THUMB, ThumbCache

    report_id = create_demo(session.store)
    ref = next(p for e in session.store.get_report(report_id).entries for p in e.photos)
    session.store.conn.execute("UPDATE photo_blobs SET thumb_jpeg = X'FFD8FF00' "
                               "WHERE sha256 = ?", (ref.sha256,))  # bytes no longer match
    pixmap = ThumbCache(session).get(ref)
    assert not pixmap.isNull() and max(pixmap.width(), pixmap.height()) == THUMB
