"""Thai line breaks: never inside a loanword or a listed term, checked word by word and on a
corpus of real Thai words (the large run is benchmarks/linebreak_corpus.py)."""

from __future__ import annotations

import pymupdf
import pytest

from ita_desktop.core.render import render_pdf, thaidict
from ita_desktop.core.render.fonts import REGULAR
from ita_desktop.core.render.linebreak import _filtered, break_paragraph, icu_segments, segments
from ita_desktop.core.report.model import Entry

from . import corpus, factory
from .expected import HEADINGS, cells
from .pdfcheck import check

LOANWORDS = ["อ็อบเจกต์", "พร็อกซี", "อินโฟกราฟิก", "แพลตฟอร์ม", "เว็บไซต์", "ดิจิทัล",
             "คิวอาร์โค้ด", "โซเชียลมีเดีย"]
SENTENCE = ("สำนักงานเขตเผยแพร่{w}ผ่านช่องทางต่างๆ ของหน่วยงานโดยใช้{w}ในการประชาสัมพันธ์"
            "ข้อมูลสาธารณะให้ประชาชนรับทราบอย่างทั่วถึง")


def breaks(text: str, lines) -> list[tuple[int, bool]]:
    """(offset in ``text`` where each line ends, forced); spaces at a line end are not drawn."""
    out, pos = [], 0
    for line in lines[:-1]:
        drawn = "".join(p.text for p in line.pieces)
        assert text.startswith(drawn, pos)
        pos += len(drawn)
        out.append((pos, line.forced))
        while text[pos] == " ":
            pos += 1
    return out


def test_icu_alone_cuts_these_loanwords():
    """The reason for the dictionary check: ICU's own breaks fall inside them."""
    split = [w for w in LOANWORDS if len(icu_segments(SENTENCE.format(w=w))) >
             len(icu_segments(SENTENCE.format(w="ข้อมูล"))) + 1]
    assert {"อ็อบเจกต์", "พร็อกซี", "โซเชียลมีเดีย"} <= set(split)


@pytest.mark.parametrize("word", LOANWORDS)
def test_no_line_breaks_inside_a_loanword_at_any_width(word):
    text = SENTENCE.format(w=word)
    spans = [(i, i + len(word)) for i in range(len(text)) if text.startswith(word, i)]
    assert len(spans) == 2
    for width in range(60, 320, 3):
        for b, forced in breaks(text, break_paragraph(text, REGULAR, 12.0, float(width))):
            assert forced or not any(s < b < e for s, e in spans), (width, text[:b])


def test_known_bad_breaks_of_the_issue_are_gone():
    assert "พร็อกซี" in segments("ระบบพร็อกซีของสำนักงาน")
    assert "อ็อบเจกต์" in segments("การเขียนโปรแกรมเชิงอ็อบเจกต์")
    # ICU glued a neighbour's final consonant to the unknown word: รูป|แบ|บอินโฟ|กราฟิก
    pieces = segments("รูปแบบอินโฟกราฟิกบนแพลตฟอร์ม")
    assert not any(p.endswith("แบ") or p.startswith("บอินโฟ") for p in pieces)
    # ICU's compound joints between dictionary words stay (the demo report's layout)
    assert segments("งบประมาณของเจ้าหน้าที่") == ("งบ", "ประมาณ", "ของ", "เจ้า", "หน้าที่")


def test_a_word_no_dictionary_has_is_cut_at_a_syllable_only_when_nothing_else_fits():
    name = "เฮอร์เซเลอร์ยเหวียน"  # a transliterated name in no dictionary
    assert thaidict.segmentation(name).unknown  # no dictionary has it
    text = name * 3
    cuts = breaks(text, break_paragraph(text, REGULAR, 12.0, 60.0))
    assert cuts and all(forced for _, forced in cuts)  # marked: no dictionary point fitted
    for b, _ in cuts:  # at one of ICU's syllable breaks, not between arbitrary letters
        assert b % len(name) == 0 or b in {sum(map(len, icu_segments(text)[:k]))
                                           for k in range(1, len(icu_segments(text)))}
    # with room, the name moves to the next line whole instead
    lines = break_paragraph(f"ข้อมูล{name}", REGULAR, 12.0, 120.0)
    assert [("".join(p.text for p in ln.pieces), ln.forced) for ln in lines] == \
        [("ข้อมูล", False), (name, False)]


