"""Photo import off the GUI thread.

A worker (QRunnable on the global QThreadPool) runs ``core.photos`` on each file and reports
every outcome through signals; the GUI thread stores the processed photos (the Store write
stays on the GUI thread) and shows the messages. A bad file does not stop the others.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import PhotoError
from ..core.photos import ProcessedPhoto, process_photo, read_photo_file
from .i18n import _
from .qt import QObject, QRunnable, QThreadPool, Signal

Source = str | tuple[str, bytes]  # a file path, or (name, bytes) from the clipboard


class _Signals(QObject):
    processed = Signal(int, object)  # index, ProcessedPhoto
    failed = Signal(int, str, str)  # index, file name, message
    finished = Signal()


class _Worker(QRunnable):
    def __init__(self, sources: list[Source], signals: _Signals):
        super().__init__()
        self.sources = sources
        self.signals = signals
        self.cancelled = False

    def run(self) -> None:
        for index, source in enumerate(self.sources):
            if self.cancelled:
                break
            name = Path(source).name if isinstance(source, str) else source[0]
            try:
                if isinstance(source, str):
                    photo = read_photo_file(source)
                else:
                    photo = process_photo(source[1], source[0])
            except PhotoError as exc:
                self.signals.failed.emit(index, name, exc.message)
            except Exception as exc:  # noqa: BLE001 - never let one file kill the import
                self.signals.failed.emit(index, name, _("could not be read ({error})").format(
                    error=type(exc).__name__))
            else:
                self.signals.processed.emit(index, photo)
        self.signals.finished.emit()


class PhotoImport(QObject):
    """One import run. Connect to ``processed``/``failed``/``finished`` then ``start()``."""

    processed = Signal(int, object)
    failed = Signal(int, str, str)
    finished = Signal()

    def __init__(self, sources: list[Source], parent: QObject | None = None):
        super().__init__(parent)
        self.sources = sources
        self._signals = _Signals()
        self._signals.processed.connect(self.processed)
        self._signals.failed.connect(self.failed)
        self._signals.finished.connect(self.finished)
        self._worker = _Worker(sources, self._signals)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self._worker)

    def cancel(self) -> None:
        self._worker.cancelled = True


__all__ = ["PhotoImport", "ProcessedPhoto"]
