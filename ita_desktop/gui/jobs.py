"""Background jobs: work on a worker thread, results delivered on the GUI thread.

Lifetime rules, each learnt from a crash (issue 11: a segfault in one CI run in four):

* **No QObject per job.** A ``Job`` is a ``QRunnable`` that the pool deletes on its own thread
  after ``run()``; it holds plain Python objects only. It reports through the one ``_Reporter``
  QObject, made on the GUI thread on first use and kept until the process ends. Before, each job
  had its own signals QObject that the pool could free on the worker thread while the GUI thread
  was destroying the receiver connected to it: Qt's ``disconnectNotify`` then called into a
  half-freed Python wrapper.
* **Results reach only a live owner.** A ``JobRunner`` (plain Python, owned by a dialog) keeps
  the callbacks of its jobs; the reporter, on the GUI thread, passes a result on only while the
  runner is attached and its owner widget still exists. ``detach()`` (when the owner closes)
  cancels the jobs not started yet and drops every later result.
* **A dropped result is disposed of on the worker thread.** A result may hold something that
  must not be finalised on the GUI thread (an open PDFium document): ``submit(dispose=...)``
  names what to do with it when nobody takes it, and that runs as a job of its own.
"""

from __future__ import annotations

import itertools
import sys
import threading
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.base.errors import ItaError
from .qt import QCoreApplication, QObject, QRunnable, QThread, QThreadPool, Signal, Slot, is_alive

Progress = Callable[..., None]

_ids = itertools.count(1)
_pool: QThreadPool | None = None
_store_pool: QThreadPool | None = None
_reporter: _Reporter | None = None


def pdf_pool() -> QThreadPool:
    """The one thread all PDF and package work runs on (created on first use): PDFium is not
    thread-safe, and one thread keeps the work in the order it was asked for."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
        _pool.setExpiryTimeout(30_000)
    return _pool


def store_pool() -> QThreadPool:
    """The thread of the long database jobs (backups before a risky step, copies, restores),
    apart from the PDF thread so that a preview is not held up by a backup."""
    global _store_pool
    if _store_pool is None:
        _store_pool = QThreadPool()
        _store_pool.setMaxThreadCount(1)
        _store_pool.setExpiryTimeout(30_000)
    return _store_pool


def wait_idle(msecs: int = 30_000) -> bool:
    """Wait for queued PDF and database work to finish (tests, application exit)."""
    return all(pool.waitForDone(msecs) for pool in (_pool, _store_pool) if pool is not None)


def on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


@dataclass(frozen=True)
class Failure:
    """What a job raised: the exception and its traceback text (for a 'details' box)."""

    error: BaseException
    details: str

    @property
    def is_expected(self) -> bool:
        return isinstance(self.error, ItaError)


@dataclass
class _Pending:
    runner: JobRunner
    job: Job
    keep: bool
    done: Callable[[Any], None] | None
    failed: Callable[[Failure], None] | None
    progress: Progress | None
    dispose: Callable[[Any], None] | None


class _Reporter(QObject):
    """The single receiver of every job's outcome; lives on the GUI thread until exit."""

    done = Signal(int, object)
    failed = Signal(int, object)
    progress = Signal(int, object)  # job id, the progress call's arguments (a tuple)

    def __init__(self) -> None:
        super().__init__()
        self.pending: dict[int, _Pending] = {}
        # the receiver is this object, which lives on the GUI thread: queued from workers
        self.done.connect(self._on_done)
        self.failed.connect(self._on_failed)
        self.progress.connect(self._on_progress)

    def _listener(self, job_id: int, *, final: bool) -> _Pending | None:
        pending = self.pending.pop(job_id, None) if final else self.pending.get(job_id)
        if pending is None:
            return None
        if final:
            pending.runner.finished(job_id)
        if pending.runner.detached or not pending.runner.owner_alive():
            return None
        return pending

    @Slot(int, object)
    def _on_done(self, job_id: int, result: Any) -> None:
        record = self.pending.get(job_id)
        pending = self._listener(job_id, final=True)
        if pending is not None and pending.done is not None:
            pending.done(result)
        elif record is not None and record.dispose is not None and result is not None:
            dispose = record.dispose
            _start(Job(lambda _progress: dispose(result)), pdf_pool(), -1)

    @Slot(int, object)
    def _on_failed(self, job_id: int, failure: Failure) -> None:
        pending = self._listener(job_id, final=True)
        if pending is not None and pending.failed is not None:
            pending.failed(failure)

    @Slot(int, object)
    def _on_progress(self, job_id: int, args: tuple[Any, ...]) -> None:
        pending = self._listener(job_id, final=False)
        if pending is not None and pending.progress is not None:
            pending.progress(*args)


