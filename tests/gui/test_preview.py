"""Print preview: opens without blocking, shows real pages, navigates, zooms, saves, prints."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtPrintSupport import QPrinter  # TODO(qt.py)

from ita_desktop.core.base.errors import ValidationError
from ita_desktop.gui.jobs import wait_idle
from ita_desktop.gui.printing import preview_output as output_module
from ita_desktop.gui.printing.preview import PreviewDialog
from ita_desktop.gui.printing.preview_output import write_atomically
from ita_desktop.gui.qt import QDialog, QPageLayout, Qt


def make_pdf(pages: int = 3) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=landscape(A4))
    for n in range(pages):
        page.setFont("Helvetica", 40)
        page.drawString(100, 400, f"Page {n + 1}")
        page.rect(30, 30, 780, 535)
        page.showPage()
    page.save()
    return out.getvalue()


def pdf_pages(path: Path) -> list[tuple[float, float]]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [document[n].get_size() for n in range(len(document))]
    finally:
        document.close()


@pytest.fixture(autouse=True)
def idle_worker() -> Iterator[None]:
    yield
    assert wait_idle(20_000)


@pytest.fixture
def open_preview(qtbot) -> Callable[..., PreviewDialog]:  # noqa: ANN001
    def opener(render: Callable[[], bytes] | None = None, name: str = "รายงาน-2567.pdf",
               wait: bool = True) -> PreviewDialog:
        data = make_pdf(3)
        dialog = PreviewDialog(render or (lambda: data), name)
        qtbot.addWidget(dialog)
        dialog.resize(1200, 700)
        dialog.show()
        if wait:
            qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=10_000)
            wait_page(qtbot, dialog)
        return dialog

    return opener


def wait_page(qtbot, dialog: PreviewDialog) -> None:  # noqa: ANN001
    """Until the page shown is the real one at the zoom's resolution (not the stand-in)."""
    qtbot.waitUntil(lambda: dialog._key(dialog.current_page(), dialog._display_scale())
                    in dialog._cache, timeout=10_000)


