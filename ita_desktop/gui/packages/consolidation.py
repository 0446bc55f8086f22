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

from pathlib import Path

from ...core.base.errors import ItaError
from ...core.package import office_match
from ...core.package.consolidate import (
    FileResult,
    Summary,
)
from ...core.store.store import ReportSummary
from ..i18n import _
from ..jobs import Failure, JobRunner
from ..qt import (
    QCloseEvent,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QMainWindow,
    QProgressBar,
    QShortcut,
    QSplitter,
    QStyle,
    Qt,
    QTabWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..settings import Settings
from ..widgets import heading, message_label, show_message
from .consolidation_texts import (
    RoundKey,
    framework_line,
    headline,
    import_outcome,
    missing_line,
    round_key,
    round_of,
    rounds_of,
)
from .expected_offices import ExpectedOffices
from .office_proposals import ProposalPanel
from .office_table import OfficeTable
from .package_import import ImportController
from .package_jobs import (
    DbRef,
    FileImport,
    list_reports,
    run_for_db,
    summary_of,
)
from .package_widgets import (
    ERROR_COLOUR,
    ResultList,
    button,
    choose_package_files,
    choose_package_folder,
    failure_text,
    warn,
)
from .summary_outputs import SummaryOutputs


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
        self._outputs = SummaryOutputs(self, self._db, self._runner)
        self._outputs.pdf_started.connect(self._on_pdf_started)
        self._outputs.pdf_progress.connect(self._on_progress)
        self._outputs.pdf_finished.connect(self._pdf_finished)
        self._outputs.message.connect(self._show)
        self.summary: Summary | None = None
        self.last_import: list[FileResult] | None = None
        self._reports: list[ReportSummary] = []
        self._rounds: list[RoundKey] = []
        self._skipped: set[Path] = set()
        self._summary_pending = False
        self._summary_again = False
        self._close_when_done = False
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
        self._proposals = ProposalPanel()  # near-miss names: the user says once if they match
        self._proposals.answered.connect(self.confirm_office)
        self._message = message_label(self, "info")
        self._message.setObjectName("cons-message")
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = OfficeTable()
        self.table.open_requested.connect(self.open_requested)
        expected_box = ExpectedOffices(self._settings)
        expected_box.changed.connect(self.refresh_summary)
        self._expected_box = expected_box
        self.expected = expected_box.editor

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
        return self._controller.is_busy() or self._summary_pending or self._outputs.pdf_busy

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

    def expected_offices(self) -> list[str]:
        return self._expected_box.offices()

    def load_expected(self) -> None:
        self._expected_box.load()

    def table_rows(self) -> list[list[str]]:
        """The table's texts, row by row (tests, accessibility)."""
        return self.table.rows()

    def headers(self) -> list[str]:
        """The column headings, the office (row headers) first, as in ``table_rows``."""
        return self.table.headers()

    def import_folder(self) -> None:
        self.import_files(choose_package_folder(self))

    def choose_files(self) -> None:
        self.import_files(choose_package_files(self))

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

    def refresh_rounds(self, imported: set[int] | None = None) -> None:
        """Read the reports again; choose the round of most ``imported`` reports, else keep it."""
        current = self.current_round()
        self._reports = self._list_reports()
        prefer = round_of(self._reports, imported) if imported else None
        listed = rounds_of(self._reports)
        self._rounds = [key for key, _text in listed]
        self._round.blockSignals(True)
        self._round.clear()
        for _key, text in listed:
            self._round.addItem(text)
        if not self._rounds:
            self._round.addItem(_("No reports yet"))
        want = prefer if prefer in self._rounds else current
        self._round.setCurrentIndex(self._rounds.index(want) if want in self._rounds else 0)
        self._round.setEnabled(bool(self._rounds))
        self._round.blockSignals(False)
        self.refresh_summary()

    def _list_reports(self) -> list[ReportSummary]:
        return (self._session.list_reports() if self._session is not None  # type: ignore[attr-defined]
                else list_reports(self._db))

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
        run_for_db(db, self._runner, lambda _progress: summary_of(db, ids, expected),
                   self._on_summary, self._on_summary_failed)

    def export_xlsx(self) -> None:
        if self.summary is not None:
            self._outputs.export_xlsx(self.summary, self.last_import, self._file_stem())

    def save_pdf(self) -> None:
        if self.summary is not None:
            self._outputs.save_pdf(self.summary, self._file_stem())

    def preview_pdf(self) -> None:
        if self.summary is not None:
            self._outputs.preview_pdf(self.summary, self._file_stem())

    @property
    def _preview_dialog(self) -> QWidget | None:
        return self._outputs.preview_dialog

    def _on_pdf_started(self, offices: int) -> None:
        self._progress.setRange(0, max(1, offices))
        self._progress.setValue(0)
        self._progress.setFormat(_("Preparing the PDF: %v of %m offices"))
        self._progress.show()
        self._update_buttons()

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
        self._headline.setText(headline(summary, self.current_round() is not None, self.expected_offices()))
        warnings = "\n".join(t for t in (missing_line(summary), framework_line(summary)) if t)
        self._missing_line.setText(warnings)
        self._missing_line.setVisible(bool(warnings))
        self._proposals.fill(summary)
        self.table.fill(summary)

    # ------------------------------------------------------------------ events
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

    def _on_double_click(self, row: int, _col: int) -> None:
        self.table.open_row(row)

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
        text = import_outcome(ok, refused, len(self._skipped))
        show_message(self._message, text)
        self.results.select_first_problem_or_ok(self._skipped)
        self.refresh_rounds({r.report_id for r in ok if r.report_id is not None})

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

    def _import_finished(self) -> None:
        self._progress.hide()
        self._stop.hide()
        self._update_buttons()

    def _show(self, text: str) -> None:
        show_message(self._message, text)

    def _pdf_finished(self) -> None:
        self._progress.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        importing = self._controller.is_busy()
        ready = self.summary is not None and not self._summary_pending
        self._import_folder.setEnabled(not importing)
        self._import_files.setEnabled(not importing)
        self._xlsx.setEnabled(ready and not importing)
        has_reports = ready and bool(self.summary and self.summary.sent)
        self._pdf.setEnabled(has_reports and not importing and not self._outputs.pdf_busy)
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
        self._expected_box.stop()
        self._changes_timer.stop()
        if self._session is not None:
            try:
                self._session.changed.disconnect(self._on_session_change)  # type: ignore[attr-defined]
            except (RuntimeError, TypeError):
                pass
        self._controller.detach()
        self._runner.detach()
        super().closeEvent(event)
