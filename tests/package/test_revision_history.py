"""The history of replaced reports: the migration that records why and by what, photos kept
while needed, ``ita revisions`` (list, diff, restore)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from ita_desktop.cli import main
from ita_desktop.core.exchange.report_json import report_to_dict
from ita_desktop.core.package import build_package, import_package
from ita_desktop.core.store import Store
from ita_desktop.core.store.migrations import MIGRATIONS, _v3_history_details
from ita_desktop.core.workflow import revisions
from ita_desktop.core.workflow.finalise import finalise_report

from .conftest import fake_pdf, make_report


def test_migration_fills_in_old_history_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with Store.open(path) as store:
        report, photos = make_report()
        report_id = store.create_report(report, photos)
        data = json.dumps(report_to_dict(store.get_report(report_id)), ensure_ascii=False)
        uuid = report.uuid
    conn = sqlite3.connect(path, isolation_level=None)
    # back to the schema before this migration, with a history row as it wrote them
    conn.execute("DROP TABLE report_history_photos")
    conn.execute("ALTER TABLE report_history DROP COLUMN agency")
    conn.execute("ALTER TABLE report_history DROP COLUMN reason")
    conn.execute("ALTER TABLE report_history DROP COLUMN replaced_by")
    history = next(m for m in MIGRATIONS if m.apply is _v3_history_details)
    conn.execute("DELETE FROM schema_migrations WHERE version = ?", (history.version,))
    conn.execute("INSERT INTO report_history (report_uuid, revision, replaced_at, data) "
                 "VALUES (?, 1, '2024-01-01T00:00:00+00:00', ?)", (uuid, data))
    conn.execute("INSERT INTO report_history (report_uuid, revision, replaced_at, data) "
                 "VALUES ('x', 1, '2024-01-01T00:00:00+00:00', 'not json')")
    conn.execute("BEGIN IMMEDIATE")  # as migrate() runs it (later migrations are in place)
    history.apply(conn)
    conn.execute("COMMIT")
    rows = conn.execute("SELECT agency FROM report_history ORDER BY id").fetchall()
    assert rows == [("สำนักงานเขตปทุมวัน",), ("",)]
    assert conn.execute("SELECT COUNT(*) FROM report_history_photos").fetchone()[0] == 3
    conn.close()


def test_ita_revisions_list_diff_restore(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    office = tmp_path / "office.sqlite"
    upper = tmp_path / "upper.sqlite"
    with Store.open(office) as store:
        report, photos = make_report()
        report_id = store.create_report(report, photos)
        first = build_package(store, report_id, pdf=fake_pdf).data
        finalise_report(store, report_id)
        store.reopen(report_id, "แก้ผล")
        entry = store.get_report(report_id).entries[0]
        store.update_entry(entry.id, result="ผลใหม่\x09ที่แก้")
        second = build_package(store, report_id, pdf=fake_pdf).data
    with Store.open(upper) as store:
        import_package(store, first)
        current = import_package(store, second).report_id
    assert main(["revisions", str(current), "--db", str(upper)]) == 0
    out = capsys.readouterr().out
    (line,) = out.splitlines()
    history_id = line.split("\t")[0]
    assert "ฉบับที่ 1" in line and "แทนที่ด้วยฉบับที่ 2" in line
    assert main(["revisions", "diff", history_id, "--db", str(upper)]) == 0
    out = capsys.readouterr().out
    assert "ผลการดำเนินการ" in out and "ผลใหม่\\x09ที่แก้" in out  # escaped tab
    assert "ฉบับที่\t1\t→\t2" in out
    assert main(["revisions", "restore", history_id, "--db", str(upper)]) == 0
    capsys.readouterr()
    with Store.open(upper) as store:
        (only,) = store.list_reports()
        assert only.revision == 1
        assert [r.revision for r in revisions.history(store, only.id)] == [2]
    assert main(["revisions", "restore", "999", "--db", str(upper)]) == 1
    assert "ไม่พบฉบับเดิม" in capsys.readouterr().err
    assert main(["revisions", "diff", "--db", str(upper)]) == 1