def test_a_compound_joint_is_never_used_inside_a_listed_term():
    assert "เว็บไซต์" in thaidict.terms() and thaidict.writable_as_words("เว็บ")
    assert thaidict.writable_as_words("ไซต์")
    seg = thaidict.segmentation
    assert not thaidict.break_allowed(seg("เว็บไซต์"), 4)
    assert thaidict.break_allowed(seg("งบประมาณ"), 2)
    assert not thaidict.break_allowed(seg("คิวอาร์โค้ด"), 3)


def test_the_term_list_is_clean(tmp_path):
    terms = thaidict.terms()
    assert len(terms) >= 300
    assert all(all(thaidict.is_thai_letter(c) for c in t) for t in terms), \
        [t for t in terms if not all(thaidict.is_thai_letter(c) for c in t)]
    assert terms <= thaidict.words()
    f = tmp_path / "t.txt"
    f.write_text("# comment\nเว็บไซต์  # inline\n\n  ดิจิทัล\n", encoding="utf-8")
    assert thaidict.read_terms(f) == {"เว็บไซต์", "ดิจิทัล"}


@pytest.fixture(scope="module")
def small_corpus():
    special = {"app terms": corpus.app_terms(), "loanwords": corpus.loanwords()[::5],
               "wikipedia": corpus.wiki_names(400)}
    return corpus.build(special, 2500, seed=3)


@pytest.mark.parametrize("width", [110.0, 190.0, 380.0])
def test_every_break_of_a_real_corpus_is_at_a_word_boundary(small_corpus, width):
    assert small_corpus.words >= 3500
    t = corpus.check_breaks(small_corpus, width, break_paragraph)
    assert t.breaks > 300
    assert t.off_boundary == []
    assert t.forced <= t.breaks // 100  # a forced cut only for a word wider than the column
    inside_terms = [c for c in t.inside.get("app terms", []) if not c.endswith("(forced)")]
    # known limit (docs/printing.md): next to a word no dictionary has, newmm may read a listed
    # term differently (แบรนดิช + มหาสารคาม came out แบ|รน|ดิ|ชม|หา|สาร|คาม)
    assert len(inside_terms) <= 2, inside_terms


def test_printed_loanwords_stay_whole_in_the_pdf():
    report, photos = factory.base_report(show_signatures=False), factory.DictPhotos()
    # one cell holds the sentences (the text matcher cannot tell apart cells that repeat them)
    text = " ".join(SENTENCE.format(w=w) for w in LOANWORDS)
    report.entries = [Entry(item="o9", instrument="OIT", indicator=9, position=1,
                            item_text="การเปิดเผยข้อมูล", issue=text, measures=["ชี้แจง"],
                            result="ดำเนินการแล้ว")]
    pdf = render_pdf(report, photos)
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    result = check(doc, list(HEADINGS), [t for _, t in cells(report)], r"หน้า [0-9๐-๙]+/[0-9๐-๙]+")
    assert result.problems == []
    extracted = [ln for page in doc for ln in page.get_text().split("\n")]
    for w in LOANWORDS:  # both occurrences printed whole on a line
        assert sum(ln.count(w) for ln in extracted) == 2, w


def test_without_the_segmenter_lines_still_break_at_icus_breaks(monkeypatch, caplog):
    """A broken install or no temp folder must not stop a print."""
    def broken(text):
        raise OSError("no temporary folder")

    monkeypatch.setattr("ita_desktop.core.render.linebreak.segmentation", broken)
    text = "ระบบพร็อกซีของสำนักงาน"
    assert _filtered(text, icu_segments(text)) == list(icu_segments(text))
    assert "unavailable" in caplog.text
