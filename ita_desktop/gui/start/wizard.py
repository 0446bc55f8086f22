"""New report: agency, parent organisation, fiscal year (BE), round, framework."""

from __future__ import annotations

import datetime as dt

from ...core.base.errors import ItaError
from ...core.framework import catalog as forms
from ...core.report.model import Report, Round, check_report_fields
from ...core.text import thai
from ..i18n import _
from ..qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from ..widgets import heading, message_label, show_message


def parse_be_date(text: str) -> dt.date | None:
    """'15/3/2567' (Thai or Arabic digits; BE year) -> date(2024, 3, 15); '' -> None."""
    text = thai.to_arabic_digits(text.strip())
    if not text:
        return None
    parts = text.replace("-", "/").replace(".", "/").split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(text)
    day, month, year = (int(p) for p in parts)
    if year > 2400:
        year = thai.ce_year(year)
    return dt.date(year, month, day)


def format_be_date(day: dt.date | None) -> str:
    return "" if day is None else f"{day.day}/{day.month}/{thai.be_year(day.year)}"


class NewReportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("New report"))
        self.report: Report | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("New report")))
        form = QFormLayout()
        self.agency = QLineEdit()
        self.agency.setPlaceholderText(_("e.g. Pathum Wan District Office"))
        self.parent_org = QLineEdit()
        self.parent_org.setPlaceholderText(_("e.g. Bangkok Metropolitan Administration"))
        self.year = QSpinBox()
        self.year.setRange(2500, 2700)
        self.year.setValue(thai.fiscal_year_of(dt.date.today()))
        form.addRow(_("&Agency"), self.agency)
        form.addRow(_("&Parent organisation"), self.parent_org)
        form.addRow(_("&Fiscal year (B.E.)"), self.year)

        rounds = QWidget()
        row = QHBoxLayout(rounds)
        row.setContentsMargins(0, 0, 0, 0)
        self.r6 = QRadioButton(_("First 6 months (Oct–Mar)"))
        self.r12 = QRadioButton(_("12 months (Oct–Sep)"))
        self.rc = QRadioButton(_("Other period"))
        self.r6.setChecked(True)
        for button in (self.r6, self.r12, self.rc):
            row.addWidget(button)
            button.toggled.connect(self._round_kind_changed)
        form.addRow(_("Round"), rounds)
        self.custom_label = QLineEdit()
        self.custom_start = QLineEdit()
        self.custom_end = QLineEdit()
        form.addRow(_("Period &name"), self.custom_label)
        form.addRow(_("Period &start"), self.custom_start)
        form.addRow(_("Period &end"), self.custom_end)

        self.framework = QComboBox()
        # first entry: "no framework of this year" (data None), shown when the year has none;
        # a framework of another year is used only when the clerk picks it
        self.framework.addItem("", None)
        for form_id in sorted(forms.available(), reverse=True):
            self.framework.addItem(form_id, form_id)
        form.addRow(_("Assessment &framework"), self.framework)
        self.framework_note = message_label(self)
        form.addRow("", self.framework_note)
        # a year without a framework: start one from the newest, in the framework editor
        self.framework_wanted: tuple[str, int] | None = None
        self.start_framework = QPushButton()
        self.start_framework.clicked.connect(self._start_framework)
        form.addRow("", self.start_framework)
        self.year.valueChanged.connect(self._year_changed)
        self._year_changed(self.year.value())
        layout.addLayout(form)
        self.error = message_label(self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create report"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._round_kind_changed()
        self.resize(620, self.sizeHint().height())
        self.agency.setFocus()

    def _year_changed(self, year: int) -> None:
        """The framework follows the year: that year's when there is one, otherwise none
        chosen and a note — never the framework of a year typed before."""
        self.custom_start.setPlaceholderText(
            _("day/month/year B.E., e.g. 1/10/{year}").format(year=year - 1))
        self.custom_end.setPlaceholderText(
            _("day/month/year B.E., e.g. 31/3/{year}").format(year=year))
        self.framework.setItemText(0, _("(no framework for {year})").format(year=year))
        index = self.framework.findData(f"ita-{year}")
        self.framework.setCurrentIndex(max(index, 0))
        self.framework_note.setText("" if index >= 0 else _(
            "This program has no ITA framework for {year}. Choose another year's framework only "
            "if its items are the same, or add the {year} framework file the upper office sends "
            "(ita forms add).").format(year=year))
        newest = self.framework.itemData(1) if self.framework.count() > 1 else None
        self.start_framework.setVisible(index < 0 and newest is not None)
        self.start_framework.setText(_("Start the {year} framework from {source}…").format(
            year=year, source=newest))

    def _start_framework(self) -> None:
        """Close the wizard; the window opens the framework editor on a new framework for
        the year, made from the newest one (File → New framework from…)."""
        self.framework_wanted = (str(self.framework.itemData(1)), self.year.value())
        self.reject()

    def _round_kind_changed(self) -> None:
        custom = self.rc.isChecked()
        for widget in (self.custom_label, self.custom_start, self.custom_end):
            widget.setEnabled(custom)

    def _chosen_framework(self, year: int) -> str:
        chosen = self.framework.currentData()
        if not chosen:
            raise ValueError(_("Choose an assessment framework: this program has none for "
                               "{year}").format(year=year))
        return str(chosen)

    def build(self) -> Report:
        """The report as filled in; raises ItaError / ValueError with a message."""
        year = self.year.value()
        if self.rc.isChecked():
            try:
                start = parse_be_date(self.custom_start.text())
                end = parse_be_date(self.custom_end.text())
            except ValueError:
                raise ValueError(_("Type dates as day/month/year B.E., e.g. 1/10/{year}").format(
                    year=year - 1)) from None
            if start is None or end is None or not self.custom_label.text().strip():
                raise ValueError(_("Give the period a name, a start and an end date"))
            rnd = Round("custom", start, end, self.custom_label.text().strip())
        else:
            rnd = Round.standard("6m" if self.r6.isChecked() else "12m", year)
        report = Report(agency=self.agency.text().strip(), parent=self.parent_org.text().strip(),
                        fiscal_year=year, round=rnd,
                        framework=self.framework.currentData() or f"ita-{year}")
        check_report_fields(report)  # the fields first, then whether a framework was chosen
        self._chosen_framework(year)
        return report

    def accept(self) -> None:
        try:
            self.report = self.build()
        except ItaError as exc:
            show_message(self.error, exc.message)
            return
        except ValueError as exc:
            show_message(self.error, str(exc))
            return
        super().accept()
