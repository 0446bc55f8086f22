"""Damaged packages made from a real one: raw byte damage, zip re-writes with hostile names
and attributes, and re-signed edits (checksums recomputed) that reach the deep checks."""

from __future__ import annotations

import json
import random
import struct
import zipfile
from collections.abc import Callable
from typing import Any

from .zips import members_of, resign, rezip

EVIL_NAMES = ["../x", "../../etc/passwd", "/abs.json", "C:/win.ini", "c:x", "photos\\a.jpg",
              "photos/../report.json", "report.json/", "./manifest.json", "photos/", "\x00.json",
              "REPORT.json", "photos/" + "a" * 64 + ".JPG", "report.json ", "รายงาน.json",
              "photos/" + "0" * 64 + ".jpg", "a" * 300, "manifest.json\x00x"]
JUNK: list[Any] = [None, True, False, 0, -1, 2**70, 1.5, float("1e308"), "", "x" * 3, "๒๕๖๗",
                   [], [1, 2], {}, {"a": 1}, "../../x", "photos/" + "f" * 64 + ".jpg",
                   "9" * 40, "2024-13-45", "6m", "custom", [[[[[]]]]], "\ud800"]

Mutation = Callable[[random.Random, bytes], bytes]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def flip_in_directory(rng: random.Random, data: bytes) -> bytes:
    """Damage near the end, where the central directory (names, sizes, offsets) lives."""
    out = bytearray(data)
    start = max(0, data.rfind(b"PK\x01\x02") - 2000)
    for _ in range(rng.randint(1, 4)):
        out[rng.randrange(start, len(out))] = rng.randrange(256)
    return bytes(out)


def splice(rng: random.Random, data: bytes) -> bytes:
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 4000))
    if rng.random() < 0.5:
        return data[:a] + data[b:]
    return data[:a] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))) + data[a:]


def header_numbers(rng: random.Random, data: bytes) -> bytes:
    """Lie in a header field: sizes, offsets, method, flags, attributes, name lengths."""
    out = bytearray(data)
    sig, fields = rng.choice([(b"PK\x01\x02", (8, 10, 20, 24, 28, 38, 42)),
                              (b"PK\x03\x04", (6, 8, 18, 22, 26)),
                              (b"PK\x05\x06", (8, 10, 12, 16))])
    positions = [i for i in range(len(out)) if out.startswith(sig, i)]
    if not positions:
        return flip_bytes(rng, data)
    pos = rng.choice(positions) + rng.choice(fields)
    value = rng.choice([0, 1, 0xFFFF, 0xFFFFFFFF, rng.randrange(2**32), 2**31, 100, 8, 12, 14])
    if pos + 4 <= len(out) and rng.random() < 0.6:
        struct.pack_into("<I", out, pos, value & 0xFFFFFFFF)
    elif pos + 2 <= len(out):
        struct.pack_into("<H", out, pos, value & 0xFFFF)
    return bytes(out)


def swap_members(rng: random.Random, data: bytes) -> bytes:
    members = members_of(data)
    i, j = rng.sample(range(len(members)), 2)
    (a, x), (b, y) = members[i], members[j]
    members[i], members[j] = (a, y), (b, x)
    return rezip(members)


def evil_rezip(rng: random.Random, data: bytes) -> bytes:
    members = members_of(data)
    choice = rng.randrange(5)
    if choice == 0:
        members.append((rng.choice(EVIL_NAMES), b"payload"))
    elif choice == 1:
        k = rng.randrange(len(members))
        members[k] = (rng.choice(EVIL_NAMES), members[k][1])
    elif choice == 2:
        members.append(rng.choice(members))  # duplicate name
    elif choice == 3:
        members.pop(rng.randrange(len(members)))
    else:
        rng.shuffle(members)
    attrs = {}
    if rng.random() < 0.3:
        attrs[rng.choice(members)[0]] = rng.choice([0o120777, 0o040755, 0o010644, 0o140644]) << 16
    method = rng.choice([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_BZIP2,
                         zipfile.ZIP_LZMA])
    return rezip(members, method=method, attrs=attrs)


