"""Packages that try to change another office's evidence: photo-hash poisoning, a report UUID
taken by another office, implausible revisions, look-alike office names. Each is refused or put
to the user; nothing silently replaces a genuine report or picture, and what was replaced can be
seen, compared and restored."""

from __future__ import annotations

import json

import pytest

from ita_desktop.core.base.errors import FormatError
from ita_desktop.core.package import build_package, import_package
from ita_desktop.core.store import Store
from ita_desktop.core.workflow import revisions

from .conftest import fake_pdf, make_report, snapshot
from .zips import edit_json, members_of, resign

VICTIM = "สำนักงานเขตปทุมวัน"
ATTACKER = "สำนักงานเขตบางรัก"


def _export(store: Store, report_id: int) -> bytes:
    return build_package(store, report_id, pdf=fake_pdf).data


def _package(store: Store, agency: str, seed: int, **kw: object) -> tuple[bytes, int]:
    report, photos = make_report(agency=agency, seed=seed, **kw)  # type: ignore[arg-type]
    report_id = store.create_report(report, photos)
    return _export(store, report_id), report_id


def _photo_shas(data: bytes) -> list[str]:
    return [n[len("photos/"):-len(".jpg")] for n, _ in members_of(data)
            if n.startswith("photos/") and not n.endswith(".thumb.jpg")]


def _claim_photo(data: bytes, mine: str, theirs: str) -> bytes:
    """The package with its photo ``mine`` renamed to ``theirs`` everywhere, re-signed (the
    manifest checksums are right: only the claimed name lies)."""
    def change(members: dict[str, bytes]) -> None:
        for suffix in (".jpg", ".thumb.jpg"):
            members[f"photos/{theirs}{suffix}"] = members.pop(f"photos/{mine}{suffix}")
        for name in ("report.json", "manifest.json"):
            members[name] = members[name].replace(mine.encode(), theirs.encode())

    return resign(data, change)


def _shown_photos(store: Store, report_id: int) -> list[bytes]:
    report = store.get_report(report_id)
    return [store.photo_bytes(p.sha256) for e in report.entries for p in e.photos]


# ------------------------------------------------------------------ photo-hash poisoning
@pytest.mark.parametrize("attacker_first", [True, False])
def test_photo_hash_poisoning(source_store: Store, target: Store, attacker_first: bool) -> None:
    victim_pkg, victim_id = _package(source_store, VICTIM, seed=1)
    attacker_pkg, _ = _package(source_store, ATTACKER, seed=2)
    genuine = _shown_photos(source_store, victim_id)
    victim_sha, attacker_sha = _photo_shas(victim_pkg)[0], _photo_shas(attacker_pkg)[0]
    forged = _claim_photo(attacker_pkg, attacker_sha, victim_sha)
    order = [forged, victim_pkg] if attacker_first else [victim_pkg, forged]
    outcomes = [import_package(target, data) for data in order]
    assert [o.status for o in outcomes] == ["imported", "imported"]
    victim = outcomes[1] if attacker_first else outcomes[0]
    attacker = outcomes[0] if attacker_first else outcomes[1]
    # the victim's report shows the victim's pictures, whoever came first
    assert _shown_photos(target, victim.report_id) == genuine
    # the attacker's picture is stored, but under a name computed from its own bytes
    attacker_photos = _shown_photos(target, attacker.report_id)
    assert attacker_photos[0] == dict(members_of(attacker_pkg))[f"photos/{attacker_sha}.jpg"]
    assert attacker_photos[0] not in genuine
    # and a re-export from the upper office still carries the genuine pictures
    again = dict(members_of(_export(target, victim.report_id)))
    report = target.get_report(victim.report_id)
    assert [again[f"photos/{p.sha256}.jpg"] for e in report.entries for p in e.photos] == genuine
    # importing the genuine package again changes nothing
    before = snapshot(target)
    assert import_package(target, victim_pkg).status == "unchanged"
    assert snapshot(target) == before


def test_a_stored_photo_is_never_replaced(source_store: Store, target: Store) -> None:
    victim_pkg, _ = _package(source_store, VICTIM, seed=1)
    import_package(target, victim_pkg)
    stored = {row[0]: (bytes(row[1]), bytes(row[2])) for row in target.conn.execute(
        "SELECT sha256, print_jpeg, thumb_jpeg FROM photo_blobs")}
    attacker_pkg, _ = _package(source_store, ATTACKER, seed=2)
    for n, (mine, theirs) in enumerate(zip(_photo_shas(attacker_pkg), _photo_shas(victim_pkg),
                                           strict=True)):
        forged = _claim_photo(attacker_pkg, mine, theirs)
        forged = edit_json(forged, "report.json", lambda d, n=n: d["report"].update(
            uuid=f"forged-{n}"))
        forged = edit_json(forged, "manifest.json", lambda d, n=n: d["report"].update(
            uuid=f"forged-{n}"))
        forged = _history_uuid(forged, f"forged-{n}")
        assert import_package(target, forged, on_conflict="keep-both").report_id
    for sha, blobs in stored.items():
        row = target.conn.execute("SELECT print_jpeg, thumb_jpeg FROM photo_blobs "
                                  "WHERE sha256 = ?", (sha,)).fetchone()
        assert (bytes(row[0]), bytes(row[1])) == blobs


