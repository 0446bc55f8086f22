"""File → Import framework… (a bad file refused with the core's Thai reason, nothing written)
and Report → Move to another framework version… (the preview; each item not in the new
framework needs the clerk's own choice before the report is moved)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ita_desktop.core.base import paths
from ita_desktop.core.framework import catalog
from ita_desktop.core.framework.transfer import export_bytes
from ita_desktop.core.workflow.finalise import finalise_report
from ita_desktop.core.workflow.reframe import DROP, KEEP
from ita_desktop.gui.frameworks.import_dialog import FrameworkImportDialog
from ita_desktop.gui.frameworks.reframe_dialog import ReframeDialog
from ita_desktop.gui.qt import QFileDialog
from tests.gui.helpers import on_modal
from tests.reframe_fixtures import NEW, form_text, install_versions, sample_report


def forms_folder() -> dict[str, bytes]:
    folder = paths.user_forms_dir()
    return {p.name: p.read_bytes() for p in folder.glob("*")} if folder.is_dir() else {}


@pytest.fixture
def itaform(tmp_path: Path) -> Path:
    """A framework sent down: ita-2570.2 exported from another installation."""
    catalog.install_form_text(form_text("ita-2570.2", NEW), "ita-2570.2")
    path = tmp_path / "ita-2570.2.itaform"
    path.write_bytes(export_bytes("ita-2570.2"))
    (paths.user_forms_dir() / "ita-2570.2.yaml").unlink()
    return path


def test_a_framework_file_is_shown_then_installed(qtbot, session, itaform) -> None:  # noqa: ANN001
    dialog = FrameworkImportDialog(session, itaform)
    qtbot.addWidget(dialog)
    assert "ita-2570.2" in dialog.summary.text() and dialog.error.isHidden()
    assert "ita-2570.2.yaml" not in forms_folder()  # shown, not yet installed
    dialog.install_button.click()
    assert "ita-2570.2.yaml" in forms_folder()
    assert "ติดตั้งกรอบการประเมิน ita-2570.2 แล้ว" in dialog.result.text()
    assert dialog.install_button.isHidden()
    assert catalog.load_framework("ita-2570.2").item("o3").text == "โอสี่"


@pytest.mark.parametrize("damage", ["hash", "not-json", "duplicate"])
def test_a_bad_framework_file_is_refused_with_the_reason(qtbot, session, itaform,  # noqa: ANN001
                                                         damage: str) -> None:
    document = json.loads(itaform.read_text(encoding="utf-8"))
    if damage == "hash":
        document["framework_yaml"] = document["framework_yaml"].replace("โอสี่", "โอห้า")
        itaform.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        reason = "SHA-256"
    elif damage == "not-json":
        itaform.write_bytes(b"\x89PNG not a framework")
        reason = ""
    else:  # a duplicate item code, with a matching hash: the framework checks refuse it
        from ita_desktop.core.framework.transfer import text_hash

        text = document["framework_yaml"].replace("code: o3", "code: o2")
        document.update(framework_yaml=text, sha256=text_hash(text))
        itaform.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        reason = "o2"
    before = forms_folder()
    dialog = FrameworkImportDialog(session, itaform)
    qtbot.addWidget(dialog)
    assert not dialog.error.isHidden() and reason in dialog.error.text()
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in dialog.error.text())  # in Thai
    assert dialog.install_button.isHidden()
    dialog.install()  # even if asked: nothing to install
    assert forms_folder() == before


def test_file_menu_imports_a_chosen_file(qtbot, db_path, itaform, monkeypatch) -> None:  # noqa: ANN001
    from ita_desktop.gui.app import build_window

    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.show()
    action = next(a for a in window.menuBar().actions()[0].menu().actions()
                  if a.text() == "นำเข้าแบบประเมิน… (&F)")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(itaform), ""))
    seen = []

    def install_and_close(dialog) -> None:  # noqa: ANN001
        seen.append(dialog.summary.text())
        dialog.install_button.click()
        seen.append(dialog.result.text())
        dialog.reject()

    on_modal(install_and_close)
    action.trigger()
    assert "ita-2570.2" in seen[0] and "ita-2570.2" in seen[1]
    assert "ita-2570.2" in catalog.available()
    window.close()


@pytest.fixture
def report_id(session) -> int:  # noqa: ANN001
    install_versions()
    return session.create_report(sample_report())


def rows(dialog: ReframeDialog) -> dict[str, tuple[str, str]]:
    out = {}
    for n in range(dialog.rows.topLevelItemCount()):
        item = dialog.rows.topLevelItem(n)
        out[item.text(0)] = (item.text(1), item.text(2))
    return out


def test_the_preview_needs_a_choice_for_each_gone_item(qtbot, session, report_id) -> None:  # noqa: ANN001
    dialog = ReframeDialog(session, report_id)
    qtbot.addWidget(dialog)
    assert dialog.target.currentText() == "ita-2570.2"  # its own newer version first
    shown = rows(dialog)
    assert shown["I1"][0] == "คงเดิม"
    assert shown["O3"] == ("รหัสข้อเปลี่ยน", "ตอนนี้เป็น O2")
    assert "ข้อสองฉบับปรับปรุง" in shown["I2"][1]
    assert shown["O2"][0] == "ไม่มีในกรอบใหม่"
    assert set(dialog.choices) == {row.key for row in dialog.plan.gone}
    assert not dialog.apply_button.isEnabled()  # nothing chosen for the clerk
    assert "2" in dialog.error.text()
    entry_key, score_key = (row.key for row in dialog.plan.gone)
    dialog.choose(entry_key, KEEP)
    assert not dialog.apply_button.isEnabled()
    dialog.choose(score_key, "o2")  # onto old o3's score: refused, said why
    assert not dialog.apply_button.isEnabled() and "O2" in dialog.error.text()
    assert session.report(report_id).framework == "ita-2570"
    dialog.choose(score_key, DROP)
    assert dialog.apply_button.isEnabled() and dialog.error.isHidden()
    changes = []
    session.changed.connect(changes.append)
    dialog.apply_button.click()
    assert dialog.result is not None and dialog.result.kept_own == 1
    report = session.report(report_id)
    assert report.framework == "ita-2570.2" and len(report.entries) == 6
    assert [c.kind for c in changes] == ["report-fields"]


def test_menu_moves_the_open_report_and_a_final_one_cannot(qtbot, db_path) -> None:  # noqa: ANN001
    from ita_desktop.core.store import Store
    from ita_desktop.gui.app import build_window

    install_versions()
    with Store.open(db_path) as store:
        first = store.create_report(sample_report())
        final = store.create_report(sample_report())
        finalise_report(store, final)
    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.show()
    window.open_report(final)
    assert not window.act_reframe.isEnabled()
    window.open_report(first)
    assert window.act_reframe.isEnabled()
    assert window.act_reframe.text() == "ย้ายไปกรอบการประเมินฉบับอื่น… (&M)"

    def decide_and_move(dialog) -> None:  # noqa: ANN001
        for key in dialog.choices:
            dialog.choose(key, DROP)
        dialog.apply_button.click()

    on_modal(decide_and_move)
    window.act_reframe.trigger()
    assert window.session.report(first).framework == "ita-2570.2"
    assert window.editor is not None and window.editor.report_id == first
    assert len(window.session.report(first).entries) == 5
    window.close()


def test_a_dropped_or_double_clicked_framework_file_opens_the_import(qtbot, db_path,  # noqa: ANN001
                                                                      itaform) -> None:
    from ita_desktop.gui.app import build_window, open_files
    from ita_desktop.gui.qt import QDropEvent, QMimeData, QPointF, Qt, QUrl

    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.show()
    seen: list[str] = []

    def look_and_close(dialog) -> None:  # noqa: ANN001
        seen.append(dialog.summary.text())
        dialog.reject()

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(itaform))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    on_modal(look_and_close)
    window.dropEvent(event)
    assert len(seen) == 1 and "ita-2570.2" in seen[0]
    on_modal(look_and_close)
    open_files(window, [str(itaform)])  # ita-desktop FILE.itaform (a double-click)
    assert len(seen) == 2 and "ita-2570.2" in seen[1]
    assert "ita-2570.2" not in catalog.available()  # looked at, not installed
    window.close()


def test_the_selected_row_shows_its_whole_wording(qtbot, session, report_id) -> None:  # noqa: ANN001
    dialog = ReframeDialog(session, report_id)
    qtbot.addWidget(dialog)
    i2 = next(dialog.rows.topLevelItem(n) for n in range(dialog.rows.topLevelItemCount())
              if dialog.rows.topLevelItem(n).text(0) == "I2")
    dialog.rows.setCurrentItem(i2)
    assert dialog.detail.text() == "“ข้อสอง” → “ข้อสองฉบับปรับปรุง” " \
        "(ถ้อยคำที่พิมพ์ในรายงานเปลี่ยนตามกรอบใหม่)"
