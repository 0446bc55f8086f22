"""Non-widget helpers for the package dialogs and the consolidation window.

Everything here may run on a worker thread (``render_worker.JobRunner``): each function opens
its OWN connection to the database (``Store.open(path)``; WAL lets it work while the window's
connection stays open on the GUI thread) and closes it before returning. Nothing here touches a
widget. For an in-memory database (no path, tests and demos only) the caller's store is used
instead, on the GUI thread (see ``DbRef``).

``FileEvents`` carries per-file results of a batch import from the worker to the GUI thread
(a Qt signal, queued across threads).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.base.errors import ItaError
from ...core.package import BuiltPackage, Recompress, build_package
from ...core.package.consolidate import FileResult, Summary, summarize
from ...core.package.import_log import import_stream
from ...core.package.importer import OnConflict
from ...core.report.model import Report
from ...core.store import Store
from ...core.store.store import ReportSummary
from ..i18n import _
from ..jobs import Failure
from ..qt import QObject, Signal

Progress = Callable[[int, int], None]


def run_for_db(db: DbRef, runner: Any, work: Callable[[Progress | None], Any],
               done: Callable[[Any], None], failed: Callable[[Failure], None],
               progress: Progress | None = None) -> None:
    """``work`` on the worker thread, or at once on this thread for an in-memory database
    (only the thread that made it may use it); ``done``/``failed`` on the GUI thread either way."""
    if not db.threaded:
        try:
            result = work(None)
        except Exception as exc:  # noqa: BLE001 - reported like a job's failure
            failed(Failure(exc, traceback.format_exc()))
        else:
            done(result)
        return
    runner.submit(work, done=done, failed=failed, progress=progress)


@dataclass(frozen=True)
class DbRef:
    """Where the work reads and writes: a database file (opened anew by each job) or, for an
    in-memory database, the GUI's own store (then the work must run on the GUI thread)."""

    path: Path | None
    store: Store | None = None
    session: object | None = field(default=None, compare=False)

    @classmethod
    def of(cls, session_or_path: object) -> DbRef:
        """From a ``Session``, a ``Store`` or a database path."""
        store = getattr(session_or_path, "store", session_or_path)
        session = session_or_path if hasattr(session_or_path, "report") else None
        if isinstance(store, Store):
            return cls(store.path, None if store.path is not None else store, session)
        return cls(Path(str(session_or_path)))

    def report(self, report_id: int) -> Report:
        """Read one report on the GUI thread (through the session when there is one)."""
        if self.session is not None:
            return self.session.report(report_id)  # type: ignore[attr-defined, no-any-return]
        return read_report(self, report_id)

    @property
    def threaded(self) -> bool:
        """True when the work can run on a worker thread (it has a file to open)."""
        return self.path is not None

    @contextmanager
    def opened(self) -> Iterator[Store]:
        if self.path is None:
            assert self.store is not None
            yield self.store
            return
        with Store.open(self.path, check=False) as store:  # the window checked it
            yield store


# ------------------------------------------------------------------ reading
def read_report(db: DbRef, report_id: int) -> Report:
    with db.opened() as store:
        return store.get_report(report_id)


def list_reports(db: DbRef) -> list[ReportSummary]:
    with db.opened() as store:
        return store.list_reports()


# ------------------------------------------------------------------ export
def build(db: DbRef, report_id: int, recompress: bool = False) -> BuiltPackage:
    """The package bytes of one report, with its printed PDF."""
    with db.opened() as store:
        return build_package(store, report_id, recompress=Recompress() if recompress else None)


def format_size(size: int) -> str:
    """'0.97 MB' / '34.2 MB' (decimal megabytes, as mail services count them)."""
    megabytes = size / 1_000_000
    if megabytes < 10:
        return _("{n} MB").format(n=f"{megabytes:.2f}")
    return _("{n} MB").format(n=f"{megabytes:.1f}")


# ------------------------------------------------------------------ import
class FileEvents(QObject):
    """Per-file results of a batch import, emitted on the worker thread, received on the GUI
    thread (create the object on the GUI thread)."""

    file_done = Signal(object)  # FileImport


@dataclass(frozen=True)
class FileImport:
    """One file's result, and the ids of reports it moved to history (no longer listed)."""

    result: FileResult
    replaced: tuple[int, ...] = ()


@dataclass(frozen=True)
class ImportBatch:
    items: list[FileImport]
    cancelled: bool

    @property
    def results(self) -> list[FileResult]:
        return [item.result for item in self.items]


def import_one(store: Store, path: Path, on_conflict: OnConflict = "ask") -> FileImport:
    """Import one package; never raises for a bad file (the result says why, in Thai)."""
    return next(_imports(store, [(path, on_conflict)], None))


def _imports(store: Store, pairs: Sequence[tuple[Path, OnConflict]],
             cancel: threading.Event | None) -> Iterator[FileImport]:
    """Each file's result; the next file is read and checked while one is written."""
    stream = import_stream(store, list(pairs),
                           cancelled=cancel.is_set if cancel is not None else None)
    for path, outcome in stream:
        if isinstance(outcome, ItaError):
            yield FileImport(FileResult(path, "refused", outcome.text(), english=outcome.english))
        elif isinstance(outcome, Exception):  # one odd file must not stop the others
            yield FileImport(FileResult(
                path, "refused",
                _("This file could not be imported because of an unexpected error; nothing was "
                  "changed. Send the file to the person who supports this program."),
                english="".join(traceback.format_exception(outcome))))
        elif isinstance(outcome, BaseException):
            raise outcome
        else:
            yield FileImport(FileResult(path, outcome.status, outcome.message,
                                        outcome.report_id, outcome.agency,
                                        conflict_kind=outcome.conflict_kind), outcome.replaced)


def import_files(db: DbRef, files: Sequence[Path] | Sequence[tuple[Path, OnConflict]],
                 on_conflict: OnConflict = "ask", *, progress: Progress | None = None,
                 events: FileEvents | None = None, cancel: threading.Event | None = None
                 ) -> ImportBatch:
    """Import each file in its own transaction (one bad file never stops the rest); each
    result goes to ``events`` as soon as it is known. ``cancel`` stops before the next file.
    ``files`` may pair each path with its own ``on_conflict`` (the user's answers). Files
    imported before and unchanged since are not read again (core ``import_log``)."""
    pairs = [item if isinstance(item, tuple) else (Path(item), on_conflict) for item in files]
    items: list[FileImport] = []
    with db.opened() as store:
        for n, item in enumerate(_imports(store, pairs, cancel), start=1):
            items.append(item)
            if events is not None:
                events.file_done.emit(item)
            if progress is not None:
                progress(n, len(pairs))
    return ImportBatch(items, len(items) < len(pairs))


# ------------------------------------------------------------------ consolidation
def summary_of(db: DbRef, report_ids: Sequence[int], expected: Sequence[str] | None) -> Summary:
    with db.opened() as store:
        return summarize(store, report_ids, expected)


def consolidated_pdf(db: DbRef, summary: Summary, progress: Progress | None = None) -> bytes:
    """The summary table, then every sent office's printed report."""
    from ...core.package.summary_pdf import summary_pdf

    def step(n: int, total: int, _agency: str) -> None:
        if progress is not None:
            progress(n, total)

    with db.opened() as store:
        return summary_pdf(summary, store, progress=step)


def summary_workbook(summary: Summary, files: list[FileResult] | None) -> bytes:
    from ...core.package.summary_xlsx import summary_xlsx

    return summary_xlsx(summary, files)
