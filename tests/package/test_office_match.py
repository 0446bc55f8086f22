"""Office names: spelling differences match on their own, near misses are proposed (never
merged) until the user confirms once, genuinely different offices stay apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from ita_desktop.core.package import build_package
from ita_desktop.core.package.consolidate import import_many, summarize
from ita_desktop.core.package.office_match import (
    forget,
    match_offices,
    office_key,
    remember,
    thai_order,
)
from ita_desktop.core.store import Store
from ita_desktop.core.text.names import normalise_agency

from .conftest import make_report

EXPECTED = ["สำนักงานเขตบางรัก", "สำนักงานเขตบางพลัด", "สำนักงานเขตปทุมวัน", "สำนักงานเขตบางซื่อ",
            "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาขอนแก่น เขต 1",
            "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาขอนแก่น เขต 2"]


def one(sent: str, expected: list[str] = EXPECTED, **kw):  # type: ignore[no-untyped-def]
    return match_offices([sent], expected, **kw)[sent]


@pytest.mark.parametrize("sent, office", [
    ("สำนักงานเขต  บางรัก ", "สำนักงานเขตบางรัก"),  # extra spaces
    ("สำนักงานเขตปทุม\u200bวัน", "สำนักงานเขตปทุมวัน"),  # zero-width space
    ("\ufeffสำนักงานเขตปทุมวัน\u200e", "สำนักงานเขตปทุมวัน"),  # BOM, bidi mark
    ("เขตบางรัก", "สำนักงานเขตบางรัก"),  # missing prefix
    ("บางพลัด", "สำนักงานเขตบางพลัด"),  # no prefix at all
    ("สนง.เขตบางพลัด", "สำนักงานเขตบางพลัด"),  # abbreviated prefix
    ("ส\u0e4d\u0e32นักงานเขตบางรัก", "สำนักงานเขตบางรัก"),  # decomposed sara am
    ("สำนักงานเขตบางซ\u0e48\u0e37อ", "สำนักงานเขตบางซื่อ"),  # tone mark typed before the vowel
    ("สำนักงานเขตบางซื\u0e48\u0e48อ", "สำนักงานเขตบางซื่อ"),  # tone mark typed twice
    ("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาขอนแก่น เขต ๒",  # Thai digits
     "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาขอนแก่น เขต 2"),
])
def test_spelling_differences_match_without_asking(sent: str, office: str) -> None:
    match = one(sent)
    assert match.matched and match.office == office and match.how == "normalised"


def test_the_same_name_is_same() -> None:
    assert one("สำนักงานเขตบางรัก").how == "same"


def test_water_written_with_nikhahit_and_tone() -> None:
    assert thai_order("น\u0e4d\u0e49\u0e32") == "น\u0e49\u0e33" == "น้ำ"
    assert office_key("สำนักงานเขต น\u0e4d\u0e49\u0e32ใส") == office_key("น้ำใส")


@pytest.mark.parametrize("sent, office", [
    ("สำนักงานเขตปทุมวน", "สำนักงานเขตปทุมวัน"),  # a vowel left out
    ("สำนักงานเขตบางซื้อ", "สำนักงานเขตบางซื่อ"),  # wrong tone mark
    ("เขตบางรก", "สำนักงานเขตบางรัก"),  # typo and missing prefix
])
def test_near_miss_is_proposed_not_merged(sent: str, office: str) -> None:
    match = one(sent)
    assert not match.matched and match.how == "proposed" and match.office == office
    assert match.score >= 80


@pytest.mark.parametrize("sent", [
    "สำนักงานเขตบางกอกน้อย",  # another district
    "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาขอนแก่น เขต 3",  # another number: never proposed
    "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาขอนแก่น เขต 12",
])
def test_different_offices_are_not_proposed(sent: str) -> None:
    assert one(sent).how == "none" and one(sent).office is None


def test_bangrak_and_bangphlat_are_different_offices() -> None:
    matches = match_offices(["สำนักงานเขตบางรัก"], ["สำนักงานเขตบางพลัด"])
    assert matches["สำนักงานเขตบางรัก"].office is None
    both = match_offices(["เขตบางรัก", "เขตบางพลัด"], EXPECTED)
    assert both["เขตบางรัก"].office == "สำนักงานเขตบางรัก"
    assert both["เขตบางพลัด"].office == "สำนักงานเขตบางพลัด"


def test_numbered_offices_are_never_merged() -> None:
    matches = match_offices(["สำนักงานเขตพื้นที่การศึกษาประถมศึกษาขอนแก่น เขต 1",
                             "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาขอนแก่น เขต ๑๑"], EXPECTED)
    first, eleventh = matches.values()
    assert first.how == "same" and eleventh.how == "none"


def test_an_office_already_matched_is_not_proposed_again() -> None:
    matches = match_offices(["สำนักงานเขตปทุมวัน", "สำนักงานเขตปทุมวน"], EXPECTED)
    assert matches["สำนักงานเขตปทุมวน"].how == "none"


# ------------------------------------------------------------------ remembered, summary
@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    names = ["สำนักงานเขตปทุมวน", "สำนักงานเขตบางรัก", "สำนักงานเขต  บางพลัด"]
    with Store.open(tmp_path / "offices.sqlite") as store:
        for n, agency in enumerate(names):
            report, photos = make_report(agency=agency, seed=n, entries=2, photos=1)
            data = build_package(store, store.create_report(report, photos), pdf=False).data
            (folder / f"{n}.itapkg").write_bytes(data)
    return folder


def test_summary_proposes_then_remembers_the_answer(inbox: Path, target: Store,
                                                    tmp_path: Path) -> None:
    results = import_many(target, sorted(inbox.iterdir()))
    ids = [r.report_id for r in results]
    expected = ["สำนักงานเขตปทุมวัน", "สำนักงานเขตบางรัก", "สำนักงานเขตบางพลัด"]
    summary = summarize(target, ids, expected)
    states = {o.agency: (o.state, o.office, o.proposal) for o in summary.offices}
    assert states["สำนักงานเขตปทุมวน"] == ("unexpected", None, "สำนักงานเขตปทุมวัน")
    assert states[normalise_agency("สำนักงานเขต  บางพลัด")] == ("sent", "สำนักงานเขตบางพลัด", None)
    assert states["สำนักงานเขตบางรัก"] == ("sent", None, None)
    assert [o.agency for o in summary.missing] == ["สำนักงานเขตปทุมวัน"]  # not silently merged
    assert [o.agency for o in summary.proposals] == ["สำนักงานเขตปทุมวน"]

    remember(target, "สำนักงานเขตปทุมวน", "สำนักงานเขตปทุมวัน", same=True)
    with Store.open(target.path) as again:  # remembered in the database, not in memory
        summary = summarize(again, ids, expected)
    assert summary.missing == [] and summary.proposals == []
    office = next(o for o in summary.offices if o.agency == "สำนักงานเขตปทุมวน")
    assert office.state == "sent" and office.office == "สำนักงานเขตปทุมวัน"

    forget(target, "สำนักงานเขตปทุมวน")
    remember(target, "สำนักงานเขตปทุมวน", "สำนักงานเขตปทุมวัน", same=False)  # "different"
    summary = summarize(target, ids, expected)
    office = next(o for o in summary.offices if o.agency == "สำนักงานเขตปทุมวน")
    assert office.state == "unexpected" and office.proposal is None  # not asked again
    assert [o.agency for o in summary.missing] == ["สำนักงานเขตปทุมวัน"]


def test_an_expected_office_listed_twice_in_two_spellings_counts_once(inbox: Path,
                                                                     target: Store) -> None:
    results = import_many(target, sorted(inbox.iterdir()))
    summary = summarize(target, [r.report_id for r in results],
                        ["สำนักงานเขตบางรัก", "เขต บางรัก", "สำนักงานเขตสาทร"])
    assert [o.agency for o in summary.missing] == ["สำนักงานเขตสาทร"]


def test_cli_notes_the_proposal_and_remembers_the_answer(inbox: Path, tmp_path: Path,
                                                         capsys) -> None:  # noqa: ANN001
    import json

    from ita_desktop.cli import main

    def run(*args: object) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    db = tmp_path / "upper.sqlite"
    listing = tmp_path / "expected.txt"
    listing.write_text("สำนักงานเขตปทุมวัน\nสำนักงานเขตบางรัก\nสำนักงานเขตบางพลัด\n", encoding="utf-8")
    code, out, err = run("consolidate", inbox, "-o", tmp_path / "s.xlsx", "--expected", listing,
                         "--db", db)
    assert code == 0 and "ยังไม่ส่ง 1 หน่วยงาน" in out
    assert "“สำนักงานเขตปทุมวน” ไม่อยู่ในรายชื่อ น่าจะเป็น “สำนักงานเขตปทุมวัน”" in err
    code, out, err = run("offices", "same", "สำนักงานเขตปทุมวน", "สำนักงานเขตปทุมวัน", "--db", db)
    assert code == 0
    code, out, err = run("consolidate", inbox, "-o", tmp_path / "s.xlsx", "--expected", listing,
                         "--db", db)
    assert code == 0 and "ยังไม่ส่ง 0 หน่วยงาน" in out and "น่าจะเป็น" not in err
    code, out, _err = run("offices", "list", "--json", "--db", db)
    assert json.loads(out) == [{"alias": "สำนักงานเขตปทุมวน", "office": "สำนักงานเขตปทุมวัน",
                                "same": True}]
    code, _out, err = run("offices", "same", "--db", db)  # what is missing is said in Thai
    assert code != 0 and "ระบุชื่อ" in err


def test_expected_list_counts_each_office_once() -> None:
    from ita_desktop.core.package.consolidate import parse_expected

    assert parse_expected("สำนักงานเขตบางรัก\nเขต บางรัก\nสํานักงานเขตบางรัก\n\u200bสำนักงานเขตสาทร\n") \
        == ["สำนักงานเขตบางรัก", "สำนักงานเขตสาทร"]
