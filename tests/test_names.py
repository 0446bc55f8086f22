"""Office names as compared: ``normalise_agency`` (used by the importer, consolidation and
other helpers' matching) makes look-alikes equal and leaves real differences."""

from __future__ import annotations

import pytest

from ita_desktop.core.text.names import normalise_agency, same_agency

NAME = "สำนักงานเขตปทุมวัน"


@pytest.mark.parametrize("look_alike", [
    "สำนักงานเขต\u200bปทุมวัน", "\ufeffสำนักงานเขตปทุมวัน", "สำนักงานเขตปทุมวัน\u00a0",
    " สำนักงานเขตปทุมวัน\t", "ส\u0e4d\u0e32นักงานเขตปทุมวัน", "\u202eสำนักงานเขตปทุมวัน\u202c",
    "\u2066สำนักงานเขตปทุมวัน\u2069", "สำนักงาน\u200dเขตปทุมวัน", "สำนักงาน\u00adเขตปทุมวัน",
    "\u200eสำนักงานเขตปทุมวัน\u200f"])
def test_look_alikes_are_equal(look_alike: str) -> None:
    assert normalise_agency(look_alike) == NAME and same_agency(look_alike, NAME)


def test_spaces_are_one_space() -> None:
    assert normalise_agency("สำนักงานเขต\u00a0\u3000 \u2009ปทุมวัน") == "สำนักงานเขต ปทุมวัน"
    assert normalise_agency("น\u0e4d\u0e49\u0e32") == "น\u0e49\u0e33"  # tone mark between
    assert normalise_agency("Cafe\u0301") == "Café"


def test_real_differences_stay() -> None:
    assert not same_agency("สำนักงานเขตบางรัก", NAME)
    assert not same_agency("สำนักงานเขต ปทุมวัน", NAME)  # fuzzy matching is not done here
    assert normalise_agency(normalise_agency("\u202e x \u200b")) == normalise_agency("x")
