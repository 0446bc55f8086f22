"""Photo intake: every kind of file a clerk may attach has one clear outcome."""

from __future__ import annotations

import hashlib
import io
import struct
import time
import warnings
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pillow_heif
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms, ImageDraw, ImageFile

from ita_desktop.core.base.errors import PhotoError
from ita_desktop.core.photos import intake as photos
from ita_desktop.core.photos.intake import (
    MAX_FILE_BYTES,
    MAX_PIXELS,
    PRINT_LONG_SIDE,
    THUMB_LONG_SIDE,
    ProcessedPhoto,
    process_photo,
    read_photo_file,
    rotate_jpeg,
    thumb_of,
)

RED = (255, 0, 0)
BLUE = (0, 0, 255)
WHITE = (255, 255, 255)


# ---------------------------------------------------------------------------------- helpers
def encode(image: Image.Image, fmt: str = "JPEG", **params: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def scene(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Gradient plus shapes: realistic enough, quick to make at any size."""
    image = Image.linear_gradient("L").resize(size).convert(mode)
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rectangle((w // 8, h // 8, w // 3, h // 2), fill="red" if mode == "RGB" else 90)
    draw.ellipse((w // 2, h // 3, w - w // 8, h - h // 8), fill="blue" if mode == "RGB" else 200)
    return image


def halves(size: tuple[int, int], left: tuple[int, int, int], right: tuple[int, int, int]
           ) -> Image.Image:
    """Left half one colour, right half another: shows where a rotation put things."""
    image = Image.new("RGB", size, right)
    image.paste(left, (0, 0, size[0] // 2, size[1]))
    return image


def noisy_jpeg(size: tuple[int, int] = (640, 480)) -> bytes:
    """Incompressible content, so most of the file is scan data (truncation bites there)."""
    noise = Image.effect_noise(size, 80).convert("RGB")
    return encode(noise, quality=90)


def decoded(jpeg: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(jpeg))
    image.load()
    return image


def near(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def assert_stored_jpeg(photo: ProcessedPhoto, size: tuple[int, int]) -> None:
    """The contract of every stored photo: RGB baseline JPEG, no metadata, thumb to scale."""
    assert (photo.width, photo.height) == size
    image = decoded(photo.print_jpeg)
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", size)
    assert "progressive" not in image.info and "progression" not in image.info
    assert "exif" not in image.info and "xmp" not in image.info
    assert "icc_profile" not in image.info
    thumb = decoded(photo.thumb_jpeg)
    assert thumb.mode == "RGB"
    assert max(thumb.size) == min(THUMB_LONG_SIDE, max(size))


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG that only declares its size (a decompression bomb's header)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real small JPEG whose frame header (SOF0) is patched to claim another size."""
    data = bytearray(encode(Image.new("RGB", (16, 16), RED), quality=80))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def refusal(data: bytes, name: str = "x.jpg") -> PhotoError:
    with pytest.raises(PhotoError) as info:
        process_photo(data, name)
    error = info.value
    assert error.where == name
    assert error.english
    return error


# ---------------------------------------------------------------------------------- module
def test_pillow_globals_are_left_alone() -> None:
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False  # else truncated files would be accepted
    before = Image.MAX_IMAGE_PIXELS
    process_photo(encode(scene((300, 200))), "a.jpg")
    assert Image.MAX_IMAGE_PIXELS == before
    assert 100_000_000 < MAX_PIXELS <= 130_000_000
    assert 40 * 2**20 <= MAX_FILE_BYTES <= 80 * 2**20


# ---------------------------------------------------------------------------------- ordinary
def test_camera_jpeg_is_stored_at_print_size() -> None:
    data = encode(scene((4000, 3000)), quality=90)
    photo = process_photo(data, "IMG_0001.JPG")
    assert_stored_jpeg(photo, (2000, 1500))
    assert decoded(photo.thumb_jpeg).size == (256, 192)
    assert photo.original_name == "IMG_0001.JPG"
    assert photo.original_bytes == len(data)
    assert photo.original_format == "JPEG"
    assert photo.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(("size", "expected"), [
    ((4032, 3024), (2000, 1500)),  # common phone size: draft gives 2016×1512, then resized
    ((3001, 2001), (2000, 1334)),
    ((1500, 4500), (667, 2000)),
    ((2001, 2001), (2000, 2000)),
])
def test_large_jpegs_get_exact_print_dimensions(size: tuple[int, int],
                                                expected: tuple[int, int]) -> None:
    assert_stored_jpeg(process_photo(encode(scene(size)), "a.jpg"), expected)


def test_small_image_is_never_enlarged() -> None:
    photo = process_photo(encode(scene((1200, 900))), "small.jpg")
    assert_stored_jpeg(photo, (1200, 900))


def test_stored_colours_are_right() -> None:
    photo = process_photo(encode(halves((3000, 1000), RED, BLUE), quality=95), "c.jpg")
    image = decoded(photo.print_jpeg)
    assert near(image.getpixel((200, 333)), RED)
    assert near(image.getpixel((1800, 333)), BLUE)


def test_metadata_is_not_carried_over() -> None:
    exif = Image.Exif()
    exif[0x010F] = "Phone"
    exif.get_ifd(0x8825).update({1: "N", 2: (13.0, 45.0, 0.0)})
    data = encode(scene((800, 600)), exif=exif, xmp=b"<x:xmpmeta>secret GPS</x:xmpmeta>",
                  comment=b"secret")
    photo = process_photo(data, "gps.jpg")
    for stored in (photo.print_jpeg, photo.thumb_jpeg):
        assert b"Exif" not in stored and b"xmpmeta" not in stored and b"secret" not in stored


# ---------------------------------------------------------------------------------- orientation
def test_exif_rotated_jpeg_is_stored_upright() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view": how phones store portrait shots
    data = encode(halves((4000, 2000), RED, BLUE), quality=95, exif=exif)
    photo = process_photo(data, "portrait.jpg")
    assert_stored_jpeg(photo, (1000, 2000))  # width and height swapped
    image = decoded(photo.print_jpeg)
    assert near(image.getpixel((500, 400)), RED)  # the left half is now on top
    assert near(image.getpixel((500, 1600)), BLUE)


def test_small_exif_rotated_jpeg_is_stored_upright() -> None:
    exif = Image.Exif()
    exif[0x0112] = 8  # rotate 90° anticlockwise to view
    photo = process_photo(encode(halves((400, 200), RED, BLUE), quality=95, exif=exif), "a.jpg")
    assert (photo.width, photo.height) == (200, 400)
    image = decoded(photo.print_jpeg)
    assert near(image.getpixel((100, 300)), RED)  # anticlockwise: the left half goes down
    assert near(image.getpixel((100, 100)), BLUE)


@pytest.mark.filterwarnings("ignore::UserWarning")  # under -W error Pillow's open() refuses it
def test_broken_exif_does_not_refuse_a_good_picture() -> None:
    data = encode(scene((300, 200)), exif=b"Exif\x00\x00MM\x00*\x00\x00\xff\xff\xff\xff")
    assert_stored_jpeg(process_photo(data, "a.jpg"), (300, 200))


# ---------------------------------------------------------------------------------- refusals
@pytest.mark.parametrize("data", [
    "สวัสดีครับ นี่คือข้อความ\n".encode() * 20,
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    b"PK\x03\x04" + b"\0" * 100,  # a .docx/.zip
    b"\0",
])
def test_non_image_is_refused(data: bytes) -> None:
    error = refusal(data, "x.pdf")
    assert "ไม่ใช่รูปภาพ" in error.message and "“x.pdf”" in error.message
    assert "JPEG, PNG หรือ HEIC" in error.message


def test_eps_is_refused_without_running_ghostscript() -> None:
    error = refusal(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n", "x.eps")
    assert "ไม่ใช่รูปภาพ" in error.message


def test_empty_file_is_refused(tmp_path: Path) -> None:
    assert "ว่างเปล่า" in refusal(b"", "empty.jpg").message
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    with pytest.raises(PhotoError, match="ว่างเปล่า"):
        read_photo_file(path)


def test_truncated_jpeg_is_refused() -> None:
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    data = noisy_jpeg()
    for cut in (len(data) // 2, len(data) - 100, 400):
        error = refusal(data[:cut], "cut.jpg")
        assert "เสียหรือไม่สมบูรณ์" in error.message, cut


def test_truncated_large_jpeg_is_refused_on_the_draft_path() -> None:
    data = encode(Image.effect_noise((4000, 3000), 60).convert("RGB"), quality=85)
    error = refusal(data[: len(data) * 2 // 3], "cut.jpg")
    assert "เสียหรือไม่สมบูรณ์" in error.message


def test_truncated_png_is_refused() -> None:
    data = encode(Image.effect_noise((300, 300), 80).convert("RGB"), "PNG")
    # (Cutting only the final CRC and IEND leaves every pixel there: that one is accepted.)
    for cut in (len(data) // 2, len(data) - 2000, 40):
        error = refusal(data[:cut], "cut.png")
        assert "เสียหรือไม่สมบูรณ์" in error.message, cut


def test_truncated_heic_says_damaged_not_non_image() -> None:
    data = heic_or_skip(scene((64, 48)))
    error = refusal(data[: len(data) // 2], "cut.heic")
    assert "เสียหรือไม่สมบูรณ์" in error.message


def test_decompression_bomb_png_is_refused_quickly() -> None:
    data = png_header(30000, 30000)
    assert len(data) < 200
    start = time.perf_counter()
    error = refusal(data, "bomb.png")
    assert time.perf_counter() - start < 1.0
    assert "ใหญ่เกินไป" in error.message and "120 ล้านพิกเซล" in error.message


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("data", [png_header(12000, 11000), jpeg_claiming(11000, 11000)])
def test_image_over_our_limit_but_under_pillows_error_is_refused(data: bytes) -> None:
    # 121–132 MP: Pillow only warns here; our own header check refuses before decoding.
    error = refusal(data, "big.img")
    assert "ใหญ่เกินไป" in error.message and "พิกเซล" in error.message


@pytest.mark.parametrize("data", [png_header(12000, 11000), png_header(10000, 10000)])
def test_pillows_bomb_warning_raised_as_error_is_still_a_photo_error(data: bytes) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. python -W error
        error = refusal(data, "big.png")
    assert "ใหญ่เกินไป" in error.message


def test_jpeg_claiming_a_huge_size_is_refused_quickly() -> None:
    start = time.perf_counter()
    error = refusal(jpeg_claiming(60000, 60000), "bomb.jpg")
    assert time.perf_counter() - start < 1.0
    assert "ใหญ่เกินไป" in error.message


def test_too_large_bytes_are_refused() -> None:
    error = refusal(b"\xff\xd8\xff" + bytes(MAX_FILE_BYTES), "huge.jpg")
    assert "ใหญ่เกินไป" in error.message and f"{MAX_FILE_BYTES // 2**20} MB" in error.message


# ---------------------------------------------------------------------------------- colour modes
def test_cmyk_jpeg_is_stored_as_rgb_with_the_right_colours() -> None:
    cmyk = Image.new("CMYK", (2400, 1200), (0, 255, 255, 0))  # red ink
    cmyk.paste((255, 255, 0, 0), (1200, 0, 2400, 1200))  # blue ink
    photo = process_photo(encode(cmyk, quality=95), "print.jpg")
    assert_stored_jpeg(photo, (2000, 1000))
    image = decoded(photo.print_jpeg)
    assert near(image.getpixel((300, 500)), RED, 30)
    assert near(image.getpixel((1700, 500)), BLUE, 30)


@pytest.mark.parametrize(("fmt", "mode"), [("PNG", "I;16"), ("TIFF", "I;16"), ("TIFF", "I")])
def test_16_bit_grey_is_scaled_not_clipped(fmt: str, mode: str) -> None:
    grey = Image.new(mode, (300, 200), 128 * 257)  # mid-grey in 16 bits
    grey.paste(65535, (0, 0, 100, 200))
    grey.paste(0, (200, 0, 300, 200))
    data = encode(grey, fmt)
    assert Image.open(io.BytesIO(data)).mode == mode
    image = decoded(process_photo(data, "scan.png").print_jpeg)
    assert near(image.getpixel((50, 100)), WHITE, 3)
    assert near(image.getpixel((150, 100)), (128, 128, 128), 3)  # a plain convert gives white
    assert near(image.getpixel((250, 100)), (0, 0, 0), 3)


def test_png_with_alpha_is_composited_on_white() -> None:
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (100, 0, 200, 100))
    image.paste((0, 0, 255, 128), (200, 0, 300, 100))
    stored = decoded(process_photo(encode(image, "PNG"), "shot.png").print_jpeg)
    assert near(stored.getpixel((50, 50)), WHITE)
    assert near(stored.getpixel((150, 50)), RED)
    assert near(stored.getpixel((250, 50)), (127, 127, 255))


def test_large_png_with_alpha_is_composited_after_resizing() -> None:
    image = Image.new("RGBA", (3000, 1000), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (1500, 0, 3000, 1000))
    photo = process_photo(encode(image, "PNG"), "shot.png")
    assert_stored_jpeg(photo, (2000, 667))
    stored = decoded(photo.print_jpeg)
    assert near(stored.getpixel((400, 300)), WHITE)
    assert near(stored.getpixel((1600, 300)), RED)


def test_grey_with_alpha_is_composited_on_white() -> None:
    image = Image.new("LA", (200, 100), (0, 0))
    image.paste((60, 255), (100, 0, 200, 100))
    stored = decoded(process_photo(encode(image, "PNG"), "la.png").print_jpeg)
    assert near(stored.getpixel((50, 50)), WHITE)
    assert near(stored.getpixel((150, 50)), (60, 60, 60))


@pytest.mark.parametrize("fmt", ["PNG", "GIF"])
def test_palette_with_transparency_is_composited_on_white(fmt: str) -> None:
    image = Image.new("P", (200, 100), 0)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    image.paste(1, (100, 0, 200, 100))
    data = encode(image, fmt, transparency=0)
    stored = decoded(process_photo(data, f"p.{fmt.lower()}").print_jpeg)
    assert near(stored.getpixel((50, 50)), WHITE)  # index 0 is transparent black
    assert near(stored.getpixel((150, 50)), RED)


def test_grayscale_jpeg_is_stored_as_rgb() -> None:
    grey = Image.new("L", (3000, 1500), 100)
    grey.paste(200, (1500, 0, 3000, 1500))
    photo = process_photo(encode(grey, quality=95), "grey.jpg")
    assert_stored_jpeg(photo, (2000, 1000))
    stored = decoded(photo.print_jpeg)
    assert near(stored.getpixel((400, 500)), (100, 100, 100), 4)
    assert near(stored.getpixel((1600, 500)), (200, 200, 200), 4)


@pytest.mark.parametrize("mode", ["1", "L", "P", "RGB", "RGBA", "LA", "CMYK", "I;16", "I",
                                  "F", "YCbCr", "I;16B"])
def test_any_tiff_mode_is_stored_as_rgb(mode: str) -> None:
    image = Image.new(mode, (120, 80))
    data = encode(image, "TIFF")
    photo = process_photo(data, f"scan-{mode}.tif")
    assert_stored_jpeg(photo, (120, 80))
    assert photo.original_format == "TIFF"


def test_srgb_profile_is_accepted_and_dropped() -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(halves((400, 200), RED, BLUE), quality=95, icc_profile=srgb)
    photo = process_photo(data, "a.jpg")
    assert_stored_jpeg(photo, (400, 200))
    assert near(decoded(photo.print_jpeg).getpixel((100, 100)), RED)


def swapped_primaries_profile() -> bytes:
    """An RGB profile whose red and blue primaries are sRGB's blue and red (not named sRGB)."""
    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    count = struct.unpack(">I", icc[128:132])[0]
    entries = {bytes(icc[132 + 12 * i:136 + 12 * i]): 136 + 12 * i for i in range(count)}
    red, blue = entries[b"rXYZ"], entries[b"bXYZ"]
    icc[red:red + 8], icc[blue:blue + 8] = icc[blue:blue + 8], icc[red:red + 8]
    return bytes(icc).replace("sRGB".encode("utf-16-be"), "sWAP".encode("utf-16-be"))


def test_other_colour_profiles_are_converted_to_srgb() -> None:
    # A phone's Display P3 works the same way: the pixels mean colours in that profile.
    data = encode(halves((400, 200), RED, BLUE), quality=95, icc_profile=swapped_primaries_profile())
    stored = decoded(process_photo(data, "p3.jpg").print_jpeg)
    assert near(stored.getpixel((100, 100)), BLUE, 30)
    assert near(stored.getpixel((300, 100)), RED, 30)


def test_broken_colour_profile_falls_back_to_plain_colours() -> None:
    data = encode(halves((400, 200), RED, BLUE), quality=95, icc_profile=b"not a profile" * 10)
    stored = decoded(process_photo(data, "a.jpg").print_jpeg)
    assert near(stored.getpixel((100, 100)), RED)


# ---------------------------------------------------------------------------------- formats
def heic_or_skip(image: Image.Image) -> bytes:
    """HEIC made with pillow-heif's encoder (a test-only dependency: GPL x265). The app itself
    decodes with pi-heif, which is not registered over by this (no register_heif_opener)."""
    if not pillow_heif.libheif_info().get("HEIF"):
        pytest.skip("this pillow-heif build has no HEVC encoder, so no HEIC can be made")
    out = io.BytesIO()
    pillow_heif.from_pillow(image).save(out, quality=90)
    return out.getvalue()


def test_heic_is_decoded_by_lgpl_pi_heif() -> None:
    """The shipped decoder is pi-heif (LGPL libheif + libde265), not GPL pillow-heif; the
    committed tiny.heic (the self-test's photo) decodes without any encoder installed."""
    from ita_desktop.core.base import paths

    data = (paths.data_dir() / "selftest" / "tiny.heic").read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        assert type(image).__module__.startswith("pi_heif")
    photo = process_photo(data, "tiny.heic")
    assert photo.original_format == "HEIF"
    stored = decoded(photo.print_jpeg)
    assert stored.size == (64, 48)
    assert near(stored.getpixel((8, 24)), (200, 40, 40), 30)
    assert near(stored.getpixel((56, 24)), (40, 60, 200), 30)


def test_heic_is_stored() -> None:
    data = heic_or_skip(halves((640, 480), RED, BLUE))
    photo = process_photo(data, "IMG_0001.HEIC")
    assert photo.original_format == "HEIF"
    assert_stored_jpeg(photo, (640, 480))
    stored = decoded(photo.print_jpeg)
    assert near(stored.getpixel((100, 240)), RED, 20)
    assert near(stored.getpixel((540, 240)), BLUE, 20)


def test_large_heic_is_shrunk() -> None:
    photo = process_photo(heic_or_skip(scene((4000, 3000))), "big.heic")
    assert_stored_jpeg(photo, (2000, 1500))


def test_animated_gif_keeps_the_first_frame() -> None:
    frames = [Image.new("RGB", (100, 60), colour) for colour in (RED, BLUE, WHITE)]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100,
                  loop=0)
    assert Image.open(io.BytesIO(data)).n_frames == 3
    photo = process_photo(data, "anim.gif")
    assert photo.original_format == "GIF"
    assert_stored_jpeg(photo, (100, 60))
    assert near(decoded(photo.print_jpeg).getpixel((50, 30)), RED)


def test_multi_picture_jpeg_keeps_the_first_picture() -> None:
    first, second = halves((800, 600), RED, BLUE), Image.new("RGB", (800, 600), WHITE)
    data = encode(first, "MPO", save_all=True, append_images=[second], quality=95)
    photo = process_photo(data, "mpo.jpg")
    assert photo.original_format == "JPEG"
    assert near(decoded(photo.print_jpeg).getpixel((100, 300)), RED)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "BMP", "TIFF", "GIF"])
def test_other_common_formats_are_stored(fmt: str) -> None:
    photo = process_photo(encode(scene((2400, 1800)), fmt), f"a.{fmt.lower()}")
    assert photo.original_format == fmt
    assert_stored_jpeg(photo, (2000, 1500))


def test_tiny_image() -> None:
    photo = process_photo(encode(Image.new("RGB", (1, 1), RED), "PNG"), "dot.png")
    assert_stored_jpeg(photo, (1, 1))
    assert decoded(photo.thumb_jpeg).size == (1, 1)
    assert near(decoded(photo.print_jpeg).getpixel((0, 0)), RED, 20)


@pytest.mark.parametrize(("size", "expected"), [
    ((16000, 1000), (2000, 125)),  # JPEG: 1/8-scale draft then resize
    ((20000, 3), (2000, 1)),  # a sliver: never 0 px high
])
def test_very_wide_panorama_clamps_the_long_side(size: tuple[int, int],
                                                 expected: tuple[int, int]) -> None:
    photo = process_photo(encode(scene(size), quality=85), "pano.jpg")
    assert_stored_jpeg(photo, expected)
    assert decoded(photo.thumb_jpeg).width == THUMB_LONG_SIDE


# ---------------------------------------------------------------------------------- identity
def test_same_bytes_give_the_same_sha256() -> None:
    data = encode(scene((300, 200)))
    first, second = process_photo(data, "a.jpg"), process_photo(data, "copy of a.jpg")
    assert first.sha256 == second.sha256 == hashlib.sha256(data).hexdigest()
    assert first.print_jpeg == second.print_jpeg
    other = process_photo(encode(scene((300, 200)), quality=70), "b.jpg")
    assert other.sha256 != first.sha256


def test_repr_does_not_dump_the_pixels() -> None:
    photo = process_photo(encode(scene((300, 200))), "a.jpg")
    assert len(repr(photo)) < 400


def test_processing_in_threads_gives_the_same_results() -> None:
    inputs = [encode(scene((2400 + 16 * i, 1800)), quality=80 + i) for i in range(6)]
    sequential = [process_photo(data).print_jpeg for data in inputs]
    with ThreadPoolExecutor(4) as pool:
        threaded = list(pool.map(lambda data: process_photo(data).print_jpeg, inputs))
    assert threaded == sequential


# ---------------------------------------------------------------------------------- files
def test_read_photo_file(tmp_path: Path) -> None:
    data = encode(scene((2400, 1600)))
    path = tmp_path / "ภาพกิจกรรม.jpg"
    path.write_bytes(data)
    photo = read_photo_file(path)
    assert photo.original_name == "ภาพกิจกรรม.jpg"
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    assert_stored_jpeg(photo, (2000, 1333))
    assert read_photo_file(str(path)).sha256 == photo.sha256


def test_too_large_file_is_refused_before_reading(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.jpg"
    with path.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk

    def no_reading(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    with pytest.raises(PhotoError, match="ใหญ่เกินไป") as info:
        read_photo_file(path)
    assert info.value.where == "huge.jpg"


def test_missing_file_and_folder_are_photo_errors(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match="ไม่พบไฟล์") as info:
        read_photo_file(tmp_path / "gone.jpg")
    assert info.value.where == "gone.jpg"
    folder = tmp_path / "photos"
    folder.mkdir()
    with pytest.raises(PhotoError, match="โฟลเดอร์"):
        read_photo_file(folder)


def test_non_image_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "รายงาน.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"0" * 1000)
    with pytest.raises(PhotoError) as info:
        read_photo_file(path)
    assert info.value.where == "รายงาน.pdf"
    assert "ไฟล์ “รายงาน.pdf” ไม่ใช่รูปภาพ" in info.value.message


# ---------------------------------------------------------------------------------- helpers
def test_rotate_jpeg_turns_clockwise() -> None:
    jpeg = encode(halves((400, 200), RED, BLUE), quality=95)
    turned = decoded(rotate_jpeg(jpeg, 1))
    assert turned.size == (200, 400)
    assert near(turned.getpixel((100, 100)), RED)  # clockwise: the left half goes up
    assert near(turned.getpixel((100, 300)), BLUE)
    upside_down = decoded(rotate_jpeg(jpeg, 2))
    assert near(upside_down.getpixel((100, 100)), BLUE)
    assert decoded(rotate_jpeg(jpeg, -1)).getpixel((100, 100)) == \
        decoded(rotate_jpeg(jpeg, 3)).getpixel((100, 100))
    assert rotate_jpeg(jpeg, 0) is jpeg and rotate_jpeg(jpeg, 4) is jpeg


def test_thumb_of_scales_down_only() -> None:
    photo = process_photo(encode(scene((4000, 3000))), "a.jpg")
    assert decoded(thumb_of(photo.print_jpeg, 512)).size == (512, 384)
    assert decoded(thumb_of(photo.print_jpeg, 300)).size == (300, 225)
    assert thumb_of(photo.print_jpeg, PRINT_LONG_SIDE) is photo.print_jpeg
    with pytest.raises(ValueError):
        thumb_of(photo.print_jpeg, 0)


@pytest.mark.parametrize("bad", [b"", b"not a jpeg", noisy_jpeg()[:500]])
def test_helpers_refuse_bad_bytes_with_photo_error(bad: bytes) -> None:
    with pytest.raises(PhotoError):
        rotate_jpeg(bad, 1)
    with pytest.raises(PhotoError):
        thumb_of(bad, 100)


# ---------------------------------------------------------------------------------- fuzzing
def _seeds() -> list[bytes]:
    small = scene((48, 32))
    seeds = [encode(small, quality=80), encode(small, "PNG"), encode(small, "GIF"),
             encode(small, "WEBP"), encode(small, "TIFF"), encode(small, "BMP"),
             encode(small.convert("RGBA"), "PNG"), encode(small, quality=80, progressive=True)]
    if pillow_heif.libheif_info().get("HEIF"):
        out = io.BytesIO()
        pillow_heif.from_pillow(small).save(out, quality=50)
        seeds.append(out.getvalue())
    return seeds


SEEDS = _seeds()


@st.composite
def mutated_images(draw: st.DrawFn) -> bytes:
    """A valid small image with a few bytes changed, cut short or spliced."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(max_size=64))
    return bytes(data)


def assert_photo_or_photo_error(data: bytes) -> None:
    try:
        photo = process_photo(data, "fuzz.bin")
    except PhotoError as error:
        assert error.message and error.where == "fuzz.bin"
        return
    assert 1 <= max(photo.width, photo.height) <= PRINT_LONG_SIDE
    assert decoded(photo.print_jpeg).mode == "RGB"


_FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(_FUZZ, max_examples=300)
@given(st.one_of(st.binary(max_size=512), mutated_images()))
def test_any_bytes_give_a_photo_or_a_photo_error(data: bytes) -> None:
    assert_photo_or_photo_error(data)


@pytest.mark.slow
@settings(_FUZZ, max_examples=5000)
@given(st.one_of(st.binary(max_size=2048), mutated_images()))
def test_any_bytes_give_a_photo_or_a_photo_error_at_length(data: bytes) -> None:
    assert_photo_or_photo_error(data)


def test_module_constants() -> None:
    assert (photos.PRINT_LONG_SIDE, photos.THUMB_LONG_SIDE) == (2000, 256)


# ---------------------------------------------------------------------------------- memory budget
def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_picture_past_the_memory_budget_is_refused_before_decoding(monkeypatch) -> None:
    from PIL import Image

    from ita_desktop.core.photos import intake as photos

    monkeypatch.setattr(photos, "DECODE_BUDGET_BYTES", 8 * 1024 * 1024)
    data = _png(Image.new("RGBA", (2000, 1500), (10, 20, 30, 255)))  # 12 MB decoded
    with pytest.raises(PhotoError) as caught:
        photos.process_photo(data, "scan.png")
    assert "หน่วยความจำ" in caught.value.message and "JPEG" in caught.value.message
    assert "budget" in (caught.value.english or "")


@pytest.mark.parametrize("mode", ["RGBA", "P", "RGB", "L"])
def test_large_pictures_reduced_in_strips_match_the_simple_path(monkeypatch, mode) -> None:
    from PIL import Image, ImageChops, ImageDraw

    from ita_desktop.core.photos import intake as photos

    picture = Image.new("RGBA", (4100, 2600), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    for n in range(0, 4100, 97):
        draw.rectangle([n, n % 2600 // 2, n + 60, n % 2600 // 2 + 900],
                       fill=(n % 256, 90, 200 - n % 200, 255))
    if mode == "P":
        picture = picture.convert("RGB").quantize(64)
        picture.info["transparency"] = 0
    elif mode != "RGBA":
        picture = picture.convert(mode)
    exif = Image.Exif()
    exif[0x0112] = 6  # stored on its side: turn upright
    out = io.BytesIO()
    picture.save(out, "PNG", exif=exif.tobytes())
    data = out.getvalue()
    simple = photos.process_photo(data, "a.png")
    monkeypatch.setattr(photos, "STRIP_THRESHOLD_BYTES", 1024)
    strips = photos.process_photo(data, "a.png")
    assert (strips.width, strips.height) == (simple.width, simple.height) == (1268, 2000)
    with Image.open(io.BytesIO(simple.print_jpeg)) as a, \
            Image.open(io.BytesIO(strips.print_jpeg)) as b:
        diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
        from PIL import ImageStat

        mean = sum(ImageStat.Stat(diff).mean) / 3
    assert mean < 3.0  # the same picture (JPEG and resampling noise only)