def test_opens_with_the_pages_of_the_pdf(open_preview, qtbot) -> None:  # noqa: ANN001
    dialog = open_preview()
    assert dialog.page_count() == 3
    assert dialog.current_page() == 0
    assert dialog.page_text().endswith("1/3")
    assert dialog._count_label.text() == "/ 3"
    assert dialog.error_text() == ""
    # a real page is shown: landscape, at the fit-page zoom, mostly white with black text
    pixmap = dialog._page_view.pixmap()
    assert pixmap.width() > pixmap.height() > 300
    image = pixmap.toImage()
    assert image.pixelColor(image.width() // 2, 5).lightness() > 240
    dark = sum(image.pixelColor(x, image.height() * 30 // 100).lightness() < 100
               for x in range(0, image.width(), 2))
    assert dark > 0, "the page's frame line is drawn"


def test_navigates_by_buttons_keys_and_page_box(open_preview, qtbot) -> None:  # noqa: ANN001
    dialog = open_preview()
    assert not dialog._prev_button.isEnabled()
    qtbot.mouseClick(dialog._next_button, Qt.MouseButton.LeftButton)
    assert dialog.current_page() == 1
    assert dialog._page_box.value() == 2
    qtbot.keyClick(dialog._scroll, Qt.Key.Key_PageDown)
    assert dialog.current_page() == 2
    assert not dialog._next_button.isEnabled()
    qtbot.keyClick(dialog._scroll, Qt.Key.Key_PageDown)  # stays on the last page
    assert dialog.current_page() == 2
    qtbot.keyClick(dialog._scroll, Qt.Key.Key_PageUp)
    assert dialog.current_page() == 1
    qtbot.keyClick(dialog._scroll, Qt.Key.Key_Home)
    assert dialog.current_page() == 0
    dialog._page_box.setValue(3)
    assert dialog.current_page() == 2
    assert dialog.page_text().endswith("3/3")
    wait_page(qtbot, dialog)


def test_zooms_in_out_and_fits(open_preview, qtbot) -> None:  # noqa: ANN001
    dialog = open_preview()
    fit_page = dialog.zoom_percent()
    assert dialog._fit_page_button.isChecked()
    width_before = dialog._page_view.width()
    dialog.zoom_in()
    assert dialog.zoom_percent() > fit_page
    assert not dialog._fit_page_button.isChecked()
    wait_page(qtbot, dialog)
    assert dialog._page_view.width() > width_before
    dialog.zoom_out()
    dialog.zoom_out()
    assert dialog.zoom_percent() < fit_page
    wait_page(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom_percent() == fit_page
    dialog.fit_width()
    assert dialog._fit_width_button.isChecked()
    assert dialog.zoom_percent() >= fit_page
    wait_page(qtbot, dialog)
    # the image is drawn at the zoom's resolution, not scaled up from a small one
    pixmap = dialog._page_view.pixmap()
    assert abs(pixmap.width() / pixmap.devicePixelRatio() - dialog._page_view.width()) <= 3
    for _ in range(20):
        dialog.zoom_in()
    assert dialog.zoom_percent() == 400


def test_save_as_pdf_writes_the_file(open_preview, qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    dialog = open_preview()
    asked: list[str] = []

    def fake_save(parent, title, default, filters):  # noqa: ANN001, ANN202
        asked.append(default)
        return str(tmp_path / "สำเนา"), filters

    monkeypatch.setattr(output_module.QFileDialog, "getSaveFileName", staticmethod(fake_save))
    assert dialog.save_pdf()
    assert Path(asked[0]).name == "รายงาน-2567.pdf"
    saved = tmp_path / "สำเนา.pdf"
    assert saved.read_bytes() == dialog._pdf_bytes
    assert len(pdf_pages(saved)) == 3
    assert str(saved) in dialog.status_text()
    assert [p.name for p in tmp_path.iterdir()] == ["สำเนา.pdf"]  # no temporary left over


def test_save_cancelled_writes_nothing(open_preview, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    dialog = open_preview()
    monkeypatch.setattr(output_module.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args: ("", "")))
    assert not dialog.save_pdf()


def test_save_failure_is_a_message_not_a_crash(open_preview, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    dialog = open_preview()
    target = tmp_path / "missing-folder" / "report.pdf"
    monkeypatch.setattr(output_module.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args: (str(target), "")))
    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(dialog._output, "_warn", lambda title, text, details="": warnings.append(
        (title, text)))
    assert not dialog.save_pdf()
    assert len(warnings) == 1 and "report.pdf" in warnings[0][1]
    assert not target.parent.exists()


def test_write_atomically_keeps_the_old_file_on_failure(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")

    def broken_replace(src, dst):  # noqa: ANN001, ANN202
        raise PermissionError("in use")

    from ita_desktop.core.base import atomic  # preview's writer is core.atomic's

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(PermissionError):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


class FakePrintDialog:
    """Stands in for QPrintDialog: 'the user' picks a PDF file printer and presses Print."""

    output: Path = Path("unset.pdf")
    page_range: tuple[int, int] | None = None
    seen_orientation: object = None
    seen_range: tuple[int, int] | None = None

    def __init__(self, printer: QPrinter, parent: object = None):
        self.printer = printer

    def setWindowTitle(self, title: str) -> None:  # noqa: N802
        pass

    def setMinMax(self, low: int, high: int) -> None:  # noqa: N802
        FakePrintDialog.seen_range = (low, high)

    def setOption(self, option: object, on: bool = True) -> None:  # noqa: N802
        pass

    def exec(self) -> int:
        FakePrintDialog.seen_orientation = self.printer.pageLayout().orientation()
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(str(self.output))
        if self.page_range is not None:
            self.printer.setPrintRange(QPrinter.PrintRange.PageRange)
            self.printer.setFromTo(*self.page_range)
        return int(QDialog.DialogCode.Accepted.value)


@pytest.mark.parametrize(("page_range", "expected"), [(None, 3), ((2, 3), 2)])
def test_print_to_a_pdf_printer(open_preview, qtbot, tmp_path, monkeypatch,  # noqa: ANN001
                                page_range: tuple[int, int] | None, expected: int) -> None:
    dialog = open_preview()
    out = tmp_path / "printed.pdf"
    monkeypatch.setattr(FakePrintDialog, "output", out)
    monkeypatch.setattr(FakePrintDialog, "page_range", page_range)
    monkeypatch.setattr(output_module, "QPrintDialog", FakePrintDialog)
    assert dialog.print_document()
    qtbot.waitUntil(lambda: not dialog._output.printing, timeout=20_000)
    assert FakePrintDialog.seen_range == (1, 3)
    assert FakePrintDialog.seen_orientation == QPageLayout.Orientation.Landscape
    sizes = pdf_pages(out)
    assert len(sizes) == expected
    width, height = sizes[0]
    assert width > height  # A4 landscape
    assert abs(width - 841.9) < 2 and abs(height - 595.3) < 2
    assert str(expected) in dialog.status_text()
    # the printed page is the report's page, rasterised: dark frame and text are there
    document = pdfium.PdfDocument(str(out))
    try:
        image = document[0].render(scale=0.5).to_pil().convert("L")
    finally:
        document.close()
    assert image.getextrema()[0] < 80


def test_print_cancelled_prints_nothing(open_preview, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    dialog = open_preview()

    class Cancel(FakePrintDialog):
        def exec(self) -> int:
            return 0

    monkeypatch.setattr(output_module, "QPrintDialog", Cancel)
    assert not dialog.print_document()
    assert not dialog._output.printing


def test_ita_error_shows_its_thai_message(open_preview, qtbot) -> None:  # noqa: ANN001
    def render() -> bytes:
        raise ValidationError("ยังไม่ได้ระบุชื่อหน่วยงาน — พิมพ์ชื่อ เช่น สำนักงานเขตปทุมวัน",
                              field="agency")

    dialog = open_preview(render, wait=False)
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10_000)
    assert "ยังไม่ได้ระบุชื่อหน่วยงาน" in dialog.error_text()
    assert not dialog._details_button.isVisible()
    assert not dialog._output.save_button.isEnabled()
    assert not dialog._output.print_button.isEnabled()
    assert dialog.page_count() == 0


def test_unexpected_error_is_calm_with_details(open_preview, qtbot) -> None:  # noqa: ANN001
    def render() -> bytes:
        raise RuntimeError("font cache exploded")

    dialog = open_preview(render, wait=False)
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10_000)
    assert "font cache exploded" not in dialog.error_text()
    assert "font cache exploded" in dialog._details.toPlainText()
    assert "RuntimeError" in dialog._details.toPlainText()
    assert not dialog._details.isVisible()
    qtbot.mouseClick(dialog._details_button, Qt.MouseButton.LeftButton)
    assert dialog._details.isVisible()


def test_not_a_pdf_is_an_unexpected_error(open_preview, qtbot) -> None:  # noqa: ANN001
    dialog = open_preview(lambda: b"this is not a PDF", wait=False)
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10_000)
    assert "PDFium" in dialog._details.toPlainText()


def test_retry_after_a_failure(open_preview, qtbot) -> None:  # noqa: ANN001
    calls: list[int] = []
    data = make_pdf(2)

    def render() -> bytes:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("first time fails")
        return data

    dialog = open_preview(render, wait=False)
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10_000)
    qtbot.mouseClick(dialog._retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page_count() == 2, timeout=10_000)
    assert dialog.error_text() == ""


def test_render_runs_in_a_worker_and_the_window_stays_alive(open_preview, qtbot) -> None:  # noqa: ANN001
    release = threading.Event()
    started = threading.Event()
    threads: list[threading.Thread] = []
    data = make_pdf(2)

    def slow_render() -> bytes:
        threads.append(threading.current_thread())
        started.set()
        assert release.wait(20)
        return data

    dialog = open_preview(slow_render, wait=False)
    assert started.wait(10)
    qtbot.wait(100)  # the event loop runs while render() is blocked
    assert dialog.is_busy()
    assert dialog._busy_panel.isVisible()
    assert not dialog._output.save_button.isEnabled()
    assert threads[0] is not threading.main_thread()
    release.set()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=10_000)
    assert dialog.page_count() == 2


def test_closing_while_rendering_is_safe(open_preview, qtbot) -> None:  # noqa: ANN001
    release = threading.Event()
    data = make_pdf(1)
    dialog = open_preview(lambda: (release.wait(20), data)[1], wait=False)
    qtbot.wait(50)
    dialog.reject()
    release.set()
    assert wait_idle(10_000)
    qtbot.wait(50)  # the late result is dropped, nothing touches the closed dialog
    assert dialog.page_count() == 0


def test_landscape_pages_on_portrait_paper_are_turned(open_preview, qtbot, tmp_path,  # noqa: ANN001
                                                      monkeypatch) -> None:
    dialog = open_preview()
    out = tmp_path / "portrait.pdf"

    class Portrait(FakePrintDialog):
        def exec(self) -> int:
            result = super().exec()
            self.printer.setPageOrientation(QPageLayout.Orientation.Portrait)
            self.printer.setOutputFileName(str(out))
            return result

    monkeypatch.setattr(output_module, "QPrintDialog", Portrait)
    assert dialog.print_document()
    qtbot.waitUntil(lambda: not dialog._output.printing, timeout=20_000)
    sizes = pdf_pages(out)
    assert len(sizes) == 3
    width, height = sizes[0]
    assert height > width  # portrait paper, the landscape page turned onto it
    document = pdfium.PdfDocument(str(out))
    try:
        image = document[0].render(scale=1).to_pil().convert("L")
    finally:
        document.close()
    # the page's frame spans nearly the whole paper height once turned
    column = [image.getpixel((image.width // 2, y)) for y in range(image.height)]
    dark = [y for y, v in enumerate(column) if v < 200]
    assert dark and dark[-1] - dark[0] > image.height * 0.85


def test_selected_pages_follows_the_print_dialog() -> None:
    from ita_desktop.gui.printing.render_worker import selected_pages

    printer = QPrinter()
    assert selected_pages(printer, 4, 1) == [0, 1, 2, 3]
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert selected_pages(printer, 4, 1) == [1]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 9)
    assert selected_pages(printer, 4, 1) == [1, 2, 3]
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    assert selected_pages(printer, 4, 1) == [3, 2, 1]


def test_fit_zoom_follows_the_window_size(open_preview, qtbot) -> None:  # noqa: ANN001
    dialog = open_preview()
    before = dialog.zoom_percent()
    dialog.resize(800, 500)
    qtbot.waitUntil(lambda: dialog.zoom_percent() < before, timeout=5000)
    wait_page(qtbot, dialog)
    assert dialog._page_view.width() <= dialog._scroll.viewport().width()


def test_page_box_takes_thai_digits(open_preview, qtbot) -> None:  # noqa: ANN001
    dialog = open_preview()
    box = dialog._page_box
    box.lineEdit().selectAll()
    box.lineEdit().insert("๓")  # as typed (QTest cannot type non-ASCII keys)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert dialog.current_page() == 2


def test_wheel_at_the_page_edge_turns_the_page(open_preview, qtbot) -> None:  # noqa: ANN001
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    from ita_desktop.gui.qt import QApplication

    dialog = open_preview()  # whole page: no scrolling inside the page

    def wheel(delta: int, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        viewport = dialog._scroll.viewport()
        centre = QPointF(viewport.rect().center())
        event = QWheelEvent(centre, QPointF(viewport.mapToGlobal(centre.toPoint())), QPoint(),
                            QPoint(0, delta), Qt.MouseButton.NoButton, modifiers,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(viewport, event)

    wheel(-120)
    assert dialog.current_page() == 1
    wheel(-60)  # half a notch (touchpad) does not turn yet
    assert dialog.current_page() == 1
    wheel(-60)
    assert dialog.current_page() == 2
    wheel(120)
    assert dialog.current_page() == 1
    before = dialog.zoom_percent()
    wheel(120, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom_percent() > before
    wait_page(qtbot, dialog)


def test_printing_can_be_cancelled(open_preview, qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from ita_desktop.gui.printing import render_worker

    dialog = open_preview()
    out = tmp_path / "cancelled.pdf"
    monkeypatch.setattr(FakePrintDialog, "output", out)
    monkeypatch.setattr(FakePrintDialog, "page_range", None)
    monkeypatch.setattr(output_module, "QPrintDialog", FakePrintDialog)
    first_page_drawn = threading.Event()
    go_on = threading.Event()
    real_render = render_worker.PdfPages.render

    def slow_render(self, index, scale, **kwargs):  # noqa: ANN001, ANN202
        image = real_render(self, index, scale, **kwargs)
        if scale > 3:  # printing resolution, not the preview
            first_page_drawn.set()
            assert go_on.wait(10)
        return image

    monkeypatch.setattr(render_worker.PdfPages, "render", slow_render)
    assert dialog.print_document()
    assert first_page_drawn.wait(10)
    qtbot.wait(20)
    assert dialog._output.cancel_button.isVisible()
    qtbot.mouseClick(dialog._output.cancel_button, Qt.MouseButton.LeftButton)
    go_on.set()
    qtbot.waitUntil(lambda: not dialog._output.printing, timeout=20_000)
    assert not dialog._output.cancel_button.isVisible()
    assert dialog._output.print_button.isEnabled()
    assert dialog.status_text() == output_module._("Printing cancelled.")


def test_tab_order_follows_the_screen(open_preview) -> None:  # noqa: ANN001
    dialog = open_preview()
    chain = [dialog._zoom_in_button]
    widget = dialog._zoom_in_button
    while len(chain) < 6:
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible():
            chain.append(widget)
    assert chain[1:6] == [dialog._fit_width_button, dialog._fit_page_button, dialog._scroll,
                          dialog._output.save_button, dialog._output.print_button]
