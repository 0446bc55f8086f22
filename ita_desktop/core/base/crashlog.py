"""The error log in the user's data folder, so an error in a window program never vanishes.

``ita-desktop.log`` (standard ``logging`` rotation: 1 MB, 3 old files) gets every uncaught
exception with its traceback. A hard crash (segfault, abort inside Qt) cannot run Python, so
``faulthandler`` writes the stacks to ``crash.log`` itself; the next start moves that text into
the main log (so it rotates too) and empties the file.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO

from . import paths

LOG_NAME = "ita-desktop.log"
CRASH_NAME = "crash.log"
MAX_BYTES = 1_000_000
BACKUPS = 3

logger = logging.getLogger("ita_desktop")
_fault_file: IO[str] | None = None


def log_path() -> Path:
    return paths.logs_dir() / LOG_NAME


def setup(program: str) -> Path:
    """Open the rotating log and arm faulthandler; return the log file's path. Idempotent."""
    global _fault_file
    folder = paths.logs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = log_path()
    if not any(getattr(h, "baseFilename", None) == str(target) for h in logger.handlers):
        handler = logging.handlers.RotatingFileHandler(
            target, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    crash = folder / CRASH_NAME
    if _fault_file is None:
        if crash.is_file() and crash.stat().st_size:
            text = crash.read_text(encoding="utf-8", errors="replace")[-200_000:]
            logger.error("the previous run of ITA Desktop crashed:\n%s", text)
        _fault_file = crash.open("w", encoding="utf-8")  # empties the old crash text
        faulthandler.enable(_fault_file, all_threads=True)
    logger.info("%s started (Python %s)", program, sys.version.split()[0])
    return target


def record(exc_type: type[BaseException], exc: BaseException,
           tb: TracebackType | None) -> Path:
    """Write one uncaught exception to the log; return the log file's path."""
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    try:
        logger.error("uncaught exception:\n%s", text)
        for handler in logger.handlers:
            handler.flush()
    except Exception:  # a full disk must not hide the original error
        print(text, file=sys.stderr)
    return log_path()


def shutdown() -> None:
    """Disarm faulthandler and close the crash file (tests; a clean exit)."""
    global _fault_file
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
        _fault_file = None
    for handler in list(logger.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            handler.close()
            logger.removeHandler(handler)
