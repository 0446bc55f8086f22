"""The JSON Schema in docs/ describes what the app writes and the demo it ships."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from ita_desktop.core.exchange.report_json import dump_report
from ita_desktop.core.workflow.demo import create_demo, demo_file

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "report.schema.json").read_text("utf-8"))


def test_demo_file_follows_the_schema() -> None:
    jsonschema.validate(json.loads(demo_file().read_text("utf-8")), SCHEMA)


def test_dumps_follow_the_schema(store, tmp_path: Path) -> None:
    report = store.get_report(create_demo(store))
    jsonschema.validate(json.loads(dump_report(report)), SCHEMA)
    with_files = dump_report(report, store, photos_dir=tmp_path / "p", relative_to=tmp_path)
    jsonschema.validate(json.loads(with_files), SCHEMA)


def test_schema_rejects_a_misspelt_key() -> None:
    doc = json.loads(demo_file().read_text("utf-8"))
    doc["entries"][0]["measure"] = doc["entries"][0].pop("measures")
    try:
        jsonschema.validate(doc, SCHEMA)
    except jsonschema.ValidationError:
        return
    raise AssertionError("a misspelt key must not validate")
