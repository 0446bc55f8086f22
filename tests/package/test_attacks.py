"""One test per way a package can be damaged or hostile: each is refused with a Thai message
(a FormatError), nothing is written to the database, and nothing to disk."""

from __future__ import annotations

import json
import os
import struct
import zipfile
from pathlib import Path

import pytest

from ita_desktop.core.base.errors import FormatError
from ita_desktop.core.package import import_package, import_package_file, layout
from ita_desktop.core.store import Store

from .conftest import snapshot
from .zips import edit_json, members_of, photo_names, resign, rezip


def refused(target: Store, data: bytes, *, english: str | None = None) -> FormatError:
    before = snapshot(target)
    with pytest.raises(FormatError) as caught:
        import_package(target, data, "office.itapkg")
    assert snapshot(target) == before
    error = caught.value
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in error.message), error.message  # Thai
    assert "—" in error.message  # what is wrong — what to do
    if english is not None:
        assert english in (error.english or ""), error.english
    return error


def test_a_sound_package_imports(target: Store, package: bytes) -> None:
    assert import_package(target, package).status == "imported"


def test_truncated_file(target: Store, package: bytes) -> None:
    error = refused(target, package[: len(package) * 2 // 3], english="truncated")
    assert "ไม่ครบ" in error.message


@pytest.mark.parametrize("cut", [1, 10, 21, 100])
def test_truncated_at_the_end(target: Store, package: bytes, cut: int) -> None:
    refused(target, package[:-cut])


def test_not_a_zip(target: Store) -> None:
    error = refused(target, "นี่คือเอกสาร Word ไม่ใช่แพ็กเกจ".encode() * 50, english="not a zip")
    assert "ไม่ใช่" in error.message


def test_empty_file(target: Store) -> None:
    refused(target, b"", english="not a zip")


@pytest.mark.parametrize("evil", ["../evil.txt", "photos/../../evil.jpg", "/etc/passwd",
                                  "C:/Windows/evil.dll", "c:evil", "photos\\..\\evil.jpg",
                                  "./report.json", "a/./b"])
def test_member_path_escaping(target: Store, package: bytes, evil: str) -> None:
    data = rezip([*members_of(package), (evil, b"x")])
    error = refused(target, data, english="escapes")
    assert "ออกนอกแพ็กเกจ" in error.message


def test_escaping_name_is_refused_even_when_listed(target: Store, package: bytes) -> None:
    def add(members: dict[str, bytes]) -> None:
        members["../../outside.json"] = b"{}"

    refused(target, resign(package, add), english="escapes")


def test_symlink_member(target: Store, package: bytes) -> None:
    members = members_of(package)
    name = photo_names(package)[0]
    data = rezip(members, attrs={name: (0o120777 << 16)})
    error = refused(target, data, english="symbolic link")
    assert "ลิงก์" in error.message


def test_directory_member(target: Store, package: bytes) -> None:
    refused(target, rezip([*members_of(package), ("photos/", b"")]))


def test_duplicate_member_names(target: Store, package: bytes) -> None:
    members = members_of(package)
    name, blob = members[1]
    error = refused(target, rezip([*members, (name, b"other " + blob)]), english="duplicate")
    assert "ซ้ำ" in error.message


def test_duplicate_names_differing_in_case(target: Store, package: bytes) -> None:
    members = members_of(package)
    refused(target, rezip([*members, ("REPORT.JSON", b"{}")]))


def test_zip_bomb_high_compression_ratio(target: Store, package: bytes) -> None:
    def bomb(members: dict[str, bytes]) -> None:
        members["report.json"] = members["report.json"] + b" " * (30 * 1024 * 1024)

    error = refused(target, resign(package, bomb), english="ratio")
    assert "zip bomb" in error.message


def test_zip_bomb_member_over_its_limit(target: Store, package: bytes) -> None:
    name = photo_names(package)[0]
    big = b"\xff\xd8" + os.urandom(layout.MAX_MEMBER_BYTES["photo"] + 10)

    def grow(members: dict[str, bytes]) -> None:
        members[name] = big

    data = rezip(members_of(resign(package, grow)), method=zipfile.ZIP_STORED)
    refused(target, data, english="limit")


def test_zip_bomb_total_over_the_limit(target: Store, package: bytes,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "MAX_TOTAL_BYTES", len(package) // 3)
    refused(target, package, english="total uncompressed size")


def _claim_size(data: bytes, size: int) -> bytes:
    """Every local header and central-directory record claims ``size`` bytes uncompressed."""
    patched = bytearray(data)
    for sig, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        pos = patched.find(sig)
        while pos != -1:
            struct.pack_into("<I", patched, pos + offset, size)
            pos = patched.find(sig, pos + 4)
    return bytes(patched)


@pytest.mark.parametrize("claimed", [100, 0xFFFFFFF0])
def test_header_sizes_are_not_trusted(target: Store, package: bytes, claimed: int) -> None:
    """Headers lying about a 20 MB deflated member (tiny, or huge): the bytes read are counted
    and checked, the header is not believed."""
    bomb = rezip([*[m for m in members_of(package) if m[0] != "report.json"],
                  ("report.json", b"0" * (20 * 1024 * 1024))])
    refused(target, _claim_size(bomb, claimed))


def test_bad_json_in_report(target: Store, package: bytes) -> None:
    def spoil(members: dict[str, bytes]) -> None:
        members["report.json"] = b'{"format": "ita-report/1",, "report": {}}'

    error = refused(target, resign(package, spoil), english="bad JSON")
    assert "JSON" in error.message


def test_bad_json_in_manifest(target: Store, package: bytes) -> None:
    members = dict(members_of(package))
    members["manifest.json"] = b'{"format": "ita-package/1", '
    refused(target, rezip(members.items()), english="bad JSON")


def test_report_json_not_utf8(target: Store, package: bytes) -> None:
    def spoil(members: dict[str, bytes]) -> None:
        members["report.json"] = members["report.json"].decode().encode("utf-16")

    refused(target, resign(package, spoil), english="UTF-8")


@pytest.mark.parametrize("path, value", [
    (("report", "fiscal_year"), [2567]), (("report", "agency"), 12), (("report",), "x"),
    (("entries",), {"a": 1}), (("entries", 0, "measures"), "one"),
    (("entries", 0, "score"), {"v": 1}), (("entries", 0, "photos"), 5),
    (("entries", 0, "photos", 0, "rotation"), "สาม"), (("report", "created_at"), {"a": 1}),
    (("report", "revision"), None), (("report", "round"), 6),
    (("entries", 0, "indicator"), [1]), (("report", "preparer", "date"), 20240329),
])
def test_wrong_types_in_report(target: Store, package: bytes, path: tuple, value: object) -> None:
    def change(doc: dict) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    refused(target, edit_json(package, "report.json", change))


@pytest.mark.parametrize("path, value", [
    (("members",), "all"), (("members", 0, "size"), "10"), (("members", 0, "sha256"), "abc"),
    (("report", "revision"), 0), (("report", "fiscal_year"), True), (("report", "round"), "3m"),
    (("photos", 0, "width"), -5), (("app",), None), (("created_at",), 5),
])
def test_wrong_types_in_manifest(target: Store, package: bytes, path: tuple, value: object
                                 ) -> None:
    members = dict(members_of(package))
    doc = json.loads(members["manifest.json"])
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    members["manifest.json"] = json.dumps(doc).encode()
    refused(target, rezip(members.items()))


def test_missing_photo(target: Store, package: bytes) -> None:
    name = photo_names(package)[0]

    def drop(members: dict[str, bytes]) -> None:
        del members[name]

    error = refused(target, resign(package, drop), english="missing photo")
    assert "ไม่พบภาพ" in error.message


def test_missing_member_listed_in_manifest(target: Store, package: bytes) -> None:
    name = photo_names(package)[0]
    data = rezip([m for m in members_of(package) if m[0] != name])
    error = refused(target, data, english="missing")
    assert "หายไป" in error.message


def test_checksum_mismatch(target: Store, package: bytes) -> None:
    members = dict(members_of(package))
    name = photo_names(package)[0]
    blob = bytearray(members[name])
    blob[len(blob) // 2] ^= 0x55
    members[name] = bytes(blob)
    error = refused(target, rezip(members.items()), english="checksum")
    assert "SHA-256" in error.message


def test_size_mismatch(target: Store, package: bytes) -> None:
    members = dict(members_of(package))
    members["report.json"] += b" "
    refused(target, rezip(members.items()), english="size mismatch")


def test_photo_that_does_not_decode(target: Store, package: bytes) -> None:
    name = photo_names(package)[0]

    def spoil(members: dict[str, bytes]) -> None:
        members[name] = members[name][: len(members[name]) // 2]

    error = refused(target, resign(package, spoil), english="does not decode")
    assert "ภาพ" in error.message


def test_photo_that_is_not_a_jpeg(target: Store, package: bytes) -> None:
    name = photo_names(package)[0]

    def spoil(members: dict[str, bytes]) -> None:
        members[name] = b"GIF89a" + members[name]

    refused(target, resign(package, spoil), english="does not decode")


def test_photo_size_differs_from_manifest(target: Store, package: bytes) -> None:
    def change(doc: dict) -> None:
        doc["photos"][0]["width"] += 1

    members = dict(members_of(package))
    doc = json.loads(members["manifest.json"])
    change(doc)
    members["manifest.json"] = json.dumps(doc).encode()
    refused(target, rezip(members.items()), english="differs from the manifest")


def test_newer_format_asks_to_update_the_app(target: Store, package: bytes) -> None:
    members = dict(members_of(package))
    doc = json.loads(members["manifest.json"])
    doc["format"] = "ita-package/2"
    members["manifest.json"] = json.dumps(doc).encode()
    error = refused(target, rezip(members.items()), english="newer")
    assert "ปรับปรุงโปรแกรม" in error.message


def test_not_our_format(target: Store, package: bytes) -> None:
    members = dict(members_of(package))
    members["manifest.json"] = b'{"format": "something-else"}'
    refused(target, rezip(members.items()), english="not an ITA package")


def test_manifest_missing(target: Store, package: bytes) -> None:
    refused(target, rezip([m for m in members_of(package) if m[0] != "manifest.json"]),
            english="manifest.json is missing")


def test_unknown_member(target: Store, package: bytes) -> None:
    refused(target, rezip([*members_of(package), ("autorun.inf", b"x")]), english="unexpected")


def test_member_not_listed_in_manifest(target: Store, package: bytes) -> None:
    extra = "photos/" + "0" * 64 + ".jpg"
    refused(target, rezip([*members_of(package), (extra, b"x")]), english="not listed")


def test_encrypted_member(target: Store, package: bytes) -> None:
    data = bytearray(package)
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        flags = struct.unpack_from("<H", data, pos + 8)[0]
        struct.pack_into("<H", data, pos + 8, flags | 1)
        pos = data.find(b"PK\x01\x02", pos + 4)
    refused(target, bytes(data), english="encrypted")


def test_unsupported_compression(target: Store, package: bytes) -> None:
    refused(target, rezip(members_of(package), method=zipfile.ZIP_BZIP2),
            english="unsupported compression")


def test_identity_in_manifest_differs_from_report(target: Store, package: bytes) -> None:
    members = dict(members_of(package))
    doc = json.loads(members["manifest.json"])
    doc["report"]["agency"] = "สำนักงานเขตอื่น"
    members["manifest.json"] = json.dumps(doc).encode()
    refused(target, rezip(members.items()), english="identity")


def test_photo_reference_outside_photos(target: Store, package: bytes) -> None:
    def change(doc: dict) -> None:
        doc["entries"][0]["photos"][0]["file"] = "../../etc/passwd"

    refused(target, edit_json(package, "report.json", change))


def test_unknown_framework(target: Store, package: bytes) -> None:
    def change(doc: dict) -> None:
        doc["report"]["framework"] = "ita-2999"

    refused(target, edit_json(package, "report.json", change))


def test_pdf_member_that_is_not_a_pdf(target: Store, package: bytes) -> None:
    def spoil(members: dict[str, bytes]) -> None:
        members["report.pdf"] = b"MZ\x90\x00 not a pdf"

    refused(target, resign(package, spoil), english="not a PDF")


def test_refusal_writes_nothing_to_disk(tmp_path: Path, target: Store, package: bytes) -> None:
    bad = tmp_path / "bad.itapkg"
    bad.write_bytes(rezip([*members_of(package), ("../escape.txt", b"x")]))
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(FormatError):
        import_package_file(target, bad)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_missing_file_and_folder(target: Store, tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="ไม่พบไฟล์"):
        import_package_file(target, tmp_path / "nope.itapkg")
    with pytest.raises(FormatError, match="โฟลเดอร์"):
        import_package_file(target, tmp_path)
