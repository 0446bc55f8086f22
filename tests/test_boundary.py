"""The boundary every outside file passes (core/base/boundary.py)."""

from __future__ import annotations

import os
import stat

import pytest

from ita_desktop.core.base.boundary import (
    LIMITS,
    check_json_depth,
    check_output_path,
    check_yaml_shape,
    load_json,
    normalise_code,
    quote,
    read_capped,
)
from ita_desktop.core.base.errors import FormatError


def test_read_capped_reads_a_regular_file(tmp_path):
    f = tmp_path / "a.json"
    f.write_bytes(b"{}")
    assert read_capped(f, 10, "รายงาน") == b"{}"


def test_read_capped_refuses_a_file_over_the_limit(tmp_path):
    f = tmp_path / "big.csv"
    with open(f, "wb") as out:  # sparse: no disk used
        out.truncate(100 * 1024 * 1024)
    with pytest.raises(FormatError) as exc:
        read_capped(f, 1024, "ผลคะแนน")
    assert "ใหญ่เกินไป" in exc.value.message and "too large" in exc.value.english


def test_a_symlink_to_dev_zero_is_refused(tmp_path):
    link = tmp_path / "x.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(FormatError) as exc:
        read_capped(link, 1024, "ผลคะแนน")
    assert "device" in exc.value.english


def test_a_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "x.json"
    os.mkfifo(fifo)
    with pytest.raises(FormatError) as exc:
        read_capped(fifo, 1024, "รายงาน")
    assert "FIFO" in exc.value.english


def test_a_directory_and_an_empty_name_are_refused(tmp_path):
    with pytest.raises(FormatError):
        read_capped(tmp_path, 1024, "รายงาน")
    with pytest.raises(FormatError):
        read_capped("", 1024, "รายงาน")


def test_deep_json_is_refused_before_recursion():
    text = '{"report":' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(FormatError) as exc:
        check_json_depth(text, "r.json")
    assert "nesting" in exc.value.english


def test_brackets_inside_strings_do_not_count():
    check_json_depth('{"a": "' + "[" * 1000 + '"}', "r.json")


@pytest.mark.parametrize("literal", ["1e999", "-1e999", "1" * 5000, "NaN", "Infinity"])
def test_huge_or_infinite_numbers_are_refused(literal):
    with pytest.raises(FormatError) as exc:
        load_json(f'{{"x": {literal}}}'.encode(), "r.json")
    assert "number refused" in exc.value.english


def test_ordinary_json_loads():
    assert load_json(b'{"fiscal_year": 2568, "score": 85.5}', "r.json") == {
        "fiscal_year": 2568, "score": 85.5}


def test_deep_yaml_and_alias_bombs_are_refused():
    with pytest.raises(FormatError):
        check_yaml_shape("x: " + "[" * 10_000 + "]" * 10_000, "f.yaml")
    bomb = "a: &a [x]\n" + "".join(f"b{n}: *a\n" for n in range(LIMITS.yaml_aliases + 1))
    with pytest.raises(FormatError):
        check_yaml_shape(bomb, "f.yaml")
    check_yaml_shape("format: ita-form/1\nitems: [{code: i1}]\n", "f.yaml")


@pytest.mark.parametrize("code", ["i1", "I1", "i๑", "i１", " i1 "])
def test_codes_are_normalised_before_comparison(code):
    assert normalise_code(code) == "i1"


def test_quote_is_short():
    assert len(quote("x" * (100 << 20))) < 120


# this sandbox's /dev/null is a regular file; /dev/zero is a real character device
DEVICE = next((d for d in ("/dev/zero", "/dev/full", "/dev/null")
               if os.path.exists(d) and stat.S_ISCHR(os.stat(d).st_mode)), "/dev/zero")


def test_output_path_rules(tmp_path):
    with pytest.raises(FormatError):
        check_output_path("")
    with pytest.raises(FormatError):
        check_output_path(tmp_path)
    with pytest.raises(FormatError):
        check_output_path(DEVICE)
    fifo = tmp_path / "p.pdf"
    os.mkfifo(fifo)
    with pytest.raises(FormatError):
        check_output_path(fifo)
    with pytest.raises(FormatError):
        check_output_path(tmp_path / "missing" / "r.pdf")
    target = tmp_path / "real.pdf"
    target.write_bytes(b"")
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    assert check_output_path(link) == target.resolve()  # a symlink is followed
    assert check_output_path(tmp_path / "new.pdf") == (tmp_path / "new.pdf").resolve()
