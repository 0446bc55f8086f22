"""The consolidation's table: one row per office (its name as the row header, so it stays in
view when the items scroll sideways), the sending state and counts, then a score per item.

Shown from a ``core.package.consolidate.Summary`` through a table model that works out a cell
only when the view paints or asks for it: at a ministry's 1,000 offices × 80 columns, making
80,000 table items up front held the GUI thread for over half a second after every import
(about 30 ms per 50 offices). A double-click or Enter on an office that sent asks
(``open_requested``) for its report."""

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
    QAbstractTableModel,
    QBrush,
    QFont,
    QHeaderView,
    QIcon,
    QKeySequence,
    QModelIndex,
    QShortcut,
    QStyle,
    Qt,
    QTableView,
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


@dataclass(frozen=True)
class Cell:
    """What one cell shows: its text and the hints around it."""

    text: str
    numeric: bool = False  # right-aligned
    tip: str = ""
    colour: Any = None  # a QColor, or None for the normal text colour
    italic: bool = False
    bold: bool = False


def _headers() -> list[tuple[str, str]]:
    return [
        (_("Sending"), _("Sent, missing, or sent by an office not on the list of expected "
                         "offices")),
        (_("Report"), _("Final or draft")),
        (_("Revision"), _("Revision of the report (goes up each time a final report is "
                          "reopened)")),
        (_("Items"), _("Number of items (entries) in the report")),
        (_("Measures"), _("Number of measures in all the items of the report")),
        (_("Photos"), _("Number of photos in the report")),
        (_("Without results"), _("Items whose result of the measures is still empty")),
        (_("Mean score"), _("Mean of the scores of the items"))]


