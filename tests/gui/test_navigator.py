"""The navigator elides every long row with "…" (never cut at the edge) and shows the full text
as a tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt


def _rightmost_ink(image, top: int, bottom: int) -> int:
    right = 0
    for y in range(top, bottom):
        for x in range(image.width() - 1, 0, -1):
            c = image.pixelColor(x, y)
            if c.red() < 100 and c.green() < 100 and c.blue() < 100:
                right = max(right, x)
                break
    return right


def test_long_rows_elide_and_keep_the_full_text_as_tooltip(demo_window, qtbot):
    nav = demo_window.editor.navigator
    assert nav.textElideMode() == Qt.TextElideMode.ElideRight
    headings = [nav.topLevelItem(i) for i in range(nav.topLevelItemCount())]
    assert any(h.text(0).startswith("IIT ") for h in headings)
    for heading in headings:
        assert heading.toolTip(0) == heading.text(0)
        for j in range(heading.childCount()):
            indicator = heading.child(j)
            assert indicator.toolTip(0) == indicator.text(0)

    splitter = demo_window.editor.splitter
    for width in (240, 300, 330, 360):  # the IIT and EIT headings are cut at some of these
        splitter.setSizes([width, 1366 - width])
        qtbot.wait(10)
        image = nav.viewport().grab().toImage()
        edge = nav.viewport().width() - 2
        for heading in headings:
            rect = nav.visualItemRect(heading)
            assert _rightmost_ink(image, rect.top(), rect.bottom()) < edge, \
                f"{heading.text(0)!r} is cut at the edge at width {width}"
