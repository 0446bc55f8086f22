"""File → Import framework…: a framework file the upper office sent (``.itaform``, or a
``.yaml`` form file) checked completely before anything is written, shown, then installed.

    dialog = FrameworkImportDialog(session, path, parent)
    dialog.exec()

A bad file shows the core's Thai reason and offers no Install button: nothing is written. A
framework that reports of this database use is never changed under them: the incoming one is
installed as the next version (the core says so), and the clerk may move a report to it with
Report → Move to another framework version….
"""

from __future__ import annotations

from pathlib import Path

from ...core.base.errors import ItaError
from ..i18n import _
from ..qt import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from ..widgets import heading, message_label, show_message

FILTER = "(*.itaform *.yaml)"


def choose_framework_file(parent: QWidget) -> str:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Import framework"), "",
        _("ITA framework file") + f" {FILTER};;" + _("All files") + " (*)")
    return path


class FrameworkImportDialog(QDialog):
    def __init__(self, session: object, path: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.path = Path(path)
        self.checked = None  # the FrameworkFile once the file passed every check
        self.installed = None  # transfer.Installed after Install
        self.setWindowTitle(_("Import framework"))
        self.resize(640, 320)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.path.name))
        self.summary = QLabel()
        self.summary.setObjectName("framework-summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.error = message_label(self, "error")
        self.error.setObjectName("framework-error")
        layout.addWidget(self.error)
        self.result = message_label(self, "info")
        self.result.setObjectName("framework-result")
        layout.addWidget(self.result)
        layout.addStretch(1)
        buttons = QDialogButtonBox()
        self.install_button = QPushButton(_("Install"))
        self.install_button.setObjectName("framework-install")
        self.install_button.clicked.connect(self.install)
        buttons.addButton(self.install_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._check()

    def _check(self) -> None:
        try:
            self.checked = self.session.read_framework_file(self.path)  # type: ignore[attr-defined]
        except ItaError as exc:
            self.summary.setText(_("This file cannot be imported. Nothing was installed."))
            show_message(self.error, exc.message)
            self.install_button.setVisible(False)
            return
        framework = self.checked.framework
        count = sum(1 for _item in framework.items())
        unconfirmed = sum(1 for item in framework.items() if not item.confirmed)
        lines = [_("Framework {id}, fiscal year {year}: {count} items in {instruments} "
                   "instruments.").format(id=framework.id, year=framework.fiscal_year,
                                          count=count, instruments=len(framework.instruments)),
                 framework.title,
                 _("Check value (SHA-256): {hash}…").format(hash=self.checked.sha256[:16])]
        if unconfirmed:
            lines.append(_("{n} items are marked as not yet checked against the official "
                           "manual.").format(n=unconfirmed))
        self.summary.setText("\n".join(lines))
        self.install_button.setDefault(True)

    def install(self) -> None:
        if self.checked is None:
            return
        try:
            self.installed = self.session.install_framework(self.checked)  # type: ignore[attr-defined]
        except ItaError as exc:
            show_message(self.error, exc.message)
            return
        show_message(self.result, self.installed.note)
        self.install_button.setVisible(False)
        self.close_button.setFocus()
