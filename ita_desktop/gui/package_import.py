"""Importing packages from the GUI: one controller shared by ``ImportDialog`` and the
consolidation window.

``ImportController.start(files)`` imports the files on the worker thread with its own database
connection (each file in its own transaction), reporting each file as soon as it is done. When
the batch ends, every package that clashes with another report of the same office, year and
round is put to the user (replace / keep both / skip, optionally "the same for the rest"), and
the chosen ones are imported in a second pass. Then the session (if any) announces the new and
replaced reports (``Change`` "report-created" / "report-deleted") so the windows refresh, and
``finished`` is emitted with the final result of every file.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Sequence
from pathlib import Path

from ..core.package.consolidate import FileResult
from ..core.package.importer import OnConflict
from ..core.store.store import Change
from .jobs import Failure, JobRunner
from .package_jobs import DbRef, FileEvents, FileImport, ImportBatch, import_files
from .package_widgets import ask_conflict
from .qt import QObject, QWidget, Signal


class ImportController(QObject):
    file_done = Signal(object)  # FileImport (also for the second pass)
    file_skipped = Signal(object)  # FileResult of a conflict the user chose to skip
    progress = Signal(int, int)  # files done, files in this pass
    finished = Signal(object)  # list[FileImport]: the final result of every file
    failed = Signal(object)  # Failure: the batch itself could not run (database unusable)

    def __init__(self, db: DbRef, session: object | None, dialog_parent: QWidget):
        super().__init__(dialog_parent)
        self._db = db
        self._session = session
        # no Python reference to the parent widget: a reference cycle (widget -> controller ->
        # widget) may be collected by the garbage collector on a worker thread, and PySide6
        # then deletes the widget from there (crash). self.parent() is the Qt parent.
        self._runner = JobRunner(self)
        self._events = FileEvents(self)
        self._events.file_done.connect(self.file_done)
        self._cancel = threading.Event()
        self._busy = False
        self._final: dict[Path, FileImport] = {}
        self._order: list[Path] = []

    def is_busy(self) -> bool:
        return self._busy

    def files(self) -> list[Path]:
        """The files of the current (or last) import, in order."""
        return list(self._order)

    def cancel(self) -> None:
        """Stop before the next file (the file being imported finishes or rolls back whole)."""
        self._cancel.set()

    def detach(self) -> None:
        self._cancel.set()
        self._runner.detach()

    def start(self, files: Sequence[Path]) -> bool:
        if self._busy or not files:
            return False
        self._busy = True
        self._cancel = threading.Event()
        self._final = {}
        self._order = list(files)
        self._run(list(files), self._first_pass_done)
        return True

    # ------------------------------------------------------------------ passes
    def _run(self, files: list[Path] | list[tuple[Path, OnConflict]], then: object) -> None:
        db, events, cancel = self._db, self._events, self._cancel
        if not db.threaded:  # in-memory database: only this thread may use it
            try:
                batch = import_files(db, files, progress=self.progress.emit, events=events,
                                     cancel=cancel)
            except Exception as exc:  # noqa: BLE001
                self._on_failed(Failure(exc, traceback.format_exc()))
                return
            then(batch)  # type: ignore[operator]
            return
        self._runner.submit(
            lambda progress: import_files(db, files, progress=progress, events=events,
                                          cancel=cancel),
            done=then, failed=self._on_failed,  # type: ignore[arg-type]
            progress=self.progress.emit)

    def _first_pass_done(self, batch: ImportBatch) -> None:
        for item in batch.items:
            self._final[item.result.path] = item
        conflicts = [i.result for i in batch.items if i.result.status == "conflict"]
        if not conflicts:
            self._finish()
            return
        chosen: list[tuple[Path, OnConflict]] = []
        same_for_rest: OnConflict | None | bool = False  # False: ask each time
        for n, result in enumerate(conflicts):
            if self._cancel.is_set():
                choice: OnConflict | None = None
            elif same_for_rest is not False:
                choice = same_for_rest  # type: ignore[assignment]
            else:
                parent = self.parent()
                assert isinstance(parent, QWidget)
                choice, every = ask_conflict(parent, result, len(conflicts) - n - 1)
                if every:
                    same_for_rest = choice
            if choice is None:
                self.file_skipped.emit(result)
            else:
                chosen.append((result.path, choice))
        if not chosen:
            self._finish()
            return
        self._run(chosen, self._second_pass_done)

    def _second_pass_done(self, batch: ImportBatch) -> None:
        for item in batch.items:
            self._final[item.result.path] = item
        self._finish()

    def _finish(self) -> None:
        self._busy = False
        items = [self._final[p] for p in self._order if p in self._final]
        self._announce(items)
        self.finished.emit(items)

    def _on_failed(self, failure: Failure) -> None:
        self._busy = False
        items = [self._final[p] for p in self._order if p in self._final]
        self._announce(items)
        self.failed.emit(failure)

    def _announce(self, items: list[FileImport]) -> None:
        """Tell the session's listeners (report list, editor) what changed in the database."""
        changed = getattr(self._session, "changed", None)
        if changed is None:
            return
        for item in items:
            for old in item.replaced:
                changed.emit(Change("report-deleted", old))
            result = item.result
            if result.status in ("imported", "replaced") and result.report_id is not None:
                changed.emit(Change("report-created", result.report_id))


def conflict_results(items: Sequence[FileImport]) -> list[FileResult]:
    return [i.result for i in items if i.result.status == "conflict"]
