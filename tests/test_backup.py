"""Backups: consistent while edits go on, restore of the whole file or one report, rotation,
automatic backups before risky operations, "Save a copy", the ``ita backup`` commands."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from ita_desktop.cli import main
from ita_desktop.core.store import Store
from ita_desktop.core.store import backup as bk
from ita_desktop.core.store.integrity import inspect_file
from ita_desktop.core.workflow.demo import create_demo
from ita_desktop.core.workflow.finalise import finalise_report


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def demo_db(path: Path, count: int = 2) -> Path:
    with Store.open(path) as store:
        for _ in range(count):
            create_demo(store)
    return path


def state(path: Path) -> dict:
    with Store.open(path) as store:
        return {r.uuid: _comparable(store.get_report(r.id))
                for r in store.list_reports(include_trashed=True)}


def _comparable(report) -> tuple:
    return (report.agency, report.status, report.revision,
            tuple((e.item, e.label, e.issue, str(e.score), tuple(e.measures), e.result,
                   tuple((p.sha256, p.caption, p.rotation) for p in e.photos))
                  for e in report.entries))


def test_backups_made_while_edits_go_on_each_restore_consistently(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "d.sqlite", 1)
    folder = tmp_path / "backups"
    stop = threading.Event()
    done: list[int] = []

    def edit() -> None:  # another connection (the window) saves edits meanwhile
        with Store.open(db) as store:
            report_id = store.list_reports()[0].id
            first, second = [e.id for e in store.get_report(report_id).entries[:2]]
            n = 0
            while not stop.is_set():
                n += 1
                with store.transaction():  # one edit = two fields that must agree
                    store.update_entry(first, result=f"edit {n}")
                    store.update_entry(second, result=f"edit {n}")
                done.append(n)

    worker = threading.Thread(target=edit)
    worker.start()
    try:
        with Store.open(db) as store:
            infos = []
            while len(infos) < 6:
                seen_edits = len(done)
                deadline = time.monotonic() + 60
                while len(done) <= seen_edits and time.monotonic() < deadline:
                    time.sleep(0.005)  # at least one more edit between two backups
                infos.append(bk.create_backup(store, folder, "manual"))
    finally:
        stop.set()
        worker.join()
    assert len(done) >= 6
    seen = []
    for n, info in enumerate(infos):
        assert inspect_file(info.path, full=True) == []
        target = tmp_path / f"restored{n}.sqlite"
        bk.restore_database(target, info.path, tmp_path / "pre")
        with Store.open(target) as restored:
            report = restored.get_report(restored.list_reports()[0].id)
            a, b = report.entries[0].result, report.entries[1].result
        assert a == b and a.startswith("edit ")  # never one field of an edit without the other
        seen.append(int(a.split()[1]))
    assert seen == sorted(seen) and seen[0] < seen[-1]  # later backups, later edits


def test_restore_one_report_leaves_the_others_untouched(tmp_path: Path, capsys) -> None:
    db = demo_db(tmp_path / "d.sqlite", 3)
    folder = tmp_path / "backups"
    with Store.open(db) as store:
        ids = [r.id for r in store.list_reports()]
        info = bk.create_backup(store, folder)
        # after the backup: the report to restore is damaged by the clerk, others edited too
        target = store.get_report(ids[0])
        store.update_entry(target.entries[0].id, issue="ลบทิ้งโดยไม่ได้ตั้งใจ")
        store.delete_entry(target.entries[1].id)
        other = store.get_report(ids[1])
        store.update_entry(other.entries[0].id, issue="แก้หลังสำรอง")
    before = state(db)
    in_backup = state(info.path)
    uuid = target.uuid
    code, out, _err = run(capsys, "backup", "restore", str(info.path), "--report", str(ids[0]),
                          "--yes", "--db", str(db), "-o", str(folder))
    assert code == 0, _err
    after = state(db)
    assert after[uuid] == in_backup[uuid]
    assert {k: v for k, v in after.items() if k != uuid} == \
        {k: v for k, v in before.items() if k != uuid}  # the later edit of the other is kept
    # the state before the restore was backed up first
    assert any(b.reason == "restore" for b in bk.list_backups(folder))


def test_restore_whole_file_backs_up_the_current_state_first(tmp_path: Path, capsys) -> None:
    db = demo_db(tmp_path / "d.sqlite", 1)
    folder = tmp_path / "backups"
    with Store.open(db) as store:
        info = bk.create_backup(store, folder)
        create_demo(store)
    current = state(db)
    code, _out, _err = run(capsys, "backup", "restore", info.name, "-o", str(folder), "--yes",
                           "--db", str(db))
    assert code == 0
    assert state(db) == state(info.path)
    pre = [b for b in bk.list_backups(folder) if b.reason == "restore"]
    assert len(pre) == 1 and state(pre[0].path) == current


def test_restore_needs_confirmation(tmp_path: Path, capsys, monkeypatch) -> None:
    db = demo_db(tmp_path / "d.sqlite", 1)
    with Store.open(db) as store:
        info = bk.create_backup(store, tmp_path / "b")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    code, _out, err = run(capsys, "backup", "restore", str(info.path), "--db", str(db))
    assert code == 1 and "--yes" in err


def test_damaged_backup_is_not_restored(tmp_path: Path, capsys) -> None:
    db = demo_db(tmp_path / "d.sqlite", 1)
    with Store.open(db) as store:
        info = bk.create_backup(store, tmp_path / "b")
    with open(info.path, "r+b") as stream:
        stream.seek(4096 * 2)
        stream.write(b"\xff" * 300)
    before = state(db)
    code, _out, err = run(capsys, "backup", "restore", str(info.path), "--yes", "--db", str(db))
    assert code == 1 and "เสียหาย" in err
    assert state(db) == before


def _info(when: dt.datetime, reason: str, size: int = 1000) -> bk.BackupInfo:
    return bk.BackupInfo(Path(f"/b/{when:%Y%m%d%H%M%S}-{reason}.sqlite"),
                         when.isoformat(), reason, size, "", 3)


def test_rotation_keeps_the_promised_set() -> None:
    now = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
    backups = []
    for day in range(90):  # one daily and one import backup every day for 90 days
        backups.append(_info(now - dt.timedelta(days=day, hours=1), "daily"))
        backups.append(_info(now - dt.timedelta(days=day, hours=3), "import"))
    backups.append(_info(now - dt.timedelta(days=40), "manual"))
    keep, remove = bk.plan_rotation(backups, now, max_bytes=10**12)
    assert set(keep) | set(remove) == set(backups) and not set(keep) & set(remove)
    # every pre-operation backup of the last 30 days
    for b in backups:
        if b.reason == "import" and now - b.created <= dt.timedelta(days=30):
            assert b in keep
    # the newest of each of the last 7 days and of each of the last 4 weeks
    days = sorted({b.created.astimezone().date() for b in backups}, reverse=True)[:7]
    for day in days:
        newest = max((b for b in backups if b.created.astimezone().date() == day),
                     key=lambda b: b.created)
        assert newest in keep
    weeks = sorted({b.created.astimezone().isocalendar()[:2] for b in backups}, reverse=True)[:4]
    for week in weeks:
        newest = max((b for b in backups if b.created.astimezone().isocalendar()[:2] == week),
                     key=lambda b: b.created)
        assert newest in keep
    # nothing else: old dailies and the 40-day-old manual one go
    assert all(b.created >= now - dt.timedelta(days=35) for b in keep)
    assert _info(now - dt.timedelta(days=40), "manual") in remove


def test_rotation_is_bounded_in_size_and_keeps_the_newest() -> None:
    now = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
    backups = [_info(now - dt.timedelta(hours=h), "import", 100) for h in range(50)]
    keep, _remove = bk.plan_rotation(backups, now, max_bytes=1000)
    assert sum(b.size for b in keep) <= 1000 and backups[0] in keep
    keep, _remove = bk.plan_rotation(backups[:1], now, max_bytes=10)
    assert keep == backups[:1]  # even over the limit, the newest stays


def test_rotation_on_disk_removes_files_and_manifests(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "d.sqlite", 1)
    folder = tmp_path / "b"
    with Store.open(db) as store:
        for n in range(3):
            bk.create_backup(store, folder, f"daily{n}")  # "daily0..2": not kept for 30 days
    # all three on one day: only the newest is kept
    names = sorted(p.name for p in folder.iterdir())
    assert len([n for n in names if n.endswith(".sqlite")]) == 1
    assert len([n for n in names if n.endswith(".json")]) == 1


def test_automatic_backups_before_risky_operations(tmp_path: Path, capsys) -> None:
    db = tmp_path / "d.sqlite"
    folder = bk.default_backup_dir()
    assert run(capsys, "demo", "--db", str(db))[0] == 0
    assert bk.list_backups(folder) == []  # creating the demo is not risky
    with Store.open(db) as store:
        bk.enable_auto_backups(store)
        report_id = store.list_reports()[0].id
        store.trash_report(report_id)
        store.restore_report(report_id)
        from ita_desktop.core.workflow.carry import carry_to_12_months
        carry_to_12_months(store, report_id)
    reasons = sorted(b.reason for b in bk.list_backups(folder))
    assert reasons == ["carry", "delete"]
    other = tmp_path / "o.sqlite"
    run(capsys, "demo", "--db", str(other))
    package = tmp_path / "p.itapkg"
    assert run(capsys, "export", "1", "--no-pdf", "-o", str(package), "--db", str(other))[0] == 0
    code, _out, err = run(capsys, "import", "--keep-both", str(package), "--db", str(db))
    assert code == 0, err
    assert sorted(b.reason for b in bk.list_backups(folder, db)) == ["carry", "delete", "import"]


def test_daily_backup_only_when_the_newest_is_older_than_a_day(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "d.sqlite", 1)
    with Store.open(db) as store:
        assert bk.daily_backup(store) is not None
        assert bk.daily_backup(store) is None
        auto = bk.AutoBackup(store)
        assert auto.daily_due(dt.datetime.now(dt.UTC) + dt.timedelta(days=1, minutes=1))


def test_unwritable_backup_folder_falls_back_to_the_default(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "d.sqlite", 1)
    blocker = tmp_path / "usb"
    blocker.write_text("a file where the folder should be")
    with Store.open(db) as store:
        auto = bk.enable_auto_backups(store, bk.BackupSettings(folder=str(blocker / "x")))
        store.trash_report(store.list_reports()[0].id)
    assert auto.fallback_used == bk.default_backup_dir()
    assert [b.reason for b in bk.list_backups(bk.default_backup_dir())] == ["delete"]


def test_backup_settings_round_trip(tmp_path: Path) -> None:
    assert bk.BackupSettings.load().backup_dir() == bk.default_backup_dir()
    bk.BackupSettings(folder=str(tmp_path / "usb"), max_bytes=123).save()
    loaded = bk.BackupSettings.load()
    assert loaded.backup_dir() == tmp_path / "usb" and loaded.max_bytes == 123


def test_save_copy_holds_every_saved_edit_without_a_wal_file(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "d.sqlite", 1)
    with Store.open(db) as store:
        report = store.get_report(store.list_reports()[0].id)
        for n in range(50):
            store.update_entry(report.entries[0].id, result=f"edit {n}")
        assert Path(f"{db}-wal").stat().st_size > 0  # edits still in the WAL
        copy = tmp_path / "usb" / "copy.sqlite"
        copy.parent.mkdir()
        bk.save_copy(store, copy)
    assert sorted(p.name for p in copy.parent.iterdir()) == ["copy.sqlite"]
    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    with Store.open(copy) as saved:
        assert saved.get_report(report.id).entries[0].result == "edit 49"


def test_backup_list_json_shows_reports_dates_and_sizes(tmp_path: Path, capsys) -> None:
    db = demo_db(tmp_path / "d.sqlite", 2)
    folder = tmp_path / "b"
    code, out, _err = run(capsys, "backup", "create", "-o", str(folder), "--db", str(db))
    assert code == 0 and "2 รายงาน" in out
    code, out, _err = run(capsys, "backup", "list", "-o", str(folder), "--json")
    [row] = json.loads(out)
    assert row["reason"] == "manual" and row["size"] > 0 and len(row["reports"]) == 2
    assert row["reports"][0]["agency"] == "สำนักงานเขตปทุมวัน"
    dt.datetime.fromisoformat(row["created_at"])
    code, out, _err = run(capsys, "backup", "list", "-o", str(folder))
    assert "manual" in out and "สำนักงานเขตปทุมวัน" in out
    code, out, _err = run(capsys, "backup", "list", "-o", str(tmp_path / "none"))
    assert code == 0 and "ita backup create" in out


def test_a_hand_copied_backup_without_manifest_is_listed(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "d.sqlite", 1)
    folder = tmp_path / "b"
    with Store.open(db) as store:
        info = bk.create_backup(store, folder)
    Path(f"{info.path}.json").unlink()
    [listed] = bk.list_backups(folder)
    assert listed.path == info.path and len(listed.reports) == 1


@pytest.mark.parametrize("stem", ["ita-reports", "งานของฉัน"])
def test_backup_names(stem: str) -> None:
    when = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    name = bk.backup_name(Path(f"/x/{stem}.sqlite"), when, "import")
    assert name.startswith(f"{stem}-2026") and name.endswith("-import.sqlite")
    assert bk._reason_of(name) == "import"


def test_finalise_and_reopen_are_backed_up_first(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite"
    with Store.open(db) as store:
        report_id = create_demo(store)
        bk.enable_auto_backups(store)
        finalise_report(store, report_id)
        store.reopen(report_id, "แก้คะแนน")
        [before_reopen, before_finalise] = bk.list_backups(bk.default_backup_dir(), db)
    assert (before_finalise.reason, before_reopen.reason) == ("finalise", "reopen")
    assert [r.status for r in before_finalise.reports] == ["draft"]
    assert [r.status for r in before_reopen.reports] == ["final"]
