"""Export dialog: builds the package in the background, shows its size, warns above the
e-mail limit with the re-compress choice, saves atomically under the suggested name; one report
as .xlsx and CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ita_desktop.core.package import layout, read_package
from ita_desktop.gui.i18n import _
from ita_desktop.gui.jobs import wait_idle
from ita_desktop.gui.packages.export_dialog import ExportDialog, export_spreadsheet
from ita_desktop.gui.qt import QFileDialog


@pytest.fixture(autouse=True)
def idle_worker() -> Iterator[None]:
    yield
    assert wait_idle(30_000)


@pytest.fixture
def demo_id(session) -> int:  # noqa: ANN001
    return session.create_demo()


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], list[str]]:
    """Make the save dialog answer ``path``; returns the suggested names it was shown."""
    def answer(path: Path) -> list[str]:
        shown: list[str] = []

        def fake(_parent, _title, suggested, _filter):  # noqa: ANN001, ANN202
            shown.append(suggested)
            return str(path), _filter
        monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
        return shown
    return answer


def open_dialog(qtbot, session, report_id: int) -> ExportDialog:  # noqa: ANN001
    dialog = ExportDialog(session, report_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=30_000)
    return dialog


def test_size_shown_and_saved_atomically_under_suggested_name(qtbot, session, demo_id,
                                                              save_to, tmp_path):  # noqa: ANN001
    dialog = open_dialog(qtbot, session, demo_id)
    built = dialog.built
    assert built is not None and built.size > 100_000
    assert "สำนักงานเขตปทุมวัน-2567-6m.itapkg" in dialog.status_text()
    assert "MB" in dialog.status_text()
    assert dialog.warning_text() == ""  # about 1 MB: well under 20 MB
    assert not dialog._recompress_button.isVisibleTo(dialog)
    target = tmp_path / "out" / "ส่งเขต"  # no suffix: it is added
    target.parent.mkdir()
    shown = save_to(target)
    saved = dialog.save_package()
    assert saved == target.with_name("ส่งเขต.itapkg")
    assert Path(shown[0]).name == "สำนักงานเขตปทุมวัน-2567-6m.itapkg"
    assert saved.read_bytes() == built.data  # the kept bytes, not a rebuild
    assert read_package(saved.read_bytes()).report.agency == "สำนักงานเขตปทุมวัน"
    assert [p.name for p in target.parent.iterdir()] == ["ส่งเขต.itapkg"]  # no temp left
    assert str(saved) in dialog.saved_text()


def test_over_email_limit_warns_and_recompress_makes_it_smaller(qtbot, session, demo_id,
                                                                monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(layout, "EMAIL_LIMIT_BYTES", 700_000)
    dialog = open_dialog(qtbot, session, demo_id)
    first = dialog.built
    assert first is not None and first.over_email_limit
    assert "0.70 MB" in dialog.warning_text()
    assert dialog._recompress_button.isVisibleTo(dialog)
    dialog._recompress_button.click()
    assert dialog.is_busy()
    assert not dialog._save_button.isEnabled()  # never saves a stale package
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=30_000)
    second = dialog.built
    assert second is not None and dialog.recompressed
    assert second.size < first.size and not second.over_email_limit
    assert dialog.warning_text() == ""
    assert not dialog._recompress_button.isVisibleTo(dialog)
    # the database keeps the original photos: a normal build is as big as before
    assert read_package(second.data).report.uuid == read_package(first.data).report.uuid


def test_still_over_limit_after_recompress_says_usb(qtbot, session, demo_id,
                                                     monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(layout, "EMAIL_LIMIT_BYTES", 10_000)
    dialog = open_dialog(qtbot, session, demo_id)
    dialog.recompress()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=30_000)
    assert dialog.warning_text() == _(
        "Even with smaller photos the package is larger than {limit}. Send it on a USB stick, "
        "or through a file-sharing service your office uses.").format(limit="0.01 MB")
    assert dialog._save_button.isEnabled()


def test_build_failure_is_shown_calmly_and_can_be_retried(qtbot, session, demo_id,
                                                          monkeypatch):  # noqa: ANN001
    from ita_desktop.core.base.errors import ItaError
    from ita_desktop.gui.packages import package_jobs

    real = package_jobs.build_package
    calls = []

    def failing(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        if len(calls) == 1:
            raise ItaError("ทดสอบ: สร้างแพ็กเกจไม่ได้")
        return real(*args, **kwargs)
    monkeypatch.setattr(package_jobs, "build_package", failing)
    dialog = open_dialog(qtbot, session, demo_id)
    assert dialog.built is None
    assert "สร้างแพ็กเกจไม่ได้" in dialog.error_text()
    assert not dialog._save_button.isEnabled()
    dialog._retry_button.click()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=30_000)
    assert dialog.built is not None and dialog.error_text() == ""


def test_xlsx_and_csv_of_one_report(qtbot, session, demo_id, save_to, tmp_path):  # noqa: ANN001
    from openpyxl import load_workbook

    dialog = open_dialog(qtbot, session, demo_id)
    shown = save_to(tmp_path / "table.xlsx")
    path = dialog.export_xlsx()
    assert path == tmp_path / "table.xlsx"
    assert Path(shown[0]).name == "สำนักงานเขตปทุมวัน-2567-6m.xlsx"
    sheet = load_workbook(path).worksheets[0]
    assert sheet.cell(1, 1).value == "หน่วยงาน"
    assert sheet.cell(2, 1).value == "สำนักงานเขตปทุมวัน"
    assert sheet.max_row == 1 + len(session.report(demo_id).entries)
    save_to(tmp_path / "table")
    csv_path = dialog.export_csv()
    assert csv_path == tmp_path / "table.csv"
    data = csv_path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "สำนักงานเขตปทุมวัน".encode() in data
    # the same without the dialog, from a database path
    save_to(tmp_path / "direct.xlsx")
    assert export_spreadsheet(dialog, session.path, demo_id, "xlsx") == tmp_path / "direct.xlsx"


def test_cancelled_save_writes_nothing(qtbot, session, demo_id, monkeypatch,
                                       tmp_path):  # noqa: ANN001
    dialog = open_dialog(qtbot, session, demo_id)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    assert dialog.save_package() is None
    assert dialog.saved_text() == ""


def test_unwritable_target_is_a_calm_message(qtbot, session, demo_id, save_to, tmp_path,
                                             monkeypatch):  # noqa: ANN001
    from ita_desktop.gui.packages import package_widgets

    messages: list[str] = []
    monkeypatch.setattr(package_widgets, "warn", lambda _p, title, text, details="":
                        messages.append(text))
    dialog = open_dialog(qtbot, session, demo_id)
    save_to(tmp_path / "no-such-folder" / "x.itapkg")
    assert dialog.save_package() is None
    assert messages and "x.itapkg" in messages[0]


def test_closing_while_building_is_safe(qtbot, session, demo_id):  # noqa: ANN001
    dialog = ExportDialog(session, demo_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()  # the build's late result goes nowhere
    assert wait_idle(30_000)
    qtbot.wait(50)


def test_dialog_is_freed_without_the_garbage_collector(qtbot, session, demo_id):  # noqa: ANN001
    """No reference cycle through the dialog (see test_import_dialog for why it matters)."""
    import gc
    import weakref

    def used_and_closed() -> weakref.ref:
        dialog = ExportDialog(session, demo_id)
        dialog.show()
        qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=30_000)
        dialog.reject()
        return weakref.ref(dialog)

    gc.disable()
    try:
        assert used_and_closed()() is None  # freed by reference counting alone
    finally:
        gc.enable()


def test_a_package_the_import_would_refuse_is_refused_with_the_fix(qtbot, session, demo_id,
                                                                   monkeypatch):  # noqa: ANN001
    dialog = open_dialog(qtbot, session, demo_id)
    normal = dialog.built.size
    dialog.recompress()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=30_000)
    smaller = dialog.built.size
    assert smaller < normal
    monkeypatch.setattr(layout, "MAX_PACKAGE_BYTES", (normal + smaller) // 2)
    dialog = open_dialog(qtbot, session, demo_id)
    assert dialog.built is None and not dialog._save_button.isEnabled()
    assert "ส่งออกไม่ได้" in dialog.error_text() and "ย่อภาพ" in dialog.error_text()
    assert dialog._recompress_button.isVisibleTo(dialog)  # the fix, one click away
    dialog._recompress_button.click()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=30_000)
    # the same photos made smaller; the manifest's time and the audit trail may differ by a
    # few bytes from the first export's (a second apart), so not byte for byte
    assert dialog.built is not None and dialog.built.size <= layout.MAX_PACKAGE_BYTES
    assert abs(dialog.built.size - smaller) < 4096