def _mutate_json(rng: random.Random, doc: Any) -> Any:
    """Replace, delete or add one node somewhere in the document."""
    path: list[Any] = []
    node = doc
    while isinstance(node, (dict, list)) and node and rng.random() < 0.8:
        key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
        path.append(key)
        node = node[key]
    if not path:
        return rng.choice(JUNK)
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    action = rng.randrange(4)
    if action == 0 and isinstance(parent, dict):
        del parent[last]
    elif action == 1 and isinstance(parent, dict):
        parent[rng.choice(["extra", "file", "sha256", "photos", "format", "uuid"])] = \
            rng.choice(JUNK)
    elif action == 2 and isinstance(parent, list):
        parent.append(rng.choice(JUNK) if rng.random() < 0.5 else parent[last])
    else:
        parent[last] = rng.choice(JUNK)
    return doc


def resigned_json(rng: random.Random, data: bytes) -> bytes:
    name = rng.choice(["report.json", "report.json", "manifest.json"])

    def change(members: dict[str, bytes]) -> None:
        doc = json.loads(members[name])
        for _ in range(rng.randint(1, 3)):
            doc = _mutate_json(rng, doc)
        try:
            members[name] = json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass")
        except (TypeError, ValueError):
            members[name] = b"{"

    if name == "manifest.json":  # a re-signed manifest would undo the change: edit in place
        members = dict(members_of(data))
        change(members)
        return rezip(members.items())
    return resign(data, change)


def resigned_photo(rng: random.Random, data: bytes) -> bytes:
    def change(members: dict[str, bytes]) -> None:
        names = [n for n in members if n.startswith("photos/")]
        if not names:
            return
        name = rng.choice(names)
        blob = bytearray(members[name])
        how = rng.randrange(3)
        if how == 0:
            blob = blob[: rng.randrange(len(blob))]
        elif how == 1:
            for _ in range(rng.randint(1, 20)):
                blob[rng.randrange(len(blob))] = rng.randrange(256)
        else:
            blob = bytearray(rng.choice([b"", b"\xff\xd8\xff", b"GIF89a", b"%PDF-1.4"])) + blob[3:]
        members[name] = bytes(blob)

    return resign(data, change)


def resigned_raw_text(rng: random.Random, data: bytes) -> bytes:
    """report.json damaged as text (bad JSON, bad UTF-8, deep nesting), checksums fixed."""
    def change(members: dict[str, bytes]) -> None:
        text = members["report.json"]
        how = rng.randrange(4)
        if how == 0:
            cut = rng.randrange(len(text))
            members["report.json"] = text[:cut]
        elif how == 1:
            members["report.json"] = b"[" * rng.choice([10, 1000, 100_000]) + b"]"
        elif how == 2:
            pos = rng.randrange(len(text))
            members["report.json"] = text[:pos] + bytes([rng.randrange(128, 256)]) + text[pos:]
        else:
            members["report.json"] = text.replace(b"73", b"NaN").replace(b"true", b"1e999")

    return resign(data, change)


MUTATIONS: tuple[Mutation, ...] = (truncate, flip_bytes, flip_in_directory, splice,
                                   header_numbers, swap_members, evil_rezip, resigned_json,
                                   resigned_json, resigned_photo, resigned_raw_text)


def damaged(seed: int, base: bytes) -> bytes:
    rng = random.Random(seed)
    data = base
    for _ in range(rng.choice([1, 1, 1, 2])):
        try:
            data = rng.choice(MUTATIONS)(rng, data) or b""
        except Exception:  # noqa: BLE001 - a second re-zip of bytes already damaged
            data = flip_bytes(rng, data) if data else data
        if not data:
            break
    return data
