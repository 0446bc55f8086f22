"""Every photo in a package must decode: checked with Pillow before anything is stored.

Decoding at 1/8 scale (libjpeg's DCT scaling) still reads every byte of the compressed data,
so a truncated or damaged JPEG is caught at a fraction of the cost of a full decode. Pillow
releases the GIL while decoding, so photos are checked on a few threads.
"""

from __future__ import annotations

import io
import os
import struct
import warnings
import zlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from PIL import Image

from ..base.errors import FormatError

_ERRORS: tuple[type[BaseException], ...] = (
    OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error, IndexError, KeyError,
    TypeError, ArithmeticError, RuntimeError, Warning, Image.DecompressionBombError)


def check_jpeg(data: bytes, *, size: tuple[int, int] | None, max_side: int) -> str | None:
    """None if ``data`` is a whole baseline/progressive JPEG of ``size`` (or at most
    ``max_side`` on each side); otherwise an English reason."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with Image.open(io.BytesIO(data), formats=("JPEG",)) as image:
                if image.format != "JPEG":
                    return f"not a JPEG ({image.format})"
                if size is not None and image.size != size:
                    return f"size {image.size} differs from the manifest's {size}"
                if max(image.size) > max_side:
                    return f"size {image.size} over the limit"
                image.draft("RGB", (1, 1))
                image.load()
    except MemoryError:
        return "out of memory"
    except _ERRORS as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def check_all(jobs: Iterable[tuple[str, bytes, tuple[int, int] | None, int]], source: str
              ) -> None:
    """Check (member name, bytes, expected size, max side) jobs; refuse at the first bad one."""
    jobs = list(jobs)
    workers = max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        reasons = list(pool.map(lambda job: check_jpeg(job[1], size=job[2], max_side=job[3]),
                                jobs))
    for (name, *_), reason in zip(jobs, reasons, strict=True):
        if reason is not None:
            raise FormatError(f"ภาพ “{name}” ในแพ็กเกจเปิดไม่ได้หรือเสียหาย — ขอให้หน่วยงานที่ส่ง"
                              "ส่งออกแพ็กเกจใหม่", where=f"{source}: {name}",
                              english=f"photo {name} does not decode: {reason}")
