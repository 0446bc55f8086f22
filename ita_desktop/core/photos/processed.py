"""A photo as the store keeps it, after intake: plain data, no imaging library, so that
opening a database does not load Pillow and the HEIC decoder (intake.py makes these)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProcessedPhoto:
    """A photo ready for the store. ``sha256`` names the original file (for de-duplication)."""

    sha256: str
    print_jpeg: bytes = field(repr=False)
    thumb_jpeg: bytes = field(repr=False)
    width: int  # of print_jpeg
    height: int
    original_name: str
    original_bytes: int
    original_format: str  # "JPEG", "PNG", "HEIF", ...
