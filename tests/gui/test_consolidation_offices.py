"""Consolidation window at scale: a near-miss office name is proposed and confirmed once
(remembered in the database), the import can be stopped from the progress row, and a second
import of the same folder skips the packages already imported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ita_desktop.core.package import build_package
from ita_desktop.core.store import Store
from ita_desktop.core.workflow.demo import create_demo
from ita_desktop.gui.i18n import _
from ita_desktop.gui.jobs import wait_idle
from ita_desktop.gui.packages.consolidation import ConsolidationWindow
from ita_desktop.gui.qt import QPushButton, Qt

from .test_consolidation import import_folder

SENT = ["สำนักงานเขตปทุมวน", "เขต บางรัก", "สำนักงานเขตสาทร"]  # a typo, no prefix, exact
EXPECTED = ["สำนักงานเขตปทุมวัน", "สำนักงานเขตบางรัก", "สำนักงานเขตสาทร"]


@pytest.fixture(autouse=True)
def idle_worker() -> Iterator[None]:
    yield
    assert wait_idle(60_000)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    received = tmp_path / "received"
    received.mkdir()
    with Store.open(tmp_path / "sender.sqlite") as store:
        for n, name in enumerate(SENT):
            rid = create_demo(store)
            store.update_report(rid, agency=name)
            (received / f"{n}.itapkg").write_bytes(build_package(store, rid, pdf=False).data)
    return received


def open_window(qtbot, session) -> ConsolidationWindow:  # noqa: ANN001
    win = ConsolidationWindow(session)
    qtbot.addWidget(win)
    win.resize(1300, 700)
    win.show()
    qtbot.waitUntil(lambda: not win.is_busy(), timeout=10_000)
    return win


def settled(window: ConsolidationWindow) -> bool:
    return window.summary is not None and not window.is_busy()


def test_near_miss_is_proposed_and_the_answer_remembered(qtbot, session, folder,
                                                         monkeypatch):  # noqa: ANN001
    window = open_window(qtbot, session)
    window.expected.setPlainText("\n".join(EXPECTED))
    import_folder(qtbot, window, folder, monkeypatch)
    qtbot.waitUntil(lambda: settled(window) and len(window.table_rows()) == 4, timeout=20_000)
    assert window.proposal_rows() == [("สำนักงานเขตปทุมวน", "สำนักงานเขตปทุมวัน")]
    assert window._proposals.isVisibleTo(window)
    assert "สำนักงานเขตปทุมวัน" in window.missing_text()  # not merged before the user says so
    rows = {row[0]: row for row in window.table_rows()}
    assert rows["เขต บางรัก"][1] == _("Sent")  # the missing prefix matched by itself
    assert rows["สำนักงานเขตปทุมวน"][1] == _("Sent, not on the list")
    header = window.table.row_head([r[0] for r in window.table_rows()].index(
        "เขต บางรัก"))
    assert "สำนักงานเขตบางรัก" in header.tip

    yes = window._proposals.findChild(QPushButton, "cons-same")
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: settled(window) and window.proposal_rows() == [], timeout=10_000)
    assert window.missing_text() == "" and not window._proposals.isVisibleTo(window)
    assert "สำนักงานเขตปทุมวน" in window.message_text()
    assert {row[1] for row in window.table_rows()} == {_("Sent")}
    window.close()

    again = open_window(qtbot, session)  # asked once: a new window knows the answer
    qtbot.waitUntil(lambda: settled(again) and len(again.table_rows()) == 3, timeout=10_000)
    assert again.proposal_rows() == [] and again.missing_text() == ""
    again.close()


def test_no_keeps_them_apart_and_is_not_asked_again(qtbot, session, folder,
                                                    monkeypatch):  # noqa: ANN001
    window = open_window(qtbot, session)
    window.expected.setPlainText("\n".join(EXPECTED))
    import_folder(qtbot, window, folder, monkeypatch)
    qtbot.waitUntil(lambda: settled(window) and window.proposal_rows() != [], timeout=20_000)
    no = window._proposals.findChild(QPushButton, "cons-other")
    qtbot.mouseClick(no, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: settled(window) and window.proposal_rows() == [], timeout=10_000)
    assert "สำนักงานเขตปทุมวัน" in window.missing_text()
    window.close()


def test_second_import_skips_known_packages_and_stop_works(qtbot, session, folder,
                                                          monkeypatch):  # noqa: ANN001
    window = open_window(qtbot, session)
    monkeypatch.setattr("ita_desktop.gui.qt.QFileDialog.getExistingDirectory",
                        lambda *a: str(folder))
    window.import_folder()
    assert window._stop.isVisibleTo(window) and window._progress.isVisibleTo(window)
    qtbot.mouseClick(window._stop, Qt.MouseButton.LeftButton)  # stop after the file in hand
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=60_000)
    assert not window._stop.isVisibleTo(window)
    first = len(session.list_reports())
    assert first < 3  # stopped between files; what is imported is whole
    import_folder(qtbot, window, folder, monkeypatch)
    words = [word for _name, word, _msg in window.results.row_texts()]
    assert words.count(_("Already here, no change")) == first
    assert len(session.list_reports()) == 3
    window.close()
