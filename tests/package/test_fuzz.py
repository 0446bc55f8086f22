"""Damaged packages through import: none crashes (only ItaError), none writes outside the
database, none leaves a partial report. A sample runs in the normal suite; the full run
(10,000+ packages) is ``-m slow``."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from ita_desktop.core.base.errors import ItaError
from ita_desktop.core.package import build_package, import_package
from ita_desktop.core.store import Store

from .conftest import fake_pdf, make_report
from .mutations import damaged

SAMPLE = int(os.environ.get("ITA_FUZZ_SAMPLE", "2000"))
FULL = int(os.environ.get("ITA_FUZZ_FULL", "12000"))


def _bases(tmp_path: Path) -> list[bytes]:
    with Store.open(tmp_path / "bases.sqlite") as store:
        small, photos = make_report(entries=3, photos=2, seed=1)
        other, photos2 = make_report(agency="สำนักงานเขตบางรัก", entries=5, photos=4, seed=2)
        return [build_package(store, store.create_report(small, photos), pdf=fake_pdf).data,
                build_package(store, store.create_report(other, photos2), pdf=False).data]


_WRITING_EVENTS = {"os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.symlink", "os.link",
                   "os.truncate", "os.chmod", "shutil.copyfile", "shutil.move", "shutil.rmtree",
                   "shutil.unpack_archive", "tempfile.mkstemp", "tempfile.mkdtemp"}
_watch: list[list[str]] = []  # while non-empty, file writes are recorded in its last list


def _audit(event: str, args: tuple) -> None:
    if not _watch:
        return
    if event == "open":
        mode = args[1] if len(args) > 1 and isinstance(args[1], str) else "r"
        flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
        if set(mode) & set("wax+") or flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            _watch[-1].append(f"open {args[0]!r} {mode}")
    elif event in _WRITING_EVENTS:
        _watch[-1].append(f"{event} {args[:2]!r}")


sys.addaudithook(_audit)


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def run_fuzz(tmp_path: Path, count: int) -> dict[str, int]:
    bases = _bases(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    tally = {"refused": 0, "imported": 0, "other": 0}
    with Store.open(work / "fuzz.sqlite") as store:
        files_before = _files(tmp_path)
        for seed in range(count):
            data = damaged(seed, bases[seed % len(bases)])
            changes = store.conn.total_changes
            reports = store.conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
            writes: list[str] = []
            _watch.append(writes)
            try:
                outcome = import_package(store, data, f"fuzz-{seed}.itapkg")
            except ItaError as exc:
                assert exc.message.strip(), seed
                assert store.conn.total_changes == changes, f"seed {seed} wrote before refusing"
                assert not store.conn.in_transaction, seed
                tally["refused"] += 1
                continue
            except Exception as exc:  # noqa: BLE001 - the point of the test
                raise AssertionError(f"seed {seed}: crashed with {type(exc).__name__}: {exc}"
                                     ) from exc
            finally:
                _watch.pop()
                assert not writes, f"seed {seed} wrote files: {writes}"
            # still a sound package (damage in unused bytes, or a valid edit): it must be whole
            if outcome.report_id is not None and outcome.status != "unchanged":
                report = store.get_report(outcome.report_id)
                for entry in report.entries:
                    for ref in entry.photos:
                        assert store.has_photo(ref.sha256), seed
                store.delete_report(outcome.report_id)
                tally["imported"] += 1
            else:
                assert store.conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == reports
                tally["other"] += 1
        assert _files(tmp_path) == files_before, "something was written outside the database"
    return tally


def test_fuzz_sample(tmp_path: Path) -> None:
    tally = run_fuzz(tmp_path, SAMPLE)
    assert tally["refused"] > SAMPLE * 0.8


@pytest.mark.slow
def test_fuzz_full(tmp_path: Path) -> None:
    start = time.perf_counter()
    tally = run_fuzz(tmp_path, FULL)
    elapsed = time.perf_counter() - start
    print(f"\nfuzz: {FULL} damaged packages in {elapsed:.1f} s: {tally}")
    assert sum(tally.values()) == FULL >= 10_000


def test_the_write_watch_sees_writes(tmp_path: Path) -> None:
    writes: list[str] = []
    _watch.append(writes)
    try:
        (tmp_path / "x.txt").write_bytes(b"x")
        (tmp_path / "d").mkdir()
    finally:
        _watch.pop()
    assert len(writes) == 2
