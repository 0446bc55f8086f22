"""Consolidation for the upper office: import the offices' packages, see who sent and who is
missing, scores per item, then export a workbook or a consolidated PDF.

Entry point (for the main window's File menu, e.g. "Consolidate offices' reports…"):

    window = ConsolidationWindow(session, parent=main_window)   # a separate top-level window
    window.open_requested.connect(main_window.open_report)     # double-click on an office
    window.show()

``session`` is the main window's ``Session`` (a ``Store`` or a database path also work). The
packages are imported into that database (on the worker thread, with its own connection) and
the session announces the new reports, so the report list refreshes too. Keep one window per
session (e.g. ``main_window._consolidation``) and ``raise_()`` it when asked again.

The window shows one round (fiscal year + round) at a time, chosen from the reports in the
database, so packages can be imported over several days. The expected offices (one per line,
pasted or loaded from a .txt) are kept in the settings between runs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ...core.base.errors import ItaError
from ...core.exchange.spreadsheet import HEADERS, YES
from ...core.package import office_match
from ...core.package.consolidate import (
    FileResult,
    OfficeStatus,
    Summary,
    package_files,
    parse_expected,
    read_expected,
)
from ...core.store.store import ReportSummary
from ..i18n import _, ngettext
from ..jobs import Failure, JobRunner
from ..qt import (
    QAbstractItemView,
    QBrush,
    QCloseEvent,
    QComboBox,
    QFont,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QShortcut,
    QSplitter,
    QStyle,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..settings import Settings
from ..widgets import heading, message_label, show_message
from .package_import import ImportController
from .package_jobs import (
    DbRef,
    FileImport,
    consolidated_pdf,
    list_reports,
    summary_of,
    summary_workbook,
)
from .package_widgets import (
    ERROR_COLOUR,
    OK_COLOUR,
    WARN_COLOUR,
    ResultList,
    button,
    choose_folder,
    choose_open_paths,
    choose_save_path,
    failure_text,
    warn,
    write_file,
)

RoundKey = tuple[int, str, str, str]  # fiscal year, round kind, start, end (ISO)
EXPECTED_KEY = "consolidation/expected"
FIXED_COLUMNS = 8  # sending, report state, revision, items, measures, photos, no result, mean
# the office names are the row headers: they stay in view when the items scroll sideways
ROLE_REPORT = Qt.ItemDataRole.UserRole


def round_key(summary: ReportSummary) -> RoundKey:
    r = summary.round
    return (summary.fiscal_year, r.kind, r.start.isoformat(), r.end.isoformat())


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


class ConsolidationWindow(QMainWindow):
    open_requested = Signal(int)  # report id: the user double-clicked an office that sent

    def __init__(self, session_or_store_path: object, parent: QWidget | None = None,
                 settings: Settings | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle(_("Consolidate the offices' reports"))
        for keys in ("Esc", "Ctrl+W"):  # close this window (a bound method: no cycle)
            close_key = QShortcut(QKeySequence(keys), self)
            close_key.setContext(Qt.ShortcutContext.WindowShortcut)
            close_key.activated.connect(self.close)
        self._session = session_or_store_path if hasattr(session_or_store_path, "changed") \
            else None
        self._db = DbRef.of(session_or_store_path)
        self._settings = settings or Settings()
        self._runner = JobRunner(self)
        self._controller = ImportController(self._db, self._session, self)
        self._controller.file_done.connect(self._on_file)
        self._controller.file_skipped.connect(self._on_skipped)
        self._controller.progress.connect(self._on_progress)
        self._controller.finished.connect(self._on_imported)
        self._controller.failed.connect(self._on_import_failed)
        self.summary: Summary | None = None
        self.last_import: list[FileResult] | None = None
        self._reports: list[ReportSummary] = []
        self._rounds: list[RoundKey] = []
        self._skipped: set[Path] = set()
        self._summary_pending = False
        self._summary_again = False
        self._pdf_busy = False
        self._close_when_done = False
        self._expected_timer = QTimer(self)
        self._expected_timer.setSingleShot(True)
        self._expected_timer.setInterval(400)
        self._expected_timer.timeout.connect(self._expected_changed)
        self._changes_timer = QTimer(self)  # reports changed elsewhere (report list, editor)
        self._changes_timer.setSingleShot(True)
        self._changes_timer.setInterval(500)
        self._changes_timer.timeout.connect(self._changed_elsewhere)
        if self._session is not None:
            self._session.changed.connect(self._on_session_change)  # type: ignore[attr-defined]
        self._build_ui()
        self.resize(1300, 700)
        self.refresh_rounds()

    # ------------------------------------------------------------------ ui
    def _build_ui(self) -> None:
        style = self.style()
        self._import_folder = button(_("Import a folder…"), "cons-import-folder")
        self._import_folder.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self._import_folder.setToolTip(_("Import every package (.itapkg) in a folder"))
        self._import_folder.clicked.connect(self.import_folder)
        self._import_files = button(_("Import files…"), "cons-import-files")
        self._import_files.clicked.connect(self.choose_files)
        round_label = QLabel(_("Round:"))
        self._round = QComboBox()
        self._round.setObjectName("cons-round")
        self._round.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        round_label.setBuddy(self._round)
        self._round.currentIndexChanged.connect(self._on_round_chosen)
        self._xlsx = button(_("Export .xlsx…"), "cons-xlsx")
        self._xlsx.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self._xlsx.setToolTip(_("A workbook for Excel: one row per office and item (ready for a "
                                "pivot table), the offices, and the scores per item"))
        self._xlsx.clicked.connect(self.export_xlsx)
        self._pdf = button(_("Save consolidated PDF…"), "cons-pdf")
        self._pdf.setToolTip(_("The summary table, then each office's printed report"))
        self._pdf.clicked.connect(self.save_pdf)
        self._preview = button(_("Preview and print…"), "cons-preview")
        self._preview.clicked.connect(self.preview_pdf)
        bar = QHBoxLayout()
        for widget in (self._import_folder, self._import_files):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self._xlsx, self._pdf, self._preview):
            bar.addWidget(widget)

        self._progress = QProgressBar()
        self._progress.setObjectName("cons-progress")
        self._progress.hide()
        self._stop = button(_("Stop"), "cons-stop")
        self._stop.setToolTip(_("Stop after the file being imported now"))
        self._stop.clicked.connect(self._controller.cancel)
        self._stop.hide()
        progress_row = QHBoxLayout()
        progress_row.addWidget(self._progress, 1)
        progress_row.addWidget(self._stop)

        self._headline = heading("", 1.15)
        self._headline.setObjectName("cons-headline")
        round_row = QHBoxLayout()
        round_row.addWidget(round_label)
        round_row.addWidget(self._round)
        round_row.addSpacing(16)
        round_row.addWidget(self._headline, 1)
        self._missing_line = QLabel("")
        self._missing_line.setObjectName("cons-missing")
        self._missing_line.setWordWrap(True)
        self._missing_line.setStyleSheet(f"color: {ERROR_COLOUR.name()};")
        self._proposals = QFrame()  # near-miss names: the user says once whether they match
        self._proposals.setObjectName("cons-proposals")
        self._proposals.setFrameShape(QFrame.Shape.StyledPanel)
        self._proposals.setStyleSheet("#cons-proposals { background: #fff4d6; "
                                      "border: 1px solid #d9b66a; }")
        self._proposals_layout = QVBoxLayout(self._proposals)
        self._proposals_layout.setContentsMargins(8, 4, 8, 4)
        self._proposals.hide()
        self._message = message_label(self, "info")
        self._message.setObjectName("cons-message")
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(0, FIXED_COLUMNS)
        self.table.setObjectName("cons-table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        rows = self.table.verticalHeader()
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows.setMaximumWidth(self.fontMetrics().averageCharWidth() * 40)
        rows.setHighlightSections(False)
        rows.sectionDoubleClicked.connect(self._on_row_header_double_click)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.cellDoubleClicked.connect(self._on_double_click)
        self.table.setAccessibleName(_("Offices and their reports"))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # open the chosen office's report
            QShortcut(QKeySequence(key), self.table, self._open_current,
                      context=Qt.ShortcutContext.WidgetShortcut)

        expected_box = QGroupBox(_("Expected offices"))
        expected_hint = QLabel(_("One office per line, as the offices write their name. Paste "
                                 "the list or load it from a text file."))
        expected_hint.setWordWrap(True)
        self.expected = QPlainTextEdit()
        self.expected.setObjectName("cons-expected")
        self.expected.setAccessibleName(_("Expected offices"))
        self.expected.setTabChangesFocus(True)
        self.expected.setPlaceholderText(_("e.g.\nสำนักงานเขตปทุมวัน\nสำนักงานเขตบางรัก"))
        self.expected.setPlainText(str(self._settings.q.value(EXPECTED_KEY, "") or ""))
        self.expected.textChanged.connect(self._expected_timer.start)
        load = button(_("Load from file…"), "cons-expected-load")
        load.clicked.connect(self.load_expected)
        clear = button(_("Clear"), "cons-expected-clear")
        clear.clicked.connect(self.expected.clear)
        expected_buttons = QHBoxLayout()
        expected_buttons.addWidget(load)
        expected_buttons.addWidget(clear)
        expected_buttons.addStretch(1)
        expected_layout = QVBoxLayout(expected_box)
        expected_layout.addWidget(expected_hint)
        expected_layout.addWidget(self.expected, 1)
        expected_layout.addLayout(expected_buttons)

        results_box = QGroupBox(_("Files of the last import"))
        self.results = ResultList(self)
        self.results.setObjectName("cons-results")
        results_layout = QVBoxLayout(results_box)
        results_layout.setContentsMargins(6, 6, 6, 6)
        results_layout.addWidget(self.results)
        results_layout.addWidget(self.results.detail)

        from ..editor.charts import ConsolidationChartsPanel

        self.charts = ConsolidationChartsPanel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("cons-tabs")
        self.tabs.addTab(self.table, _("Offices"))
        self.tabs.addTab(self.charts, _("Charts"))
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.tabs)
        left.addWidget(results_box)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        left.setChildrenCollapsible(False)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(left)
        main.addWidget(expected_box)
        main.setStretchFactor(0, 4)
        main.setStretchFactor(1, 1)
        main.setChildrenCollapsible(False)
        main.setSizes([1000, 290])
        left.setSizes([380, 220])

        central = QWidget()
        root = QVBoxLayout(central)
        root.addLayout(bar)
        root.addLayout(progress_row)
        root.addLayout(round_row)
        root.addWidget(self._missing_line)
        root.addWidget(self._proposals)
        root.addWidget(self._message)
        root.addWidget(main, 1)
        self.setCentralWidget(central)

    # ------------------------------------------------------------------ public
    def is_busy(self) -> bool:
        return self._controller.is_busy() or self._summary_pending or self._pdf_busy

    def headline_text(self) -> str:
        return self._headline.text()

    def missing_text(self) -> str:
        return self._missing_line.text()

    def message_text(self) -> str:
        return self._message.text() if not self._message.isHidden() else ""

    def proposal_rows(self) -> list[tuple[str, str]]:
        """(name in the package, expected office it probably is) awaiting the user's answer."""
        summary = self.summary
        return [] if summary is None else [(o.agency, o.proposal or "")
                                           for o in summary.proposals]

    def confirm_office(self, sent: str, office: str, same: bool) -> None:
        """Remember the user's answer (in the database) and summarise again."""
        try:
            with self._db.opened() as store:
                office_match.remember(store, sent, office, same)
        except ItaError as exc:
            warn(self, _("The answer could not be saved"), exc.text())
            return
        if same:
            text = _("Remembered: “{sent}” is “{office}”.")
        else:
            text = _("Remembered: “{sent}” is not “{office}”.")
        show_message(self._message, text.format(sent=sent, office=office))
        self.refresh_summary()

    def _answer_clicked(self) -> None:
        answer = self.sender().property("cons-answer") if self.sender() is not None else None
        if answer:
            sent, office, same = answer
            self.confirm_office(str(sent), str(office), bool(same))

    def expected_offices(self) -> list[str]:
        return parse_expected(self.expected.toPlainText())

    def table_rows(self) -> list[list[str]]:
        """The table's texts, row by row (tests, accessibility)."""
        def text(item: QTableWidgetItem | None) -> str:
            return item.text() if item is not None else ""

        return [[text(self.table.verticalHeaderItem(r)),
                 *(text(self.table.item(r, c)) for c in range(self.table.columnCount()))]
                for r in range(self.table.rowCount())]

    def headers(self) -> list[str]:
        """The column headings, the office (row headers) first, as in ``table_rows``."""
        return [_("Office"), *(self.table.horizontalHeaderItem(c).text()
                               for c in range(self.table.columnCount()))]

    def import_folder(self) -> None:
        folder = choose_folder(self, "consolidate", _("Choose the folder with the packages"))
        if folder is None:
            return
        files = package_files([folder])
        if not files:
            warn(self, _("No packages in this folder"),
                 _("The folder {folder} has no package files (.itapkg). Choose the folder where "
                   "you saved the files the offices sent.").format(folder=str(folder)))
            return
        self.import_files(files)

    def choose_files(self) -> None:
        files = choose_open_paths(self, "consolidate", _("Choose packages to import"),
                                  _("ITA packages (*.itapkg);;All files (*)"))
        if files:
            self.import_files(files)

    def import_files(self, files: list[Path]) -> bool:
        if self._controller.is_busy() or not files:
            return False
        self.results.clear_results()
        self._skipped = set()
        show_message(self._message, "")
        self._progress.setRange(0, len(files))
        self._progress.setValue(0)
        self._progress.setFormat(_("Importing: %v of %m files"))
        self._progress.show()
        self._stop.show()
        self._update_buttons()
        return self._controller.start(files)

    def load_expected(self) -> None:
        paths = choose_open_paths(self, "expected", _("Load the list of expected offices"),
                                  _("Text files (*.txt);;All files (*)"))
        if not paths:
            return
        try:
            names = read_expected(paths[0])
        except ItaError as exc:
            warn(self, _("The list could not be read"), exc.text())
            return
        self.expected.setPlainText("\n".join(names))
        self._expected_timer.stop()
        self._expected_changed()

    def refresh_rounds(self, prefer: RoundKey | None = None) -> None:
        """Read the reports again and fill the round list (keeping the chosen round)."""
        current = self.current_round()
        self._reports = (self._session.list_reports() if self._session is not None  # type: ignore[attr-defined]
                         else list_reports(self._db))
        counts = Counter(round_key(r) for r in self._reports)
        titles = {round_key(r): r.round.title("arabic") for r in self._reports}
        self._rounds = sorted(counts, key=lambda k: (k[0], k[2], k[3]), reverse=True)
        self._round.blockSignals(True)
        self._round.clear()
        for key in self._rounds:
            self._round.addItem(ngettext(
                "Fiscal year {year}, {round} ({n} report)",
                "Fiscal year {year}, {round} ({n} reports)", counts[key]).format(
                    year=key[0], round=titles[key], n=counts[key]))
        if not self._rounds:
            self._round.addItem(_("No reports yet"))
        want = prefer if prefer in self._rounds else current
        self._round.setCurrentIndex(self._rounds.index(want) if want in self._rounds else 0)
        self._round.setEnabled(bool(self._rounds))
        self._round.blockSignals(False)
        self.refresh_summary()

    def current_round(self) -> RoundKey | None:
        index = self._round.currentIndex() if hasattr(self, "_round") else -1
        return self._rounds[index] if 0 <= index < len(self._rounds) else None

    def refresh_summary(self) -> None:
        """Summarise the chosen round (on the worker thread) and show it."""
        if self._summary_pending:
            self._summary_again = True
            return
        key = self.current_round()
        reports = sorted((r for r in self._reports if round_key(r) == key),
                         key=lambda r: (r.agency, r.id))
        ids = [r.id for r in reports]
        expected = self.expected_offices() or None
        db = self._db
        self._summary_pending = True
        self._update_buttons()
        if not db.threaded:
            try:
                summary = summary_of(db, ids, expected)
            except Exception as exc:  # noqa: BLE001
                import traceback

                self._on_summary_failed(Failure(exc, traceback.format_exc()))
            else:
                self._on_summary(summary)
            return
        self._runner.submit(lambda _progress: summary_of(db, ids, expected),
                            done=self._on_summary, failed=self._on_summary_failed)

    def export_xlsx(self) -> None:
        summary = self.summary
        if summary is None:
            return
        path = choose_save_path(self, "consolidate-xlsx", _("Export to Excel"),
                                f"{self._file_stem()}.xlsx", _("Excel workbooks (*.xlsx)"),
                                ".xlsx")
        if path is None:
            return
        try:
            data = summary_workbook(summary, self.last_import)
        except ItaError as exc:
            warn(self, _("The workbook could not be made"), exc.text())
            return
        if write_file(self, "consolidate-xlsx", path, data):
            show_message(self._message, _("Saved: {path}").format(path=str(path)))

    def save_pdf(self) -> None:
        summary = self.summary
        if summary is None or self._pdf_busy:
            return
        path = choose_save_path(self, "consolidate-pdf", _("Save consolidated PDF"),
                                f"{self._file_stem()}.pdf", _("PDF files (*.pdf)"), ".pdf")
        if path is None:
            return
        db = self._db
        offices = len([o for o in summary.sent if o.report_id is not None])
        self._pdf_busy = True
        self._progress.setRange(0, max(1, offices))
        self._progress.setValue(0)
        self._progress.setFormat(_("Preparing the PDF: %v of %m offices"))
        self._progress.show()
        self._update_buttons()
        show_message(self._message, _("Preparing the consolidated PDF…"))

        def done(data: bytes) -> None:
            self._pdf_finished()
            if write_file(self, "consolidate-pdf", path, data):
                show_message(self._message, _("Saved: {path}").format(path=str(path)))

        def failed(failure: Failure) -> None:
            self._pdf_finished()
            text, details = failure_text(failure)
            show_message(self._message, "")
            warn(self, _("The consolidated PDF could not be made"), text, details)

        if not db.threaded:
            try:
                data = consolidated_pdf(db, summary)
            except Exception as exc:  # noqa: BLE001
                import traceback

                failed(Failure(exc, traceback.format_exc()))
            else:
                done(data)
            return
        self._runner.submit(lambda progress: consolidated_pdf(db, summary, progress),
                            done=done, failed=failed, progress=self._on_progress)

    def preview_pdf(self) -> None:
        """Open the print preview of the consolidated PDF (built by the preview's worker)."""
        from ..printing.preview import PreviewDialog

        summary = self.summary
        if summary is None:
            return
        db = self._db
        if db.threaded:
            def render() -> bytes:
                return consolidated_pdf(db, summary)
        else:
            data = consolidated_pdf(db, summary)

            def render() -> bytes:
                return data
        dialog = PreviewDialog(render, f"{self._file_stem()}.pdf", self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self._preview_dialog = dialog
        dialog.open()

    # ------------------------------------------------------------------ showing
    def _on_summary(self, summary: Summary) -> None:
        self._summary_pending = False
        if self._summary_again:  # the round or the list changed meanwhile
            self._summary_again = False
            self.refresh_summary()
            return
        self.summary = summary
        self._fill(summary)
        self.charts.summary_changed(self._db, summary, self._runner)
        self._update_buttons()

    def _on_summary_failed(self, failure: Failure) -> None:
        self._summary_pending = False
        self._summary_again = False
        text, details = failure_text(failure)
        show_message(self._message, text)
        self._update_buttons()

    def _fill(self, summary: Summary) -> None:
        key = self.current_round()
        expected = self.expected_offices()
        sent = len(summary.sent)
        if key is None and not expected:
            self._headline.setText(_("No reports yet. Import the packages the offices sent: "
                                     "“Import a folder…”."))
        elif expected:
            on_list = len([o for o in summary.offices if o.state == "sent"])
            self._headline.setText(_("{sent} of {total} expected offices sent").format(
                sent=on_list, total=len(expected)))
        else:
            self._headline.setText(ngettext("{n} office sent", "{n} offices sent", sent).format(
                n=sent))
        missing = summary.missing
        if missing:
            self._missing_line.setText(ngettext("Missing ({n}): {names}", "Missing ({n}): {names}",
                                                len(missing)).format(
                n=len(missing), names=", ".join(o.agency for o in missing)))
        else:
            self._missing_line.setText("")
        self._missing_line.setVisible(bool(missing))
        self._fill_proposals(summary)
        self._fill_table(summary)

    def _fill_proposals(self, summary: Summary) -> None:
        layout = self._proposals_layout
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
            for widget, answer in ((same, True), (other, False)):  # read in _answer_clicked
                widget.setProperty("cons-answer", [office.agency, office.proposal, answer])
                widget.clicked.connect(self._answer_clicked)  # bound method: no cycle
            line.addWidget(same)
            line.addWidget(other)
            layout.addWidget(row)
        self._proposals.setVisible(bool(summary.proposals))

    def _fill_table(self, summary: Summary) -> None:
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
        self.table.clear()
        self.table.setColumnCount(FIXED_COLUMNS + len(summary.items))
        self.table.setRowCount(len(summary.offices))
        for col, (text, tip) in enumerate(zip(headers, tips, strict=True)):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            self.table.setHorizontalHeaderItem(col, item)
        for n, column in enumerate(summary.items):
            item = QTableWidgetItem(column.code)
            item.setToolTip(f"{column.code} {column.text}".strip())
            self.table.setHorizontalHeaderItem(FIXED_COLUMNS + n, item)
        style = self.style()
        icons = {"sent": style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
                 "missing": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                 "unexpected": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)}
        details = entry_details(summary)
        self._measures: Counter[str] = Counter()  # per office, counted once (1,000 offices)
        for (agency, _code), detail in details.items():
            self._measures[agency] += detail.measures
        for row, office in enumerate(summary.offices):
            self._fill_row(row, office, summary, icons, details)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        for col in range(FIXED_COLUMNS, self.table.columnCount()):
            self.table.setColumnWidth(col, max(self.table.columnWidth(col), 64))

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
            font = QFont(head.font())
            font.setItalic(True)
            head.setFont(font)
        self.table.setVerticalHeaderItem(row, head)
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
            self.table.setItem(row, col, item)
        for n, column in enumerate(summary.items):  # each item: its measures, photos, result
            detail = None if missing else details.get((office.agency, column.code))
            if detail is None:
                continue
            cell = self.table.item(row, FIXED_COLUMNS + n)
            tip = _("{code}: {measures} measures, {photos} photos").format(
                code=column.code, measures=detail.measures, photos=detail.photos)
            if not detail.has_result:
                tip += "\n" + _("No result of the measures yet")
                cell.setForeground(QBrush(WARN_COLOUR))
                font = QFont(cell.font())
                font.setItalic(True)
                cell.setFont(font)
            cell.setToolTip(tip)
        state_item = self.table.item(row, 0)
        state_item.setIcon(icons[office.state])
        state_item.setForeground(QBrush(colour))
        if not missing and office.without_result:
            cell = self.table.item(row, 6)
            cell.setForeground(QBrush(WARN_COLOUR))
            font = QFont(cell.font())
            font.setBold(True)
            cell.setFont(font)
            cell.setToolTip(ngettext("{n} item has no result yet", "{n} items have no result yet",
                                     office.without_result).format(n=office.without_result))

    # ------------------------------------------------------------------ events
    def _expected_changed(self) -> None:
        self._settings.q.setValue(EXPECTED_KEY, self.expected.toPlainText())
        self._settings.q.sync()
        self.refresh_summary()

    def _on_session_change(self, _change: object) -> None:
        if not self._controller.is_busy():  # our own import refreshes when it ends
            self._changes_timer.start()

    def _changed_elsewhere(self) -> None:
        if self._controller.is_busy():
            return
        if self._summary_pending:
            self._changes_timer.start()
            return
        self.refresh_rounds()

    def _open_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self._on_double_click(row, 0)

    def _on_row_header_double_click(self, row: int) -> None:
        self._on_double_click(row, 0)

    def _on_double_click(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        report_id = item.data(ROLE_REPORT) if item is not None else None
        if report_id is not None:
            self.open_requested.emit(int(report_id))

    def _on_file(self, item: FileImport) -> None:
        self.results.set_result(item.result)

    def _on_round_chosen(self, _index: int) -> None:
        self.refresh_summary()

    def _on_skipped(self, result: FileResult) -> None:
        self._skipped.add(result.path)
        self.results.set_result(result, skipped=True)

    def _on_progress(self, done: int, total: int) -> None:
        self._progress.setRange(0, max(1, total))
        self._progress.setValue(done)

    def _on_imported(self, items: list[FileImport]) -> None:
        self._import_finished()
        if self._close_when_done:  # the database may be closing: do not read it again
            self.close()
            return
        self.last_import = [i.result for i in items]
        ok = [i.result for i in items if i.result.ok and i.result.path not in self._skipped]
        refused = [i.result for i in items if i.result.status == "refused"]
        text = ngettext("{n} file imported or already here", "{n} files imported or already here",
                        len(ok)).format(n=len(ok))
        if refused:
            text += " · " + ngettext("{n} not imported (see the list below)",
                                     "{n} not imported (see the list below)",
                                     len(refused)).format(n=len(refused))
        if self._skipped:
            text += " · " + ngettext("{n} skipped", "{n} skipped", len(self._skipped)).format(
                n=len(self._skipped))
        show_message(self._message, text)
        self.results.select_first_problem_or_ok(self._skipped)
        prefer = self._round_of([r.report_id for r in ok if r.report_id is not None])
        self.refresh_rounds(prefer)

    def _on_import_failed(self, failure: Failure) -> None:
        self._import_finished()
        text, details = failure_text(failure)
        show_message(self._message, text)
        if self._close_when_done:
            self.close()
            return
        if details:
            warn(self, _("The packages could not be imported"), text, details)
        self.refresh_rounds()

    def _round_of(self, report_ids: list[int]) -> RoundKey | None:
        """The round most of these reports belong to (after reading the list again)."""
        if not report_ids:
            return None
        reports = (self._session.list_reports() if self._session is not None  # type: ignore[attr-defined]
                   else list_reports(self._db))
        keys = Counter(round_key(r) for r in reports if r.id in set(report_ids))
        return keys.most_common(1)[0][0] if keys else None

    def _import_finished(self) -> None:
        self._progress.hide()
        self._stop.hide()
        self._update_buttons()

    def _pdf_finished(self) -> None:
        self._pdf_busy = False
        self._progress.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        importing = self._controller.is_busy()
        ready = self.summary is not None and not self._summary_pending
        self._import_folder.setEnabled(not importing)
        self._import_files.setEnabled(not importing)
        self._xlsx.setEnabled(ready and not importing)
        has_reports = ready and bool(self.summary and self.summary.sent)
        self._pdf.setEnabled(has_reports and not importing and not self._pdf_busy)
        self._preview.setEnabled(has_reports and not importing)

    def _file_stem(self) -> str:
        key = self.current_round()
        if key is None:
            return _("consolidation")
        kind = key[1] if key[1] != "custom" else f"custom-{key[2]}"
        return f"{_('consolidation')}-{key[0]}-{kind}"

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self._controller.is_busy():  # finish the file in hand (all or nothing), then close
            self._close_when_done = True
            self._controller.cancel()
            event.ignore()
            return
        self._expected_timer.stop()
        self._changes_timer.stop()
        if self._session is not None:
            try:
                self._session.changed.disconnect(self._on_session_change)  # type: ignore[attr-defined]
            except (RuntimeError, TypeError):
                pass
        self._controller.detach()
        self._runner.detach()
        super().closeEvent(event)
