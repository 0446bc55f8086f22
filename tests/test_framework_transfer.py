"""Frameworks sent down by the upper office (.itaform, docs/framework-file.md) and the version
rule: a framework a report uses is never changed in place; a changed one arrives as the next
version. Hostile framework files are refused with the reason and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ita_desktop.cli import main
from ita_desktop.core.base import paths
from ita_desktop.core.base.errors import FormError, ItaError
from ita_desktop.core.framework import catalog
from ita_desktop.core.framework.derive import new_from
from ita_desktop.core.framework.transfer import (
    FrameworkFile,
    document_bytes,
    export_bytes,
    install,
    parse_itaform,
    read_any,
    text_hash,
)
from ita_desktop.core.framework.versions import next_version, split_version, usage
from ita_desktop.core.workflow import demo


def user_files() -> dict[str, bytes]:
    folder = paths.user_forms_dir()
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*"))} if folder.is_dir() else {}


def itaform(text: str) -> bytes:
    from ita_desktop.core.framework.definition import parse_framework

    return document_bytes(FrameworkFile(parse_framework(text), text, text_hash(text)))


def test_version_ids() -> None:
    assert split_version("ita-2570") == ("ita-2570", 1)
    assert split_version("ita-2570.2") == ("ita-2570", 2)
    assert next_version("ita-2570", ["ita-2569", "ita-2570"]) == "ita-2570.2"
    assert next_version("ita-2570", ["ita-2570.2", "ita-2570.7", "ita-2571.9"]) == "ita-2570.8"
    for bad in ("ITA 2570", "ita-2570.0", "", "ita-2570.x", "../x"):
        with pytest.raises(FormError):
            split_version(bad)


def test_new_year_from_last_year_is_unconfirmed_and_checks() -> None:
    text = new_from("ita-2569", 2570)
    checked = parse_itaform(itaform(text), "x.itaform").framework
    assert (checked.id, checked.fiscal_year) == ("ita-2570", 2570)
    assert not any(item.confirmed for item in checked.items())
    assert "2570" in checked.title and "2569" not in checked.title
    assert len(list(checked.items())) == len(list(catalog.load_framework("ita-2569").items()))
    with pytest.raises(FormError, match="2570"):
        new_from("ita-2569", 25700)
    with pytest.raises(FormError, match="ita-1999"):
        new_from("ita-1999", 2570)


def test_round_trip_export_import_on_another_database(tmp_path: Path, user_home: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The upper office makes 2570 and exports it; an office (another home) imports it."""
    made = tmp_path / "ita-2570.yaml"
    assert main(["forms", "new", "--from", "ita-2569", "--year", "2570", "-o", str(made)]) == 0
    assert main(["--db", str(tmp_path / "upper.db"), "forms", "import", str(made)]) == 0
    sent = tmp_path / "ita-2570.itaform"
    assert main(["forms", "export", "ita-2570", "-o", str(sent)]) == 0
    upper = catalog.load_framework("ita-2570")

    office_home = tmp_path / "office"
    monkeypatch.setenv("ITA_DESKTOP_HOME", str(office_home))
    assert "ita-2570" not in catalog.available()
    assert main(["--db", str(tmp_path / "office.db"), "forms", "import", str(sent)]) == 0
    office = catalog.load_framework("ita-2570")
    assert [(i.code, i.text) for i in office.items()] == [(i.code, i.text) for i in upper.items()]
    assert export_bytes("ita-2570") == sent.read_bytes()  # byte for byte what was sent


