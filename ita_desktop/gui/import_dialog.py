"""Import report packages (``.itapkg``) into the open database.

Entry point (for the main window's File menu, "Import packages…", and the start screen):

    dialog = ImportDialog(session, parent)          # or ImportDialog(session, parent, files)
    dialog.open_requested.connect(main_window.open_report)   # "Open report" on a result row
    dialog.exec()

``session`` is the window's ``Session`` (a ``Store`` or a database path also work; then nobody
is told to refresh). With ``files`` the import starts at once (files dropped on the window).
The clerk chooses files (or drops them on the dialog); each is checked completely and imported
on the worker thread, one transaction per file; the list shows each file's result in Thai. A
package from an office that already has another report for the same round asks: replace / keep
both / skip. A damaged or refused file changes nothing. The session announces the new reports
so the report list refreshes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..core.package import layout
from ..core.package.consolidate import FileResult
from .i18n import _, ngettext
from .jobs import Failure
from .package_import import ImportController
from .package_jobs import DbRef, FileImport
from .package_widgets import (
    ROLE_RESULT,
    ResultList,
    button,
    choose_open_paths,
    failure_text,
    warn,
)
from .qt import (
    QDialog,
    QDragEnterEvent,
    QDropEvent,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
    Signal,
)
from .widgets import heading, message_label, show_message


def package_paths_of(urls: Sequence[object]) -> list[Path]:
    """The local ``.itapkg`` files among dropped URLs."""
    out = []
    for url in urls:
        local = url.toLocalFile() if hasattr(url, "toLocalFile") else str(url)
        if local and local.lower().endswith(layout.SUFFIX):
            out.append(Path(local))
    return out


class ImportDialog(QDialog):
    open_requested = Signal(int)  # report id: the user wants to open an imported report
    imported = Signal(object)  # list[int]: ids of reports created or replaced by this import

    def __init__(self, session_or_store_path: object, parent: QWidget | None = None,
                 files: Sequence[str | Path] | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Import packages"))
        self.setAcceptDrops(True)
        session = session_or_store_path if hasattr(session_or_store_path, "changed") else None
        self._controller = ImportController(DbRef.of(session_or_store_path), session, self)
        self._controller.file_done.connect(self._on_file)
        self._controller.file_skipped.connect(self._on_skipped)
        self._controller.progress.connect(self._on_progress)
        self._controller.finished.connect(self._on_finished)
        self._controller.failed.connect(self._on_failed)
        self._close_when_done = False
        self.results: list[FileImport] = []
        self._skipped: set[Path] = set()
        self._build_ui()
        self.resize(980, 560)
        if files:
            self.import_files([Path(f) for f in files])

    # ------------------------------------------------------------------ ui
    def _build_ui(self) -> None:
        title = heading(_("Import reports from packages"), 1.3)
        intro = QLabel(_(
            "Choose the package files (.itapkg) you received, or drop them here. Each file is "
            "checked completely before anything is saved: a damaged file is refused and changes "
            "nothing."))
        intro.setWordWrap(True)
        self._choose = button(_("Choose files…"), "import-choose")
        self._choose.clicked.connect(self.choose_files)
        self._choose.setDefault(True)
        self._progress = QProgressBar()
        self._progress.setFormat(_("%v of %m files"))
        self._progress.hide()
        self._cancel = button(_("Stop"), "import-cancel")
        self._cancel.setToolTip(_("Stop after the file being imported now"))
        self._cancel.clicked.connect(self._controller.cancel)
        self._cancel.hide()
        top = QHBoxLayout()
        top.addWidget(self._choose)
        top.addWidget(self._progress, 1)
        top.addWidget(self._cancel)
        top.addStretch(0)

        self.list = ResultList(self)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(self._on_double_click)
        self._summary = QLabel("")
        self._summary.setObjectName("import-summary")
        self._summary.setWordWrap(True)
        self._error = message_label(self, "error")

        self._open = button(_("Open report"), "import-open")
        self._open.setEnabled(False)
        self._open.setAutoDefault(False)
        self._open.clicked.connect(self.open_selected)
        close = button(_("Close"), "import-close")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self._open)
        bottom.addWidget(close)

        root = QVBoxLayout(self)
        root.addWidget(title)
        root.addWidget(intro)
        root.addLayout(top)
        root.addWidget(self.list, 1)
        root.addWidget(self.list.detail)
        root.addWidget(self._summary)
        root.addWidget(self._error)
        root.addLayout(bottom)

    # ------------------------------------------------------------------ public
    def is_busy(self) -> bool:
        return self._controller.is_busy()

    def summary_text(self) -> str:
        return self._summary.text()

    def choose_files(self) -> None:
        paths = choose_open_paths(self, "import", _("Choose packages to import"),
                                  _("ITA packages (*.itapkg);;All files (*)"))
        if paths:
            self.import_files(paths)

    def import_files(self, paths: Sequence[Path]) -> bool:
        """Start importing ``paths`` (on the worker thread). False when busy or empty."""
        paths = list(dict.fromkeys(Path(p) for p in paths))
        if not paths or self.is_busy():
            return False
        self.list.clear_results()
        self.results = []
        self._skipped = set()
        show_message(self._error, "")
        self._summary.setText(ngettext("Importing {n} file…", "Importing {n} files…",
                                       len(paths)).format(n=len(paths)))
        self._progress.setRange(0, len(paths))
        self._progress.setValue(0)
        self._progress.show()
        self._cancel.show()
        self._choose.setEnabled(False)
        return self._controller.start(paths)

    def open_selected(self) -> None:
        report_id = self._selected_report()
        if report_id is not None:
            self.open_requested.emit(report_id)
            self.accept()

    # ------------------------------------------------------------------ events
    def _selected_report(self) -> int | None:
        items = self.list.selectedItems()
        if not items:
            return None
        result = items[0].data(0, ROLE_RESULT)
        if not isinstance(result, FileResult) or not result.ok or result.path in self._skipped:
            return None
        return result.report_id

    def _on_double_click(self, *_args: object) -> None:
        self.open_selected()

    def _update_buttons(self) -> None:
        self._open.setEnabled(not self.is_busy() and self._selected_report() is not None)

    def _on_file(self, item: FileImport) -> None:
        self.list.set_result(item.result)

    def _on_skipped(self, result: FileResult) -> None:
        self._skipped.add(result.path)
        self.list.set_result(result, skipped=True)

    def _on_progress(self, done: int, total: int) -> None:
        self._progress.setRange(0, total)
        self._progress.setValue(done)

    def _on_finished(self, items: list[FileImport]) -> None:
        self.results = items
        self._idle()
        counts = {"ok": 0, "skipped": 0, "refused": 0}
        for item in items:
            if item.result.path in self._skipped:
                counts["skipped"] += 1
            elif item.result.ok:
                counts["ok"] += 1
            else:
                counts["refused"] += 1
        parts = [ngettext("{n} file imported or already here", "{n} files imported or already "
                          "here", counts["ok"]).format(n=counts["ok"])]
        if counts["skipped"]:
            parts.append(ngettext("{n} skipped", "{n} skipped", counts["skipped"]).format(
                n=counts["skipped"]))
        if counts["refused"]:
            parts.append(ngettext("{n} not imported (see the reason in the list)",
                                  "{n} not imported (see the reasons in the list)",
                                  counts["refused"]).format(n=counts["refused"]))
        not_done = len(self._controller.files()) - len(items)
        if not_done:
            parts.append(ngettext("{n} not tried (stopped)", "{n} not tried (stopped)",
                                  not_done).format(n=not_done))
        self._summary.setText(" · ".join(parts))
        ids = [i.result.report_id for i in items if i.result.status in ("imported", "replaced")
               and i.result.report_id is not None and i.result.path not in self._skipped]
        self.imported.emit(ids)
        if self._close_when_done:
            super().done(QDialog.DialogCode.Rejected)
            return
        self.list.select_first_problem_or_ok(self._skipped)
        self._update_buttons()

    def _on_failed(self, failure: Failure) -> None:
        self._idle()
        text, details = failure_text(failure)
        show_message(self._error, text)
        self._summary.setText("")
        if self._close_when_done:
            super().done(QDialog.DialogCode.Rejected)
            return
        if details:
            warn(self, _("The packages could not be imported"), text, details)

    def _idle(self) -> None:
        self._progress.hide()
        self._cancel.hide()
        self._choose.setEnabled(True)

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if not self.is_busy() and package_paths_of(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = package_paths_of(event.mimeData().urls())
        if paths and self.import_files(paths):
            event.acceptProposedAction()

    def done(self, result: int) -> None:
        if self.is_busy():  # finish the file in hand (all or nothing), then close
            self._close_when_done = True
            self._controller.cancel()
            return
        self._controller.detach()
        super().done(result)