class OfficeModel(QAbstractTableModel):
    """The summary as rows of cells; a row's cells are worked out once, when first asked for."""

    def __init__(self, icons: dict[str, QIcon], parent: QWidget | None = None):
        super().__init__(parent)
        self._icons = icons
        self._summary: Summary | None = None
        self._headers: list[tuple[str, str]] = []
        self._details: dict[tuple[str, str], EntryDetail] = {}
        self._measures: Counter[str] = Counter()
        self._rows: dict[int, tuple[list[Cell], list[dict[int, Any]]]] = {}
        self._heads: dict[int, dict[int, Any]] = {}

    def set_summary(self, summary: Summary) -> None:
        self.beginResetModel()
        self._summary = summary
        self._headers = _headers() + [(c.code, f"{c.code} {c.text}".strip())
                                      for c in summary.items]
        self._details = entry_details(summary)
        self._measures = Counter()  # per office, counted once (1,000 offices)
        for (agency, _code), detail in self._details.items():
            self._measures[agency] += detail.measures
        self._rows = {}
        self._heads = {}
        self.endResetModel()

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() or self._summary is None else len(self._summary.offices)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else max(len(self._headers), FIXED_COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._summary is None:
            return None
        return self._row(index.row())[1][index.column()].get(int(role))

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if section >= len(self._headers):
                return None
            text, tip = self._headers[section]
            return {Qt.ItemDataRole.DisplayRole: text, Qt.ItemDataRole.ToolTipRole: tip}.get(
                Qt.ItemDataRole(role))
        if self._summary is None or section >= len(self._summary.offices):
            return None
        head = self._heads.get(section)
        if head is None:
            head = self._heads[section] = _roles(self.row_head(section))
        return head.get(int(role))

    # ------------------------------------------------------------------ cells
    def office(self, row: int) -> OfficeStatus:
        assert self._summary is not None
        return self._summary.offices[row]

    def row_head(self, row: int) -> Cell:
        office = self.office(row)
        tip = office.agency
        if office.office is not None:
            tip += "\n" + _("On the list as “{office}”").format(office=office.office)
        elif office.proposal is not None:
            tip += "\n" + _("Probably “{office}” on the list: confirm above").format(
                office=office.proposal)
        return Cell(office.agency, tip=tip, italic=office.state == "missing")

    def cell(self, row: int, col: int) -> Cell:
        return self._row(row)[0][col] if col < self.columnCount() else Cell("")

    def _row(self, row: int) -> tuple[list[Cell], list[dict[int, Any]]]:
        """The row's cells, and for each the value of every role Qt asks for (the view asks
        for several roles of each painted cell: one dictionary look-up each)."""
        done = self._rows.get(row)
        if done is None:
            cells = self._row_cells(row)
            roles = [_roles(cell) for cell in cells]
            roles[0][int(Qt.ItemDataRole.DecorationRole)] = self._icons.get(
                self.office(row).state)
            report_id = self.office(row).report_id
            for values in roles:
                values[int(ROLE_REPORT)] = report_id
            done = self._rows[row] = (cells, roles)
        return done

    def _row_cells(self, row: int) -> list[Cell]:
        summary = self._summary
        assert summary is not None
        office = summary.offices[row]
        missing = office.state == "missing"
        state = {"sent": _("Sent"), "missing": _("Missing"),
                 "unexpected": _("Sent, not on the list")}[office.state]
        colour = {"sent": OK_COLOUR, "missing": ERROR_COLOUR, "unexpected": WARN_COLOUR}[
            office.state]
        cells = [Cell(state, colour=colour)]
        final = "" if office.final is None else (_("Final") if office.final else _("Draft"))
        if not missing and office.framework:
            other = office.framework != summary.expected_framework
            cells.append(Cell(f"{final} · {office.framework}" if other else final,
                              tip=_("Framework: {framework}").format(framework=office.framework),
                              colour=WARN_COLOUR if other else None))
        else:
            cells.append(Cell(final))

        def count(value: object) -> Cell:
            return Cell("" if missing else str(value), numeric=True)

        cells += [count(office.revision or ""), count(office.entries),
                  count(self._measures.get(office.agency, 0)), count(office.photos)]
        if not missing and office.without_result:
            cells.append(Cell(str(office.without_result), numeric=True, colour=WARN_COLOUR,
                              bold=True, tip=ngettext(
                                  "{n} item has no result yet", "{n} items have no result yet",
                                  office.without_result).format(n=office.without_result)))
        else:
            cells.append(count(office.without_result))
        cells.append(Cell(score_text(office.mean_score), numeric=True))
        scores = {} if missing else summary.scores.get(office.agency, {})
        for column in summary.items:  # each item: its score; its measures, photos, result
            text = score_text(scores.get(column.code))
            detail = None if missing else self._details.get((office.agency, column.code))
            if detail is None:
                cells.append(Cell(text, numeric=True))
                continue
            tip = _("{code}: {measures} measures, {photos} photos").format(
                code=column.code, measures=detail.measures, photos=detail.photos)
            if detail.has_result:
                cells.append(Cell(text, numeric=True, tip=tip))
            else:
                cells.append(Cell(text, numeric=True, colour=WARN_COLOUR, italic=True,
                                  tip=tip + "\n" + _("No result of the measures yet")))
        return cells


def _roles(cell: Cell) -> dict[int, Any]:
    """The cell's value for each role the view asks for; a role not here shows nothing."""
    values: dict[int, Any] = {int(Qt.ItemDataRole.DisplayRole): cell.text}
    if cell.tip:
        values[int(Qt.ItemDataRole.ToolTipRole)] = cell.tip
    if cell.colour is not None:
        values[int(Qt.ItemDataRole.ForegroundRole)] = QBrush(cell.colour)
    if cell.italic or cell.bold:
        font = QFont()
        font.setItalic(cell.italic)
        font.setBold(cell.bold)
        values[int(Qt.ItemDataRole.FontRole)] = font
    if cell.numeric:
        values[int(Qt.ItemDataRole.TextAlignmentRole)] = _RIGHT
    return values


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class OfficeTable(QTableView):
    open_requested = Signal(int)  # report id of the office double-clicked (one that sent)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cons-table")
        style = self.style()
        self._model = OfficeModel(
            {"sent": style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
             "missing": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
             "unexpected": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)},
            self)
        self.setModel(self._model)
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
        columns = self.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setResizeContentsPrecision(50)  # widths from the first rows, not all 1,000
        self.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.setAccessibleName(_("Offices and their reports"))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # open the chosen office's report
            QShortcut(QKeySequence(key), self, self._open_current,
                      context=Qt.ShortcutContext.WidgetShortcut)

    # ------------------------------------------------------------------ reading
    def rowCount(self) -> int:  # noqa: N802 - the name QTableWidget had
        return self._model.rowCount()

    def columnCount(self) -> int:  # noqa: N802
        return self._model.columnCount()

    def rows(self) -> list[list[str]]:
        """The texts, row by row, the office (row header) first (tests, accessibility)."""
        return [[self._model.row_head(r).text,
                 *(self._model.cell(r, c).text for c in range(self.columnCount()))]
                for r in range(self.rowCount())]

    def headers(self) -> list[str]:
        """The column headings, the office (row headers) first, as in ``rows``."""
        return [_("Office"), *(str(self._model.headerData(c, Qt.Orientation.Horizontal))
                               for c in range(self.columnCount()))]

    def cell(self, row: int, col: int) -> Cell:
        """What the cell at (row, col) shows (tests)."""
        return self._model.cell(row, col)

    def row_head(self, row: int) -> Cell:
        """What the row's header (the office) shows (tests)."""
        return self._model.row_head(row)

    def select_row(self, row: int) -> None:
        self.setCurrentIndex(self._model.index(row, 0))

    def open_row(self, row: int, _col: int = 0) -> None:
        if not 0 <= row < self.rowCount():
            return
        report_id = self._model.office(row).report_id
        if report_id is not None:
            self.open_requested.emit(int(report_id))

    def _open_current(self) -> None:
        row = self.currentIndex().row()
        if row >= 0:
            self.open_row(row)

    # ------------------------------------------------------------------ filling
    def fill(self, summary: Summary) -> None:
        self._model.set_summary(summary)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col in range(FIXED_COLUMNS):  # sized to their texts in the first rows
            self.resizeColumnToContents(col)
        # the score columns: "100.00" or the item code, whichever is wider; measured once
        # instead of asking every cell (at 80 columns that held the GUI thread ~0.2 s)
        metrics = self.fontMetrics()
        padding = 2 * metrics.averageCharWidth() + 8
        number = metrics.horizontalAdvance("100.00")
        for n, column in enumerate(summary.items):
            self.setColumnWidth(FIXED_COLUMNS + n, max(
                64, number + padding, header.fontMetrics().horizontalAdvance(column.code) + padding))
