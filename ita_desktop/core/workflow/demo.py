"""The bundled demo report: Pathum Wan District Office, fiscal year 2567, first 6 months,
transcribed from the published report (data/demo/README.md says how)."""

from __future__ import annotations

import uuid
from pathlib import Path

from ..base import paths
from ..exchange.report_json import read_report_file
from ..store import Store


def demo_file() -> Path:
    return paths.resources_dir() / "demo" / "pathumwan-2567-6m.json"


def create_demo(store: Store) -> int:
    """Create a new copy of the demo report (a fresh identity each time); return its id."""
    report, photos = read_report_file(demo_file(), known_photo=store.has_photo)
    report.uuid = str(uuid.uuid4())
    return store.create_report(report, photos)
