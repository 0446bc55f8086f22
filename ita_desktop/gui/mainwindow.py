"""The main window: menus, the start screen or the report editor, the status bar.

It owns the ``Session`` of the open database (swapped by "Open other database…") and hands it
to the screens it creates. Closing never asks anything: every edit is already saved.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from ..core.base.errors import ItaError
from ..core.store.store import Change
from . import fonts, i18n
from .database.store_trouble import TroubleLabel
from .database.window_actions import DatabaseActions
from .frameworks.window_actions import FrameworkActions
from .i18n import _
from .packages.window_actions import PackageActions
from .qt import (
    QAction,
    QApplication,
    QCloseEvent,
    QInputDialog,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    Qt,
    QWidget,
)
from .session import Session
from .settings import Settings
from .start.startscreen import StartScreen
from .start.wizard import NewReportDialog

if TYPE_CHECKING:
    from .editor.editor import ReportEditor


class MainWindow(DatabaseActions, PackageActions, FrameworkActions, QMainWindow):
    def __init__(self, session: Session, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.editor: ReportEditor | None = None
        self.start: StartScreen | None = None
        self.resize(1280, 720)
        geometry = settings.q.value("ui/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.setAcceptDrops(True)  # report packages (.itapkg) dropped on the window
        self._build()

    # ------------------------------------------------------------------ building
    def _build(self, report_id: int | None = None) -> None:
        """(Re)build menus and screens, e.g. after a language change."""
        self.setWindowTitle(self._app_title())
        self.menuBar().clear()
        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)
        self.start = StartScreen(self.session)
        self.start.open_requested.connect(self.open_report)
        self.start.new_requested.connect(self.new_report)
        self.start.other_db_requested.connect(self.open_other_database)
        self.pages.addWidget(self.start)
        self.editor = None
        self._build_menus()
        self._build_status()
        self.session.saved.connect(self._saved)
        self.session.undo_changed.connect(self._update_actions)
        self.session.failed.connect(self._failed)
        self.session.changed.connect(self._on_change)
        self.session.trouble.connect(self._trouble)
        if report_id is not None:
            self.open_report(report_id)
        else:
            self.show_start()

    def _app_title(self) -> str:
        if self.session.damaged is None:
            return _("ITA Desktop")
        return _("ITA Desktop") + " — " + _("read-only: the database is damaged")

    def _action(self, menu, text: str, slot: Callable[[], object],  # noqa: ANN001
                keys: object = None) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            if isinstance(keys, list):
                action.setShortcuts([QKeySequence(k) for k in keys])
            else:
                action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(_("&File"))
        self.act_new = self._action(file, _("&New report…"), self.new_report,
                                    QKeySequence.StandardKey.New)
        self.act_list = self._action(file, _("&Report list"), self.show_start, "Ctrl+L")
        file.addSeparator()
        self._action(file, _("Open other data&base…"), self.open_other_database,
                     QKeySequence.StandardKey.Open)
        file.addSeparator()
        self._action(file, _("&Import packages…"), self.import_packages)
        self._action(file, _("&Consolidate the offices' reports…"), self.consolidate)
        self._action(file, _("Replaced &versions…"), self.show_revisions)
        self._action(file, _("Import &framework…"), self.import_framework)
        file.addSeparator()
        self._add_framework_actions(file)
        file.addSeparator()
        self._action(file, _("Save a &copy…"), self.save_copy)
        self._action(file, _("&Backups and restore…"), self.show_backups)
        file.addSeparator()
        self._action(file, _("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu(_("&Edit"))
        self.act_undo = self._action(edit, _("&Undo"), self.undo, ["Ctrl+Z"])
        self.act_redo = self._action(edit, _("&Redo"), self.redo, ["Ctrl+Y", "Ctrl+Shift+Z"])
        edit.addSeparator()
        self.act_add = self._action(edit, _("&Add item…"), self.add_item, "Ctrl+I")
        self.act_props = self._action(edit, _("Report &properties…"), self.edit_properties,
                                      "F4")

        report = bar.addMenu(_("&Report"))
        self.act_preview = self._action(report, _("&Preview and print…"), self.preview,
                                        QKeySequence.StandardKey.Print)
        self.act_finalise = self._action(report, _("&Finalise…"), self.finalise,
                                         "Ctrl+Shift+F")
        self.act_reopen = self._action(report, _("&Reopen for editing…"), self.reopen)
        self.act_reframe = self._action(report, _("&Move to another framework version…"),
                                        self.move_to_framework)
        report.addSeparator()
        self.act_scores = self._action(report, _("Result &sheet and chart…"), self.scores,
                                       "Ctrl+R")
        self.act_columns = self._action(report, _("Optional &columns…"), self.columns)
        report.addSeparator()
        self.act_export = self._action(report, _("&Export…"), self.export, "Ctrl+E")
        report.addSeparator()
        self.act_history = self._action(report, _("&History of changes…"), self.history,
                                        "Ctrl+H")

        view = bar.addMenu(_("&View"))
        self._action(view, _("Go to the &indicator list"), self.focus_navigator, "F6")
        view.addSeparator()
        self._action(view, _("&Larger text"), partial(self.change_font, +1),
                     ["Ctrl++", "Ctrl+="])
        self._action(view, _("&Smaller text"), partial(self.change_font, -1), "Ctrl+-")
        self._action(view, _("&Normal text size"), partial(self.change_font, 0), "Ctrl+0")
        view.addSeparator()
        language = view.addMenu(_("&Language"))
        for code, name in i18n.LANGUAGES.items():
            act = self._action(language, name, partial(self.set_language, code))
            act.setCheckable(True)
            act.setChecked(code == i18n.language())

        help_menu = bar.addMenu(_("&Help"))
        self._action(help_menu, _("&About ITA Desktop"), self.about)
        self._update_actions()

    def _build_status(self) -> None:
        self.trouble_label = TroubleLabel()
        self.statusBar().addWidget(self.trouble_label, 1)
        self.notice_label = QLabel()  # read-only, network drive: for the whole session
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet("background: #fff4d6; border: 1px solid #d9b66a; "
                                        "padding: 3px 6px;")
        notices = ([_("Read-only")] if self.session.read_only else []) + \
            list(self.session.store.warnings)
        self.notice_label.setText("\n".join(notices))
        self.notice_label.setVisible(bool(notices))
        self.statusBar().addPermanentWidget(self.notice_label)
        self.saved_label = QLabel()
        self.statusBar().addPermanentWidget(self.saved_label)
        if self.session.trouble_now is not None:
            self._trouble(self.session.trouble_now)
        if self.session.last_saved:
            self._saved(self.session.last_saved)

    def _on_change(self, change: Change) -> None:
        self._update_actions()
        if change.kind == "entry-deleted":
            self.statusBar().showMessage(_("Item deleted. Undo (Ctrl+Z) brings it back."), 10000)

    def _trouble(self, exc: object) -> None:
        """Writes fail (disk full, locked…) or work again (None)."""
        self.trouble_label.show_trouble(exc, self.session.trouble_seconds())  # type: ignore[arg-type]

    def _failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _saved(self, when: str) -> None:
        self.saved_label.setText(_("Saved {time}").format(time=when))

    def _update_actions(self) -> None:
        in_report = self.editor is not None and self.pages.currentWidget() is self.editor
        final = bool(in_report and self.editor and self.editor.read_only)
        self.act_undo.setEnabled(self.session.can_undo())
        self.act_redo.setEnabled(self.session.can_redo())
        self.act_undo.setText(_("&Undo") + (f": {self.session.undo_label()}"
                                            if self.session.can_undo() else ""))
        self.act_redo.setText(_("&Redo") + (f": {self.session.redo_label()}"
                                            if self.session.can_redo() else ""))
        for action in (self.act_props, self.act_preview, self.act_list, self.act_export,
                       self.act_history, self.act_scores, self.act_columns):
            action.setEnabled(in_report)
        self.act_add.setEnabled(in_report and not final)
        self.act_finalise.setEnabled(in_report and not final)
        writable = not self.session.read_only
        self.act_reframe.setEnabled(in_report and not final and writable)
        self.act_reopen.setEnabled(final and writable)
        self.act_new.setEnabled(writable)

    # ------------------------------------------------------------------ screens
    def may_leave_report(self) -> bool:
        """A score that was refused is not saved: say so before the report closes, and let
        the clerk go back and correct it (True: leave the report)."""
        if self.editor is None or not self.isVisible():
            return True
        refused = self.editor.refused_scores()
        if not refused:
            return True
        items = ", ".join(f"{code} (“{typed}”)" for _id, code, typed in refused)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Score not saved"), _(
            "The score of {items} is not a number from 0 to 100, so it was not saved; the "
            "report keeps the score it had before.").format(items=items),
            QMessageBox.StandardButton.NoButton, self)
        back = box.addButton(_("Go back and correct it"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(_("Leave the report"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(back)
        box.exec()
        if box.clickedButton() is back:
            self.editor.show_entry(refused[0][0])
            return False
        return True

    def show_start(self) -> None:
        if not self.may_leave_report():
            return
        self.close_report()
        assert self.start is not None
        self.start.refresh()
        self.pages.setCurrentWidget(self.start)
        self.setWindowTitle(self._app_title())
        self.start.focus_list()
        self._update_actions()

    def close_report(self) -> None:
        if self.editor is not None:
            self.editor.shutdown()
            self.pages.removeWidget(self.editor)
            self.editor.deleteLater()
            self.editor = None
            self.session.clear_undo()

    def open_report(self, report_id: int) -> None:
        if not self.may_leave_report():
            return
        self.close_report()
        try:
            from .editor.editor import (
                ReportEditor,  # the editor and the renderer it needs: on first use
            )

            self.editor = ReportEditor(self.session, report_id)
        except ItaError as exc:
            QMessageBox.warning(self, _("Open report"), exc.message)
            return
        self.pages.addWidget(self.editor)
        self.pages.setCurrentWidget(self.editor)
        self.setWindowTitle(f"{self.editor.report.agency} {self.editor.report.fiscal_year} — "
                            + self._app_title())
        self.editor.navigator.setFocus()
        self._update_actions()

    # ------------------------------------------------------------------ actions
    def new_report(self) -> None:
        dialog = NewReportDialog(self)
        if not dialog.exec():
            if dialog.framework_wanted is not None:  # no framework for the year: start one
                self.new_framework_for(*dialog.framework_wanted)
            return
        if dialog.report is not None:
            try:
                report_id = self.session.create_report(dialog.report)
            except ItaError as exc:
                QMessageBox.warning(self, _("New report"), exc.message)
                return
            self.open_report(report_id)

    def undo(self) -> None:
        if self.editor is not None:
            self.editor.flush()
        self.session.undo()

    def redo(self) -> None:
        self.session.redo()

    def focus_navigator(self) -> None:
        if self.editor is not None:
            if self.editor.navigator.hasFocus() and self.editor.current_form() is not None:
                self.editor.current_form().setFocus()
                self.editor.current_form().focusNextChild()
            else:
                self.editor.navigator.setFocus()

    def add_item(self) -> None:
        if self.editor is not None:
            self.editor.add_item()

    def edit_properties(self) -> None:
        if self.editor is None:
            return
        self.editor.flush()
        from .editor.properties import PropertiesDialog

        PropertiesDialog(self.session, self.session.report(self.editor.report_id), self).exec()

    def scores(self) -> None:
        """The result sheet: every item's score, paste/import, chart, items under the pass
        mark (gui/editor/scores.py)."""
        if self.editor is None:
            return
        self.editor.flush()
        from .editor.scores import ScoresDialog

        ScoresDialog(self.session, self.editor.report_id, self).exec()

    def columns(self) -> None:
        """Which optional columns the report prints (gui/editor/column_choice.py)."""
        if self.editor is None:
            return
        self.editor.flush()
        from .editor.column_choice import ColumnsDialog

        ColumnsDialog(self.session, self.editor.report_id, self).exec()

    def preview(self) -> None:
        if self.editor is None:
            return
        self.editor.flush()
        from .printing.preview import PreviewDialog

        report = self.session.report(self.editor.report_id)
        name = f"ITA {report.agency} {report.fiscal_year} {report.round.code}.pdf"
        dialog = PreviewDialog(self.session.renderer(report.id), name, self)  # type: ignore[arg-type]
        # freed when closed: each preview holds its pages (about 10 MB) until deleted
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.exec()

    def history(self) -> None:
        """The audit trail of the open report (Report → History of changes…)."""
        if self.editor is None:
            return
        self.editor.flush()
        from .editor.history import HistoryDialog

        dialog = HistoryDialog(self.session, self.editor.report_id, parent=self)
        dialog.exec()
        dialog.deleteLater()

    def finalise(self) -> None:
        if self.editor is None:
            return
        self.editor.flush()
        from .editor.finalise import FinaliseDialog

        report_id = self.editor.report_id
        dialog = FinaliseDialog(self.session.check(report_id), self)
        dialog.jump_requested.connect(self._jump)
        if hasattr(dialog, "properties_requested"):
            dialog.properties_requested.connect(self.edit_properties)
        dialog.scores_requested.connect(self.scores)
        if dialog.exec():
            from .busy import Cancelled, after_backup

            try:  # the backup first, off the GUI thread: the window never freezes
                after_backup(self, self.session, "finalise", _("Finalise report"),
                             lambda: self.session.finalise(report_id))
            except Cancelled:
                self.statusBar().showMessage(_("Cancelled: the report was not finalised."),
                                             8000)
            except ItaError as exc:
                QMessageBox.warning(self, _("Finalise report"), exc.message)
            else:
                self.statusBar().showMessage(_("The report is final."), 8000)
        self._update_actions()

    def _jump(self, entry_id: int) -> None:
        if self.editor is not None:
            self.editor.show_entry(entry_id)

    def reopen(self) -> None:
        if self.editor is None:
            return
        reason, ok = QInputDialog.getMultiLineText(
            self, _("Reopen for editing"),
            _("Why must the final report be changed? The reason is kept with the report."))
        if not ok:
            return
        from .busy import Cancelled, after_backup

        report_id = self.editor.report_id
        try:
            after_backup(self, self.session, "reopen", _("Reopen for editing"),
                         lambda: self.session.reopen(report_id, reason))
        except Cancelled:
            pass  # nothing was done: the report stays final
        except ItaError as exc:
            QMessageBox.warning(self, _("Reopen for editing"), exc.message)
        self._update_actions()

    def change_font(self, step: int) -> None:
        from .settings import DEFAULT_FONT_PT
        self.settings.font_pt = self.settings.font_pt + step if step else DEFAULT_FONT_PT
        app = QApplication.instance()
        if isinstance(app, QApplication):
            fonts.apply_font(app, self.settings.font_pt)
        self.rebuild()

    def set_language(self, language: str) -> None:
        self.settings.language = language
        i18n.set_language(language)
        self.rebuild()

    def rebuild(self) -> None:
        report_id = self.editor.report_id if self.editor is not None else None
        self.close_report()
        self._disconnect()
        self._build(report_id)

    def _disconnect(self) -> None:
        """Undo this window's connections to the session (other windows keep theirs)."""
        s = self.session
        pairs = [(s.saved, self._saved), (s.undo_changed, self._update_actions),
                 (s.failed, self._failed), (s.changed, self._on_change),
                 (s.trouble, self._trouble)]
        if self.start is not None:
            pairs.append((s.changed, self.start._on_change))
        for signal, slot in pairs:
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass

    def about(self) -> None:
        QMessageBox.about(self, _("About ITA Desktop"), _(
            "ITA Desktop prepares the report on measures to raise integrity and transparency "
            "(ITA) of a Thai public agency. Everything you type is saved at once."))

    def _close_unsaved(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Not saved"), self.trouble_label.text(),
                          QMessageBox.StandardButton.NoButton, self)
        keep = box.addButton(_("Keep the window open"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(_("Close without saving"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is not keep

    def closeEvent(self, event: QCloseEvent) -> None:
        """Nothing to ask: flush the last keystrokes, purge trashed reports, close. Unless
        writes fail (disk full, locked…): then the clerk may keep the window open."""
        if self.editor is not None:
            self.editor.flush()
        if self.session.trouble_now is not None and self.isVisible() \
                and self.editor is not None and self.editor.debouncer.has_pending() \
                and not self._close_unsaved():
            event.ignore()
            return
        self.close_report()
        self.session.close()
        self.settings.q.setValue("ui/geometry", self.saveGeometry())
        event.accept()
