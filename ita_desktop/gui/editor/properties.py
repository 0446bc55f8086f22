"""Report properties: title, agency, round, signers, digits, signature block, cover page.

Every edit saves itself, like the entry cards (see autosave.py): text fields a moment after the
typing pauses (at once on focus-out), choices and check boxes at once, a date as soon as it is
a whole date. The fiscal year and the round are saved together, so a standard round's dates
always follow the year. A value the core refuses (an empty agency, a period outside the fiscal
year) shows the core's message next to the field and is not saved: the database keeps the
last valid value. The only button is Close (pending edits are saved first); Ctrl+Z / Ctrl+Y
are the report's undo and redo, as in the main window. A final report is shown read-only.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Hashable
from dataclasses import replace
from functools import partial
from typing import Any

from ...core.base.errors import ItaError
from ...core.report.model import Person, Report, Round
from ...core.store.failures import StoreFailure
from ...core.store.store import Change
from ...core.text import thai
from ..database.store_trouble import RETRY_MS, not_saved_text
from ..i18n import _
from ..qt import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QRadioButton,
    QShortcut,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from ..session import Session
from ..start.wizard import format_be_date
from ..widgets import LineEdit, message_label, show_message
from .autosave import Debouncer

PERSON_PARTS = ("name", "position", "date")
QWIDGETSIZE_MAX = (1 << 24) - 1


def _date_format_message() -> str:
    # the example is this fiscal year's first day (fiscal years start on 1 October)
    today = dt.date.today()
    first = today.year + 543 - (1 if today.month < 10 else 0)
    return _("Type dates as day/month/year B.E., e.g. 1/10/{year}").format(year=first)


def parse_date(text: str) -> dt.date | None:
    """A whole date typed in the dialog: '31/3/2567' (B.E.; Thai or Arabic digits) -> date;
    '' -> None. A year of fewer than four digits (still being typed) is refused
    (ValueError with the message for the clerk)."""
    plain = thai.to_arabic_digits(text.strip())
    if not plain:
        return None
    parts = plain.replace("-", "/").replace(".", "/").split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        raise ValueError(_date_format_message())
    day, month, year = (int(p) for p in parts)
    if year > 2400:
        year = thai.ce_year(year)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(_date_format_message()) from None


def add_with_message(form: QFormLayout, label: str, field: QWidget, message: QLabel) -> None:
    """A form row and, under its field, the field's inline message (a row of its own with no
    label, left out of the layout while the message is hidden)."""
    form.addRow(label, field)
    form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, message)


class _PersonBox(QGroupBox):
    def __init__(self, title: str, person: Person):
        super().__init__(title)
        form = QFormLayout(self)
        self.name = LineEdit(person.name)
        self.position = LineEdit(person.position)
        self.date = LineEdit(format_be_date(person.date))
        self.date.setPlaceholderText(_("day/month/year B.E., e.g. 31/3/2567"))
        self.date_error = message_label(self)
        form.addRow(_("Name"), self.name)
        form.addRow(_("Position"), self.position)
        add_with_message(form, _("Date"), self.date, self.date_error)

    def show_person(self, person: Person, pending: Callable[[str], bool]) -> None:
        for part in PERSON_PARTS:
            if pending(part):
                continue
            value = getattr(person, part)
            text = format_be_date(value) if part == "date" else value
            widget: QLineEdit = getattr(self, part)
            if widget.text() != text:
                widget.setText(text)
            if part == "date":
                show_message(self.date_error, "")


class PropertiesDialog(QDialog):
    def __init__(self, session: Session, report: Report, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.report = report
        self.read_only = report.is_final
        self.debouncer = Debouncer(parent=self)
        self._saving = False
        self.setWindowTitle(_("Report properties"))
        layout = QVBoxLayout(self)
        self.banner = message_label(self, "warning")
        layout.addWidget(self.banner)
        if self.read_only:
            show_message(self.banner, _("This report is final and cannot be changed. To change "
                                        "it, use Report → Reopen for editing… and give a "
                                        "reason."))
        form = QFormLayout()
        self.title = LineEdit(report.title or "")
        self.title.setToolTip(_("Leave empty to use the standard title"))
        self.agency = LineEdit(report.agency)
        self.agency_error = message_label(self)
        self.parent_org = LineEdit(report.parent)
        self.year = QSpinBox()
        self.year.setRange(2500, 2700)
        self.year.setValue(report.fiscal_year)
        self.year_error = message_label(self)
        form.addRow(_("&Title"), self.title)
        add_with_message(form, _("&Agency"), self.agency, self.agency_error)
        form.addRow(_("&Parent organisation"), self.parent_org)
        add_with_message(form, _("&Fiscal year (B.E.)"), self.year, self.year_error)
        rounds = QWidget()
        row = QHBoxLayout(rounds)
        row.setContentsMargins(0, 0, 0, 0)
        self.r6 = QRadioButton(_("First 6 months (Oct–Mar)"))
        self.r12 = QRadioButton(_("12 months (Oct–Sep)"))
        self.rc = QRadioButton(_("Other period"))
        for button in (self.r6, self.r12, self.rc):
            row.addWidget(button)
        form.addRow(_("Round"), rounds)
        self.custom_label = LineEdit(report.round.label or "")
        self.custom_start = LineEdit(format_be_date(report.round.start))
        self.custom_end = LineEdit(format_be_date(report.round.end))
        self.round_error = message_label(self)
        form.addRow(_("Period &name"), self.custom_label)
        form.addRow(_("Period &start"), self.custom_start)
        add_with_message(form, _("Period &end"), self.custom_end, self.round_error)
        digits = QWidget()
        drow = QHBoxLayout(digits)
        drow.setContentsMargins(0, 0, 0, 0)
        self.thai_digits = QRadioButton(_("Thai digits (๑๒๓)"))
        self.arabic_digits = QRadioButton(_("Arabic digits (123)"))
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
        self.cover = QCheckBox(_("Print a cover page"))
        self.summary_chart = QCheckBox(_("Print a summary chart of the result sheet before "
                                         "the table"))
        layout.addWidget(self.signatures)
        layout.addWidget(self.cover)
        layout.addWidget(self.summary_chart)
        self.error = message_label(self)
        layout.addWidget(self.error)
        bottom = QHBoxLayout()
        self.autosave_note = QLabel(_("Every change is saved at once; there is nothing to "
                                      "save."))
        self.autosave_note.setWordWrap(True)
        self.autosave_note.setVisible(not self.read_only)
        bottom.addWidget(self.autosave_note, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(_("Close"))
        self.close_button.setAutoDefault(False)  # Enter in a field saves it, not closes
        self.buttons.rejected.connect(self.reject)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        self._message_fields: dict[QLabel, QWidget] = {
            self.agency_error: self.agency, self.year_error: self.year,
            self.round_error: self.custom_end, self.preparer.date_error: self.preparer.date,
            self.certifier.date_error: self.certifier.date}
        self._show_choices(report)
        self._connect()
        for keys, slot in (("Ctrl+Z", self._undo), ("Ctrl+Y", self._redo),
                           ("Ctrl+Shift+Z", self._redo)):
            QShortcut(QKeySequence(keys), self, slot)
        self.session.changed.connect(self._on_change)
        self._listening = True
        self._update_title_hint()
        self._round_kind_changed()
        if self.read_only:
            self._make_read_only()
        self.resize(820, self.sizeHint().height())
        self.title.setFocus()

    # ------------------------------------------------------------------ wiring
    def _text_fields(self) -> list[tuple[QLineEdit, Hashable, Callable[[], None], bool]]:
        """(widget, debouncer key, save, is a date) of every typed field."""
        fields: list[tuple[QLineEdit, Hashable, Callable[[], None], bool]] = [
            (self.title, "title", self._save_title, False),
            (self.agency, "agency", self._save_agency, False),
            (self.parent_org, "parent", self._save_parent, False),
            (self.custom_label, "round", self._save_round_from_period, False),
            (self.custom_start, "round", self._save_round_from_period, True),
            (self.custom_end, "round", self._save_round_from_period, True)]
        for who in ("preparer", "certifier"):
            box: _PersonBox = getattr(self, who)
            for part in PERSON_PARTS:
                fields.append((getattr(box, part), (who, part),
                               lambda w=who, p=part: self._save_person(w, p), part == "date"))
        return fields

    def _connect(self) -> None:
        for widget, key, save, is_date in self._text_fields():
            widget.textEdited.connect(
                lambda text, k=key, s=save, d=is_date: self._typed(k, s, d, text))
            widget.editingFinished.connect(partial(self._flush, key))
        self.year.valueChanged.connect(self._year_changed)
        for button in (self.r6, self.r12, self.rc):
            button.toggled.connect(self._round_toggled)
        self.thai_digits.toggled.connect(self._digits_toggled)
        self.signatures.toggled.connect(self._signatures_toggled)
        self.cover.toggled.connect(self._cover_toggled)
        self.summary_chart.toggled.connect(self._summary_chart_toggled)

    # bound methods, not lambdas capturing self: no reference cycle (docs/desktop.md)
    def _flush(self, key: Hashable) -> None:
        self.debouncer.run(key)

    def _year_changed(self, _value: int) -> None:
        self._save_round(self.year_error)

    def _digits_toggled(self, _checked: bool) -> None:
        self._save_digits()

    def _signatures_toggled(self, _checked: bool) -> None:
        self._save_check_box("show_signatures")

    def _cover_toggled(self, _checked: bool) -> None:
        self._save_check_box("cover_page")

    def _summary_chart_toggled(self, _checked: bool) -> None:
        self._save_check_box("summary_chart")

    def _typed(self, key: Hashable, save: Callable[[], None], is_date: bool, text: str) -> None:
        if self.read_only:
            return
        self.debouncer.touch(key, save)
        if is_date:  # a whole date saves at once; a half-typed one waits for the pause
            try:
                parse_date(text)
            except ValueError:
                return
            self.debouncer.run(key)

    def _make_read_only(self) -> None:
        for widget, *_rest in self._text_fields():
            widget.setReadOnly(True)
        self.year.setReadOnly(True)
        for button in (self.r6, self.r12, self.rc, self.thai_digits, self.arabic_digits,
                       self.signatures, self.cover, self.summary_chart):
            button.setEnabled(False)

    # ------------------------------------------------------------------ saving
    def _save(self, fields: dict[str, Any], message: QLabel,
              retry: tuple[Hashable, Callable[[], None]] | None = None) -> bool:
        """Save ``fields`` through the session (one undo step; the fields travel together).
        A refused value shows the core's message in ``message`` and saves nothing."""
        if self.read_only:
            return False
        self.debouncer.flush()  # edits typed before this one are saved (and undone) first
        if all(getattr(self.report, k) == v for k, v in fields.items()):
            self._message(message, "")
            return True
        self._saving = True
        try:
            self.session.update_report(self.report.id, **fields)  # type: ignore[arg-type]
        except (sqlite3.Error, StoreFailure) as exc:  # disk full, locked…: keep it, retry
            self._message(self.error, not_saved_text(exc, self.session.trouble_seconds()))
            if retry is not None:
                self.debouncer.touch(*retry, delay_ms=RETRY_MS)
            return False
        except ItaError as exc:
            self._message(message, exc.message)
            return False
        finally:
            self._saving = False
        self.report = replace(self.report, **fields)
        self._message(message, "")
        if message is not self.error:
            self._message(self.error, "")
        self._update_title_hint()
        return True

    def _save_title(self) -> None:
        self._save({"title": self.title.text().strip() or None}, self.error,
                   ("title", self._save_title))

    def _save_agency(self) -> None:
        self._save({"agency": self.agency.text().strip()}, self.agency_error,
                   ("agency", self._save_agency))

    def _save_parent(self) -> None:
        self._save({"parent": self.parent_org.text().strip()}, self.error,
                   ("parent", self._save_parent))

    def _save_digits(self) -> None:
        self._save({"digits": "thai" if self.thai_digits.isChecked() else "arabic"}, self.error,
                   ("digits", self._save_digits))

    def _save_check_box(self, name: str) -> None:
        box = {"show_signatures": self.signatures, "cover_page": self.cover,
               "summary_chart": self.summary_chart}[name]
        self._save({name: box.isChecked()}, self.error,
                   (name, lambda: self._save_check_box(name)))

    def _save_person(self, who: str, part: str) -> None:
        if self.read_only:
            return
        self.debouncer.flush()  # the other parts of this person first: this one builds on them
        box: _PersonBox = getattr(self, who)
        message = box.date_error if part == "date" else self.error
        text = getattr(box, part).text()
        if part == "date":
            try:
                value: Any = parse_date(text)
            except ValueError as exc:
                self._message(message, str(exc))
                return
        else:
            value = text.strip()
        person = replace(getattr(self.report, who), **{part: value})
        self._save({who: person}, message, ((who, part), lambda: self._save_person(who, part)))

    def round_value(self) -> Round:
        """The round the dialog shows (ValueError with the clerk's message if incomplete)."""
        if not self.rc.isChecked():
            return Round.standard("6m" if self.r6.isChecked() else "12m", self.year.value())
        start = parse_date(self.custom_start.text())
        end = parse_date(self.custom_end.text())
        label = self.custom_label.text().strip()
        if start is None or end is None or not label:
            raise ValueError(_("Give the period a name, a start and an end date"))
        return Round("custom", start, end, label)

    def _save_round(self, message: QLabel) -> None:
        """The fiscal year and the round, together (a standard round follows the year)."""
        if self.read_only:
            return
        try:
            rnd = self.round_value()
        except ValueError as exc:
            self._message(message, str(exc))
            return
        if self._save({"fiscal_year": self.year.value(), "round": rnd}, message,
                      ("round", self._save_round_from_period)):
            for label in (self.year_error, self.round_error):
                self._message(label, "")
            if not self.rc.isChecked():  # the disabled period fields show the round's dates
                self.custom_start.setText(format_be_date(rnd.start))
                self.custom_end.setText(format_be_date(rnd.end))

    def _save_round_from_period(self) -> None:
        self._save_round(self.round_error)

    def _round_toggled(self, checked: bool) -> None:
        if not checked:
            return
        self._round_kind_changed()
        self._save_round(self.round_error)
        if self.rc.isChecked() and not self.custom_label.text().strip():
            self.custom_label.setFocus()

    def _round_kind_changed(self) -> None:
        for widget in (self.custom_label, self.custom_start, self.custom_end):
            widget.setEnabled(self.rc.isChecked())
        if not self.rc.isChecked():
            self._message(self.round_error, "")

    def _message(self, label: QLabel, text: str) -> None:
        """Show (or hide, if empty) an inline message; grow the dialog so it is not clipped."""
        show_message(label, text)
        self._fit_message(label)
        if text and self.isVisible():
            self.layout().activate()
            layout = self.layout()
            needed = max(self.minimumSizeHint().height(), layout.totalHeightForWidth(self.width())
                         if layout.hasHeightForWidth() else 0)
            if needed > self.height():
                self.resize(self.width(), needed)

    def _fit_message(self, label: QLabel) -> None:
        """A wrapped message under a field needs the height of its lines at the field's
        width (the form's own height-for-width does not reach the dialog's minimum size)."""
        field = self._message_fields.get(label)
        if field is None or label.isHidden():
            label.setMinimumHeight(0)
            label.setMaximumHeight(QWIDGETSIZE_MAX)
            return
        height = label.heightForWidth(max(field.width(), 200))
        label.setMinimumHeight(height)
        label.setMaximumHeight(height)

    def resizeEvent(self, event: object) -> None:  # the fields' width changed
        super().resizeEvent(event)  # type: ignore[arg-type]
        for label in getattr(self, "_message_fields", ()):
            self._fit_message(label)

    def _update_title_hint(self) -> None:
        self.title.setPlaceholderText(self.report.default_title())

    # ------------------------------------------------------------------ showing
    def _show_choices(self, report: Report) -> None:
        """Year, round and the check boxes from ``report``, without saving anything."""
        widgets = (self.year, self.r6, self.r12, self.rc, self.thai_digits,
                   self.arabic_digits, self.signatures, self.cover, self.summary_chart)
        for widget in widgets:
            widget.blockSignals(True)
        self.year.setValue(report.fiscal_year)
        {"6m": self.r6, "12m": self.r12, "custom": self.rc}[report.round.kind].setChecked(True)
        (self.thai_digits if report.digits == "thai" else self.arabic_digits).setChecked(True)
        self.signatures.setChecked(report.show_signatures)
        self.cover.setChecked(report.cover_page)
        self.summary_chart.setChecked(report.summary_chart)
        for widget in widgets:
            widget.blockSignals(False)
        self._round_kind_changed()

    def _on_change(self, change: Change) -> None:
        """Someone else changed the report (Ctrl+Z here): show the stored values, except in
        fields whose save is still pending."""
        if (self._saving or change.report_id != self.report.id
                or change.kind != "report-fields"):
            return
        self.report = self.session.report(self.report.id)  # type: ignore[arg-type]
        r = self.report
        pending = self.debouncer.is_pending
        for widget, key, value in ((self.title, "title", r.title or ""),
                                   (self.agency, "agency", r.agency),
                                   (self.parent_org, "parent", r.parent)):
            if not pending(key) and widget.text() != value:
                widget.setText(value)
        if not pending("agency"):
            self._message(self.agency_error, "")
        if not pending("round"):
            self.custom_label.setText(r.round.label or "")
            self.custom_start.setText(format_be_date(r.round.start))
            self.custom_end.setText(format_be_date(r.round.end))
            for label in (self.year_error, self.round_error):
                self._message(label, "")
        self._show_choices(r)
        self.preparer.show_person(r.preparer, lambda p: pending(("preparer", p)))
        self.certifier.show_person(r.certifier, lambda p: pending(("certifier", p)))
        for box in (self.preparer, self.certifier):
            self._fit_message(box.date_error)
        self._update_title_hint()

    def _undo(self) -> None:
        self.debouncer.flush()
        self.session.undo()

    def _redo(self) -> None:
        self.debouncer.flush()
        self.session.redo()

    # ------------------------------------------------------------------ closing
    def flush(self) -> None:
        """Save every pending edit now."""
        self.debouncer.flush()

    def done(self, result: int) -> None:
        """Close (the button, Escape, the window's close box): pending edits are saved."""
        self.flush()
        if self._listening:
            self.session.changed.disconnect(self._on_change)
            self._listening = False
        super().done(result)
