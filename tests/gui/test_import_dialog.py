"""Import dialog: each outcome (imported, unchanged, replaced, conflict with each answer), a
damaged file (message, nothing written), the session told to refresh, drag and drop."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ita_desktop.core.package import build_package
from ita_desktop.core.store import Store
from ita_desktop.core.workflow.demo import create_demo
from ita_desktop.core.workflow.finalise import finalise_report
from ita_desktop.gui.i18n import _
from ita_desktop.gui.jobs import wait_idle
from ita_desktop.gui.packages.import_dialog import ImportDialog, package_paths_of
from ita_desktop.gui.qt import QFileDialog, QMessageBox, QPushButton
from tests.gui.helpers import on_modal


@pytest.fixture(autouse=True)
def idle_worker() -> Iterator[None]:
    yield
    assert wait_idle(30_000)


@dataclass
class Packages:
    first: Path  # the demo report, revision 1
    newer: Path  # the same report, revision 2
    other: Path  # another report (other uuid) of the same office, year and round
    damaged: Path  # the first, cut short


@pytest.fixture
def packages(tmp_path: Path) -> Packages:
    folder = tmp_path / "received"
    folder.mkdir()
    with Store.open(tmp_path / "sender.sqlite") as store:
        first = create_demo(store)
        other = create_demo(store)
        paths = {}
        for name, rid in (("first", first), ("other", other)):
            paths[name] = folder / f"{name}.itapkg"
            paths[name].write_bytes(build_package(store, rid, pdf=False).data)
        finalise_report(store, first)
        store.reopen(first, "แก้ไขผลการดำเนินการ")
        paths["newer"] = folder / "newer.itapkg"
        paths["newer"].write_bytes(build_package(store, first, pdf=False).data)
    data = paths["first"].read_bytes()
    paths["damaged"] = folder / "damaged.itapkg"
    paths["damaged"].write_bytes(data[: len(data) * 2 // 3])
    return Packages(**paths)


def run(qtbot, dialog: ImportDialog, files: list[Path]) -> None:  # noqa: ANN001
    assert dialog.import_files(files)
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=30_000)


def make_dialog(qtbot, session) -> ImportDialog:  # noqa: ANN001
    dialog = ImportDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def answer_conflict(name: str, every: bool = False) -> list[str]:
    """Click the conflict question's button ``name`` when it shows; returns its texts."""
    seen: list[str] = []

    def click(box) -> None:  # noqa: ANN001
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        if every:
            box.checkBox().setChecked(True)
        box.findChild(QPushButton, name).click()
    on_modal(click)
    return seen


def test_imported_then_unchanged_then_replaced(qtbot, session, packages):  # noqa: ANN001
    changes = []
    session.changed.connect(changes.append)
    dialog = make_dialog(qtbot, session)
    run(qtbot, dialog, [packages.first])
    rows = dialog.list.row_texts()
    assert rows[0][0] == "first.itapkg" and rows[0][1] == _("Imported")
    assert "สำนักงานเขตปทุมวัน" in rows[0][2]
    [report] = session.list_reports()
    assert [c.kind for c in changes] == ["report-created"] and changes[0].report_id == report.id
    assert dialog._open.isEnabled()  # the imported row is selected: it can be opened
    opened = []
    dialog.open_requested.connect(opened.append)

    run(qtbot, dialog, [packages.first])
    assert dialog.list.row_texts()[0][1] == _("Already here, no change")
    assert len(session.list_reports()) == 1

    changes.clear()
    run(qtbot, dialog, [packages.newer])
    assert dialog.list.row_texts()[0][1] == _("Imported, replaced the older one")
    [now] = session.list_reports()
    assert now.revision == 2
    assert {(c.kind, c.report_id) for c in changes} == {("report-deleted", report.id),
                                                         ("report-created", now.id)}
    dialog.open_selected()
    assert opened == [now.id]


def test_damaged_file_is_refused_and_writes_nothing(qtbot, session, packages):  # noqa: ANN001
    dialog = make_dialog(qtbot, session)
    run(qtbot, dialog, [packages.damaged, packages.first])
    (name, word, message), second = dialog.list.row_texts()
    assert name == "damaged.itapkg" and word == _("Not imported")
    assert message  # the core's Thai reason
    assert second[1] == _("Imported")  # one bad file does not stop the rest
    assert len(session.list_reports()) == 1
    assert dialog.summary_text().count("1") == 2  # 1 imported · 1 not imported
    dialog.list.setCurrentItem(dialog.list.topLevelItem(0))
    assert not dialog._open.isEnabled()  # a refused file has nothing to open


