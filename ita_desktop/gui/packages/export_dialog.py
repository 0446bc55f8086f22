"""Export one report: the package to send upward (``.itapkg``), or a table for Excel.

Entry points (for the main window's Report menu / the start screen):

* ``export_report(parent, session_or_store_path, report_id)`` — opens ``ExportDialog`` (modal).
  ``session_or_store_path`` is the window's ``Session`` (or a ``Store``, or a database path).
* ``export_spreadsheet(parent, session_or_store_path, report_id, "xlsx" | "csv")`` — straight
  to the save dialog for one report's table (also offered inside ``ExportDialog``).

``ExportDialog`` builds the package at once on the worker thread (with the printed PDF; the
bytes are kept), shows its file name and size, warns above the common e-mail limit (20 MB) and
offers to re-compress the photos smaller for the package only (the database keeps the
originals), then "Save package…" writes the kept bytes atomically where the clerk chooses,
under the suggested name ``<agency>-<fiscal year>-<round>.itapkg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from ...core.exchange.spreadsheet import report_csv, report_xlsx
from ...core.package import BuiltPackage, layout
from ...core.package.writer import package_file_name
from ...core.report.model import Report
from ..i18n import _
from ..jobs import Failure, JobRunner
from ..qt import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ..widgets import heading, message_label, show_message
from .package_jobs import DbRef, build, format_size, run_for_db
from .package_widgets import button, failure_text, save_bytes, warn

SpreadsheetKind = Literal["xlsx", "csv"]


def export_report(parent: QWidget | None, session_or_store_path: object, report_id: int
                  ) -> None:
    """Show the export dialog for ``report_id`` (modal; returns when it is closed)."""
    dialog = ExportDialog(session_or_store_path, report_id, parent)
    dialog.exec()
    dialog.deleteLater()


def export_spreadsheet(parent: QWidget | None, session_or_store_path: object, report_id: int,
                       kind: SpreadsheetKind = "xlsx") -> Path | None:
    """Ask where to save one report as ``.xlsx`` or CSV and write it. The path, or None."""
    report = DbRef.of(session_or_store_path).report(report_id)
    return _save_spreadsheet(parent or QWidget(), report, kind)


def report_heading(report: Report) -> str:
    status = _("final") if report.is_final else _("draft")
    return _("{agency} — fiscal year {year}, {round} (revision {revision}, {status})").format(
        agency=report.agency or _("(no agency name)"), year=report.fiscal_year,
        round=report.round.title("arabic"), revision=report.revision, status=status)


def _save_spreadsheet(parent: QWidget, report: Report, kind: SpreadsheetKind) -> Path | None:
    stem = Path(package_file_name(report)).stem
    if kind == "xlsx":
        return save_bytes(parent, "xlsx", _("Export to Excel"), f"{stem}.xlsx",
                          _("Excel workbooks (*.xlsx)"), ".xlsx", report_xlsx(report))
    return save_bytes(parent, "csv", _("Export to CSV"), f"{stem}.csv",
                      _("CSV files (*.csv)"), ".csv", report_csv(report))


class ExportDialog(QDialog):
    """Build, size-check and save one report's package; or save it as a table for Excel."""

    def __init__(self, session_or_store_path: object, report_id: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Export report"))
        self._db = DbRef.of(session_or_store_path)
        self._report_id = report_id
        self._report = self._db.report(report_id)
        self._runner = JobRunner(self)
        self.built: BuiltPackage | None = None
        self.recompressed = False
        self.saved_path: Path | None = None
        self._building = False
        self._build_ui()
        self.resize(max(760, self.fontMetrics().averageCharWidth() * 84), 560)
        self._fit_height()
        self._start_build(recompress=False)

    # ------------------------------------------------------------------ ui
    def _build_ui(self) -> None:
        report = self._report
        title = heading(_("Send the report to the office above"), 1.3)
        who = QLabel(report_heading(report))
        who.setWordWrap(True)
        who.setObjectName("export-report")
        intro = QLabel(_(
            "A package is one file with the report, its photos and the printed report (PDF). "
            "Copy it to a USB stick or attach it to an e-mail; the office above opens it with "
            "“Import packages…” in ITA Desktop."))
        intro.setWordWrap(True)
        self._draft_note = message_label(self, "warning")
        if not report.is_final:
            show_message(self._draft_note, _(
                "This report is still a draft. The office above usually expects the final "
                "report: if it is complete, finalise it first, then export."))

        package_box = QGroupBox(_("Package for sending (.itapkg)"))
        self._status = QLabel(_("Preparing the package…"))
        self._status.setObjectName("export-status")
        self._status.setWordWrap(True)
        self._busy = QProgressBar()
        self._busy.setRange(0, 0)
        self._busy.setTextVisible(False)
        self._busy.setMaximumWidth(360)
        self._warning = message_label(self, "warning")
        self._warning.setObjectName("export-warning")
        self._error = message_label(self, "error")
        self._error.setObjectName("export-error")
        self._note = message_label(self, "info")
        self._recompress_button = button(_("Make the photos smaller"), "export-recompress")
        self._recompress_button.setToolTip(_(
            "Re-compress the photos in the package only; the photos in your database stay as "
            "they are"))
        self._recompress_button.clicked.connect(self.recompress)
        self._recompress_button.hide()
        self._retry_button = button(_("Try again"), "export-retry")
        self._retry_button.clicked.connect(self.retry)
        self._retry_button.hide()
        self._save_button = button(_("Save package…"), "export-save")
        self._save_button.clicked.connect(self.save_package)
        self._save_button.setEnabled(False)
        self._save_button.setDefault(True)
        package_buttons = QHBoxLayout()
        package_buttons.addWidget(self._save_button)
        package_buttons.addWidget(self._recompress_button)
        package_buttons.addWidget(self._retry_button)
        package_buttons.addStretch(1)
        package_layout = QVBoxLayout(package_box)
        package_layout.addWidget(self._status)
        package_layout.addWidget(self._busy)
        package_layout.addWidget(self._warning)
        package_layout.addWidget(self._error)
        package_layout.addWidget(self._note)
        package_layout.addLayout(package_buttons)

        table_box = QGroupBox(_("For Excel"))
        table_text = QLabel(_(
            "The report's items as a table, one row per item, for offices that ask for Excel. "
            "Photos are not included."))
        table_text.setWordWrap(True)
        xlsx = button(_("Excel (.xlsx)…"), "export-xlsx")
        xlsx.clicked.connect(self.export_xlsx)
        csv = button(_("CSV…"), "export-csv")
        csv.clicked.connect(self.export_csv)
        table_buttons = QHBoxLayout()
        table_buttons.addWidget(xlsx)
        table_buttons.addWidget(csv)
        table_buttons.addStretch(1)
        table_layout = QVBoxLayout(table_box)
        table_layout.addWidget(table_text)
        table_layout.addLayout(table_buttons)

        self._saved = message_label(self, "info")
        self._saved.setObjectName("export-saved")
        self._saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = button(_("Close"), "export-close")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)

        root = QVBoxLayout(self)
        root.addWidget(title)
        root.addWidget(who)
        root.addWidget(intro)
        root.addWidget(self._draft_note)
        root.addWidget(package_box)
        root.addWidget(table_box)
        root.addWidget(self._saved)
        root.addStretch(1)
        root.addLayout(bottom)

    def _fit_height(self) -> None:
        """Grow to show every line (wrapped texts appear later: warnings, notes, errors)."""
        layout = self.layout()
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    # ------------------------------------------------------------------ public
    def is_busy(self) -> bool:
        return self._building

    def status_text(self) -> str:
        return self._status.text()

    def warning_text(self) -> str:
        return self._warning.text() if not self._warning.isHidden() else ""

    def error_text(self) -> str:
        return self._error.text() if not self._error.isHidden() else ""

    def saved_text(self) -> str:
        return self._saved.text() if not self._saved.isHidden() else ""

    def retry(self) -> None:
        """Build again after a failure (with the same choice of photo size)."""
        if not self._building:
            self._start_build(self.recompressed)

    def recompress(self) -> None:
        """Build the package again with smaller photos (for the package only)."""
        if not self._building:
            self._start_build(recompress=True)

    def save_package(self) -> Path | None:
        """Ask where to save the built package and write it there. The path, or None."""
        if self.built is None:
            return None
        path = save_bytes(self, "package", _("Save package"), self.built.file_name,
                          _("ITA packages (*.itapkg)"), layout.SUFFIX, self.built.data)
        if path is not None:
            self.saved_path = path
            show_message(self._saved, _("Saved: {path}").format(path=str(path)))
            self._fit_height()
        return path

    def export_xlsx(self) -> Path | None:
        return self._spreadsheet("xlsx")

    def export_csv(self) -> Path | None:
        return self._spreadsheet("csv")

    # ------------------------------------------------------------------ work
    def _spreadsheet(self, kind: SpreadsheetKind) -> Path | None:
        path = _save_spreadsheet(self, self._report, kind)
        if path is not None:
            show_message(self._saved, _("Saved: {path}").format(path=str(path)))
        return path

    def _start_build(self, recompress: bool) -> None:
        self._building = True
        self.built = None
        self._save_button.setEnabled(False)
        self._recompress_button.hide()
        self._retry_button.hide()
        show_message(self._error, "")
        show_message(self._warning, "")
        show_message(self._note, "")
        self._status.setText(_("Making the photos smaller…") if recompress
                             else _("Preparing the package…"))
        self._busy.show()
        db, report_id = self._db, self._report_id
        run_for_db(db, self._runner, lambda _progress: build(db, report_id, recompress),
                   lambda built: self._on_built(built, recompress),
                   lambda failure: self._on_failed(failure, recompress))

    def _on_built(self, built: BuiltPackage, recompress: bool) -> None:
        self._building = False
        self.built = built
        self.recompressed = recompress
        self._busy.hide()
        self._save_button.setEnabled(True)
        self._status.setText(_("File: {name}\nSize: {size}").format(
            name=built.file_name, size=format_size(built.size)))
        limit = format_size(layout.EMAIL_LIMIT_BYTES)
        if built.over_email_limit and not recompress:
            show_message(self._warning, _(
                "The package is larger than {limit}, which many e-mail services do not accept. "
                "You can make the photos in the package smaller (the photos in your database "
                "stay as they are), or send the file on a USB stick.").format(limit=limit))
            self._recompress_button.show()
        elif built.over_email_limit:
            show_message(self._warning, _(
                "Even with smaller photos the package is larger than {limit}. Send it on a USB "
                "stick, or through a file-sharing service your office uses.").format(limit=limit))
        if recompress:
            show_message(self._note, _(
                "The photos in this package were made smaller. The photos in your database are "
                "unchanged."))
        self._save_button.setFocus()
        self._fit_height()

    def _on_failed(self, failure: Failure, recompress: bool) -> None:
        self._building = False
        self.recompressed = recompress
        self._busy.hide()
        self._status.setText(_("The package could not be prepared."))
        text, details = failure_text(failure)
        show_message(self._error, text)
        self._retry_button.show()
        if getattr(failure.error, "recompress_helps", False) and not recompress:
            self._recompress_button.show()  # the import's size limits: smaller photos may fit
        self._fit_height()
        if details:
            warn(self, _("The package could not be prepared"), text, details)

    def done(self, result: int) -> None:
        self._runner.detach()
        super().done(result)

