"""Near-miss office names in the consolidation: "“X” is not on the list. Is it “Y”?" with a
Yes / No per name; the answer goes out as ``answered(sent, office, same)`` (the window
remembers it in the database and summarises again)."""

from __future__ import annotations

from ...core.package.consolidate import Summary
from ..i18n import _
from ..qt import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget, Signal
from .package_widgets import button


class ProposalPanel(QFrame):
    answered = Signal(str, str, bool)  # name in the package, office on the list, same office

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cons-proposals")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#cons-proposals { background: #fff4d6; "
                           "border: 1px solid #d9b66a; }")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self.hide()

    def fill(self, summary: Summary) -> None:
        layout = self._layout
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for office in summary.proposals:
            assert office.proposal is not None
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = QLabel(_("“{sent}” is not on the list of expected offices. Is it "
                            "“{office}”?").format(sent=office.agency, office=office.proposal))
            text.setWordWrap(True)
            line.addWidget(text, 1)
            same = button(_("Yes, the same office"), "cons-same")
            same.setToolTip(_("Count this report for the office on the list, now and in later "
                              "imports"))
            other = button(_("No, another office"), "cons-other")
            other.setToolTip(_("Keep it apart and do not ask again"))
            for widget, answer in ((same, True), (other, False)):  # read in _clicked
                widget.setProperty("cons-answer", [office.agency, office.proposal, answer])
                widget.clicked.connect(self._clicked)  # bound method: no cycle
            line.addWidget(same)
            line.addWidget(other)
            layout.addWidget(row)
        self.setVisible(bool(summary.proposals))

    def _clicked(self) -> None:
        answer = self.sender().property("cons-answer") if self.sender() is not None else None
        if answer:
            sent, office, same = answer
            self.answered.emit(str(sent), str(office), bool(same))
