"""Photos at print resolution: rotated, scaled to about 200 dpi at their printed size, JPEG.

Stored print images are up to 2000 px on the long side; embedding them as they are would make
the PDF several times larger than needed. A stored JPEG already at print size (no wider than
the printed width at PRINT_DPI, upright, baseline RGB) goes in as it is: decoding and encoding
it again (about 17 ms a photo) would only lose quality. Results are cached (keyed by photo,
rotation and pixel size) because a report is printed again and again while it is being edited.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from dataclasses import dataclass

from PIL import Image

from ..report.model import PhotoSource

PRINT_DPI = 200
_CACHE_BYTES = 96 * 1024 * 1024
_cache: OrderedDict[tuple[str, int, int], PrintImage] = OrderedDict()
_cache_size = 0
_lock = threading.Lock()
_TRANSPOSE = {1: Image.Transpose.ROTATE_270, 2: Image.Transpose.ROTATE_180,
              3: Image.Transpose.ROTATE_90}  # quarter turns clockwise


@dataclass(frozen=True, slots=True)
class PrintImage:
    jpeg: bytes
    width: int  # pixels
    height: int
    key: str  # stable name for the PDF image object


def target_pixels(width_pt: float) -> int:
    return max(16, round(width_pt / 72.0 * PRINT_DPI))


def aspect(photos: PhotoSource, sha256: str, rotation: int) -> float:
    """Height / width of the photo as printed (after rotation); reads only the JPEG header."""
    with Image.open(io.BytesIO(photos.photo_bytes(sha256, "print"))) as im:
        w, h = im.size
    return w / h if rotation % 2 else h / w


def print_image(photos: PhotoSource, sha256: str, rotation: int, width_pt: float) -> PrintImage:
    """The photo as embedded: rotated and scaled to ``width_pt`` printed at PRINT_DPI."""
    global _cache_size
    rotation %= 4
    px = target_pixels(width_pt)
    key = (sha256, rotation, px)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    data = photos.photo_bytes(sha256, "print")
    size = None if rotation else _as_it_is(data, px)
    jpeg, w, h = (data, *size) if size is not None else _scale(data, rotation, px)
    img = PrintImage(jpeg, w, h, f"ita{sha256[:20]}r{rotation}w{px}")
    with _lock:
        _cache[key] = img
        _cache_size += len(img.jpeg)
        while _cache_size > _CACHE_BYTES and len(_cache) > 1:
            _cache_size -= len(_cache.popitem(last=False)[1].jpeg)
    return img


def clear_cache() -> None:
    global _cache_size
    with _lock:
        _cache.clear()
        _cache_size = 0


def _as_it_is(data: bytes, px: int) -> tuple[int, int] | None:
    """The stored JPEG's size when it can go into the PDF unchanged: already at print size
    (no wider than ``px``, which ``_scale`` would only decode and encode again), a baseline
    8-bit RGB JPEG (what the PDF's DeviceRGB DCTDecode image says it is). Reads the header
    only; None: take it through ``_scale``."""
    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.format != "JPEG" or im.mode != "RGB" or im.width > px \
                    or im.info.get("progressive") or im.info.get("progression") \
                    or im.info.get("adobe_transform") not in (None, 1):
                return None
            return im.size
    except (OSError, ValueError, SyntaxError):
        return None


def _scale(data: bytes, rotation: int, px: int) -> tuple[bytes, int, int]:
    with Image.open(io.BytesIO(data)) as im:
        w, h = im.size
        out_w = px
        out_h = max(1, round(px * (w / h if rotation % 2 else h / w)))
        # the decoder can scale by 1/2..1/8 while reading: much faster for big photos
        im.draft("RGB", (out_h, out_w) if rotation % 2 else (out_w, out_h))
        im = im.convert("RGB")
        if rotation:
            im = im.transpose(_TRANSPOSE[rotation])
        if im.size != (out_w, out_h) and im.width > out_w:
            im = im.resize((out_w, out_h), Image.Resampling.LANCZOS, reducing_gap=2.0)
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=85, optimize=False)
        return buf.getvalue(), im.width, im.height
