"""Packages already imported are skipped: a second consolidation run reads only new or
changed files.

Each imported file is logged in ``package_imports`` with the SHA-256 of its bytes, its path,
size and modification time, and the report it became. On the next run a file whose path,
size and time are unchanged is skipped without being read; another file (copied, renamed,
touched) is hashed, and skipped when its content is known. Either way only while the report
it became is still in the database at that revision (not deleted, not replaced); otherwise
the file is imported again with every check, as the first time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from ..report.model import now_iso
from ..store import Store
from . import reader
from .importer import ImportOutcome, OnConflict, import_checked
from .reader import CheckedPackage

_LOGGED = ("imported", "replaced", "unchanged")
Signature = tuple[str, int, int]  # resolved path, size, mtime_ns
Loaded = tuple[str | None, CheckedPackage | None, BaseException | None]  # sha256, package, error


def import_file_once(store: Store, path: str | Path, on_conflict: OnConflict = "ask"
                     ) -> ImportOutcome:
    """``import_package_file``, unless this very content was imported before. Raises what
    ``import_package_file`` raises for a bad file."""
    for _path, outcome in import_stream(store, [(Path(path), on_conflict)]):
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome
    raise AssertionError("import_stream yields one outcome per file")


def import_stream(store: Store, files: Sequence[tuple[Path, OnConflict]], *,
                  cancelled: Callable[[], bool] | None = None
                  ) -> Iterator[tuple[Path, ImportOutcome | BaseException]]:
    """Each file's outcome, or the exception that refused it, in order; stops before a file
    when ``cancelled()``. While one package is written to the database the next one is read
    and checked on a worker thread (reading, SHA-256, unzipping and decoding the photos are
    most of the time and release the GIL), so at most two packages are in memory at once."""
    # content seen before: the worker does not check such a file, only hashes it
    hashes = {row[0] for row in store.conn.execute("SELECT sha256 FROM package_imports")}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="package-check") as pool:
        ahead: dict[int, Future[Loaded]] = {}
        try:
            for n, (path, mode) in enumerate(files):
                if cancelled is not None and cancelled():
                    return
                signature = _signature(path)
                known = _known(store, "p.path = ? AND p.size = ? AND p.mtime_ns = ?",
                               signature) if signature else None
                if known is not None:
                    yield path, known
                    continue
                future = ahead.pop(n, None) or pool.submit(_load, path, hashes)
                later = n + 1  # the next file that will need reading: start on it now
                if later < len(files) and later not in ahead:
                    nxt = _signature(files[later][0])
                    if nxt is None or _known(store, "p.path = ? AND p.size = ? AND "
                                             "p.mtime_ns = ?", nxt) is None:
                        ahead[later] = pool.submit(_load, files[later][0], hashes)
                sha, package, error = future.result()
                if package is None and error is None and _known(store, "p.sha256 = ?",
                                                                (sha,)) is None:
                    sha, package, error = _load(path, set())  # known content, report gone
                outcome = _import(store, path, mode, signature, sha, package, error)
                if sha is not None and not isinstance(outcome, BaseException):
                    hashes.add(sha)
                yield path, outcome
        finally:
            for future in ahead.values():
                future.cancel()


def _import(store: Store, path: Path, mode: OnConflict, signature: Signature | None,
            sha: str | None, package: CheckedPackage | None, error: BaseException | None
            ) -> ImportOutcome | BaseException:
    if sha is not None:
        known = _known(store, "p.sha256 = ?", (sha,))
        if known is not None:  # the same bytes under another name or time
            if signature is not None:
                with store.transaction():
                    store.conn.execute("UPDATE package_imports SET path = ?, size = ?, "
                                       "mtime_ns = ? WHERE sha256 = ?", (*signature, sha))
            return known
    if error is not None:
        return error
    assert package is not None
    try:
        outcome = import_checked(store, package, mode, source=path.name)
    except Exception as exc:  # noqa: BLE001 - the caller reports it for this file
        return exc
    if outcome.status in _LOGGED and outcome.report_id is not None and sha is not None \
            and signature is not None and _signature(path) == signature:  # not replaced meanwhile
        _log(store, sha, signature, outcome)
    return outcome


def _signature(path: Path) -> Signature | None:
    try:
        stat = path.stat()
        return (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    except OSError:
        return None


def _load(path: Path, hashes: set[str]) -> Loaded:
    """On the worker thread: the file's hash and the whole checked package (or why not);
    no package for content in ``hashes`` (imported before: the caller decides)."""
    try:
        with path.open("rb") as stream:
            sha: str | None = hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        sha = None
    if sha is not None and sha in hashes:
        return sha, None, None
    try:
        return sha, reader.read_package_file(path), None
    except Exception as exc:  # noqa: BLE001 - handed to the caller with this file
        return sha, None, exc


def _known(store: Store, where: str, args: tuple[object, ...]) -> ImportOutcome | None:
    row = store.conn.execute(
        "SELECT r.id, p.report_uuid, p.agency, p.fiscal_year, p.round_title, p.revision "
        "FROM package_imports p JOIN reports r ON r.uuid = p.report_uuid "
        f"AND r.revision = p.revision AND r.trashed_at IS NULL WHERE {where} LIMIT 1",
        args).fetchone()
    if row is None:
        return None
    report_id, uuid, agency, year, round_title, revision = row
    return ImportOutcome("unchanged", f"รายงานของ{agency} ฉบับนี้มีอยู่แล้ว — ไม่มีอะไรเปลี่ยนแปลง "
                         "(ไฟล์เดียวกับที่นำเข้าครั้งก่อน)", report_id, uuid, agency, year,
                         round_title, revision)


def _log(store: Store, sha: str, signature: tuple[str, int, int], outcome: ImportOutcome
         ) -> None:
    with store.transaction():
        store.conn.execute(
            "INSERT OR REPLACE INTO package_imports (sha256, path, size, mtime_ns, report_uuid, "
            "revision, agency, fiscal_year, round_title, imported_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sha, *signature, outcome.uuid, outcome.revision, outcome.agency,
             outcome.fiscal_year, outcome.round_title, now_iso()))
