"""Photo intake: turn whatever a clerk attaches into a print-size JPEG and a thumbnail.

Input is anything a phone, camera, screenshot tool or scanner writes (JPEG, PNG, HEIC, GIF,
TIFF, WebP, BMP). Output is always an upright, RGB, baseline JPEG without EXIF, so the renderer
and the database never see orientation tags, odd colour modes or GPS positions.

Everything here is pure and thread-safe: no database, no Qt, and no change to Pillow's global
settings (``Image.MAX_IMAGE_PIXELS`` and ``ImageFile.LOAD_TRUNCATED_IMAGES`` are left alone;
this module enforces its own limits). Any input bytes either give a ``ProcessedPhoto`` or
raise ``PhotoError`` with a Thai message telling the clerk what to do.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pi_heif
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from ..base.errors import PhotoError
from .processed import ProcessedPhoto

# HEIC from iPhones. pi-heif is pillow-heif's decode-only build: libheif + libde265 (LGPL),
# without the GPL x265 encoder that pillow-heif's wheels carry. Registration is idempotent.
pi_heif.register_heif_opener()

PRINT_LONG_SIDE = 2000  # px: ~340 dpi across a 15 cm print, more than a report needs
THUMB_LONG_SIDE = 256
# A 108-MP phone JPEG is ~30–40 MB and an A4 colour scan at 600 dpi as PNG is ~30–50 MB;
# anything bigger is not a photo of an activity, and we hold the whole file in memory.
MAX_FILE_BYTES = 60 * 1024 * 1024
# Checked from the header before decoding: 108 MP (12000×9000) is the largest real camera.
MAX_PIXELS = 120_000_000

# Memory budget for one decoded picture, fit for a 4 GB office PC: JPEGs decode straight at a
# reduced scale (libjpeg DCT scaling), but PNG, TIFF, HEIC... decode whole first; Pillow keeps
# RGB and RGBA at 4 bytes a pixel, so a 110-MP RGBA PNG alone needs 440 MB. Past the budget the
# picture is refused before decoding; below it, it is reduced in strips (``_reduce_in_strips``)
# so the full-size picture is never copied (resizing RGBA copies it premultiplied: 2×).
DECODE_BUDGET_BYTES = 300 * 1024 * 1024
STRIP_THRESHOLD_BYTES = 48 * 1024 * 1024  # smaller pictures take the simple path

PRINT_QUALITY = 85
THUMB_QUALITY = 80
WHITE = (255, 255, 255)

# Formats a clerk can plausibly attach. Restricting Image.open also keeps out plugins that
# shell out (EPS → Ghostscript) or that nobody tests against hostile input (FITS, PSD...).
# (JPEG covers MPO, the multi-picture JPEG some phones write.)
_FORMATS = ("JPEG", "PNG", "HEIF", "AVIF", "GIF", "WEBP", "TIFF", "BMP")
_FORMAT_NAMES = {"MPO": "JPEG"}  # to a clerk an MPO is an ordinary JPEG file

# What Pillow (and pi-heif, zlib, struct-based header parsers) raise on bad bytes.
# UserWarning: plugins warn about corrupt headers, which is an exception under `-W error`.
_DECODE_ERRORS: tuple[type[BaseException], ...] = (
    OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error,
    IndexError, KeyError, TypeError, ArithmeticError, RuntimeError, UserWarning,
)
_BOMB_ERRORS = (Image.DecompressionBombError, Image.DecompressionBombWarning)
_ISO_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1",
               b"avif", b"avis")


# ---------------------------------------------------------------------------------- public
def process_photo(data: bytes, name: str = "") -> ProcessedPhoto:
    """Check, decode, orient, shrink and re-encode one image file's bytes."""
    _check_file_size(len(data), name)
    with _refusing_bad_images(data, name), _open(data, _FORMATS) as image:
        original_format = _FORMAT_NAMES.get(image.format or "", image.format or "?")
        _check_pixels(image.size, name)
        picture = _decode_print(image, name)
        thumb = _shrunk(picture, THUMB_LONG_SIDE)
        print_jpeg = _encode(picture, PRINT_QUALITY)
        thumb_jpeg = _encode(thumb, THUMB_QUALITY)
    return ProcessedPhoto(
        sha256=hashlib.sha256(data).hexdigest(),
        print_jpeg=print_jpeg,
        thumb_jpeg=thumb_jpeg,
        width=picture.width,
        height=picture.height,
        original_name=name,
        original_bytes=len(data),
        original_format=original_format,
    )