def _the_reporter() -> _Reporter:
    global _reporter
    if _reporter is None:
        if not on_gui_thread():
            raise RuntimeError("jobs are submitted from the GUI thread only")
        _reporter = _Reporter()
    return _reporter


class Job(QRunnable):
    """Runs ``work(progress)`` on a pool thread and reports to the reporter under ``job_id``
    (no id: nobody listens, e.g. closing a PDF). ``cancel()`` before it starts skips it."""

    def __init__(self, work: Callable[[Progress], Any], job_id: int | None = None,
                 reporter: _Reporter | None = None):
        super().__init__()
        self.setAutoDelete(True)
        self.job_id = job_id
        self._reporter = reporter
        self._work = work
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()  # first: run() reads the work, then checks this
        self._work = None  # let go of what the work holds (it may hold the owner)

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def run(self) -> None:
        reporter, job_id = self._reporter, self.job_id
        work, self._work = self._work, None  # what the work holds is let go on this thread
        if self._cancelled.is_set():
            if reporter is not None and job_id is not None:
                reporter.done.emit(job_id, None)  # nobody listens any more: clears its record
            return
        try:
            if reporter is None or job_id is None:
                work(_ignore)
                return
            result = work(lambda *args: reporter.progress.emit(job_id, args))
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI, never lost
            if reporter is None or job_id is None:
                print(f"background job failed: {exc!r}", file=sys.stderr)
                return
            reporter.failed.emit(job_id, Failure(exc, traceback.format_exc()))
        else:
            reporter.done.emit(job_id, result)
            del result


def _ignore(*_args: Any) -> None:
    pass


def _start(job: Job, pool: QThreadPool, priority: int) -> None:
    pool.start(job, priority)


class JobRunner:
    """Submits jobs for one owner (a dialog or widget) and passes their outcome back to it.

    The callbacks given to ``submit`` run on the GUI thread. ``detach()`` (when the owner closes)
    cancels jobs not yet started, except those submitted with ``keep=True`` (a print in
    progress), and drops every later result; a dropped result goes to ``dispose`` (on the worker
    thread) when one was given.
    """

    def __init__(self, owner: QObject, pool: QThreadPool | None = None):
        self._owner = weakref.ref(owner)  # the owner holds its runner: no cycle back
        self._pool = pool
        self._running: set[int] = set()
        self.detached = False
        self.closing = threading.Event()  # set by detach(); jobs may check it (thread-safe)

    def owner_alive(self) -> bool:
        owner = self._owner()
        return owner is not None and is_alive(owner)

    @property
    def pool(self) -> QThreadPool:
        return self._pool if self._pool is not None else pdf_pool()

    def submit(self, work: Callable[[Progress], Any], *,
               done: Callable[[Any], None] | None = None,
               failed: Callable[[Failure], None] | None = None,
               progress: Progress | None = None,
               dispose: Callable[[Any], None] | None = None,
               keep: bool = False, first: bool = False) -> Job | None:
        if self.detached:
            return None
        reporter = _the_reporter()
        job_id = next(_ids)
        job = Job(work, job_id, reporter)
        reporter.pending[job_id] = _Pending(self, job, keep, done, failed, progress, dispose)
        self._running.add(job_id)
        _start(job, self.pool, 1 if first else 0)
        return job

    def submit_cleanup(self, work: Callable[[], None]) -> None:
        """Queue ``work`` on the PDF thread after everything else, with no one listening."""
        _start(Job(lambda _progress: work()), pdf_pool(), -1)

    def busy(self) -> bool:
        return bool(self._running)

    def finished(self, job_id: int) -> None:
        self._running.discard(job_id)

    def detach(self) -> None:
        self.detached = True
        self.closing.set()
        if _reporter is None:
            return
        for job_id in self._running:
            pending = _reporter.pending.get(job_id)
            if pending is None:
                continue
            if not pending.keep:
                pending.job.cancel()
            # results are dropped from now on: let go of the owner's callbacks at once
            pending.done = pending.failed = pending.progress = None
