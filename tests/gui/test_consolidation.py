"""Consolidation window: import a folder (progress, per-file results, a damaged file), expected
offices pasted or loaded (missing shown), the offices × items table, .xlsx and PDF export."""

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
from ita_desktop.gui.packages.office_table import FIXED_COLUMNS
from ita_desktop.gui.qt import QFileDialog, Qt

OFFICES = ["สำนักงานเขตปทุมวัน", "สำนักงานเขตบางรัก", "สำนักงานเขตสาทร"]
MISSING = "สำนักงานเขตบางนา"


@pytest.fixture(autouse=True)
def idle_worker() -> Iterator[None]:
    yield
    assert wait_idle(60_000)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three offices' packages (the second with two entries without results) and a damaged
    file, as received from the offices."""
    received = tmp_path / "received"
    received.mkdir()
    with Store.open(tmp_path / "sender.sqlite") as store:
        for n, name in enumerate(OFFICES):
            rid = create_demo(store)
            store.update_report(rid, agency=name)
            if n == 1:
                for entry in store.get_report(rid).entries[:2]:
                    store.update_entry(entry.id, result="")
            (received / f"{name}-2567-6m.itapkg").write_bytes(
                build_package(store, rid, pdf=False).data)
    (received / "เสีย.itapkg").write_bytes(b"PK\x03\x04 not really a package")
    (received / "อ่านก่อน.txt").write_text("not a package")
    return received


@pytest.fixture
def window(qtbot, session) -> ConsolidationWindow:  # noqa: ANN001
    win = ConsolidationWindow(session)
    qtbot.addWidget(win)
    win.resize(1300, 700)
    win.show()
    qtbot.waitUntil(lambda: not win.is_busy(), timeout=10_000)
    return win


def import_folder(qtbot, window: ConsolidationWindow, folder: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(folder))
    window.import_folder()
    assert window.is_busy()
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=60_000)


def set_expected(qtbot, window: ConsolidationWindow, names: list[str]) -> None:  # noqa: ANN001
    window.expected.setPlainText("\n".join(names))
    qtbot.waitUntil(lambda: window.summary is not None and not window.is_busy()
                    and {o.agency for o in window.summary.offices} >= set(names),
                    timeout=10_000)


def test_empty_database_says_what_to_do(window):  # noqa: ANN001
    assert window.summary is not None and window.summary.offices == []
    assert "“" in window.headline_text()  # points at the import button
    assert not window._pdf.isEnabled()


def test_folder_import_table_and_missing(qtbot, window, session, folder,
                                         monkeypatch):  # noqa: ANN001
    set_expected(qtbot, window, [*OFFICES, MISSING])
    changes = []
    session.changed.connect(changes.append)
    import_folder(qtbot, window, folder, monkeypatch)
    # per-file results: three imported, the damaged one refused with its reason; .txt ignored
    rows = window.results.row_texts()
    assert len(rows) == 4
    words = {name: word for name, word, _msg in rows}
    assert words["เสีย.itapkg"] == _("Not imported")
    assert sum(1 for w in words.values() if w == _("Imported")) == 3
    assert window.results.currentItem().text(0) == "เสีย.itapkg"  # its reason is shown
    assert window.results.detail.isVisibleTo(window)
    assert len([c for c in changes if c.kind == "report-created"]) == 3  # the list refreshes
    assert len(session.list_reports()) == 3
    # the table: offices × items, the missing one last
    qtbot.waitUntil(lambda: len(window.table_rows()) == 4, timeout=10_000)
    table = window.table_rows()
    by_office = {row[0]: row for row in table}
    assert set(by_office) == {*OFFICES, MISSING}
    assert by_office[MISSING][1] == _("Missing")
    assert all(by_office[o][1] == _("Sent") for o in OFFICES)
    headers = window.headers()
    col = {name: headers.index(_(name)) for name in
           ("Items", "Measures", "Photos", "Without results", "Mean score")}
    # entries without results: the demo's own, and two more emptied in one office
    assert int(by_office["สำนักงานเขตบางรัก"][col["Without results"]]) == \
        int(by_office["สำนักงานเขตปทุมวัน"][col["Without results"]]) + 2
    pathumwan = by_office["สำนักงานเขตปทุมวัน"]
    assert pathumwan[col["Items"]] == "14" and pathumwan[col["Photos"]] == "5"
    report = session.report(next(o.report_id for o in window.summary.offices
                                 if o.agency == "สำนักงานเขตปทุมวัน"))
    measures = sum(len([m for m in e.measures if m.strip()]) for e in report.entries)
    assert pathumwan[col["Measures"]] == str(measures) and measures > 0
    # each item's cell tells its measures and photos, and whether its result is missing
    emptied = session.report(next(o.report_id for o in window.summary.offices
                                  if o.agency == "สำนักงานเขตบางรัก")).entries[0]
    row = [r[0] for r in table].index("สำนักงานเขตบางรัก")
    cell = window.table.cell(row, headers.index(emptied.code_label) - 1)
    assert _("No result of the measures yet") in cell.tip and cell.italic
    assert _("{code}: {measures} measures, {photos} photos").format(
        code=emptied.code_label, measures=len([m for m in emptied.measures if m.strip()]),
        photos=len(emptied.photos)) in cell.tip
    assert len(headers) > FIXED_COLUMNS and "E1" in headers
    assert by_office["สำนักงานเขตปทุมวัน"][headers.index("E1")]  # a score shown
    assert by_office[MISSING][headers.index("E1")] == ""
    assert "3" in window.headline_text() and "4" in window.headline_text()
    assert MISSING in window.missing_text()
    # the same folder again: nothing changes, nothing asked
    import_folder(qtbot, window, folder, monkeypatch)
    assert sum(1 for _n, w, _m in window.results.row_texts()
               if w == _("Already here, no change")) == 3
    assert len(session.list_reports()) == 3


def test_unexpected_office_and_expected_from_file(qtbot, window, folder, tmp_path,
                                                  monkeypatch):  # noqa: ANN001
    import_folder(qtbot, window, folder, monkeypatch)
    listing = tmp_path / "offices.txt"
    listing.write_bytes(("# เขตชั้นใน\n" + "\n".join([OFFICES[0], MISSING]) + "\n")
                        .encode("cp874"))  # as Thai Windows Notepad saves it
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a: ([str(listing)], ""))
    window.load_expected()
    assert window.expected_offices() == [OFFICES[0], MISSING]
    qtbot.waitUntil(lambda: not window.is_busy() and len(window.table_rows()) == 4,
                    timeout=10_000)
    states = {row[0]: row[1] for row in window.table_rows()}
    assert states[OFFICES[0]] == _("Sent")
    assert states[OFFICES[1]] == _("Sent, not on the list")
    assert states[MISSING] == _("Missing")


def test_expected_list_kept_between_windows(qtbot, session, window):  # noqa: ANN001
    set_expected(qtbot, window, [MISSING])
    window.close()
    again = ConsolidationWindow(session)
    qtbot.addWidget(again)
    assert again.expected_offices() == [MISSING]


def test_xlsx_export(qtbot, window, folder, tmp_path, monkeypatch):  # noqa: ANN001
    from openpyxl import load_workbook

    set_expected(qtbot, window, [*OFFICES, MISSING])
    import_folder(qtbot, window, folder, monkeypatch)
    qtbot.waitUntil(lambda: len(window.table_rows()) == 4, timeout=10_000)
    target = tmp_path / "สรุป"
    shown = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _p, _t, suggested, f: (shown.append(suggested), (str(target), f))[1])
    window.export_xlsx()
    assert Path(shown[0]).name.endswith("-2567-6m.xlsx")
    book = load_workbook(tmp_path / "สรุป.xlsx")
    assert book.sheetnames == ["รายการ", "หน่วยงาน", "คะแนนรายข้อ", "ไฟล์ที่นำเข้า"]
    entries = book["รายการ"]
    assert entries.max_row == 1 + 3 * 14  # one row per office × entry
    offices = {row[0]: row[1] for row in book["หน่วยงาน"].iter_rows(min_row=2, values_only=True)}
    assert offices[MISSING] == "ยังไม่ส่ง"
    files = [row[0] for row in book["ไฟล์ที่นำเข้า"].iter_rows(min_row=2, values_only=True)]
    assert "เสีย.itapkg" in files
    assert str(tmp_path / "สรุป.xlsx") in window.message_text()


def test_consolidated_pdf_saved_and_previewed(qtbot, window, folder, tmp_path,
                                              monkeypatch):  # noqa: ANN001
    from pypdf import PdfReader

    import_folder(qtbot, window, folder, monkeypatch)
    qtbot.waitUntil(lambda: len(window.table_rows()) == 3, timeout=10_000)
    target = tmp_path / "รวม.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    window.save_pdf()
    assert window.is_busy() and not window._pdf.isEnabled()
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=120_000)
    reader = PdfReader(str(target))
    assert len(reader.pages) > 3
    assert [o.title for o in reader.outline] == ["สรุป", *sorted(OFFICES)]
    assert str(target) in window.message_text()
    # preview: the PreviewDialog with a render callable
    window.preview_pdf()
    dialog = window._preview_dialog
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=120_000)
    assert dialog.page_count() == len(reader.pages)
    dialog.reject()


def test_double_click_opens_the_office_report(qtbot, window, folder,
                                              monkeypatch):  # noqa: ANN001
    import_folder(qtbot, window, folder, monkeypatch)
    qtbot.waitUntil(lambda: len(window.table_rows()) == 3, timeout=10_000)
    opened = []
    window.open_requested.connect(opened.append)
    window._on_double_click(0, 3)
    assert opened == [window.summary.offices[0].report_id]
    # from the keyboard: Enter on the chosen office
    window.activateWindow()
    window.table.setFocus()
    window.table.select_row(1)
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert opened[-1] == window.summary.offices[1].report_id


def test_conflicting_package_asks_once_per_file(qtbot, window, session, folder, tmp_path,
                                                monkeypatch):  # noqa: ANN001
    from ita_desktop.gui.qt import QPushButton
    from tests.gui.helpers import on_modal

    import_folder(qtbot, window, folder, monkeypatch)
    second = tmp_path / "second"
    second.mkdir()
    with Store.open(tmp_path / "sender2.sqlite") as store:
        rid = create_demo(store)
        store.update_report(rid, agency=OFFICES[0])
        (second / "again.itapkg").write_bytes(build_package(store, rid, pdf=False).data)
    on_modal(lambda box: box.findChild(QPushButton, "conflict-replace").click())
    import_folder(qtbot, window, second, monkeypatch)
    assert window.results.row_texts()[0][1] == _("Imported, replaced the older one")
    assert len(session.list_reports()) == 3


def test_round_list_and_switch(qtbot, session, window, folder, monkeypatch):  # noqa: ANN001
    import_folder(qtbot, window, folder, monkeypatch)
    session.carry_forward(session.list_reports()[0].id, "12m")  # a 12-month report
    window.refresh_rounds()
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=10_000)
    assert window._round.count() == 2
    before = window.current_round()
    other = 1 - window._round.currentIndex()
    window._round.setCurrentIndex(other)
    qtbot.waitUntil(lambda: not window.is_busy() and len(window.table_rows()) == 1,
                    timeout=10_000)
    assert window.current_round() != before and window.current_round()[1] == "12m"


def test_reports_changed_elsewhere_refresh_the_view(qtbot, session, window):  # noqa: ANN001
    session.create_demo()  # e.g. imported from the main window's Import dialog
    qtbot.waitUntil(lambda: len(window.table_rows()) == 1 and not window.is_busy(),
                    timeout=10_000)
    assert window.table_rows()[0][0] == "สำนักงานเขตปทุมวัน"
    window.close()
    session.create_demo()  # a closed window no longer listens
    qtbot.wait(700)


def test_window_is_freed_without_the_garbage_collector(qtbot, session, folder,
                                                       monkeypatch):  # noqa: ANN001
    """No reference cycle through the window (see test_import_dialog for why it matters)."""
    import gc
    import weakref

    def used_and_closed() -> weakref.ref:
        win = ConsolidationWindow(session)
        win.show()
        qtbot.waitUntil(lambda: not win.is_busy(), timeout=10_000)
        import_folder(qtbot, win, folder, monkeypatch)
        win.close()
        return weakref.ref(win)

    gc.disable()
    try:
        assert used_and_closed()() is None  # freed by reference counting alone
    finally:
        gc.enable()


def test_closing_during_import_waits_for_the_file_in_hand(qtbot, session, window, folder,
                                                          monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(folder))
    window.import_folder()
    window.close()  # stops after the file being imported, then closes
    assert window.isVisible() or not window._controller.is_busy()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30_000)
    assert not window._controller.is_busy()
    reports = session.list_reports()
    assert len(reports) <= 3  # every report whole: none half-imported
    for summary in reports:
        assert len(session.report(summary.id).entries) == 14


@pytest.mark.parametrize("keys", ["Esc", "Ctrl+W"])
def test_escape_and_ctrl_w_close_the_window(qtbot, window, keys):  # noqa: ANN001
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest

    window.activateWindow()
    window.table.setFocus()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5_000)
    combo = QKeySequence(keys)[0]
    QTest.keyClick(window.table, combo.key(), combo.keyboardModifiers())
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