def test_damaged_only_leaves_the_database_empty(qtbot, session, packages):  # noqa: ANN001
    dialog = make_dialog(qtbot, session)
    run(qtbot, dialog, [packages.damaged])
    assert session.list_reports() == []
    assert session.store.conn.execute("SELECT COUNT(*) FROM photo_blobs").fetchone()[0] == 0


@pytest.mark.parametrize(("button", "reports", "word"), [
    ("conflict-replace", 1, "Imported, replaced the older one"),
    ("conflict-keep-both", 2, "Imported"),
    ("conflict-skip", 1, "Skipped"),
])
def test_conflict_asks_which_to_keep(qtbot, session, packages, button, reports,
                                     word):  # noqa: ANN001
    dialog = make_dialog(qtbot, session)
    run(qtbot, dialog, [packages.first])
    first_uuid = session.list_reports()[0].uuid
    seen = answer_conflict(button)
    run(qtbot, dialog, [packages.other])
    assert seen and "สำนักงานเขตปทุมวัน" in seen[0]
    assert dialog.list.row_texts()[0][1] == _(word)
    listed = session.list_reports()
    assert len(listed) == reports
    if button == "conflict-replace":
        assert listed[0].uuid != first_uuid
        history = session.store.conn.execute("SELECT report_uuid FROM report_history").fetchall()
        assert history == [(first_uuid,)]
    if button == "conflict-skip":
        assert listed[0].uuid == first_uuid


def test_same_answer_for_the_rest(qtbot, session, tmp_path, packages):  # noqa: ANN001
    with Store.open(tmp_path / "sender.sqlite") as store:
        extra = create_demo(store)
        third = tmp_path / "third.itapkg"
        third.write_bytes(build_package(store, extra, pdf=False).data)
    dialog = make_dialog(qtbot, session)
    run(qtbot, dialog, [packages.first])
    seen = answer_conflict("conflict-keep-both", every=True)
    run(qtbot, dialog, [packages.other, third])
    assert len(seen) == 1  # asked once
    assert len(session.list_reports()) == 3


def test_choose_files_and_drop(qtbot, session, packages, monkeypatch):  # noqa: ANN001
    from ita_desktop.gui.qt import QUrl

    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a: ([str(packages.first)], ""))
    dialog = make_dialog(qtbot, session)
    dialog.choose_files()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=30_000)
    assert len(session.list_reports()) == 1
    urls = [QUrl.fromLocalFile(str(packages.first)), QUrl.fromLocalFile("/tmp/photo.jpg")]
    assert package_paths_of(urls) == [packages.first]


def test_files_given_start_at_once_and_close_waits(qtbot, session, packages):  # noqa: ANN001
    dialog = ImportDialog(session, None, [packages.first, packages.other])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.is_busy()
    answer_conflict("conflict-skip")
    dialog.reject()  # while busy: stops after the file in hand, then closes
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    assert len(session.list_reports()) <= 1


def test_works_with_a_database_path(qtbot, db_path, packages):  # noqa: ANN001
    dialog = ImportDialog(str(db_path))
    qtbot.addWidget(dialog)
    run(qtbot, dialog, [packages.first])
    with Store.open(db_path) as store:
        assert len(store.list_reports()) == 1


def test_dialog_is_freed_without_the_garbage_collector(qtbot, session, packages):  # noqa: ANN001
    """No reference cycle through the dialog: PySide6 6.12 crashes when the garbage collector
    frees a widget on a worker thread (it did, with the controller holding its dialog)."""
    import gc
    import weakref

    def used_and_closed() -> weakref.ref:
        dialog = ImportDialog(session)
        dialog.show()
        assert dialog.import_files([packages.first])
        qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=30_000)
        dialog.close()
        return weakref.ref(dialog)

    gc.disable()
    try:
        assert used_and_closed()() is None  # freed by reference counting alone
    finally:
        gc.enable()
