"""A stored JPEG already at print size goes into the PDF as it is (issue 18): the same bytes, no
decode and encode again; anything else (wider than the print, rotated, progressive, grey, not a
JPEG) still takes the scaling path. The printed text does not change either way."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from ita_desktop.core.render import clear_caches, images, render_pdf
from ita_desktop.core.report.model import PhotoRef
from tests.render import factory


def _jpeg(size: tuple[int, int], *, mode: str = "RGB", fmt: str = "JPEG", **save) -> bytes:
    im = Image.open(io.BytesIO(factory.make_jpeg(7, size))).convert(mode)
    buf = io.BytesIO()
    im.save(buf, fmt, **save)
    return buf.getvalue()


def _report(photos: factory.DictPhotos, stored: list[bytes], rotation: int = 0):
    refs = [PhotoRef(photos.add(data), caption=f"ภาพที่ {n}", rotation=rotation)
            for n, data in enumerate(stored, 1)]
    return factory.base_report(entries=[factory.entry(1, photos=refs[:2]),
                                        factory.entry(2, "i17", photos=refs[2:])])


def _pdf_facts(pdf: bytes) -> tuple[int, list[tuple[int, int]], str]:
    """(images drawn, their pixel sizes, the text of every page) read back with PDFium."""
    doc = pdfium.PdfDocument(pdf)
    try:
        count, sizes, text = 0, [], []
        for page in doc:
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
                count += 1
                sizes.append(tuple(obj.get_px_size()))
            text.append(page.get_textpage().get_text_range())
        return count, sizes, "\f".join(text)
    finally:
        doc.close()


def _render(report, photos, *, old_path: bool, monkeypatch) -> bytes:  # noqa: ANN001
    clear_cache = images.clear_cache
    clear_cache()
    clear_caches()
    if old_path:
        monkeypatch.setattr(images, "_as_it_is", lambda _data, _px: None)
    try:
        return render_pdf(report, photos)
    finally:
        monkeypatch.undo()
        clear_cache()


@pytest.fixture
def spy(monkeypatch):  # noqa: ANN001
    """Counts the photos taken through the decode-resize-encode path."""
    calls: list[int] = []
    original = images._scale

    def counted(data, rotation, px):  # noqa: ANN001, ANN202
        calls.append(px)
        return original(data, rotation, px)

    monkeypatch.setattr(images, "_scale", counted)
    images.clear_cache()
    yield calls
    images.clear_cache()


def test_print_size_jpegs_go_in_unchanged_and_the_text_is_the_same(monkeypatch):
    photos = factory.DictPhotos()
    stored = [_jpeg((240 + 10 * n, 180), quality=85) for n in range(4)]
    report = _report(photos, stored)
    fast = _render(report, photos, old_path=False, monkeypatch=monkeypatch)
    slow = _render(report, photos, old_path=True, monkeypatch=monkeypatch)
    count, sizes, text = _pdf_facts(fast)
    assert count == 4  # every photo is in the PDF
    assert sorted(sizes) == sorted(Image.open(io.BytesIO(s)).size for s in stored)
    assert all(data in fast for data in stored)  # the stored bytes themselves
    assert not any(data in slow for data in stored)  # the old path encoded them again
    slow_count, slow_sizes, slow_text = _pdf_facts(slow)
    assert text == slow_text and text.strip()  # the printed text does not change
    assert (slow_count, sorted(slow_sizes)) == (count, sorted(sizes))


def test_a_print_size_jpeg_is_not_decoded_at_print_time(spy):
    photos = factory.DictPhotos()
    report = _report(photos, [_jpeg((300, 200), quality=85)])
    assert _pdf_facts(render_pdf(report, photos))[0] == 1
    assert spy == []


@pytest.mark.parametrize("kind", ["oversize", "png", "progressive", "grey", "cmyk"])
def test_other_stored_photos_still_take_the_scaling_path(spy, kind):
    stored = {
        "oversize": lambda: _jpeg((2000, 1500), quality=85),
        "png": lambda: _jpeg((300, 200), fmt="PNG"),
        "progressive": lambda: _jpeg((300, 200), quality=85, progressive=True),
        "grey": lambda: _jpeg((300, 200), mode="L", quality=85),
        "cmyk": lambda: _jpeg((300, 200), mode="CMYK", quality=85),
    }[kind]()
    photos = factory.DictPhotos()
    report = _report(photos, [stored])
    pdf = render_pdf(report, photos)
    count, sizes, _text = _pdf_facts(pdf)
    assert count == 1 and len(spy) == 1  # printed, through _scale
    assert stored not in pdf
    width = sizes[0][0]
    assert width == (spy[0] if kind == "oversize" else 300)  # scaled down only when too wide


def test_a_rotated_photo_is_turned_not_copied(spy):
    stored = _jpeg((300, 200), quality=85)
    photos = factory.DictPhotos()
    report = _report(photos, [stored], rotation=1)
    pdf = render_pdf(report, photos)
    count, sizes, _text = _pdf_facts(pdf)
    assert count == 1 and len(spy) == 1 and stored not in pdf
    assert sizes[0] == (200, 300)  # a quarter turn
