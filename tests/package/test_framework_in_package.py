"""A package names its framework (id, version, hash of its text); the consolidation says
which offices reported on another version and never puts two different items in one column."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from io import BytesIO
from pathlib import Path

from ita_desktop.core.framework import catalog
from ita_desktop.core.framework.definition import parse_framework
from ita_desktop.core.framework.transfer import FrameworkFile, install, text_hash
from ita_desktop.core.package import build_package, import_package
from ita_desktop.core.package.consolidate import summarize
from ita_desktop.core.package.layout import check_manifest
from ita_desktop.core.store import Store

from .conftest import fake_pdf, make_report


def _manifest(data: bytes) -> dict:
    with zipfile.ZipFile(BytesIO(data)) as zf:
        return json.loads(zf.read("manifest.json"))


def _second_version_with_other_wording(code: str) -> str:
    """ita-2567 as ita-2567.2, the wording of item ``code`` changed."""
    text = catalog.available()["ita-2567"].path.read_text(encoding="utf-8")
    old = catalog.load_framework("ita-2567").item(code).text
    changed = text.replace("id: ita-2567", "id: ita-2567.2", 1).replace(old, "ถ้อยคำฉบับที่สอง", 1)
    install(FrameworkFile(parse_framework(changed), changed, text_hash(changed)), {})
    return "ita-2567.2"


def test_the_manifest_names_the_framework(source_store: Store, report_id: int) -> None:
    manifest = _manifest(build_package(source_store, report_id, pdf=fake_pdf).data)
    text = catalog.available()["ita-2567"].path.read_text(encoding="utf-8")
    assert manifest["framework"] == {"id": "ita-2567", "version": 1, "sha256": text_hash(text)}
    assert check_manifest(manifest, "x").framework.sha256 == text_hash(text)
    del manifest["framework"]  # a package written before the key: still read
    assert check_manifest(manifest, "x").framework is None


def test_consolidation_flags_an_office_on_another_version(source_store: Store, tmp_path: Path
                                                          ) -> None:
    report, photos = make_report("สำนักงานเขตหนึ่ง", photos=0)
    first_code = report.entries[0].item
    version2 = _second_version_with_other_wording(first_code)
    ids = [source_store.create_report(make_report(name, photos=0, seed=n)[0], {})
           for n, name in enumerate(("สำนักงานเขตหนึ่ง", "สำนักงานเขตสอง"))]
    odd = source_store.create_report(replace(make_report("สำนักงานเขตสาม", photos=0, seed=9)[0],
                                             framework=version2), {})
    packages = [build_package(source_store, i, pdf=fake_pdf).data for i in [*ids, odd]]
    assert _manifest(packages[-1])["framework"]["id"] == "ita-2567.2"
    with Store.open(tmp_path / "upper.sqlite") as upper:
        imported = [import_package(upper, data).report_id for data in packages]
        summary = summarize(upper, imported)
    assert summary.expected_framework == "ita-2567"
    assert [o.agency for o in summary.other_framework] == ["สำนักงานเขตสาม"]
    codes = [c.code for c in summary.items]
    label = source_store.get_report(odd).entries[0].code_label
    assert f"{label} (ita-2567.2)" in codes  # the reworded item: a column of its own
    assert label in codes
    assert summary.scores["สำนักงานเขตสาม"].get(label) is None
    second = source_store.get_report(odd).entries[1].code_label
    assert f"{second} (ita-2567.2)" not in codes  # same wording in both versions: one column
