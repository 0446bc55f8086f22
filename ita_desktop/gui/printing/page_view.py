"""The page view of the print preview: the zoom, the page images (drawn on the PDF thread,
cached, the neighbours prepared ahead) and the wheel and keys that turn pages.

``PageViewMixin`` is mixed into ``PreviewDialog`` (preview.py), which owns the widgets and
state it uses (``_scroll``, ``_page_view``, ``_cache``, ``_sizes``, ``_current``, ``_runner``…);
split out so that the dialog module holds the window and its commands, this one the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...core.text import thai
from ..i18n import _
from ..jobs import Failure
from ..qt import (
    QColor,
    QEvent,
    QImage,
    QKeyEvent,
    QObject,
    QPixmap,
    QSpinBox,
    QStyle,
    Qt,
    QWheelEvent,
)

PIXELS_PER_POINT = 96 / 72  # 100 % zoom: the page at its real size on a 96-dpi screen
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
PAGE_MARGIN = 12  # logical pixels around the page in the view
CACHE_BYTES = 64 * 1024 * 1024  # page images kept; modest PCs
FIT_WIDTH, FIT_PAGE, CUSTOM = "fit-width", "fit-page", "custom"

PageKey = tuple[int, float]  # (page index, device pixels per point)

class Wanted:
    """The page images the view wants now; read by jobs on the PDF thread to skip stale work."""

    def __init__(self) -> None:
        self.keys: frozenset[PageKey] = frozenset()


class PageBox(QSpinBox):
    """The page number box; also takes Thai digits (๓ = 3), as typed with a Thai keyboard."""

    def validate(self, text: str, pos: int) -> object:
        return super().validate(thai.to_arabic_digits(text), pos)

    def valueFromText(self, text: str) -> int:  # noqa: N802 - Qt API
        return super().valueFromText(thai.to_arabic_digits(text))


class PageViewMixin:
    """The page half of ``PreviewDialog`` (see the module docstring)."""

    _cache: Any
    _cache_bytes: int
    _current: int
    _page_view: Any
    _pages: Any
    _pending: set
    _resize_timer: Any
    _runner: Any
    _scroll: Any
    _sizes: list
    _wanted: Wanted
    _wheel: int
    _zoom: float
    _zoom_mode: str

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