def read_photo_file(path: str | os.PathLike[str]) -> ProcessedPhoto:
    """Read and process a file; the size is checked before the file is read."""
    path = Path(path)
    name = path.name
    try:
        _check_file_size(path.stat().st_size, name)
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)  # +1: a file that grew is still refused
    except OSError as exc:
        raise _file_error(exc, name) from exc
    return process_photo(data, name)


def rotate_jpeg(jpeg: bytes, quarter_turns: int) -> bytes:
    """The JPEG turned ``quarter_turns`` × 90° clockwise (as ``PhotoRef.rotation`` counts)."""
    turns = quarter_turns % 4
    if turns == 0:
        return jpeg
    method = {1: Image.Transpose.ROTATE_270, 2: Image.Transpose.ROTATE_180,
              3: Image.Transpose.ROTATE_90}[turns]  # Pillow's ROTATE_n turn anticlockwise
    with _refusing_bad_images(jpeg, ""), _open(jpeg, ("JPEG",)) as image:
        _check_pixels(image.size, "")
        return _encode(_as_rgb(image.transpose(method)), PRINT_QUALITY)


def thumb_of(jpeg: bytes, long_side: int) -> bytes:
    """A copy of a stored JPEG whose long side is at most ``long_side`` (never enlarged)."""
    if long_side < 1:
        raise ValueError(f"long_side must be positive, not {long_side}")
    with _refusing_bad_images(jpeg, ""), _open(jpeg, ("JPEG",)) as image:
        _check_pixels(image.size, "")
        if max(image.size) <= long_side:
            return jpeg
        target = _fit(image.size, long_side)
        image.draft("RGB", target)  # decode at 1/2, 1/4 or 1/8 scale: much less work
        return _encode(_resized(_as_rgb(image), target), PRINT_QUALITY)


# ---------------------------------------------------------------------------------- decoding
@contextmanager
def _open(data: bytes, formats: tuple[str, ...]) -> Iterator[Image.Image]:
    """Image.open over bytes, limited to ``formats``. The image is lazy: header only."""
    Image.init()  # idempotent; needed before OPEN lists every plugin
    available = tuple(fmt for fmt in formats if fmt in Image.OPEN)  # AVIF is optional
    with Image.open(io.BytesIO(data), formats=available) as image:
        yield image


def _decode_print(image: Image.Image, name: str) -> Image.Image:
    """The first frame, upright, RGB, long side at most PRINT_LONG_SIDE (exact size)."""
    target = _fit(image.size, PRINT_LONG_SIDE)
    if image.format in ("JPEG", "MPO") and target != image.size:
        # libjpeg scales while decoding (DCT scaling): a 12-MP photo decodes straight to
        # 2000×1500, far faster than a full decode plus a resize.
        image.draft("RGB", target)
    _check_decode_budget(image, name)
    if _decoded_bytes(image.size, image.mode) > STRIP_THRESHOLD_BYTES and \
            image.mode in _STRIP_MODES:
        return _decode_large(image, target, name)
    image.load()
    drafted = image.size
    _upright(image)
    if image.size != drafted:  # a quarter turn swapped width and height
        target = (target[1], target[0])
    workable = _workable_mode(image, name)
    return _as_rgb(_to_srgb(_flatten(_resized(workable, target))))


# modes whose conversion to a workable mode is the same for a strip as for the whole picture
# (32-bit grey "I"/"F" scale by the picture's extremes, so they take the simple path)
_STRIP_MODES = ("1", "L", "LA", "La", "P", "PA", "RGB", "RGBA", "RGBa", "RGBX", "CMYK",
                "YCbCr", "I;16", "I;16L", "I;16B")
_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
              6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}


def _decoded_bytes(size: tuple[int, int], mode: str) -> int:
    per_pixel = 1 if mode in ("1", "L", "P") else 2 if mode.startswith("I;16") else 4
    return size[0] * size[1] * per_pixel


