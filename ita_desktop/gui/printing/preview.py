"""Print preview: the real PDF pages, zoom, page navigation, Save as PDF… and Print….

``PreviewDialog(render, suggested_name)`` calls ``render()`` (which returns the report's PDF
bytes) on the PDF worker thread while the dialog shows a busy indicator, then shows the pages
rasterised by PDFium at the zoom's resolution (on the same thread, cached, the page after the
current one prepared ahead). Nothing here blocks the window: building the PDF, drawing pages
and printing all run in ``render_worker``; this module only touches widgets, in the GUI thread.

Printing goes through the system's printers (QPrintDialog / QPrinter), A4 landscape by default;
each chosen page is rasterised at the printer's resolution capped at 300 dpi and painted onto
the printer page, so what comes out is exactly what the preview showed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...core.base.atomic import write_atomically
from ...core.base.errors import ItaError
from ...core.text import thai
from ..i18n import _, ngettext
from ..jobs import Failure, JobRunner
from ..qt import (
    QAbstractPrintDialog,
    QColor,
    QDialog,
    QEvent,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QImage,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QMessageBox,
    QObject,
    QPageLayout,
    QPageSize,
    QPixmap,
    QPlainTextEdit,
    QPrintDialog,
    QPrinter,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QShortcut,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QStandardPaths,
    QStyle,
    Qt,
    QTimer,
    QToolButton,
    QVBoxLayout,
    QWheelEvent,
    QWidget,
)
from .render_worker import PdfPages, close_pages_in, open_pdf, print_pages, selected_pages

PIXELS_PER_POINT = 96 / 72  # 100 % zoom: the page at its real size on a 96-dpi screen
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
PAGE_MARGIN = 12  # logical pixels around the page in the view
CACHE_BYTES = 64 * 1024 * 1024  # page images kept; modest PCs
FIT_WIDTH, FIT_PAGE, CUSTOM = "fit-width", "fit-page", "custom"

PageKey = tuple[int, float]  # (page index, device pixels per point)

_last_save_dir: Path | None = None


class _Wanted:
    """The page images the view wants now; read by jobs on the PDF thread to skip stale work."""

    def __init__(self) -> None:
        self.keys: frozenset[PageKey] = frozenset()


class PreviewDialog(QDialog):
    """Preview, save and print the PDF that ``render()`` returns.

    ``render`` runs on a worker thread: it must not touch widgets (read what it needs from the
    report before, e.g. ``lambda: render_pdf(report, store, framework)`` with a copy of the
    report). An ``ItaError`` it raises is shown with its Thai message; anything else with a calm
    generic message and the details.
    """

    def __init__(self, render: Callable[[], bytes], suggested_name: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{_('Print preview')} — {Path(suggested_name).name}"
                            if suggested_name.strip() else _("Print preview"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1200, 740)
        self._render = render
        name = suggested_name.strip() or "report.pdf"
        self._suggested_name = name if name.lower().endswith(".pdf") else f"{name}.pdf"
        self._runner = JobRunner(self)
        self._pdf_bytes: bytes | None = None
        self._pages: PdfPages | None = None
        self._sizes: list[tuple[float, float]] = []
        self._current = 0
        self._zoom_mode = FIT_PAGE
        self._zoom = 1.0
        self._cache: OrderedDict[PageKey, QImage] = OrderedDict()
        self._cache_bytes = 0
        self._pending: set[PageKey] = set()
        self._wanted = _Wanted()
        self._wheel = 0
        self._printer: QPrinter | None = None
        self._printing = False
        self._print_cancel = threading.Event()
        self._closed = False
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(120)
        self._resize_timer.timeout.connect(self._show_page)
        self._build()
        self._start_render()

    # ------------------------------------------------------------------------------ public
    def page_count(self) -> int:
        return len(self._sizes)

    def current_page(self) -> int:
        """The page shown, 0-based."""
        return self._current

    def is_busy(self) -> bool:
        """True while the PDF is being built (the busy indicator is shown)."""
        return self._stack.currentWidget() is self._busy_panel

    def zoom_percent(self) -> int:
        return round(self._display_scale() / PIXELS_PER_POINT * 100)

    def _page_box_changed(self, value: int) -> None:
        self.go_to_page(value - 1)

    def go_to_page(self, index: int) -> None:
        if not self._sizes:
            return
        index = max(0, min(index, len(self._sizes) - 1))
        if index != self._current:
            self._current = index
            self._wheel = 0
            self._show_page()

    def next_page(self) -> None:
        self.go_to_page(self._current + 1)
        self._scroll.verticalScrollBar().setValue(0)

    def previous_page(self) -> None:
        self.go_to_page(self._current - 1)

    def zoom_in(self) -> None:
        current = self._display_scale() / PIXELS_PER_POINT
        self._set_zoom(next((z for z in ZOOM_STEPS if z > current * 1.01), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        current = self._display_scale() / PIXELS_PER_POINT
        smaller = [z for z in ZOOM_STEPS if z < current * 0.99]
        self._set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def fit_width(self) -> None:
        self._zoom_mode = FIT_WIDTH
        self._show_page()

    def fit_page(self) -> None:
        self._zoom_mode = FIT_PAGE
        self._show_page()

    def save_pdf(self) -> bool:
        """Ask where to save the PDF and write it there atomically. True when saved."""
        global _last_save_dir
        if self._pdf_bytes is None:
            return False
        folder = _last_save_dir or _documents_dir()
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save as PDF"), str(folder / self._suggested_name), _("PDF files (*.pdf)"))
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_atomically(path, self._pdf_bytes)
        except PermissionError:
            self._warn(_("Could not save the PDF"),
                       _("The file {name} could not be written. It may be open in another "
                         "program (close it there) or the folder may be read-only. Try again "
                         "or choose another name or folder.").format(name=path.name))
            return False
        except OSError as exc:
            self._warn(_("Could not save the PDF"),
                       _("The file {name} could not be written ({reason}). Try again or choose "
                         "another folder.").format(name=path.name, reason=exc.strerror or exc))
            return False
        _last_save_dir = path.parent
        self._set_status(_("Saved: {path}").format(path=str(path)))
        return True

    def print_document(self) -> bool:
        """Show the print dialog and print the chosen pages (in the background). True when
        printing started."""
        if self._pages is None or self._printing:
            return False
        printer = self._make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        dialog.setMinMax(1, len(self._sizes))
        options = QAbstractPrintDialog.PrintDialogOption
        for option in (options.PrintPageRange, options.PrintCurrentPage, options.PrintToFile,
                       options.PrintCollateCopies, options.PrintShowPageSize):
            dialog.setOption(option, True)
        if not dialog.exec():
            return False
        pages = selected_pages(printer, len(self._sizes), self._current)
        if not pages:
            self._set_status(_("No pages in the chosen range; nothing was printed."))
            return False
        pdf = self._pages
        self._printing = True
        self._print_cancel = cancel = threading.Event()
        self._print_button.setEnabled(False)
        self._progress.setRange(0, len(pages))
        self._progress.setValue(0)
        self._progress.show()
        self._cancel_print_button.show()
        self._set_status(_("Printing…"))
        self._runner.submit(lambda progress: print_pages(pdf, printer, pages, progress,
                                                         cancel.is_set),
                            done=self._on_printed, failed=self._on_print_failed,
                            progress=self._on_print_progress, keep=True, first=True)
        return True

    # ------------------------------------------------------------------------------ build
    def _build(self) -> None:
        style = self.style()
        self._prev_button = self._button(_("Previous page"), self.previous_page,
                                         style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self._prev_button.setText(_("Previous"))
        self._next_button = self._button(_("Next page"), self.next_page,
                                         style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
        self._next_button.setText(_("Next"))
        self._page_box = _PageBox()
        self._page_box.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self._page_box.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._page_box.setRange(1, 1)
        self._page_box.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000") + 16)
        self._page_box.setAccessibleName(_("Page number"))
        self._page_box.valueChanged.connect(self._page_box_changed)
        page_word = QLabel(_("Page"))
        page_word.setBuddy(self._page_box)
        self._count_label = QLabel("/ –")

        self._zoom_out_button = self._tool("−", _("Zoom out (Ctrl+-)"), self.zoom_out)
        self._zoom_label = QLabel("100%")
        self._zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("400%") + 8)
        self._zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._zoom_in_button = self._tool("+", _("Zoom in (Ctrl++)"), self.zoom_in)
        self._fit_width_button = self._tool(_("Fit width"), _("Fit the page width to the window"),
                                            self.fit_width, checkable=True)
        self._fit_page_button = self._tool(_("Whole page"),
                                           _("Show the whole page (Ctrl+0)"), self.fit_page,
                                           checkable=True)
        self._save_button = self._button(_("Save as PDF…"), self.save_pdf,
                                         style.standardIcon(
                                             QStyle.StandardPixmap.SP_DialogSaveButton))
        self._save_button.setToolTip(_("Save the report as a PDF file (Ctrl+S)"))
        self._print_button = self._button(_("Print…"), self.print_document)
        self._print_button.setToolTip(_("Print on a printer of this computer (Ctrl+P)"))
        close_button = self._button(_("Close"), self.reject)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        for widget in (self._prev_button, page_word, self._page_box, self._count_label,
                       self._next_button, _separator(), self._zoom_out_button, self._zoom_label,
                       self._zoom_in_button, self._fit_width_button, self._fit_page_button):
            bar.addWidget(widget)
        bar.addStretch(1)

        # busy: shown while render() runs
        self._busy_panel = QWidget()
        busy_text = QLabel(_("Preparing the report for printing…"))
        busy_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        busy_bar = QProgressBar()
        busy_bar.setRange(0, 0)
        busy_bar.setTextVisible(False)
        busy_bar.setFixedWidth(320)
        busy_bar.setAccessibleName(_("Preparing the report for printing…"))
        busy_layout = QVBoxLayout(self._busy_panel)
        busy_layout.addStretch(1)
        busy_layout.addWidget(busy_text)
        busy_layout.addWidget(busy_bar, 0, Qt.AlignmentFlag.AlignHCenter)
        busy_layout.addStretch(2)

        # pages
        self._page_view = QLabel()
        self._page_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._page_view.setStyleSheet("QLabel { background: white; border: 1px solid #9a9a9a; }")
        self._scroll = QScrollArea()
        self._scroll.setWidget(self._page_view)
        self._scroll.setWidgetResizable(False)
        self._scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._scroll.setAccessibleName(_("Report page"))
        palette = self._scroll.viewport().palette()
        palette.setColor(self._scroll.viewport().backgroundRole(), QColor("#d9dbde"))
        self._scroll.viewport().setPalette(palette)
        self._scroll.viewport().setAutoFillBackground(True)
        self._scroll.viewport().installEventFilter(self)
        self._scroll.installEventFilter(self)  # Home / End; resizing refits the page

        # error
        self._error_panel = QWidget()
        self._error_icon = QLabel()
        self._error_icon.setPixmap(style.standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48))
        self._error_title = QLabel()
        title_font = self._error_title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.15)
        self._error_title.setFont(title_font)
        self._error_text = QLabel()
        self._error_text.setWordWrap(True)
        self._error_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._details_button = self._button(_("Show details"), self._toggle_details)
        self._retry_button = self._button(_("Try again"), self._start_render)
        self._details = QPlainTextEdit()
        self._details.setReadOnly(True)
        self._details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._details.hide()
        head = QHBoxLayout()
        head.addWidget(self._error_icon, 0, Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        texts.addWidget(self._error_title)
        texts.addWidget(self._error_text)
        buttons = QHBoxLayout()
        buttons.addWidget(self._retry_button)
        buttons.addWidget(self._details_button)
        buttons.addStretch(1)
        texts.addLayout(buttons)
        head.addLayout(texts, 1)
        error_layout = QVBoxLayout(self._error_panel)
        error_layout.setContentsMargins(32, 32, 32, 16)
        error_layout.addLayout(head)
        error_layout.addWidget(self._details, 1)
        error_layout.addStretch(0)

        self._stack = QStackedWidget()
        for panel in (self._busy_panel, self._scroll, self._error_panel):
            self._stack.addWidget(panel)

        self._status = QLabel()
        self._status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._progress = QProgressBar()
        self._progress.setFixedWidth(220)
        self._progress.setFormat(_("Page %v of %m"))
        self._progress.hide()
        self._cancel_print_button = self._button(_("Cancel printing"), self.cancel_printing)
        self._cancel_print_button.hide()
        status_row = QHBoxLayout()  # status on the left, the dialog's buttons bottom right
        status_row.addWidget(self._status, 1)
        status_row.addWidget(self._progress)
        status_row.addWidget(self._cancel_print_button)
        for widget in (self._save_button, self._print_button, close_button):
            status_row.addWidget(widget)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.addLayout(bar)
        layout.addWidget(self._stack, 1)
        layout.addLayout(status_row)

        shortcuts: list[tuple[QKeySequence | str, Callable[[], Any]]] = [
            (QKeySequence(Qt.Key.Key_PageDown), self.next_page),
            (QKeySequence(Qt.Key.Key_PageUp), self.previous_page),
            (QKeySequence(QKeySequence.StandardKey.ZoomIn), self.zoom_in),
            ("Ctrl+=", self.zoom_in),
            (QKeySequence(QKeySequence.StandardKey.ZoomOut), self.zoom_out),
            ("Ctrl+0", self.fit_page),
            (QKeySequence(QKeySequence.StandardKey.Print), self.print_document),
            (QKeySequence(QKeySequence.StandardKey.Save), self.save_pdf),
        ]
        for key, slot in shortcuts:
            QShortcut(QKeySequence(key), self, slot)
        chain = [self._prev_button, self._page_box, self._next_button, self._zoom_out_button,
                 self._zoom_in_button, self._fit_width_button, self._fit_page_button,
                 self._scroll, self._retry_button, self._details_button, self._details,
                 self._save_button, self._print_button, self._cancel_print_button, close_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self._update_controls()

    def _button(self, text: str, slot: Callable[[], Any], icon: Any = None) -> QPushButton:
        button = QPushButton(text)
        if icon is not None:
            button.setIcon(icon)
        button.setAutoDefault(False)  # Enter in the page box must not print or close
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _tool(self, text: str, tip: str, slot: Callable[[], Any], *,
              checkable: bool = False) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setCheckable(checkable)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        if text in ("+", "−"):
            button.setMinimumWidth(self.fontMetrics().height() * 2)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # ------------------------------------------------------------------------------ render
    def _start_render(self) -> None:
        self._close_pages()
        self._stack.setCurrentWidget(self._busy_panel)
        self._set_status("")
        self._update_controls()
        render = self._render
        closing = self._runner.closing

        def work(_progress: Callable[[int, int], None]) -> tuple[bytes, PdfPages] | None:
            data = render()
            pages = open_pdf(data)
            if closing.is_set():  # the dialog closed meanwhile: close the PDF here, on this thread
                pages.close()
                return None
            return bytes(data), pages

        self._runner.submit(work, done=self._on_rendered, failed=self._on_render_failed,
                            dispose=close_pages_in)

    def _on_rendered(self, result: tuple[bytes, PdfPages] | None) -> None:
        if result is None:
            return
        data, pages = result
        if self._pages is not None:  # a retry overtook an earlier render
            self._runner.submit_cleanup(self._pages.close)
        if not len(pages):
            pages_to_close = pages
            self._runner.submit_cleanup(pages_to_close.close)
            self._show_error(_("The report has no pages"),
                             _("The printed report came out empty. Add entries to the report "
                               "and try again."), "")
            return
        self._pdf_bytes, self._pages, self._sizes = data, pages, list(pages.sizes)
        self._cache.clear()
        self._cache_bytes = 0
        self._current = min(self._current, len(self._sizes) - 1)
        self._page_box.blockSignals(True)
        self._page_box.setRange(1, len(self._sizes))
        self._page_box.blockSignals(False)
        self._count_label.setText(f"/ {len(self._sizes)}")
        self._stack.setCurrentWidget(self._scroll)
        self._scroll.setFocus()
        self._set_status(ngettext("{n} page", "{n} pages", len(self._sizes)).format(
            n=len(self._sizes)))
        self._show_page()

    def _on_render_failed(self, failure: Failure) -> None:
        if failure.is_expected:
            error = failure.error
            assert isinstance(error, ItaError)
            self._show_error(_("The report cannot be printed yet"), error.text(), "")
        else:
            self._show_error(
                _("The preview could not be prepared"),
                _("Something unexpected went wrong while preparing the printed report. Your "
                  "report is safe and nothing was changed. Try again; if it happens again, "
                  "send the details below to the person who supports this program."),
                failure.details)

    def _show_error(self, title: str, message: str, details: str) -> None:
        self._error_title.setText(title)
        self._error_text.setText(message)
        self._details.setPlainText(details)
        self._details.hide()
        self._details_button.setText(_("Show details"))
        self._details_button.setVisible(bool(details))
        self._stack.setCurrentWidget(self._error_panel)
        self._update_controls()
        self._retry_button.setFocus()

    def error_text(self) -> str:
        """The message shown in place of the pages ('' when there is none)."""
        if self._stack.currentWidget() is not self._error_panel:
            return ""
        return self._error_text.text()

    def _toggle_details(self) -> None:
        show = not self._details.isVisible()
        self._details.setVisible(show)
        self._details_button.setText(_("Hide details") if show else _("Show details"))

    # ------------------------------------------------------------------------------ pages
    def _display_scale(self) -> float:
        """Logical pixels per point for the current page and zoom."""
        if self._zoom_mode == CUSTOM or not self._sizes:
            return self._zoom * PIXELS_PER_POINT
        width_pt, height_pt = self._sizes[self._current]
        viewport = self._scroll.maximumViewportSize()  # as if there were no scroll bars
        avail_w = max(50, viewport.width() - 2 * PAGE_MARGIN - 2)  # 2: the page's border
        avail_h = max(50, viewport.height() - 2 * PAGE_MARGIN - 2)
        if self._zoom_mode == FIT_PAGE:
            return min(avail_w / width_pt, avail_h / height_pt)
        scale = avail_w / width_pt
        if height_pt * scale > avail_h:  # a vertical scroll bar will take some width
            bar = self._scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
            scale = max(50, avail_w - bar) / width_pt
        return scale

    def _set_zoom(self, zoom: float) -> None:
        self._zoom_mode = CUSTOM
        self._zoom = max(ZOOM_STEPS[0], min(zoom, ZOOM_STEPS[-1]))
        self._show_page()

    def _key(self, index: int, scale: float) -> PageKey:
        return (index, round(scale * self.devicePixelRatioF(), 3))

    def _show_page(self) -> None:
        self._update_controls()
        if not self._sizes or self._pages is None:
            return
        index = self._current
        scale = self._display_scale()
        key = self._key(index, scale)
        width_pt, height_pt = self._sizes[index]
        dpr = self.devicePixelRatioF()
        size_px = (max(1, round(width_pt * key[1])), max(1, round(height_pt * key[1])))
        image = self._cache.get(key)
        if image is not None:
            self._cache.move_to_end(key)
        else:
            image = self._stand_in(key, size_px)
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(dpr)
        self._page_view.setPixmap(pixmap)
        self._page_view.setFixedSize(round(size_px[0] / dpr) + 2, round(size_px[1] / dpr) + 2)
        wanted = [key]
        if index + 1 < len(self._sizes):
            wanted.append(self._key(index + 1, scale))
        if index > 0:
            wanted.append(self._key(index - 1, scale))
        self._wanted.keys = frozenset(wanted)
        for want in wanted:
            self._request(want)

    def _stand_in(self, key: PageKey, size_px: tuple[int, int]) -> QImage:
        """While the page is drawn at the new size: the nearest cached image scaled, or white."""
        others = [(k, img) for k, img in self._cache.items() if k[0] == key[0]]
        if others:
            _key, nearest = min(others, key=lambda item: abs(item[0][1] - key[1]))
            return nearest.scaled(size_px[0], size_px[1], Qt.AspectRatioMode.IgnoreAspectRatio,
                                  Qt.TransformationMode.FastTransformation)
        blank = QImage(size_px[0], size_px[1], QImage.Format.Format_RGB32)
        blank.fill(QColor("white"))
        return blank

    def _request(self, key: PageKey) -> None:
        if key in self._cache or key in self._pending or self._pages is None:
            return
        self._pending.add(key)
        pages, wanted = self._pages, self._wanted

        def work(_progress: Callable[[int, int], None]) -> tuple[PageKey, QImage | None]:
            if key not in wanted.keys:  # the user moved on before this page's turn
                return key, None
            return key, pages.render(key[0], key[1])

        first = key[0] == self._current
        self._runner.submit(work, done=self._on_page, failed=self._on_page_failed, first=first)

    def _on_page(self, result: tuple[PageKey, QImage | None]) -> None:
        key, image = result
        self._pending.discard(key)
        if image is None:
            if key in self._wanted.keys:
                self._request(key)
            return
        self._cache[key] = image
        self._cache_bytes += image.sizeInBytes()
        while self._cache_bytes > CACHE_BYTES and len(self._cache) > 1:
            _old, dropped = self._cache.popitem(last=False)
            self._cache_bytes -= dropped.sizeInBytes()
        if key == self._key(self._current, self._display_scale()):
            self._show_page()

    def _on_page_failed(self, failure: Failure) -> None:
        self._pending.clear()
        self._show_error(_("The page cannot be shown"),
                         _("Something unexpected went wrong while drawing the page. Your report "
                           "is safe; try again."), failure.details)

    def _update_controls(self) -> None:
        ready = self._pages is not None and bool(self._sizes) \
            and self._stack.currentWidget() is self._scroll
        count = len(self._sizes)
        self._prev_button.setEnabled(ready and self._current > 0)
        self._next_button.setEnabled(ready and self._current < count - 1)
        self._page_box.setEnabled(ready)
        for button in (self._zoom_out_button, self._zoom_in_button, self._fit_width_button,
                       self._fit_page_button):
            button.setEnabled(ready)
        self._save_button.setEnabled(ready)
        self._print_button.setEnabled(ready and not self._printing)
        self._fit_width_button.setChecked(self._zoom_mode == FIT_WIDTH)
        self._fit_page_button.setChecked(self._zoom_mode == FIT_PAGE)
        if ready:
            self._page_box.blockSignals(True)
            self._page_box.setValue(self._current + 1)
            self._page_box.blockSignals(False)
            self._zoom_label.setText(f"{self.zoom_percent()}%")
        else:
            self._zoom_label.setText("–")

    def page_text(self) -> str:
        """'Page 1/5' as the page box shows it (for tests and accessibility)."""
        return f"{_('Page')} {self._current + 1}/{len(self._sizes)}" if self._sizes else ""

    # ------------------------------------------------------------------------------ print
    def _make_printer(self) -> QPrinter:
        """The printer, A4 landscape by default; kept for the next print in this dialog so the
        user's choices (printer, copies, paper) stay."""
        if self._printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
            printer.setPageOrientation(QPageLayout.Orientation.Landscape)
            printer.setFullPage(True)  # see render_worker.print_pages
            printer.setDocName(Path(self._suggested_name).stem)
            self._printer = printer
        return self._printer

    def _on_print_progress(self, done: int, total: int) -> None:
        self._progress.setRange(0, total)
        self._progress.setValue(done)

    def cancel_printing(self) -> None:
        """Stop sending pages; the pages already sent may still come out of the printer."""
        self._print_cancel.set()
        self._set_status(_("Cancelling…"))

    def _on_printed(self, sent: int) -> None:
        self._printing = False
        self._progress.hide()
        self._cancel_print_button.hide()
        self._update_controls()
        if self._print_cancel.is_set():
            self._set_status(_("Printing cancelled."))
        else:
            self._set_status(_("Sent to the printer: {n} page(s).").format(n=sent))

    def _on_print_failed(self, failure: Failure) -> None:
        self._printing = False
        self._progress.hide()
        self._cancel_print_button.hide()
        self._update_controls()
        self._set_status(_("Printing failed."))
        if failure.is_expected:
            assert isinstance(failure.error, ItaError)
            self._warn(_("Printing failed"), failure.error.text())
        else:
            self._warn(_("Printing failed"),
                       _("The printer did not accept the pages. Check that it is switched on "
                         "and has paper, then try again. Your report is safe."), failure.details)

    # ------------------------------------------------------------------------------ misc
    def _set_status(self, text: str) -> None:
        self._status.setText(text)

    def status_text(self) -> str:
        return self._status.text()

    def _warn(self, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          self)
        if details:
            box.setDetailedText(details)
        box.exec()

    def _close_pages(self) -> None:
        pages, self._pages = self._pages, None
        self._sizes = []
        self._pdf_bytes = None
        self._cache.clear()
        self._cache_bytes = 0
        self._pending.clear()
        self._wanted.keys = frozenset()
        if pages is not None:
            self._runner.submit_cleanup(pages.close)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self._scroll.viewport() and event.type() == QEvent.Type.Wheel:
            assert isinstance(event, QWheelEvent)
            return self._wheel_event(event)
        if watched is self._scroll and event.type() == QEvent.Type.Resize:
            if self._sizes and self._zoom_mode != CUSTOM:  # the fit zooms follow the window
                self._resize_timer.start()
        if watched is self._scroll and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Home and self._sizes:
                self.go_to_page(0)
                return True
            if event.key() == Qt.Key.Key_End and self._sizes:
                self.go_to_page(len(self._sizes) - 1)
                return True
        return super().eventFilter(watched, event)

    def _wheel_event(self, event: QWheelEvent) -> bool:
        delta = event.angleDelta().y()
        if not delta or not self._sizes:
            return False
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_in() if delta > 0 else self.zoom_out()
            return True
        bar = self._scroll.verticalScrollBar()
        at_end = delta < 0 and bar.value() >= bar.maximum() and self._current < len(self._sizes) - 1
        at_start = delta > 0 and bar.value() <= bar.minimum() and self._current > 0
        if not (at_end or at_start):
            self._wheel = 0
            return False
        self._wheel += delta  # a full notch at the edge turns the page (touchpads send many)
        if abs(self._wheel) < 120:
            return True
        self._wheel = 0
        if at_end:
            self.next_page()
        else:
            self.previous_page()
            bar.setValue(bar.maximum())
        return True

    def done(self, result: int) -> None:
        if not self._closed:
            self._closed = True
            self._resize_timer.stop()
            pages = self._pages
            self._pages = None
            self._runner.detach()
            if pages is not None:
                self._runner.submit_cleanup(pages.close)
        super().done(result)


class _PageBox(QSpinBox):
    """The page number box; also takes Thai digits (๓ = 3), as typed with a Thai keyboard."""

    def validate(self, text: str, pos: int) -> object:
        return super().validate(thai.to_arabic_digits(text), pos)

    def valueFromText(self, text: str) -> int:  # noqa: N802 - Qt API
        return super().valueFromText(thai.to_arabic_digits(text))


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def _documents_dir() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(folder) if folder else Path.home()
    return path if path.is_dir() else Path.home()
