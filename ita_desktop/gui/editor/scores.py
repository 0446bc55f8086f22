"""The result sheet window: every item's score in a grid, paste from Excel, import a file,
see what will change, apply it as one undo step; the item-score chart; entries for the items
under the pass mark.

Typed, pasted and imported scores are first *pending*: the list under the grid says what
will change, and nothing is saved until “Apply” (Ctrl+S). A paste or a file with any bad row
is refused whole (the message names the row) and leaves the pending changes as they were.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ...core.base.errors import ItaError, ValidationError
from ...core.report.model import format_score, parse_score
from ...core.report.scoresheet import OVERALL, ScoreKey
from ...core.scores import sheet_import as score_import
from ...core.scores.charts import item_chart
from ..i18n import _, ngettext
from ..qt import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QBrush,
    QColor,
    QDialog,
    QFileDialog,
    QGuiApplication,
    QHBoxLayout,
    QHeaderView,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QShortcut,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from ..session import Session
from ..widgets import message_label, show_message
from .charts import ChartView

CODE, TEXT, SCORE = range(3)
KEY_ROLE = Qt.ItemDataRole.UserRole
ERROR_BRUSH = QBrush(QColor("#ffd6d6"))
PENDING_BRUSH = QBrush(QColor("#fff4c2"))


class ScoreGrid(QTableWidget):
    """Keyboard first: type a score (Thai or Arabic digits) and Enter goes to the next item;
    Ctrl+V pastes a block copied from Excel (codes and scores)."""

    def __init__(self, dialog: ScoresDialog):
        super().__init__(0, 3, dialog)
        self._dialog = dialog
        self.setObjectName("scores-grid")
        self.setHorizontalHeaderLabels([_("Item"), _("Wording"), _("Score")])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CODE, QHeaderView.ResizeMode.ResizeToContents)
        self.setColumnWidth(SCORE, 110)
        self.setAccessibleName(_("Scores of the result sheet"))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.matches(QKeySequence.StandardKey.Paste):
            self._dialog.paste_text(QGuiApplication.clipboard().text())
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.state() != QAbstractItemView.State.EditingState:
            self.setCurrentCell(min(self.rowCount() - 1, self.currentRow() + 1), SCORE)
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor, hint) -> None:  # noqa: ANN001, N802 - Qt API
        super().closeEditor(editor, hint)  # Enter in the editor: on to the next item's score
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache and self.currentRow() < self.rowCount() - 1:
            self.setCurrentCell(self.currentRow() + 1, SCORE)


class ScoresDialog(QDialog):
    def __init__(self, session: Session, report_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Result sheet"))
        self.session = session
        self.report_id = report_id
        self.report = session.report(report_id)
        self.framework = session.framework(self.report)
        self.pending: dict[ScoreKey, Decimal | None] = {}
        # how each pending score was made, for the audit trail: typed, pasted, imported:…
        self.origins: dict[ScoreKey, str] = {}
        self._typing_origin = "typed"
        self.invalid: dict[ScoreKey, str] = {}
        self._filling = False

        hint = QLabel(_("Type each item's score from the agency's ITA result sheet, or copy "
                        "the code and score columns in Excel and paste them here (Ctrl+V). "
                        "Nothing is saved until you press “Apply”."))
        hint.setWordWrap(True)
        self.grid = ScoreGrid(self)
        self.grid.itemChanged.connect(self._cell_changed)
        self.message = message_label(self, "error")
        self.message.setObjectName("scores-message")
        self.message.hide()
        self.preview = QListWidget()
        self.preview.setObjectName("scores-preview")
        self.preview.setAccessibleName(_("Changes to apply"))
        self.preview.setMaximumHeight(120)
        self.preview_title = QLabel()
        self.paste_button = QPushButton(_("Paste from Excel"))
        self.paste_button.clicked.connect(
            lambda: self.paste_text(QGuiApplication.clipboard().text()))
        self.import_button = QPushButton(_("Import file…"))
        self.import_button.clicked.connect(self.choose_file)
        self.apply_button = QPushButton(_("Apply"))
        self.apply_button.setObjectName("scores-apply")
        self.apply_button.setToolTip(_("Save the changes listed above (Ctrl+S); one undo step"))
        self.apply_button.clicked.connect(self.apply)
        self.discard_button = QPushButton(_("Discard changes"))
        self.discard_button.clicked.connect(self.discard)
        self.below_button = QPushButton(_("Add items under the pass mark"))
        self.below_button.setObjectName("scores-below-pass")
        self.below_button.setToolTip(_("One item, with its score and wording, for every item "
                                       "under the pass mark that the report does not answer "
                                       "yet"))
        self.below_button.clicked.connect(self.add_below_pass)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Save, self, self.apply)
        # the report's undo also works here (the main window's shortcuts wait behind the dialog)
        QShortcut(QKeySequence("Ctrl+Z"), self, session.undo)
        QShortcut(QKeySequence("Ctrl+Y"), self, session.redo)

        buttons = QHBoxLayout()
        for widget in (self.paste_button, self.import_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        for widget in (self.discard_button, self.apply_button):
            buttons.addWidget(widget)
        bottom = QHBoxLayout()
        bottom.addWidget(self.below_button)
        bottom.addStretch(1)
        bottom.addWidget(close)

        grid_page = QWidget()
        grid_layout = QVBoxLayout(grid_page)
        grid_layout.addWidget(hint)
        grid_layout.addWidget(self.grid, 1)
        grid_layout.addWidget(self.message)
        grid_layout.addWidget(self.preview_title)
        grid_layout.addWidget(self.preview)
        grid_layout.addLayout(buttons)

        self.chart = ChartView(self._build_chart)
        self.chart.setObjectName("scores-chart")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        self.tabs = QTabWidget()
        self.tabs.addTab(grid_page, _("Scores"))
        self.tabs.addTab(scroll, _("Chart"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.resize(1000, 720)
        self._fill()
        self._update()
        session.changed.connect(self._on_change)

    # ------------------------------------------------------------------ grid
    def keys(self) -> list[tuple[ScoreKey, str, str]]:
        """(key, code shown, wording) of every row: the items, the instruments, the overall."""
        if self.framework is None:
            return []
        rows: list[tuple[ScoreKey, str, str]] = [
            (("item", it.code), it.code.upper(), it.text) for it in self.framework.items()]
        rows += [(("instrument", ins.code), ins.code, ins.name)
                 for ins in self.framework.instruments]
        rows.append((OVERALL, "ITA", _("Overall score")))
        return rows

    def row_of(self, key: ScoreKey) -> int:
        return next(n for n, (k, _c, _t) in enumerate(self.keys()) if k == key)

    def _fill(self) -> None:
        self._filling = True
        try:
            rows = self.keys()
            self.grid.setRowCount(len(rows))
            read_only = self.report.is_final
            for n, (key, code, text) in enumerate(rows):
                for col, value in ((CODE, code), (TEXT, text)):
                    item = QTableWidgetItem(value)
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    item.setToolTip(text)
                    self.grid.setItem(n, col, item)
                score = QTableWidgetItem(self._shown(key))
                score.setData(KEY_ROLE, key)
                score.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if not read_only:
                    flags |= Qt.ItemFlag.ItemIsEditable
                score.setFlags(flags)
                self._paint(score, key)
                self.grid.setItem(n, SCORE, score)
            if rows:
                self.grid.setCurrentCell(0, SCORE)
        finally:
            self._filling = False

    def _value(self, key: ScoreKey) -> Decimal | None:
        return self.pending[key] if key in self.pending else self.report.scores.get(key)

    def _shown(self, key: ScoreKey) -> str:
        return format_score(self._value(key), self.report.digits)

    def _paint(self, item: QTableWidgetItem, key: ScoreKey) -> None:
        if key in self.invalid:
            item.setBackground(ERROR_BRUSH)
            item.setToolTip(self.invalid[key])
        elif key in self.pending:
            item.setBackground(PENDING_BRUSH)
            item.setToolTip(_("Not saved yet: press “Apply”"))
        else:
            item.setBackground(QBrush())
            item.setToolTip("")

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != SCORE:
            return
        key = item.data(KEY_ROLE)
        key = (key[0], key[1])
        try:
            value = parse_score(item.text())
        except ValidationError as exc:
            self.invalid[key] = exc.message
            show_message(self.message, f"{item.row() + 1}: {exc.message}")
        else:
            self.invalid.pop(key, None)
            self._set_pending(key, value, self._typing_origin)
            show_message(self.message, "")
            self._filling = True
            item.setText(format_score(value, self.report.digits))
            self._filling = False
        self._paint(item, key)
        self._update()

    def _set_pending(self, key: ScoreKey, value: Decimal | None, origin: str) -> None:
        if value == self.report.scores.get(key):
            self.pending.pop(key, None)
            self.origins.pop(key, None)
        else:
            self.pending[key] = value
            self.origins[key] = origin

    # ------------------------------------------------------------------ paste and import
    def paste_text(self, text: str) -> bool:
        """A block copied from Excel (codes and scores), or one value into the current cell.
        Refused whole, with the row named, when any row is wrong."""
        if self.report.is_final or self.framework is None:
            return False
        if "\t" not in text and "\n" not in text.strip() and self.grid.currentItem() is not None:
            current = self.grid.item(self.grid.currentRow(), SCORE)
            if current is not None:
                self._typing_origin = "pasted"
                try:
                    current.setText(text.strip())  # checked like typing
                finally:
                    self._typing_origin = "typed"
                return True
        try:
            rows = score_import.parse_text(text, self.framework)
        except ValidationError as exc:
            show_message(self.message, _("Nothing was pasted: {error}").format(error=exc.message))
            return False
        self._take(rows, "pasted")
        return True

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import scores"), "",
            _("Score sheets (*.xlsx *.csv *.tsv *.txt)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> bool:
        if self.report.is_final or self.framework is None:
            return False
        try:
            rows = score_import.read_file(path, self.framework)
        except ItaError as exc:
            show_message(self.message, _("Nothing was imported: {error}").format(
                error=exc.message))
            return False
        self._take(rows, f"imported:{Path(path).name}")
        return True

    def _take(self, rows: list[score_import.ScoreRow], origin: str) -> None:
        for row in rows:
            self.invalid.pop(row.key, None)
            self._set_pending(row.key, row.score, origin)
        show_message(self.message, "")
        self._refresh_cells()
        self._update()

    def _refresh_cells(self) -> None:
        self._filling = True
        try:
            for n, (key, _code, _text) in enumerate(self.keys()):
                item = self.grid.item(n, SCORE)
                if item is None:
                    continue
                if key not in self.invalid:
                    item.setText(self._shown(key))
                self._paint(item, key)
        finally:
            self._filling = False

    # ------------------------------------------------------------------ applying
    def changes(self) -> list[score_import.ScoreChange]:
        order = {k: n for n, (k, _c, _t) in enumerate(self.keys())}
        return [score_import.ScoreChange(k, self.report.scores.get(k), v)
                for k, v in sorted(self.pending.items(), key=lambda kv: order.get(kv[0], 0))]

    def apply(self) -> bool:
        if not self.pending or self.invalid:
            return False
        try:
            self.session.set_scores(self.report_id, dict(self.pending),
                                    {key: self.origins.get(key, "typed") for key in self.pending})
        except ItaError as exc:
            show_message(self.message, exc.message)
            return False
        self.pending.clear()  # the change signal refreshes the grid from the saved sheet
        self.origins.clear()
        self._refresh_cells()
        self._update()
        return True

    def discard(self) -> None:
        self.pending.clear()
        self.origins.clear()
        self.invalid.clear()
        show_message(self.message, "")
        self._refresh_cells()
        self._update()

    def add_below_pass(self) -> int:
        if self.pending:
            show_message(self.message, _("Apply or discard the changed scores first."))
            return 0
        try:
            added = self.session.add_below_pass(self.report_id)
        except ItaError as exc:
            show_message(self.message, exc.message)
            return 0
        text = ngettext("{n} item added for the items under the pass mark.",
                        "{n} items added for the items under the pass mark.", added).format(
            n=added) if added else _("Every item under the pass mark already has an item.")
        self.below_button.setToolTip(text)
        self.preview_title.setText(text)
        return added

    def _update(self) -> None:
        self.preview.clear()
        for change in self.changes():
            old = format_score(change.old, self.report.digits) or "–"
            new = format_score(change.new, self.report.digits) or _("(removed)")
            self.preview.addItem(f"{change.label}: {old} → {new}")
        count = len(self.pending)
        self.preview_title.setText(ngettext("{n} change to apply", "{n} changes to apply",
                                            count).format(n=count) if count else
                                   _("No changes to apply"))
        editable = not self.report.is_final and self.framework is not None
        self.apply_button.setEnabled(editable and bool(self.pending) and not self.invalid)
        self.discard_button.setEnabled(bool(self.pending or self.invalid))
        for button in (self.paste_button, self.import_button, self.below_button):
            button.setEnabled(editable)

    # ------------------------------------------------------------------ chart and changes
    def _build_chart(self, width: float, size: float):  # noqa: ANN202
        if self.framework is None:
            return None
        return item_chart(self.report, self.framework, width=width, size=size)

    def _on_change(self, change) -> None:  # noqa: ANN001
        if change.report_id != self.report_id or change.kind == "report-deleted":
            return
        self.report = self.session.report(self.report_id)
        self._refresh_cells()
        self._update()
        self.chart.rebuild()

    def done(self, result: int) -> None:  # noqa: D102 - disconnect before the dialog goes
        try:
            self.session.changed.disconnect(self._on_change)
        except (RuntimeError, TypeError):
            pass
        super().done(result)
