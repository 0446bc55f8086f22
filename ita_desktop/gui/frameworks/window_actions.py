"""The main window's framework actions.

File → New framework from… / Edit a framework…: choose the framework, open the editor
(``editor_dialog.py``) and save what it made through the core with the reports of the open
database (a framework they use becomes a new version). File → Import framework… (a file from
the upper office) and Report → Move to another framework version… (the open report, with a
preview: ``reframe_dialog.py``)."""

from __future__ import annotations

import datetime as dt

from ...core.base.errors import ItaError
from ...core.framework import catalog
from ...core.framework import editing as E
from ...core.framework.draft import FrameworkDraft, new_draft, open_draft
from ...core.framework.transfer import Installed
from ...core.text import thai
from ..i18n import _
from ..qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from ..widgets import heading, message_label, show_message
from ..window_part import WindowPart


class NewFrameworkDialog(QDialog):
    """Which framework to start from, for which year, under which id."""

    def __init__(self, sources: list[str], year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("New framework from…"))
        self.draft: FrameworkDraft | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("New framework from an existing one")))
        form = QFormLayout()
        self.source = QComboBox()
        self.source.addItems(sources)
        self.year = QSpinBox()
        self.year.setRange(2500, 2700)
        self.year.setValue(year)
        self.new_id = QLineEdit()
        self.new_id.setPlaceholderText(f"ita-{year}")
        self.year.valueChanged.connect(lambda y: self.new_id.setPlaceholderText(f"ita-{y}"))
        form.addRow(_("&Start from"), self.source)
        form.addRow(_("&Fiscal year (B.E.)"), self.year)
        form.addRow(_("Framework &id"), self.new_id)
        layout.addLayout(form)
        hint = message_label(self, "info")
        show_message(hint, _("Every item is copied as not yet checked: tick each wording once "
                             "it is compared with that year's NACC manual."))
        layout.addWidget(hint)
        self.error = message_label(self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Open in the editor"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            self.draft = new_draft(self.source.currentText(), self.year.value(),
                                   self.new_id.text().strip() or None)
        except ItaError as exc:
            show_message(self.error, exc.message)
            return
        super().accept()


def newest_first() -> list[str]:
    """Installed framework ids, the newest year (and version) first."""
    from ...core.framework.versions import split_version

    def key(framework_id: str) -> tuple[str, int]:
        try:
            return split_version(framework_id)
        except ItaError:
            return (framework_id, 0)

    return sorted(catalog.available(), key=key, reverse=True)


class FrameworkActions(WindowPart):
    def _add_framework_actions(self, menu) -> None:  # noqa: ANN001
        self._action(menu, _("New &framework from…"), self.new_framework)
        self._action(menu, _("Edit a frame&work…"), self.edit_framework)

    def new_framework(self) -> None:
        year = thai.fiscal_year_of(dt.date.today())
        dialog = NewFrameworkDialog(newest_first(), year, self)
        if dialog.exec() and dialog.draft is not None:
            self.open_framework_editor(dialog.draft)
        dialog.deleteLater()

    def new_framework_for(self, source: str, year: int) -> None:
        """The wizard's "Start the 2570 framework from ita-2569…": straight to the editor."""
        try:
            draft = new_draft(source, year)
        except ItaError as exc:
            QMessageBox.warning(self, _("New framework from…"), exc.text())
            return
        self.open_framework_editor(draft)

    def edit_framework(self) -> None:
        used = self.session.framework_usage()
        ids = newest_first()
        labels = [_("{id} (reports: {count})").format(id=i, count=len(used.get(i, [])))
                  for i in ids]
        label, ok = QInputDialog.getItem(self, _("Edit a framework"),
                                         _("Framework"), labels, 0, False)
        if not ok or label not in labels:
            return
        try:
            draft = open_draft(ids[labels.index(label)])
        except ItaError as exc:
            QMessageBox.warning(self, _("Edit a framework"), exc.text())
            return
        self.open_framework_editor(draft)

    def open_framework_editor(self, draft: FrameworkDraft) -> None:
        from .editor_dialog import FrameworkEditorDialog

        dialog = FrameworkEditorDialog(draft, used=self.session.framework_usage(),
                                       save=self.save_framework, parent=self)
        self._framework_editor = dialog
        dialog.exec()
        dialog.deleteLater()
        self._framework_editor = None

    def save_framework(self, draft: FrameworkDraft) -> Installed:
        """The core saves it, knowing which reports of this database use which framework."""
        return E.save(draft, self.session.framework_usage())

    def import_framework(self, path: str | None = None) -> None:
        from .import_dialog import FrameworkImportDialog, choose_framework_file

        if self.editor is not None:
            self.editor.flush()
        path = path or choose_framework_file(self)  # type: ignore[arg-type]
        if not path:
            return
        dialog = FrameworkImportDialog(self.session, path, self)  # type: ignore[arg-type]
        dialog.exec()
        dialog.deleteLater()

    def move_to_framework(self) -> None:
        if self.editor is None:
            return
        self.editor.flush()
        from .reframe_dialog import ReframeDialog

        report_id = self.editor.report_id
        dialog = ReframeDialog(self.session, report_id, self)  # type: ignore[arg-type]
        moved = dialog.exec() and dialog.result is not None
        result = dialog.result
        dialog.deleteLater()
        if moved and result is not None:
            self.open_report(report_id)  # the navigator follows the new framework's indicators
            self.statusBar().showMessage(  # type: ignore[attr-defined]
                _("The report is now on {framework}.").format(
                    framework=result.plan.new_framework), 10000)
