"""Export → import into an empty database → export again: the same members, byte for byte
(apart from the manifest's time stamp); manifests follow the published JSON Schema."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import jsonschema
import pytest

from ita_desktop import __version__
from ita_desktop.core.package import (
    Recompress,
    build_package,
    import_package,
    package_file_name,
    package_size,
    read_package,
)
from ita_desktop.core.report.model import Round
from ita_desktop.core.store import Store
from ita_desktop.core.workflow.demo import create_demo

from .conftest import fake_pdf, make_report
from .zips import members_of

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "package-manifest.schema.json")
                    .read_text("utf-8"))


def _manifest(data: bytes) -> dict:
    return json.loads(dict(members_of(data))["manifest.json"])


def test_round_trip_is_byte_identical(source_store: Store, report_id: int, tmp_path: Path
                                      ) -> None:
    first = build_package(source_store, report_id, pdf=fake_pdf).data
    with Store.open(tmp_path / "empty.sqlite") as empty:
        outcome = import_package(empty, first)
        assert outcome.status == "imported"
        second = build_package(empty, outcome.report_id, pdf=fake_pdf).data
        assert empty.get_report(outcome.report_id).uuid == source_store.get_report(report_id).uuid
    a, b = members_of(first), members_of(second)
    assert [n for n, _ in a] == [n for n, _ in b]
    for (name, x), (_, y) in zip(a, b, strict=True):
        if name not in ("manifest.json", "history.json"):
            assert x == y, name
    # the history is kept whole and gains one event: the import itself
    ha, hb = (json.loads(dict(m)["history.json"])["events"] for m in (a, b))
    assert [{**e, "origin": ""} for e in hb[:-1]] == ha  # marked as coming from a package
    assert all(e["origin"].startswith("package:") for e in hb)
    assert hb[-1]["action"] == "report-imported"
    ma, mb = _manifest(first), _manifest(second)
    ma.pop("created_at"), mb.pop("created_at")
    ma["members"] = [m for m in ma["members"] if m["name"] != "history.json"]
    mb["members"] = [m for m in mb["members"] if m["name"] != "history.json"]
    assert ma == mb


def test_round_trip_with_the_printed_pdf(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.sqlite") as store:
        report_id = create_demo(store)
        first = build_package(store, report_id)
        assert "report.pdf" in dict(members_of(first.data))
        assert dict(members_of(first.data))["report.pdf"].startswith(b"%PDF-")
        original = store.get_report(report_id)
    with Store.open(tmp_path / "b.sqlite") as store:
        outcome = import_package(store, first.data)
        again = build_package(store, outcome.report_id)
        imported = store.get_report(outcome.report_id)
        for ref in (p for e in imported.entries for p in e.photos):
            assert store.photo_bytes(ref.sha256) == dict(members_of(first.data))[
                f"photos/{ref.sha256}.jpg"]
    assert [(e.item, e.score, e.measures, e.result, [(p.sha256, p.caption, p.rotation)
             for p in e.photos]) for e in imported.entries] == \
        [(e.item, e.score, e.measures, e.result, [(p.sha256, p.caption, p.rotation)
          for p in e.photos]) for e in original.entries]
    for (name, x), (_, y) in zip(members_of(first.data), members_of(again.data), strict=True):
        if name not in ("manifest.json", "report.pdf", "history.json"):  # history: + import
            assert x == y, name


def test_manifest_content(source_store: Store, report_id: int) -> None:
    built = build_package(source_store, report_id, pdf=fake_pdf)
    manifest = _manifest(built.data)
    report = source_store.get_report(report_id)
    assert manifest["format"] == "ita-package/1"
    assert manifest["app"]["version"] == __version__
    assert manifest["report"] == {"uuid": report.uuid, "agency": report.agency,
                                  "fiscal_year": 2567, "round": "6m", "revision": 1}
    names = [m["name"] for m in manifest["members"]]
    assert names[0] == "report.json" and "report.pdf" in names
    assert len([n for n in names if n.endswith(".thumb.jpg")]) == 3
    with zipfile.ZipFile(__import__("io").BytesIO(built.data)) as zf:
        assert sorted(zf.namelist()) == sorted([*names, "manifest.json"])
        photo = next(i for i in zf.infolist() if i.filename.endswith(".jpg"))
        assert photo.compress_type == zipfile.ZIP_STORED
    checked = read_package(built.data)
    assert checked.has_pdf and len(checked.photos) == 3


@pytest.mark.parametrize("kind", ["6m", "12m", "custom"])
def test_manifests_follow_the_schema(source_store: Store, kind: str) -> None:
    report, photos = make_report(kind="12m" if kind == "custom" else kind)
    if kind == "custom":
        report.round = Round("custom", report.round.start, report.round.end.replace(month=6),
                             "รอบพิเศษ")
    report_id = source_store.create_report(report, photos)
    for options in ({"pdf": fake_pdf}, {"pdf": False}, {"pdf": False, "recompress": Recompress()}):
        jsonschema.validate(_manifest(build_package(source_store, report_id, **options).data),
                            SCHEMA)


def test_demo_manifest_follows_the_schema(store: Store) -> None:
    jsonschema.validate(_manifest(build_package(store, create_demo(store)).data), SCHEMA)


def test_schema_rejects_what_the_app_refuses() -> None:
    bad = {"format": "ita-package/1", "app": {"version": "1"}, "created_at": "x",
           "report": {"uuid": "u", "agency": "a", "fiscal_year": 2567, "round": "6m",
                      "revision": 1},
           "members": [{"name": "../evil", "sha256": "0" * 64, "size": 1}], "photos": []}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)


def test_file_name(source_store: Store, report_id: int) -> None:
    report = source_store.get_report(report_id)
    assert package_file_name(report) == "สำนักงานเขตปทุมวัน-2567-6m.itapkg"
    report.agency = 'เขต/ทดสอบ: "ก"'
    assert package_file_name(report) == "เขต_ทดสอบ_ _ก_-2567-6m.itapkg"


def test_size_before_saving_and_email_limit(source_store: Store, report_id: int) -> None:
    built = build_package(source_store, report_id, pdf=fake_pdf)
    assert package_size(source_store, report_id, pdf=fake_pdf) == built.size
    assert not built.over_email_limit


def test_recompress_makes_photos_smaller_for_the_package_only(tmp_path: Path) -> None:
    from ita_desktop.core.photos.intake import process_photo
    from tests.conftest import jpeg_bytes

    report, _ = make_report(photos=0)
    photo = process_photo(jpeg_bytes(2400, 1800, seed=3), "big.jpg")
    from ita_desktop.core.report.model import PhotoRef
    report.entries[0].photos.append(PhotoRef(photo.sha256, "ใหญ่"))
    with Store.open(tmp_path / "s.sqlite") as store:
        report_id = store.create_report(report, {photo.sha256: photo})
        full = build_package(store, report_id, pdf=False)
        small = build_package(store, report_id, pdf=False, recompress=Recompress(800, 60))
        assert small.size < full.size
        assert store.photo_bytes(photo.sha256) == photo.print_jpeg  # the database keeps it
        meta = _manifest(small.data)["photos"][0]
        assert max(meta["width"], meta["height"]) == 800
    with Store.open(tmp_path / "t.sqlite") as other:
        assert import_package(other, small.data).status == "imported"
