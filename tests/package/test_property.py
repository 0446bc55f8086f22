"""Property-based: any JSON where report.json or manifest.json should be (checksums fixed so
the document reaches the deep checks) is imported or refused with an ItaError, never a crash,
and a refusal writes nothing."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_desktop.core.base.errors import ItaError
from ita_desktop.core.package import build_package, import_package
from ita_desktop.core.store import Store

from .conftest import make_report
from .zips import members_of, resign, rezip

_scalars = st.none() | st.booleans() | st.integers(-2**70, 2**70) | \
    st.floats(allow_nan=False) | st.text(max_size=20) | \
    st.sampled_from(["6m", "12m", "ita-2567", "e1", "o1-o22", "2024-03-31", "๒๕๖๗", "",
                     "photos/" + "a" * 64 + ".jpg", "../x"])
_json = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) |
                     st.dictionaries(st.text(max_size=12) | st.sampled_from(
                         ["format", "report", "entries", "photos", "file", "sha256", "score",
                          "item", "measures", "members", "name", "size"]), inner, max_size=5),
                     max_leaves=25)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    with Store.open(tmp_path_factory.mktemp("base") / "b.sqlite") as store:
        report, photos = make_report(entries=2, photos=1)
        return build_package(store, store.create_report(report, photos), pdf=False).data


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    with Store.open(tmp_path_factory.mktemp("prop") / "p.sqlite") as opened:
        yield opened


def _try(store: Store, data: bytes) -> None:
    changes = store.conn.total_changes
    try:
        outcome = import_package(store, data)
    except ItaError as exc:
        assert exc.message
        assert store.conn.total_changes == changes
        return
    if outcome.report_id is not None and outcome.status != "unchanged":
        store.delete_report(outcome.report_id)


def _graft(doc: object, path: list, value: object) -> object:
    """``value`` put somewhere along ``path`` inside ``doc`` (as far as the path goes)."""
    if not path or not isinstance(doc, (dict, list)) or not doc:
        return value
    key = path[0]
    if isinstance(doc, dict):
        name = sorted(doc)[key % len(doc)]
        doc[name] = _graft(doc[name], path[1:], value)
    else:
        doc[key % len(doc)] = _graft(doc[key % len(doc)], path[1:], value)
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=_json, path=st.lists(st.integers(0, 50), max_size=5))
def test_any_json_in_report(base: bytes, store: Store, value: object, path: list) -> None:
    def change(members: dict[str, bytes]) -> None:
        doc = _graft(json.loads(members["report.json"]), path, value)
        members["report.json"] = json.dumps(doc).encode()

    _try(store, resign(base, change))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=_json, path=st.lists(st.integers(0, 50), max_size=5))
def test_any_json_in_manifest(base: bytes, store: Store, value: object, path: list) -> None:
    members = dict(members_of(base))
    doc = _graft(json.loads(members["manifest.json"]), path, value)
    members["manifest.json"] = json.dumps(doc).encode()
    _try(store, rezip(members.items()))


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=600))
def test_any_bytes(store: Store, data: bytes) -> None:
    _try(store, data)
    _try(store, b"PK\x03\x04" + data)

