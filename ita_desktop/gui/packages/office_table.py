"""The consolidation's table: one row per office (its name as the row header, so it stays in
view when the items scroll sideways), the sending state and counts, then a score per item.

Filled from a ``core.package.consolidate.Summary``; it only shows it. A double-click or Enter on
an office that sent asks (``open_requested``) for its report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ...core.exchange.spreadsheet import HEADERS, YES
from ...core.package.consolidate import OfficeStatus, Summary
from ..i18n import _, ngettext
from ..qt import (
    QAbstractItemView,
    QBrush,
    QFont,
    QHeaderView,
    QKeySequence,
    QShortcut,
    QStyle,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
    Signal,
)
from .package_widgets import ERROR_COLOUR, OK_COLOUR, WARN_COLOUR

FIXED_COLUMNS = 8  # sending, report state, revision, items, measures, photos, no result, mean
ROLE_REPORT = Qt.ItemDataRole.UserRole
WITHOUT_RESULT_COLUMN = 6


@dataclass(frozen=True)
class EntryDetail:
    measures: int
    photos: int
    has_result: bool


def entry_details(summary: Summary) -> dict[tuple[str, str], EntryDetail]:
    """(agency, item code) -> the entry's counts, from the summary's spreadsheet rows."""
    col = {name: HEADERS.index(name) for name in
           ("หน่วยงาน", "ข้อ", "จำนวนมาตรการ", "จำนวนภาพ", "มีผลการดำเนินการ")}
    out: dict[tuple[str, str], EntryDetail] = {}
    for row in summary.rows:
        out[(str(row[col["หน่วยงาน"]]), str(row[col["ข้อ"]]))] = EntryDetail(
            int(row[col["จำนวนมาตรการ"]] or 0), int(row[col["จำนวนภาพ"]] or 0),  # type: ignore[call-overload]
            row[col["มีผลการดำเนินการ"]] == YES)
    return out


def score_text(score: Decimal | None) -> str:
    return "" if score is None else f"{score:.2f}"


def _styled(item: QTableWidgetItem, *, italic: bool = False, bold: bool = False) -> None:
    font = QFont(item.font())
    font.setItalic(italic)
    font.setBold(bold)
    item.setFont(font)


class OfficeTable(QTableWidget):
    open_requested = Signal(int)  # report id of the office double-clicked (one that sent)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, FIXED_COLUMNS, parent)
        self.setObjectName("cons-table")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        rows = self.verticalHeader()
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows.setMaximumWidth(self.fontMetrics().averageCharWidth() * 40)
        rows.setHighlightSections(False)
        rows.sectionDoubleClicked.connect(self.open_row)
        self.setWordWrap(False)
        self.horizontalHeader().setHighlightSections(False)
        self.cellDoubleClicked.connect(self.open_row)
        self.setAccessibleName(_("Offices and their reports"))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # open the chosen office's report
            QShortcut(QKeySequence(key), self, self._open_current,
                      context=Qt.ShortcutContext.WidgetShortcut)
        self._measures: Counter[str] = Counter()

    # ------------------------------------------------------------------ reading
    def rows(self) -> list[list[str]]:
        """The texts, row by row, the office (row header) first (tests, accessibility)."""
        def text(item: QTableWidgetItem | None) -> str:
            return item.text() if item is not None else ""

        return [[text(self.verticalHeaderItem(r)),
                 *(text(self.item(r, c)) for c in range(self.columnCount()))]
                for r in range(self.rowCount())]

    def headers(self) -> list[str]:
        """The column headings, the office (row headers) first, as in ``rows``."""
        return [_("Office"), *(self.horizontalHeaderItem(c).text()
                               for c in range(self.columnCount()))]

    def open_row(self, row: int, _col: int = 0) -> None:
        item = self.item(row, 0)
        report_id = item.data(ROLE_REPORT) if item is not None else None
        if report_id is not None:
            self.open_requested.emit(int(report_id))

    def _open_current(self) -> None:
        row = self.currentRow()
        if row >= 0:
            self.open_row(row)

    # ------------------------------------------------------------------ filling
    def fill(self, summary: Summary) -> None:
        headers = [_("Sending"), _("Report"), _("Revision"), _("Items"), _("Measures"),
                   _("Photos"), _("Without results"), _("Mean score")]
        tips = [_("Sent, missing, or sent by an office not on the list of expected "
                      "offices"), _("Final or draft"), _("Revision of the report (goes up each time a "
                                               "final report is reopened)"),
                _("Number of items (entries) in the report"),
                _("Number of measures in all the items of the report"),
                _("Number of photos in the report"),
                _("Items whose result of the measures is still empty"),
                _("Mean of the scores of the items")]
        self.clear()
        self.setColumnCount(FIXED_COLUMNS + len(summary.items))
        self.setRowCount(len(summary.offices))
        for col, (text, tip) in enumerate(zip(headers, tips, strict=True)):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            self.setHorizontalHeaderItem(col, item)
        for n, column in enumerate(summary.items):
            item = QTableWidgetItem(column.code)
            item.setToolTip(f"{column.code} {column.text}".strip())
            self.setHorizontalHeaderItem(FIXED_COLUMNS + n, item)
        style = self.style()
        icons = {"sent": style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
                 "missing": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                 "unexpected": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)}
        details = entry_details(summary)
        self._measures = Counter()  # per office, counted once (1,000 offices)
        for (agency, _code), detail in details.items():
            self._measures[agency] += detail.measures
        for row, office in enumerate(summary.offices):
            self._fill_row(row, office, summary, icons, details)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.resizeColumnsToContents()
        for col in range(FIXED_COLUMNS, self.columnCount()):
            self.setColumnWidth(col, max(self.columnWidth(col), 64))

    def _fill_row(self, row: int, office: OfficeStatus, summary: Summary,
                  icons: dict[str, Any], details: dict[tuple[str, str], EntryDetail]) -> None:
        state = {"sent": _("Sent"), "missing": _("Missing"),
                 "unexpected": _("Sent, not on the list")}[office.state]
        colour = {"sent": OK_COLOUR, "missing": ERROR_COLOUR, "unexpected": WARN_COLOUR}[
            office.state]
        missing = office.state == "missing"
        final = "" if office.final is None else (_("Final") if office.final else _("Draft"))
        head = QTableWidgetItem(office.agency)
        tip = office.agency
        if office.office is not None:
            tip += "\n" + _("On the list as “{office}”").format(office=office.office)
        elif office.proposal is not None:
            tip += "\n" + _("Probably “{office}” on the list: confirm above").format(
                office=office.proposal)
        head.setToolTip(tip)
        head.setData(ROLE_REPORT, office.report_id)
        if missing:
            _styled(head, italic=True)
        self.setVerticalHeaderItem(row, head)
        values: list[tuple[str, bool]] = [  # text, numeric (right-aligned)
            (state, False), (final, False),
            ("" if missing else str(office.revision or ""), True),
            ("" if missing else str(office.entries), True),
            ("" if missing else str(self._measures.get(office.agency, 0)), True),
            ("" if missing else str(office.photos), True),
            ("" if missing else str(office.without_result), True),
            (score_text(office.mean_score), True)]
        scores = {} if missing else summary.scores.get(office.agency, {})
        values += [(score_text(scores.get(c.code)), True) for c in summary.items]
        for col, (text, numeric) in enumerate(values):
            item = QTableWidgetItem(text)
            item.setData(ROLE_REPORT, office.report_id)
            if numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, col, item)
        for n, column in enumerate(summary.items):  # each item: its measures, photos, result
            detail = None if missing else details.get((office.agency, column.code))
            if detail is None:
                continue
            cell = self.item(row, FIXED_COLUMNS + n)
            tip = _("{code}: {measures} measures, {photos} photos").format(
                code=column.code, measures=detail.measures, photos=detail.photos)
            if not detail.has_result:
                tip += "\n" + _("No result of the measures yet")
                cell.setForeground(QBrush(WARN_COLOUR))
                _styled(cell, italic=True)
            cell.setToolTip(tip)
        if not missing and office.framework:
            report_cell = self.item(row, 1)
            report_cell.setToolTip(_("Framework: {framework}").format(framework=office.framework))
            if office.framework != summary.expected_framework:
                report_cell.setForeground(QBrush(WARN_COLOUR))
                report_cell.setText(f"{report_cell.text()} · {office.framework}")
        state_item = self.item(row, 0)
        state_item.setIcon(icons[office.state])
        state_item.setForeground(QBrush(colour))
        if not missing and office.without_result:
            cell = self.item(row, WITHOUT_RESULT_COLUMN)
            cell.setForeground(QBrush(WARN_COLOUR))
            _styled(cell, bold=True)
            cell.setToolTip(ngettext("{n} item has no result yet", "{n} items have no result yet",
                                     office.without_result).format(n=office.without_result))