def test_a_poisoned_thumbnail_does_not_reach_the_victim(source_store: Store, target: Store
                                                        ) -> None:
    """Even with the victim's exact print bytes, another thumbnail is another photo."""
    victim_pkg, _ = _package(source_store, VICTIM, seed=1)
    attacker_pkg, _ = _package(source_store, ATTACKER, seed=2)
    victim_sha, attacker_sha = _photo_shas(victim_pkg)[0], _photo_shas(attacker_pkg)[0]
    victim_members = dict(members_of(victim_pkg))

    def change(members: dict[str, bytes]) -> None:
        members[f"photos/{attacker_sha}.jpg"] = victim_members[f"photos/{victim_sha}.jpg"]

    # (the first photos of both packages have the same size, as the manifest says)
    forged = _claim_photo(resign(attacker_pkg, change), attacker_sha, victim_sha)
    assert import_package(target, forged).status == "imported"
    victim = import_package(target, victim_pkg)
    report = target.get_report(victim.report_id)
    thumbs = [target.photo_bytes(p.sha256, "thumb") for e in report.entries for p in e.photos]
    assert thumbs[0] == victim_members[f"photos/{victim_sha}.thumb.jpg"]


# ------------------------------------------------------------------ UUID and revision hijack
def _hijack(victim_pkg: bytes, attacker_pkg: bytes, revision: int = 2) -> bytes:
    """The attacker's package claiming the victim's report (uuid) with a newer revision."""
    uuid = json.loads(dict(members_of(victim_pkg))["manifest.json"])["report"]["uuid"]
    data = edit_json(attacker_pkg, "report.json",
                     lambda d: d["report"].update(uuid=uuid, revision=revision))
    data = edit_json(data, "manifest.json",
                     lambda d: d["report"].update(uuid=uuid, revision=revision))
    return _history_uuid(data, uuid)


def _history_uuid(data: bytes, uuid: str) -> bytes:
    """A forger edits the audit trail's report uuid too (it must match report.json)."""
    if "history.json" not in dict(members_of(data)):
        return data
    return edit_json(data, "history.json", lambda d: d.update(report_uuid=uuid))


def test_uuid_hijack_by_another_office_is_a_conflict(source_store: Store, target: Store) -> None:
    victim_pkg, _ = _package(source_store, VICTIM, seed=1)
    attacker_pkg, _ = _package(source_store, ATTACKER, seed=2, kind="12m")
    genuine = import_package(target, victim_pkg)
    forged = _hijack(victim_pkg, attacker_pkg)
    before = snapshot(target)
    outcome = import_package(target, forged)
    assert outcome.status == "conflict" and outcome.conflict_kind == "office"
    assert [c.id for c in outcome.conflicts] == [genuine.report_id]
    assert VICTIM in outcome.message and ATTACKER in outcome.message
    assert snapshot(target) == before  # nothing silently replaced


def test_uuid_hijack_keep_both_gives_the_package_its_own_uuid(source_store: Store,
                                                              target: Store) -> None:
    victim_pkg, _ = _package(source_store, VICTIM, seed=1)
    attacker_pkg, _ = _package(source_store, ATTACKER, seed=2)
    genuine = import_package(target, victim_pkg)
    outcome = import_package(target, _hijack(victim_pkg, attacker_pkg), on_conflict="keep-both")
    assert outcome.status == "imported" and outcome.uuid != genuine.uuid
    assert target.get_report(genuine.report_id).agency == VICTIM
    assert len(target.list_reports()) == 2


