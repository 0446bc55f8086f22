"""Print preview: the real PDF pages, zoom, page navigation, Save as PDF… and Print….

``PreviewDialog(render, suggested_name)`` calls ``render()`` (which returns the report's PDF
bytes) on the PDF worker thread while the dialog shows a busy indicator, then shows the pages
rasterised by PDFium at the zoom's resolution (on the same thread, cached, the page after the
current one prepared ahead). Nothing here blocks the window: building the PDF, drawing pages
and printing all run in ``render_worker``; this module only touches widgets, in the GUI thread.

This module is the window: its widgets, the render and its errors, the page commands. The page
itself (zoom, page images, wheel and keys) is ``page_view.PageViewMixin``; the output side
(Save as PDF…, Print… and the printing progress) is ``preview_output.PreviewOutput``, a helper
the window calls with what it shows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...core.base.errors import ItaError
from ..i18n import _, ngettext
from ..jobs import Failure, JobRunner
from ..qt import (
    QColor,
    QDialog,
    QFrame,
    QHBoxLayout,
    QImage,
    QKeySequence,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QShortcut,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QStyle,
    Qt,
    QTimer,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from .page_view import (
    FIT_PAGE,
    FIT_WIDTH,
    PIXELS_PER_POINT,
    ZOOM_STEPS,
    PageBox,
    PageKey,
    PageViewMixin,
    Wanted,
)
from .preview_output import PreviewOutput, Shown
from .render_worker import PdfPages, close_pages_in, open_pdf


class PreviewDialog(PageViewMixin, QDialog):
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
        self._wanted = Wanted()
        self._wheel = 0
        self._output = PreviewOutput(self, self._runner, self._suggested_name,
                                     shown=self._shown, button=self._button,
                                     set_status=self._set_status, changed=self._update_controls)
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
        return self._output.save_pdf()

    def print_document(self) -> bool:
        """Show the print dialog and print the chosen pages (in the background). True when
        printing started."""
        return self._output.print_document()

    def cancel_printing(self) -> None:
        """Stop sending pages; the pages already sent may still come out of the printer."""
        self._output.cancel_printing()

    def _shown(self) -> Shown | None:
        """What Save as PDF… and Print… output now (None before the pages are there)."""
        if self._pdf_bytes is None or self._pages is None:
            return None
        return Shown(self._pdf_bytes, self._pages, len(self._sizes), self._current)

    # ------------------------------------------------------------------------------ build
    def _build(self) -> None:
        style = self.style()
        self._prev_button = self._button(_("Previous page"), self.previous_page,
                                         style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self._prev_button.setText(_("Previous"))
        self._next_button = self._button(_("Next page"), self.next_page,
                                         style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
        self._next_button.setText(_("Next"))
        self._page_box = PageBox()
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
        output = self._output
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
        status_row = QHBoxLayout()  # status on the left, the dialog's buttons bottom right
        status_row.addWidget(self._status, 1)
        status_row.addWidget(output.progress)
        status_row.addWidget(output.cancel_button)
        for widget in (output.save_button, output.print_button, close_button):
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
                 output.save_button, output.print_button, output.cancel_button, close_button]
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
        self._output.set_ready(ready)
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

    # ------------------------------------------------------------------------------ misc
    def _set_status(self, text: str) -> None:
        self._status.setText(text)

    def status_text(self) -> str:
        return self._status.text()

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


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line

