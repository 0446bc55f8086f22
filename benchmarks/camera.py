"""Camera-like test photos for benchmarks: big, noisy JPEGs with EXIF (and GPS) like a phone's.

A flat synthetic image compresses to a few hundred kilobytes and decodes unrealistically fast,
so the scene gets gradients, shapes and sensor-like grain until a 12-MP picture at quality 92
weighs about 5 MB, like a real 12-MP camera JPEG. Pillow only (no numpy), deterministic per seed.
"""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw

QUALITY = 92  # what phones and compact cameras typically write
LUMA_GRAIN = 0.14  # blend weight of the luminance grain: tuned for ~5 MB at 12 MP
CHROMA_GRAIN = 0.03  # weaker colour grain, as after a camera's noise reduction
SHAPES = 40


def camera_size(megapixels: float) -> tuple[int, int]:
    """A 4:3 frame of about ``megapixels`` (4000×3000 for 12)."""
    width = max(4, round(math.sqrt(megapixels * 1e6 * 4 / 3)))
    return width, max(3, round(width * 3 / 4))


def camera_jpeg(seed: int, megapixels: float = 12.0) -> bytes:
    """A deterministic camera-like JPEG of about ``megapixels`` (≈5 MB at 12 MP)."""
    rng = random.Random(seed)
    size = camera_size(megapixels)
    image = _scene(rng, size)
    image = _add_grain(rng, image)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=QUALITY, exif=_exif(seed))
    return out.getvalue()


def _gradient(size: tuple[int, int], lo: tuple[int, int, int], hi: tuple[int, int, int]
              ) -> Image.Image:
    """Vertical colour gradient from ``lo`` (top) to ``hi`` (bottom)."""
    ramp = Image.linear_gradient("L").resize(size)
    bands = [ramp.point(lambda v, a=a, b=b: a + (b - a) * v // 255) for a, b in zip(lo, hi, strict=True)]
    return Image.merge("RGB", bands)


def _scene(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Sky over ground with random buildings/people-like shapes."""
    width, height = size
    horizon = height * rng.randint(40, 60) // 100
    scene = Image.new("RGB", size)
    scene.paste(_gradient((width, horizon), (80, 130, 230), (200, 220, 245)), (0, 0))
    scene.paste(_gradient((width, height - horizon), (110, 140, 70), (50, 70, 40)), (0, horizon))
    draw = ImageDraw.Draw(scene)
    for _ in range(SHAPES):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        x1 = x0 + rng.randrange(width // 80 + 1, width // 4 + 2)
        y1 = y0 + rng.randrange(height // 60 + 1, height // 3 + 2)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        if rng.random() < 0.5:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        else:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
    return scene


def _add_grain(rng: random.Random, image: Image.Image) -> Image.Image:
    """Sensor-like grain: strong in luminance, weak in colour. randbytes keeps it fast."""
    width, height = image.size
    luma = Image.frombytes("L", image.size, _random_bytes(rng, width * height))
    image = Image.blend(image, Image.merge("RGB", (luma, luma, luma)), LUMA_GRAIN)
    chroma = Image.frombytes("RGB", image.size, _random_bytes(rng, width * height * 3))
    return Image.blend(image, chroma, CHROMA_GRAIN)


def _random_bytes(rng: random.Random, count: int) -> bytes:
    """rng.randbytes in chunks: one call is limited to 256 MB (a C int of bits)."""
    chunk = 64 * 2**20
    return b"".join(rng.randbytes(min(chunk, count - start)) for start in range(0, count, chunk))


def _exif(seed: int) -> Image.Exif:
    """Camera make/model, date and a GPS position: what the import must not carry over."""
    exif = Image.Exif()
    exif[0x010F] = "ITA Bench"  # Make
    exif[0x0110] = "Synthetic 12MP"  # Model
    exif[0x0132] = f"2024:01:{seed % 28 + 1:02d} 10:00:00"  # DateTime
    exif[0x0112] = 1  # Orientation: upright
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (13.0, 45.0, 0.0), 3: "E", 4: (100.0, 30.0, 0.0)})
    return exif


if __name__ == "__main__":
    import time

    for mp in (12.0, 24.0):
        start = time.perf_counter()
        data = camera_jpeg(1, mp)
        print(f"{mp:g} MP: {len(data) / 1e6:.2f} MB in {time.perf_counter() - start:.2f} s")