def test_a_used_framework_is_never_changed_in_place(tmp_path: Path, store) -> None:  # noqa: ANN001
    original = new_from("ita-2569", 2570)
    install(FrameworkFile(*_checked(original)))
    report_id = demo.create_demo(store)
    store.update_report(report_id, framework="ita-2570")
    used = usage(store.list_reports(include_trashed=True))
    assert used["ita-2570"] == [report_id]
    changed = original.replace("text: ", "text: (แก้) ", 1)
    result = install(FrameworkFile(*_checked(changed)), used)
    assert (result.framework_id, result.status) == ("ita-2570.2", "new-version")
    assert catalog.available()["ita-2570"].path.read_text(encoding="utf-8") == original
    assert "(แก้)" in catalog.available()["ita-2570.2"].path.read_text(encoding="utf-8")
    assert store.get_report(report_id).framework == "ita-2570"  # the report keeps its own
    again = install(FrameworkFile(*_checked(original)), used)
    assert again.status == "already-here"
    unused = install(FrameworkFile(*_checked(changed.replace("(แก้)", "(แก้ ๒)"))), {})
    assert unused.framework_id == "ita-2570"  # no report on it: replaced, the old kept as .bak
    assert (paths.user_forms_dir() / "ita-2570.yaml.bak").is_file()


def _checked(text: str) -> tuple:
    from ita_desktop.core.framework.definition import parse_framework

    return parse_framework(text), text, text_hash(text)


def _hostile_cases() -> list[tuple[str, bytes, str]]:
    good = new_from("ita-2569", 2570)
    doc = json.loads(itaform(good))

    def with_(**changes: object) -> bytes:
        return json.dumps({**doc, **changes}, ensure_ascii=False).encode()

    def text_case(text: str) -> bytes:
        return with_(framework_yaml=text, sha256=text_hash(text))

    dup = good.replace("code: i2\n", "code: i๑\n", 1)
    bidi = good.replace("text: ", "text: \u202e", 1)
    bel = good.replace("text: ", "text: \a", 1)
    many = good + "".join(f"\n# {n}" for n in range(10))  # comments only: still fine
    huge_items = good.split("instruments:")[0] + "instruments:\n  - code: IIT\n    name: x\n" \
        "    indicators:\n      - number: 1\n        name: y\n        items:\n" + "".join(
            f"          - {{code: i{n}, text: t, confirmed: false}}\n" for n in range(1, 3000))
    return [
        ("not JSON", b"\x00\x01 not json", "JSON"),
        ("not ours", json.dumps({"format": "ita-report/1"}).encode(), ".itaform"),
        ("deep", b'{"format": "ita-framework/1", "x": ' + b"[" * 10000 + b"]" * 10000 + b"}", ""),
        ("hash differs", with_(sha256="0" * 64), "SHA-256"),
        ("unknown key", with_(extra=1), "ไม่รู้จัก"),
        ("missing key", json.dumps({k: v for k, v in doc.items() if k != "sha256"}).encode(),
         "sha256"),
        ("bad YAML", text_case("format: ita-form/1\nid: [unclosed\n"), "YAML"),
        ("duplicate after digits", text_case(dup), "i1"),
        ("bidi override", text_case(bidi), ""),
        ("BEL", text_case(bel), ""),
        ("too many items", text_case(huge_items), ""),
        ("year differs", with_(fiscal_year=2571), "ปีงบประมาณ"),
        ("comments fine", text_case(many), None),
    ]


@pytest.mark.parametrize("case", range(13))
def test_hostile_framework_files_are_refused_with_nothing_written(case: int, tmp_path: Path,
                                                                  capsys) -> None:  # noqa: ANN001
    name, data, words = _hostile_cases()[case]
    path = tmp_path / "sent.itaform"
    path.write_bytes(data)
    before = user_files()
    code = main(["--db", str(tmp_path / "d.db"), "forms", "import", str(path)])
    err = capsys.readouterr().err
    if words is None:
        assert code == 0, err
        return
    assert code == 1, name
    assert "Traceback" not in err and err.strip(), name
    assert words in err, (name, err)
    assert user_files() == before, name


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.itaform"
    with path.open("wb") as out:
        out.truncate(50 * 1024 * 1024)
    with pytest.raises(ItaError, match="ใหญ่เกินไป"):
        read_any(path)
    assert user_files() == {}