def _check_decode_budget(image: Image.Image, name: str) -> None:
    needed = _decoded_bytes(image.size, image.mode)
    if needed <= DECODE_BUDGET_BYTES:
        return
    megapixels = DECODE_BUDGET_BYTES // 4 // 1_000_000
    raise PhotoError(
        f"ภาพ{_label(name)} ({image.size[0]:,}×{image.size[1]:,} พิกเซล) ต้องใช้หน่วยความจำ "
        f"ประมาณ {needed // 2**20:,} MB จึงจะเปิดได้ ซึ่งมากเกินไปสำหรับเครื่องนี้ — บันทึกภาพเป็น "
        f"JPEG หรือย่อให้ไม่เกินประมาณ {megapixels} ล้านพิกเซลก่อนแนบ",
        where=name or None,
        english=f"decoding this {image.size[0]}x{image.size[1]} {image.mode} image needs about "
                f"{needed // 2**20} MB, over the {DECODE_BUDGET_BYTES // 2**20} MB budget; save it "
                f"as JPEG or below about {megapixels} megapixels")


def _decode_large(image: Image.Image, target: tuple[int, int], name: str) -> Image.Image:
    """Like the simple path, without ever holding a second full-size copy of the picture."""
    orientation = 1
    try:
        orientation = int(image.getexif().get(0x0112, 1))
    except _DECODE_ERRORS:
        pass  # unreadable EXIF: keep the pixels as stored
    image.load()
    method = _TRANSPOSE.get(orientation)
    # integer box reduction to between 1× and 2× the target (resize's reducing_gap=2.0, which
    # Pillow documents as nearly indistinguishable), then Lanczos on the small picture
    factor = max(1, min(image.size[0] // target[0], image.size[1] // target[1]))
    reduced = _reduce_in_strips(image, factor, name)
    info = dict(image.info)
    image.close()  # the full-size pixels go now
    if method is not None:
        reduced = reduced.transpose(method)
        if method in (Image.Transpose.TRANSPOSE, Image.Transpose.TRANSVERSE,
                      Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270):
            target = (target[1], target[0])
    reduced.info = {"icc_profile": info["icc_profile"]} if info.get("icc_profile") else {}
    return _as_rgb(_to_srgb(_resized(reduced, target)))


def _reduce_in_strips(image: Image.Image, factor: int, name: str) -> Image.Image:
    """Flatten (on white) and box-reduce ``image`` a band of rows at a time."""
    width, height = image.size
    rows = factor * max(1, (4 * 1024 * 1024) // max(1, width * 4 * factor))  # ~4 MB a strip
    out: Image.Image | None = None
    for top in range(0, height, rows):
        strip = image.crop((0, top, width, min(height, top + rows)))
        strip.info = dict(image.info)  # transparency of P/L/RGB pictures
        strip = _flatten(_workable_mode(strip, name))
        small = strip.reduce(factor) if factor > 1 else strip
        if out is None:
            out = Image.new(small.mode, (-(-width // factor), -(-height // factor)), WHITE
                            if small.mode == "RGB" else 255 if small.mode == "L" else 0)
        out.paste(small, (0, top // factor))
    assert out is not None
    return out


def _upright(image: Image.Image) -> None:
    """Apply the EXIF orientation in place (phones store portrait shots on their side)."""
    try:
        ImageOps.exif_transpose(image, in_place=True)
    except _DECODE_ERRORS:
        pass  # unreadable EXIF: keep the pixels as stored rather than refuse a good picture


def _workable_mode(image: Image.Image, name: str) -> Image.Image:
    """Bring any mode to L, LA, RGB, RGBA or CMYK, the modes resizing handles well."""
    mode = image.mode
    has_transparency = image.info.get("transparency") is not None
    if (mode in ("L", "RGB") and not has_transparency) or mode in ("LA", "RGBA", "CMYK"):
        return image
    if mode == "1":
        return image.convert("L")
    if mode in ("La", "RGBa"):  # premultiplied alpha
        return image.convert(mode.upper())
    if mode.startswith("I") or mode == "F":
        return _to_8bit(image)
    if has_transparency or mode == "PA":
        return image.convert("RGBA")  # P/L/RGB with a transparent colour
    try:
        return image.convert("RGB")  # P without transparency, YCbCr, HSV, RGBX...
    except ValueError as exc:
        raise _unsupported_mode(name, mode) from exc


def _to_8bit(image: Image.Image) -> Image.Image:
    """16-bit or float grey to 8-bit by scaling, not clipping (a plain convert turns
    anything above 255 white, i.e. a 16-bit scan would come out blank)."""
    if image.mode.startswith("I;16"):
        image = image.convert("I")  # point() is not defined for the byte-swapped variants
        scale = 1 / 257  # 65535 → 255
    else:
        low, high = image.getextrema()
        if image.mode == "F" and 0 <= low and high <= 1:
            scale = 255.0
        elif high <= 255:
            scale = 1.0
        elif high <= 65535:
            scale = 1 / 257
        else:
            scale = 255 / high
    return image.point(lambda value: value * scale).convert("L")


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent parts go on white paper, like the printed page (JPEG has no alpha)."""
    if image.mode not in ("LA", "RGBA"):
        return image
    paper = Image.new("RGB", image.size, WHITE)
    paper.paste(image.convert("RGB"), mask=image.getchannel("A"))
    paper.info = dict(image.info)  # keep the colour profile for _to_srgb
    return paper


def _as_rgb(image: Image.Image) -> Image.Image:
    return image if image.mode == "RGB" else image.convert("RGB")


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert from an embedded colour profile to sRGB, since the profile is dropped.

    iPhones shoot in Display P3 and print-shop CMYK files need their profile; without this the
    colours shift. A broken profile falls back to the plain conversion.
    """
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if image.mode != "CMYK" and "srgb" in (ImageCms.getProfileDescription(source) or "").lower():
            return image  # already sRGB: skip the work
        srgb = ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(image, source, srgb, outputMode="RGB") or image
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image


# ---------------------------------------------------------------------------------- sizes
def _fit(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    """``size`` scaled so its long side is ``long_side``; unchanged if already smaller."""
    width, height = size
    longest = max(width, height)
    if longest <= long_side:
        return size
    scale = long_side / longest
    return max(1, round(width * scale)), max(1, round(height * scale))


def _resized(image: Image.Image, target: tuple[int, int]) -> Image.Image:
    if image.size == target:
        return image
    # reducing_gap: a fast integer reduce first, then Lanczos; visually the same result
    return image.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _shrunk(image: Image.Image, long_side: int) -> Image.Image:
    return _resized(image, _fit(image.size, long_side))


def _encode(image: Image.Image, quality: int) -> bytes:
    """Baseline JPEG (every PDF reader and printer takes it) with no metadata at all."""
    image.info = {}  # EXIF/XMP may hold GPS; nothing of the original is carried over
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=False)
    return out.getvalue()


# ---------------------------------------------------------------------------------- refusals
def _label(name: str) -> str:
    """' “x.jpg”' after a noun, or 'นี้' ("this") when the name is unknown."""
    return f" “{name}”" if name else "นี้"


def _check_file_size(size: int, name: str) -> None:
    if size == 0:
        raise PhotoError(f"ไฟล์{_label(name)} ว่างเปล่า (ขนาด 0 ไบต์) — คัดลอกไฟล์มาใหม่หรือเลือกไฟล์อื่น",
                         where=name or None, english="the file is empty")
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 2**20
        raise PhotoError(
            f"ไฟล์{_label(name)} ใหญ่เกินไป ({size / 2**20:.1f} MB; รับได้ไม่เกิน {limit} MB) — "
            "ย่อขนาดภาพหรือบันทึกเป็น JPEG ก่อนแนบ",
            where=name or None, english=f"file is {size} bytes; the limit is {limit} MB")


def _check_pixels(size: tuple[int, int], name: str) -> None:
    """Refuse from the header, before a single pixel is decoded (decompression bombs)."""
    if size[0] * size[1] > MAX_PIXELS:
        raise _too_many_pixels(name, size)


def _too_many_pixels(name: str, size: tuple[int, int] | None = None) -> PhotoError:
    limit = MAX_PIXELS // 1_000_000
    shown = f" ({size[0]:,}×{size[1]:,} พิกเซล)" if size else ""
    return PhotoError(
        f"ภาพ{_label(name)} มีขนาดใหญ่เกินไป{shown} รับได้ไม่เกิน {limit} ล้านพิกเซล — "
        "ย่อขนาดภาพก่อนแนบ หรือถ่ายภาพใหม่ด้วยความละเอียดปกติ",
        where=name or None,
        english=f"image is {size[0]}x{size[1]} pixels; the limit is {limit} megapixels" if size
        else f"image is larger than the {limit}-megapixel limit")


def _not_an_image(name: str) -> PhotoError:
    return PhotoError(f"ไฟล์{_label(name)} ไม่ใช่รูปภาพ — เลือกไฟล์ภาพ JPEG, PNG หรือ HEIC",
                      where=name or None, english="not an image file (JPEG, PNG or HEIC expected)")


def _damaged(name: str, detail: str) -> PhotoError:
    return PhotoError(f"ไฟล์ภาพ{_label(name)} เสียหรือไม่สมบูรณ์ (อาจคัดลอกมาไม่ครบ) — "
                      "คัดลอกไฟล์มาใหม่หรือถ่ายภาพใหม่",
                      where=name or None, english=f"damaged or truncated image: {detail}")


def _unsupported_mode(name: str, mode: str) -> PhotoError:
    return PhotoError(f"ภาพ{_label(name)} ใช้รูปแบบสีที่โปรแกรมไม่รองรับ ({mode}) — "
                      "เปิดภาพด้วยโปรแกรมแต่งภาพแล้วบันทึกเป็น JPEG ก่อนแนบ",
                      where=name or None, english=f"unsupported colour mode {mode}")


def _out_of_memory(name: str) -> PhotoError:
    return PhotoError(f"หน่วยความจำของเครื่องไม่พอสำหรับเปิดภาพ{_label(name)} — "
                      "ปิดโปรแกรมอื่นแล้วลองใหม่ หรือย่อขนาดภาพก่อนแนบ",
                      where=name or None, english="not enough memory to decode the image")


def _looks_like_image(data: bytes) -> bool:
    """Magic numbers of the accepted formats: tells "damaged image" from "not an image"."""
    return (data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a",
                             b"II*\x00", b"MM\x00*", b"BM"))
            or data[:4] == b"RIFF" and data[8:12] == b"WEBP"
            or data[4:8] == b"ftyp" and data[8:12] in _ISO_BRANDS)


@contextmanager
def _refusing_bad_images(data: bytes, name: str) -> Iterator[None]:
    """Turn every way Pillow rejects bytes into one PhotoError a clerk can act on."""
    try:
        yield
    except UnidentifiedImageError as exc:
        if _looks_like_image(data):
            raise _damaged(name, str(exc)) from exc
        raise _not_an_image(name) from exc
    except _BOMB_ERRORS as exc:  # Pillow's own (global) limit, hit before ours
        raise _too_many_pixels(name) from exc
    except MemoryError as exc:
        raise _out_of_memory(name) from exc
    except _DECODE_ERRORS as exc:
        raise _damaged(name, f"{type(exc).__name__}: {exc}") from exc


def _file_error(exc: OSError, name: str) -> PhotoError:
    where = name or None
    if isinstance(exc, FileNotFoundError):
        return PhotoError(f"ไม่พบไฟล์{_label(name)} — ไฟล์อาจถูกย้ายหรือลบไปแล้ว ให้เลือกไฟล์ใหม่",
                          where=where, english="file not found")
    if isinstance(exc, IsADirectoryError):
        return PhotoError(f"รายการ{_label(name)} เป็นโฟลเดอร์ ไม่ใช่ไฟล์ภาพ — เปิดโฟลเดอร์แล้วเลือกไฟล์ภาพ",
                          where=where, english="is a folder, not a file")
    if isinstance(exc, PermissionError):
        return PhotoError(f"ไม่มีสิทธิ์เปิดไฟล์{_label(name)} — ปิดโปรแกรมที่เปิดไฟล์นี้อยู่ "
                          "หรือคัดลอกไฟล์มาไว้ในเครื่องก่อน",
                          where=where, english="permission denied")
    return PhotoError(f"อ่านไฟล์{_label(name)} ไม่ได้ — ตรวจสอบแฟลชไดรฟ์หรือไดรฟ์เครือข่าย "
                      "แล้วลองใหม่ หรือคัดลอกไฟล์มาไว้ในเครื่องก่อน",
                      where=where, english=f"cannot read the file: {exc}")
