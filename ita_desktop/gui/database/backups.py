"""Backups in the window: the restore view, "Save a copy…", the daily backup at start, and what
happens when the database turns out to be damaged on open.

All the work is in ``core.store.backup`` and ``core.store.integrity``; this is the thin Qt part.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from ...core.base.errors import ItaError
from ...core.store import Store
from ...core.store import backup as core_backup
from ...core.store.integrity import ChangedOutsideError, DamagedDatabaseError
from ..i18n import _
from ..qt import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from ..session import Session
from ..widgets import heading, message_label, show_message


def reason_text(reason: str) -> str:
    base = reason.split("-")[0]
    return {
        "daily": _("Daily"), "manual": _("Made by hand"), "import": _("Before an import"),
        "finalise": _("Before finalising"), "reopen": _("Before reopening"),
        "carry": _("Before carrying forward"), "delete": _("Before deleting"),
        "restore": _("Before a restore"),
        "reframe": _("Before moving a report to another framework"),
    }.get(base, reason or _("Copied by hand"))


def size_text(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def when_text(info: core_backup.BackupInfo) -> str:
    return info.created.astimezone().strftime("%Y-%m-%d %H:%M")


def _local(iso: str) -> str:
    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return iso


def _read_only_item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class RestoreDialog(QDialog):
    """Backups of the open database (date, kind, size, reports) and what each holds; restore
    one report or the whole database from the selected one."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Backups and restore"))
        self.session = session
        self.restored_whole: Path | None = None  # the main window reopens the database
        self.restored_report: int | None = None
        self._backups: list[core_backup.BackupInfo] = []
        root = QVBoxLayout(self)
        root.addWidget(heading(_("Backups and restore"), 1.3))
        intro = QLabel(_(
            "A backup is made every day at start and before every import, finalise, reopen, "
            "carry forward, delete and restore. Choose a backup to see the reports it holds. "
            "Before anything is restored, the current state is backed up too."))
        intro.setWordWrap(True)
        root.addWidget(intro)
        folder_row = QHBoxLayout()
        self.folder_label = QLabel()
        self.folder_label.setObjectName("backup-folder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder_row.addWidget(self.folder_label, 1)
        change = QPushButton(_("Change folder…"))
        change.clicked.connect(self.change_folder)
        folder_row.addWidget(change)
        root.addLayout(folder_row)

        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("backup-list")
        self.table.setHorizontalHeaderLabels([_("Date"), _("Kind"), _("Size"), _("Reports")])
        self._table_style(self.table)
        self.table.itemSelectionChanged.connect(self._show_contents)
        split.addWidget(self.table)
        self.contents = QTableWidget(0, 5)
        self.contents.setObjectName("backup-contents")
        self.contents.setHorizontalHeaderLabels(
            [_("Agency"), _("Fiscal year"), _("Status"), _("Items"), _("Last change")])
        self._table_style(self.contents)
        self.contents.itemSelectionChanged.connect(self._update_buttons)
        split.addWidget(self.contents)
        root.addWidget(split, 1)

        self.message = message_label(self, "info")
        root.addWidget(self.message)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton(_("Back up now"))
        self.backup_button.clicked.connect(self.backup_now)
        buttons.addWidget(self.backup_button)
        buttons.addStretch(1)
        self.report_button = QPushButton(_("Restore this report"))
        self.report_button.clicked.connect(self.restore_report)
        buttons.addWidget(self.report_button)
        self.whole_button = QPushButton(_("Restore the whole database"))
        self.whole_button.clicked.connect(self.restore_whole)
        buttons.addWidget(self.whole_button)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        root.addLayout(buttons)
        self.resize(max(820, self.fontMetrics().averageCharWidth() * 100), 600)
        self.refresh()

    @staticmethod
    def _table_style(table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)

    # ------------------------------------------------------------------ contents
    def refresh(self) -> None:
        self.folder_label.setText(_("Backup folder: {folder}").format(
            folder=str(self.session.backup_folder())))
        self._backups = self.session.backups()
        self.table.setRowCount(len(self._backups))
        for row, info in enumerate(self._backups):
            for column, text in enumerate((when_text(info), reason_text(info.reason),
                                           size_text(info.size), str(len(info.reports)))):
                self.table.setItem(row, column, _read_only_item(text))
        if self._backups:
            self.table.selectRow(0)
        else:
            show_message(self.message, _("There is no backup yet. “Back up now” makes one."))
        self._show_contents()

    def selected_backup(self) -> core_backup.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._backups[rows[0].row()] if rows else None

    def selected_report(self) -> core_backup.BackupReport | None:
        info = self.selected_backup()
        rows = self.contents.selectionModel().selectedRows()
        if info is None or not rows:
            return None
        return info.reports[rows[0].row()]

    def _show_contents(self) -> None:
        info = self.selected_backup()
        reports = info.reports if info else ()
        self.contents.setRowCount(len(reports))
        for row, report in enumerate(reports):
            status = _("final") if report.status == "final" else _("draft")
            if report.trashed:
                status += " " + _("(deleted)")
            for column, text in enumerate((report.agency, str(report.fiscal_year), status,
                                           str(report.entries), _local(report.updated_at))):
                self.contents.setItem(row, column, _read_only_item(text))
        if reports:
            self.contents.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.whole_button.setEnabled(self.selected_backup() is not None)
        self.report_button.setEnabled(self.selected_report() is not None)
        self.backup_button.setEnabled(self.session.damaged is None)

    # ------------------------------------------------------------------ actions
    def change_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Choose the backup folder"),
                                                  str(self.session.backup_folder()))
        if chosen:
            self.session.set_backup_folder(chosen)
            self.refresh()

    def backup_now(self) -> None:
        from ..busy import Cancelled, run_busy

        try:
            info = run_busy(self, _("Back up now"), _("Making a backup of the database…"),
                            self.session.backup_now_work(), threaded=self.session.threaded)
        except Cancelled:
            show_message(self.message, _("Cancelled: no backup was made."))
            return
        except ItaError as exc:
            QMessageBox.warning(self, _("Back up now"), exc.message)
            return
        self.refresh()
        show_message(self.message, _("Backup made: {name}").format(name=info.path.name))

    def restore_report(self) -> None:
        info, report = self.selected_backup(), self.selected_report()
        if info is None or report is None:
            return
        question = _("Put the report of {agency} (fiscal year {year}) back as it was on "
                     "{when}? Its current version is replaced; the other reports do not "
                     "change. The current state is backed up first.").format(
            agency=report.agency, year=report.fiscal_year, when=when_text(info))
        if QMessageBox.question(self, _("Restore this report"), question) != \
                QMessageBox.StandardButton.Yes:
            return
        from ..busy import Cancelled, run_busy

        try:  # checking and reading the backup, backing up the current state: off the GUI
            saved = run_busy(self, _("Restore this report"),
                             _("Restoring the database from the backup…"),
                             self.session.restore_report_work(info.path, report.uuid),
                             threaded=self.session.threaded)
            self.restored_report = self.session.put_report_back(saved)
        except Cancelled:
            return
        except ItaError as exc:
            QMessageBox.warning(self, _("Restore this report"), exc.message)
            return
        self.refresh()
        show_message(self.message, _("The report was restored."))

    def restore_whole(self) -> None:
        info = self.selected_backup()
        if info is None:
            return
        question = _("Replace the whole database with the backup of {when} ({count} reports)? "
                     "The current state is backed up first.").format(
            when=when_text(info), count=len(info.reports))
        if QMessageBox.question(self, _("Restore the whole database"), question) != \
                QMessageBox.StandardButton.Yes:
            return
        self.restored_whole = info.path
        self.accept()  # the main window closes the database, restores and reopens it


