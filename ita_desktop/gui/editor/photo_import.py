"""Photo import off the GUI thread.

A job on Qt's global thread pool runs ``core.photos`` on each file and reports every outcome
through ``jobs.JobRunner`` (no QObject is made or freed on the worker thread; see jobs.py); the
GUI thread stores the processed photos (the Store write stays on the GUI thread) and shows the
messages. A bad file does not stop the others.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...core.base.errors import PhotoError
from ...core.photos.intake import ProcessedPhoto, process_photo, read_photo_file
from ..i18n import _
from ..jobs import Failure, JobRunner
from ..qt import QObject, QThreadPool, Signal

Source = str | tuple[str, bytes]  # a file path, or (name, bytes) from the clipboard


def _process_all(sources: list[Source], cancelled: threading.Event,
                 report: Callable[..., None]) -> None:
    """Runs on the worker: each outcome goes to ``report`` as ("processed", index, photo) or
    ("failed", index, file name, message)."""
    for index, source in enumerate(sources):
        if cancelled.is_set():
            break
        name = Path(source).name if isinstance(source, str) else source[0]
        try:
            if isinstance(source, str):
                photo = read_photo_file(source)
            else:
                photo = process_photo(source[1], source[0])
        except PhotoError as exc:
            report("failed", index, name, exc.message)
        except Exception as exc:  # noqa: BLE001 - never let one file kill the import
            report("failed", index, name, _("could not be read ({error})").format(
                error=type(exc).__name__))
        else:
            report("processed", index, photo)


class PhotoImport(QObject):
    """One import run. Connect to ``processed``/``failed``/``finished`` then ``start()``."""

    processed = Signal(int, object)
    failed = Signal(int, str, str)
    finished = Signal()

    def __init__(self, sources: list[Source], parent: QObject | None = None):
        super().__init__(parent)
        self.sources = sources
        self._cancelled = threading.Event()
        self._runner = JobRunner(self, QThreadPool.globalInstance())

    def start(self) -> None:
        sources, cancelled = list(self.sources), self._cancelled
        self._runner.submit(lambda report: _process_all(sources, cancelled, report),
                            done=self._on_done, failed=self._on_failed,
                            progress=self._on_progress)

    def cancel(self) -> None:
        self._cancelled.set()

    def _on_progress(self, kind: str, index: int, *rest: Any) -> None:
        if kind == "processed":
            self.processed.emit(index, rest[0])
        else:
            self.failed.emit(index, rest[0], rest[1])

    def _on_done(self, _result: None) -> None:
        self.finished.emit()

    def _on_failed(self, failure: Failure) -> None:  # _process_all catches per file
        self.failed.emit(-1, "", str(failure.error))
        self.finished.emit()


__all__ = ["PhotoImport", "ProcessedPhoto"]
