"""The frameworks available to this installation: bundled files plus the office's own.

A file the office adds (``ita forms add``; the upper office may send a corrected one) lives in
the user's data folder and replaces the bundled file of the same id without reinstalling.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..base import paths
from ..base.errors import FormError
from .definition import Framework, load_framework_file, parse_framework, read_form_text


@dataclass(frozen=True)
class FormFile:
    id: str
    path: Path
    origin: str  # "bundled" or "user"


def available() -> dict[str, FormFile]:
    """Framework id -> file; user files win over bundled ones."""
    found: dict[str, FormFile] = {}
    for origin, folder in (("bundled", paths.bundled_forms_dir()), ("user", paths.user_forms_dir())):
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found[path.stem] = FormFile(path.stem, path, origin)
    return found


def load_framework(framework_id: str) -> Framework:
    """The framework with this id. Raises FormError when it is missing or broken."""
    files = available()
    if framework_id not in files:
        known = ", ".join(sorted(files)) or "ไม่มี"
        raise FormError(f"ไม่พบกรอบการประเมิน “{framework_id}” (ที่มีอยู่: {known}) — "
                        "เพิ่มไฟล์ด้วยคำสั่ง ita forms add ไฟล์.yaml", where=framework_id)
    path = files[framework_id].path
    return _load_cached(str(path), path.stat().st_mtime_ns)


def try_load_framework(framework_id: str) -> Framework | None:
    try:
        return load_framework(framework_id)
    except FormError:
        return None


@lru_cache(maxsize=16)
def _load_cached(path: str, mtime_ns: int) -> Framework:
    return load_framework_file(path)


def add_form_file(source: str | Path) -> tuple[Framework, FormFile | None]:
    """Validate ``source`` and install it in the user's forms folder.

    Returns the framework and the file it replaced (if any). A broken file raises FormError
    and installs nothing.
    """
    source = Path(source)
    text = read_form_text(source)
    framework = parse_framework(text, str(source))  # the id inside names the installed file
    return framework, install_form_text(text, framework.id)


def install_form_text(text: str, framework_id: str) -> FormFile | None:
    """Write checked framework text as the user's ``<id>.yaml``; the file it replaced, if any
    (kept beside it as ``.yaml.bak``). The caller has checked the text and the version rule
    (``transfer.install``)."""
    replaced = available().get(framework_id)
    target_dir = paths.user_forms_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    # write then rename: a crash never leaves a half-written form file in use
    fd, tmp = tempfile.mkstemp(dir=target_dir, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    target = target_dir / f"{framework_id}.yaml"
    if target.exists():
        shutil.copy2(target, target_dir / f"{framework_id}.yaml.bak")
    os.replace(tmp, target)
    return replaced