def save_copy(parent: QWidget, session: Session) -> Path | None:
    """File → Save a copy…: one consistent file (no -wal needed) for a USB stick."""
    current = Path(session.path)
    suggested = current.with_name(f"{current.stem}-copy.sqlite")
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, _("Save a copy of the database"), str(suggested),
        _("ITA Desktop database") + " (*.sqlite)")
    if not chosen:
        return None
    target = Path(chosen)
    if target.resolve() == current.resolve():
        QMessageBox.warning(parent, _("Save a copy"),
                            _("Choose another name: this is the open database itself."))
        return None
    from ..busy import Cancelled, run_busy

    try:
        run_busy(parent, _("Save a copy"), _("Saving a complete copy of the database…"),
                 session.save_copy_work(target), threaded=session.threaded)
    except Cancelled:
        return None  # the unfinished copy was removed; a file already there is untouched
    except ItaError as exc:
        QMessageBox.warning(parent, _("Save a copy"), exc.message)
        return None
    QMessageBox.information(parent, _("Save a copy"),
                            _("Saved a complete copy: {path}").format(path=str(target)))
    return target


def start_daily_backup(path: Path | None) -> threading.Thread | None:
    """At start, in the background: a backup when the newest is older than a day. Its own
    read-only connection, so the window keeps working; a failure is only skipped (the next
    start tries again, and every risky operation makes its own backup)."""
    if path is None:
        return None

    def run() -> None:
        try:
            with Store.open_read_only(path) as store:
                core_backup.daily_backup(store)
        except (ItaError, OSError):
            pass

    thread = threading.Thread(target=run, name="daily-backup", daemon=True)
    thread.start()
    return thread


