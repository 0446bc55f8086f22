"""What the audit trail costs: time per saved edit with and without its triggers, and the
size of the log.

    python benchmarks/audit_overhead.py [--edits 500]

Prints figures only (no pass/fail). Each edit is one ``Store.update_entry`` of one field (what
the window's autosave does), in its own transaction, on a demo report in a temporary folder.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere, without installing the package
    sys.path.insert(0, str(ROOT))

from ita_desktop.core.store import Store  # noqa: E402
from ita_desktop.core.workflow.demo import create_demo  # noqa: E402


def _run(folder: Path, edits: int, audit: bool) -> tuple[list[float], int, int]:
    db = folder / f"bench-{audit}.sqlite"
    store = Store.open(db)
    if not audit:  # the same store without the per-connection triggers
        for (name,) in store.conn.execute(
                "SELECT name FROM temp.sqlite_master WHERE type = 'trigger'").fetchall():
            store.conn.execute(f"DROP TRIGGER temp.{name}")
    report_id = create_demo(store)
    entries = [e.id for e in store.get_report(report_id).entries]
    times = []
    for n in range(edits):
        start = time.perf_counter()
        store.update_entry(entries[n % len(entries)], issue=f"ประเด็นที่แก้ไขครั้งที่ {n} " * 5)
        times.append(time.perf_counter() - start)
    events = store.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    log_bytes = store.conn.execute(
        "SELECT COALESCE(SUM(LENGTH(old_value) + LENGTH(new_value)), 0) FROM audit_log"
    ).fetchone()[0]
    store.close()
    return times, events, log_bytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for audit in (False, True):
            times, events, size = _run(Path(tmp), args.edits, audit)
            ms = [t * 1000 for t in times]
            print(f"audit {'on ' if audit else 'off'}: {args.edits} edits, median "
                  f"{statistics.median(ms):.2f} ms, p95 {sorted(ms)[int(len(ms) * .95)]:.2f} ms"
                  f" per edit; {events} events, {size / 1000:.0f} kB of old/new values")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
