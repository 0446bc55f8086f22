"""Report properties: title, agency, round, signers, digits, signature block, cover page.
Applied together on OK (one undo step)."""

from __future__ import annotations

from typing import Any

from ..core.errors import ItaError
from ..core.model import Person, Report, Round
from .i18n import _
from .qt import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from .session import Session
from .widgets import message_label, show_message
from .wizard import format_be_date, parse_be_date


class _PersonBox(QGroupBox):
    def __init__(self, title: str, person: Person):
        super().__init__(title)
        form = QFormLayout(self)
        self.name = QLineEdit(person.name)
        self.position = QLineEdit(person.position)
        self.date = QLineEdit(format_be_date(person.date))
        self.date.setPlaceholderText(_("day/month/year B.E., e.g. 31/3/2567"))
        form.addRow(_("Name"), self.name)
        form.addRow(_("Position"), self.position)
        form.addRow(_("Date"), self.date)

    def person(self) -> Person:
        try:
            day = parse_be_date(self.date.text())
        except ValueError:
            raise ValueError(_("Type dates as day/month/year B.E., e.g. 1/10/2566")) from None
        return Person(self.name.text().strip(), self.position.text().strip(), day)


class PropertiesDialog(QDialog):
    def __init__(self, session: Session, report: Report, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.report = report
        self.setWindowTitle(_("Report properties"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title = QLineEdit(report.title or "")
        self.title.setPlaceholderText(report.default_title())
        self.title.setToolTip(_("Leave empty to use the standard title"))
        self.agency = QLineEdit(report.agency)
        self.parent_org = QLineEdit(report.parent)
        self.year = QSpinBox()
        self.year.setRange(2500, 2700)
        self.year.setValue(report.fiscal_year)
        form.addRow(_("&Title"), self.title)
        form.addRow(_("&Agency"), self.agency)
        form.addRow(_("&Parent organisation"), self.parent_org)
        form.addRow(_("&Fiscal year (B.E.)"), self.year)
        rounds = QWidget()
        row = QHBoxLayout(rounds)
        row.setContentsMargins(0, 0, 0, 0)
        self.r6 = QRadioButton(_("First 6 months (Oct–Mar)"))
        self.r12 = QRadioButton(_("12 months (Oct–Sep)"))
        self.rc = QRadioButton(_("Other period"))
        {"6m": self.r6, "12m": self.r12, "custom": self.rc}[report.round.kind].setChecked(True)
        for button in (self.r6, self.r12, self.rc):
            row.addWidget(button)
            button.toggled.connect(self._round_kind_changed)
        form.addRow(_("Round"), rounds)
        self.custom_label = QLineEdit(report.round.label or "")
        self.custom_start = QLineEdit(format_be_date(report.round.start))
        self.custom_end = QLineEdit(format_be_date(report.round.end))
        form.addRow(_("Period &name"), self.custom_label)
        form.addRow(_("Period &start"), self.custom_start)
        form.addRow(_("Period &end"), self.custom_end)
        digits = QWidget()
        drow = QHBoxLayout(digits)
        drow.setContentsMargins(0, 0, 0, 0)
        self.thai_digits = QRadioButton(_("Thai digits (๑๒๓)"))
        self.arabic_digits = QRadioButton(_("Arabic digits (123)"))
        (self.thai_digits if report.digits == "thai" else self.arabic_digits).setChecked(True)
        drow.addWidget(self.thai_digits)
        drow.addWidget(self.arabic_digits)
        drow.addStretch(1)
        form.addRow(_("Numbers in the print"), digits)
        layout.addLayout(form)
        people = QHBoxLayout()
        self.preparer = _PersonBox(_("Prepared by"), report.preparer)
        self.certifier = _PersonBox(_("Certified by"), report.certifier)
        people.addWidget(self.preparer)
        people.addWidget(self.certifier)
        layout.addLayout(people)
        self.signatures = QCheckBox(_("Print the signature block"))
        self.signatures.setChecked(report.show_signatures)
        self.cover = QCheckBox(_("Print a cover page"))
        self.cover.setChecked(report.cover_page)
        layout.addWidget(self.signatures)
        layout.addWidget(self.cover)
        self.error = message_label(self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._round_kind_changed()
        self.resize(820, self.sizeHint().height())
        self.title.setFocus()
        if report.is_final:
            for widget in self.findChildren(QLineEdit):
                widget.setReadOnly(True)
            buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def _round_kind_changed(self) -> None:
        for widget in (self.custom_label, self.custom_start, self.custom_end):
            widget.setEnabled(self.rc.isChecked())

    def changed_fields(self) -> dict[str, Any]:
        r = self.report
        year = self.year.value()
        if self.rc.isChecked():
            try:
                start = parse_be_date(self.custom_start.text())
                end = parse_be_date(self.custom_end.text())
            except ValueError:
                raise ValueError(_("Type dates as day/month/year B.E., e.g. 1/10/2566")) from None
            if start is None or end is None or not self.custom_label.text().strip():
                raise ValueError(_("Give the period a name, a start and an end date"))
            rnd = Round("custom", start, end, self.custom_label.text().strip())
        else:
            rnd = Round.standard("6m" if self.r6.isChecked() else "12m", year)
        values: dict[str, Any] = {
            "title": self.title.text().strip() or None, "agency": self.agency.text().strip(),
            "parent": self.parent_org.text().strip(), "fiscal_year": year, "round": rnd,
            "digits": "thai" if self.thai_digits.isChecked() else "arabic",
            "preparer": self.preparer.person(), "certifier": self.certifier.person(),
            "show_signatures": self.signatures.isChecked(), "cover_page": self.cover.isChecked()}
        return {k: v for k, v in values.items() if getattr(r, k) != v}

    def accept(self) -> None:
        try:
            fields = self.changed_fields()
            if fields:
                self.session.update_report(self.report.id, **fields)  # type: ignore[arg-type]
        except ItaError as exc:
            show_message(self.error, exc.message)
            return
        except ValueError as exc:
            show_message(self.error, str(exc))
            return
        super().accept()
