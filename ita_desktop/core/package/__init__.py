"""Report packages (``.itapkg``): export, checked import, consolidation for the upper office.

The format is described in docs/package-format.md. Nothing here writes outside the database
except where the caller saves the bytes it is given; no package is ever extracted to disk.
"""

from __future__ import annotations

from .importer import (
    ExistingReport,
    ImportOutcome,
    ImportRefused,
    OnConflict,
    import_checked,
    import_package,
    import_package_file,
)
from .layout import EMAIL_LIMIT_BYTES, FORMAT, SUFFIX, Manifest
from .reader import CheckedPackage, read_package, read_package_file
from .writer import BuiltPackage, Recompress, build_package, package_file_name, package_size

__all__ = [
    "EMAIL_LIMIT_BYTES", "FORMAT", "SUFFIX", "BuiltPackage", "CheckedPackage", "ExistingReport",
    "ImportOutcome", "ImportRefused", "Manifest", "OnConflict", "Recompress", "build_package",
    "import_checked", "import_package", "import_package_file", "package_file_name",
    "package_size", "read_package", "read_package_file",
]