# ---------------------------------------------------------------------------------- damaged
def newest_good_backup(path: Path) -> core_backup.BackupInfo | None:
    folder = core_backup.BackupSettings.load().backup_dir()
    for info in core_backup.list_backups(folder, path):
        try:
            core_backup.check_backup(info.path)
        except ItaError:
            continue
        return info
    return None


def damaged_text(exc: DamagedDatabaseError) -> str:
    problems = "\n".join(f"• {p}" for p in exc.problems[:6])
    if isinstance(exc, ChangedOutsideError):
        return _("The database file {path} was changed outside ITA Desktop: it holds parts "
                 "that ITA Desktop did not make. It was not opened for editing and nothing was "
                 "written to it.\n\n{problems}").format(path=str(exc.path), problems=problems)
    return _("The database file {path} is damaged. Nothing was written to it.\n\n{problems}"
             ).format(path=str(exc.path), problems=problems)


def open_damaged(parent: QWidget | None, exc: DamagedDatabaseError) -> Store | None:
    """Tell the clerk (in the interface language: Thai, or English) and offer the newest good
    backup, or the damaged file read-only. Returns the store to use, or None."""
    from ..busy import Cancelled, run_busy

    path = exc.path
    assert path is not None
    try:  # every backup is checked in full until a good one is found: off the GUI thread
        good = run_busy(parent, _("The database is damaged"),
                        _("Looking for the newest good backup…"),
                        lambda _cancel: newest_good_backup(path))
    except Cancelled:
        good = None
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("The database was changed outside ITA Desktop")
                       if isinstance(exc, ChangedOutsideError) else _("The database is damaged"))
    text = damaged_text(exc)
    restore = None
    if good is not None:
        text += "\n\n" + _("The newest good backup is from {when} ({count} reports).").format(
            when=when_text(good), count=len(good.reports))
        restore = box.addButton(_("Restore the newest good backup"),
                                QMessageBox.ButtonRole.AcceptRole)
    else:
        text += "\n\n" + _("No good backup of this file was found in {folder}.").format(
            folder=str(core_backup.BackupSettings.load().backup_dir()))
    read_only = box.addButton(_("Open read-only"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setText(text)
    box.setDetailedText(f"{exc.message}\n\n{exc.english}")  # both languages, every problem
    box.exec()
    clicked = box.clickedButton()
    try:
        if restore is not None and clicked is restore:
            backup = good.path
            run_busy(parent, _("Restore the newest good backup"),
                     _("Restoring the database from the backup…"),
                     lambda _cancel: core_backup.restore_database(path, backup),
                     cancellable=False)
            return Store.open(path, writer=True)
        if clicked is read_only:
            return Store.open(path, damaged="read-only")
    except ItaError as failure:
        QMessageBox.warning(parent, _("The database is damaged"), failure.message)
    return None