def test_uuid_hijack_replaced_by_choice_is_visible_and_restorable(source_store: Store,
                                                                  target: Store) -> None:
    victim_pkg, _ = _package(source_store, VICTIM, seed=1)
    attacker_pkg, _ = _package(source_store, ATTACKER, seed=2)
    genuine = import_package(target, victim_pkg)
    original = target.get_report(genuine.report_id)
    outcome = import_package(target, _hijack(victim_pkg, attacker_pkg), on_conflict="replace")
    assert outcome.status == "replaced"
    listed = revisions.history(target, outcome.report_id)
    assert [(r.agency, r.revision) for r in listed] == [(VICTIM, 1)]
    assert "แทนที่" in listed[0].reason and ATTACKER in listed[0].reason
    diffs = {d.where: d for d in revisions.diff_reports(
        revisions.revision_report(target, listed[0].id), target.get_report(outcome.report_id))}
    assert diffs["หน่วยงาน"].before == VICTIM and diffs["หน่วยงาน"].after == ATTACKER
    target.vacuum_photos()  # the replaced report's photos are kept while it is in history
    change = revisions.restore(target, listed[0].id)
    restored = target.get_report(change.report_id)
    assert restored.agency == VICTIM and restored.uuid == original.uuid
    assert _shown_photos(target, change.report_id) == [
        source_store.photo_bytes(p.sha256) for e in original.entries for p in e.photos]
    # the forged one is now in history in its turn: restoring can be undone the same way
    assert [r.agency for r in revisions.history(target, change.report_id)] == [ATTACKER]


def test_revision_1e9_is_refused(source_store: Store, target: Store) -> None:
    victim_pkg, _ = _package(source_store, VICTIM, seed=1)
    import_package(target, victim_pkg)
    before = snapshot(target)
    forged = _hijack(victim_pkg, victim_pkg, revision=10**9)
    with pytest.raises(FormatError) as caught:
        import_package(target, forged)
    assert "revision" in caught.value.text()
    assert snapshot(target) == before
    # a later genuine revision still imports over the stored one
    assert import_package(target, _hijack(victim_pkg, victim_pkg, revision=2)).status == \
        "replaced"


def test_implausible_revision_jump_is_a_conflict(source_store: Store, target: Store) -> None:
    victim_pkg, _ = _package(source_store, VICTIM, seed=1)
    genuine = import_package(target, victim_pkg)
    before = snapshot(target)
    outcome = import_package(target, _hijack(victim_pkg, victim_pkg, revision=5000))
    assert outcome.status == "conflict" and outcome.conflict_kind == "revision"
    assert "5000" in outcome.message and snapshot(target) == before
    assert target.get_report(genuine.report_id).revision == 1


# ------------------------------------------------------------------ look-alike office names
SPACED = "สำนักงานเขต ปทุมวัน"
LOOK_ALIKES = {  # variant: (the genuine name, its look-alike)
    "zero-width space": (VICTIM, "สำนักงานเขต\u200bปทุมวัน"),
    "NBSP": (SPACED, "สำนักงานเขต\u00a0ปทุมวัน"),
    "two spaces and a tab": (SPACED, "สำนักงานเขต \t ปทุมวัน"),
    "trailing space": (VICTIM, "สำนักงานเขตปทุมวัน "),
    "NFD sara am": (VICTIM, "ส\u0e4d\u0e32นักงานเขตปทุมวัน"),  # "ำ" typed as ํ + า
    "NFD latin": ("Office é", "Office e\u0301"),
    "RLO": (VICTIM, "\u202eสำนักงานเขตปทุมวัน"),
    "LRM and BOM": (VICTIM, "\u200eสำนักงานเขตปทุมวัน\ufeff"),
}


@pytest.mark.parametrize("variant", list(LOOK_ALIKES))
def test_look_alike_agency_names_are_the_same_office(source_store: Store, target: Store,
                                                     variant: str) -> None:
    genuine, name = LOOK_ALIKES[variant]
    genuine_pkg, _ = _package(source_store, genuine, seed=1)
    import_package(target, genuine_pkg)
    look_alike_pkg, _ = _package(source_store, "สำนักงานเขตบางรัก", seed=3)
    forged = edit_json(look_alike_pkg, "report.json", lambda d: d["report"].update(agency=name))
    forged = edit_json(forged, "manifest.json", lambda d: d["report"].update(agency=name))
    before = snapshot(target)
    outcome = import_package(target, forged)
    assert outcome.status == "conflict" and outcome.conflict_kind == "slot", variant
    assert snapshot(target) == before
    # kept both by choice: stored under the clean name, not as a look-alike
    kept = import_package(target, forged, on_conflict="keep-both")
    assert target.get_report(kept.report_id).agency == genuine


def test_look_alike_names_in_the_consolidation_list(source_store: Store, target: Store) -> None:
    from ita_desktop.core.package.consolidate import summarize

    genuine = import_package(target, _package(source_store, VICTIM, seed=1)[0])
    names = [name for real, name in LOOK_ALIKES.values() if real == VICTIM]
    summary = summarize(target, [genuine.report_id], names)
    assert [o.state for o in summary.offices] == ["sent"]
