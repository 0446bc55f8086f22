"""The consolidation's list of expected offices: one per line, pasted or loaded from a .txt,
kept in the settings between runs. ``changed`` fires once typing pauses (or after a load)."""

from __future__ import annotations

from ...core.base.errors import ItaError
from ...core.package.consolidate import parse_expected, read_expected
from ..i18n import _
from ..qt import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..settings import Settings
from .package_widgets import button, choose_open_paths, warn

EXPECTED_KEY = "consolidation/expected"


class ExpectedOffices(QGroupBox):
    changed = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(_("Expected offices"), parent)
        self._settings = settings
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(400)
        self._timer.timeout.connect(self._save_and_announce)
        hint = QLabel(_("One office per line, as the offices write their name. Paste "
                        "the list or load it from a text file."))
        hint.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("cons-expected")
        self.editor.setAccessibleName(_("Expected offices"))
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText(_("e.g.\nสำนักงานเขตปทุมวัน\nสำนักงานเขตบางรัก"))
        self.editor.setPlainText(str(settings.q.value(EXPECTED_KEY, "") or ""))
        self.editor.textChanged.connect(self._timer.start)
        load = button(_("Load from file…"), "cons-expected-load")
        load.clicked.connect(self.load)
        clear = button(_("Clear"), "cons-expected-clear")
        clear.clicked.connect(self.editor.clear)
        buttons = QHBoxLayout()
        buttons.addWidget(load)
        buttons.addWidget(clear)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.editor, 1)
        layout.addLayout(buttons)

    def offices(self) -> list[str]:
        return parse_expected(self.editor.toPlainText())

    def load(self) -> None:
        paths = choose_open_paths(self, "expected", _("Load the list of expected offices"),
                                  _("Text files (*.txt);;All files (*)"))
        if not paths:
            return
        try:
            names = read_expected(paths[0])
        except ItaError as exc:
            warn(self, _("The list could not be read"), exc.text())
            return
        self.editor.setPlainText("\n".join(names))
        self._timer.stop()
        self._save_and_announce()

    def stop(self) -> None:
        self._timer.stop()

    def _save_and_announce(self) -> None:
        self._settings.q.setValue(EXPECTED_KEY, self.editor.toPlainText())
        self._settings.q.sync()
        self.changed.emit()
