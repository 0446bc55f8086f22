"""Thai line breaks on a large corpus: every break at a space or a word boundary (issue 10).

    python benchmarks/linebreak_corpus.py [--root TREE] [--widths 120 200 400] [-v]

Assembles a corpus of more than 20,000 Thai words from sources that ship with PyThaiNLP (the
Thai National Corpus' frequent words, its ~3,800 English-Thai transliterations, 3,000 Thai
Wikipedia titles) plus the app's own term list (ita_desktop/data/words/th_terms.txt), lays it out with
the renderer's ``break_paragraph`` (Sarabun 12 pt) at three column widths, and judges every
line break by the oracle's rule (a space, a pythainlp newmm boundary, or a compound joint of
dictionary words; see tests/render/pdfcheck.py). Prints per width: breaks, breaks at spaces,
off-boundary breaks (target 0), forced breaks (reported as "no dictionary point fits the
line"), and breaks inside a word of the loanword/name lists.

``--root`` lays out with another source tree of ITA Desktop (e.g. a checkout of main) for a
before/after comparison; the corpus and the judge are this tree's.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.render import corpus as C  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", type=Path, help="lay out with this source tree instead")
    ap.add_argument("--widths", type=float, nargs=3, default=[120.0, 200.0, 400.0])
    ap.add_argument("--general", type=int, default=14000, help="frequent words added")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every bad break")
    a = ap.parse_args(argv)
    special = {"app terms": C.app_terms(), "loanwords": C.loanwords(),
               "wikipedia": C.wiki_names(3000)}
    corpus = C.build(special, a.general)
    chars = sum(map(len, corpus.paragraphs))
    print(f"corpus: {corpus.words} Thai words ({', '.join(f'{k} {v}' for k, v in corpus.counts.items())}), "
          f"{len(corpus.paragraphs)} paragraphs, {chars} characters")
    if a.root:  # the renderer of another tree (its own modules, its own word lists)
        for name in [m for m in sys.modules if m == "ita_desktop" or m.startswith("ita_desktop.")]:
            del sys.modules[name]
        sys.path.insert(0, str(a.root.resolve()))
    linebreak = importlib.import_module("ita_desktop.core.render.linebreak")
    print(f"layout: {Path(linebreak.__file__).parents[3]}")
    total_off = total_inside_terms = 0
    for width in a.widths:
        t0 = time.perf_counter()
        t = C.check_breaks(corpus, width, linebreak.break_paragraph)
        dt = time.perf_counter() - t0
        inside = {k: len(v) for k, v in sorted(t.inside.items())}
        forced_inside = sum(s.endswith("(forced)") for v in t.inside.values() for s in v)
        print(f"width {width:5.0f} pt: {t.lines} lines, {t.breaks} breaks: {t.at_space} at spaces, "
              f"{t.newmm} at newmm boundaries, {t.compound} at compound joints; "
              f"{len(t.term_edge)} at newmm boundaries only with the app's terms added; "
              f"off-boundary {len(t.off_boundary)} (target 0); forced {t.forced} "
              f"(no dictionary point fits the line; {t.forced_off_boundary} of them off-boundary); "
              f"inside a listed word {inside} ({forced_inside} of them forced); {dt:.1f} s")
        total_off += len(t.off_boundary)
        total_inside_terms += sum(not s.endswith("(forced)") for s in t.inside.get("app terms", []))
        shown = t.off_boundary if a.verbose else t.off_boundary[:5]
        for ctx in shown:
            print(f"    off-boundary: {ctx}")
        for ctx in (t.term_edge if a.verbose else t.term_edge[:3]):
            print(f"    at a term edge: {ctx}")
        for src, ctxs in sorted(t.inside.items()):
            for ctx in (ctxs if a.verbose else ctxs[:3]):
                print(f"    inside a word of '{src}': {ctx}")
    print(f"total off-boundary breaks: {total_off}; unforced breaks inside an app term: "
          f"{total_inside_terms}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
