"""Run the GUI test suite N times in a row and count the runs that crashed or failed.

    .venv/bin/python benchmarks/gui_repeat.py [--runs 20] [pytest args…]

A crash (a signal: segfault, abort) or a failure in any run is a product bug to find at its
root (see docs/desktop.md, "Threads and lifetimes"), never a flake to retry. Prints one line per
run and the totals; exits 1 when any run did not pass.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args, pytest_args = parser.parse_known_args(argv)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    crashed = failed = passed = 0
    for run in range(1, args.runs + 1):
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-X", "faulthandler", "-m", "pytest", "-q",
                                 "-p", "no:cacheprovider", "tests/gui", *pytest_args],
                                cwd=ROOT, env=env, capture_output=True, text=True)
        last = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
        if result.returncode < 0 or "Fatal Python error" in result.stderr + result.stdout:
            crashed += 1
            verdict = f"CRASH (signal {-result.returncode})"
            (ROOT / f"gui-run-{run}.log").write_text(result.stdout + result.stderr)
        elif result.returncode != 0:
            failed += 1
            verdict = "FAILED"
            (ROOT / f"gui-run-{run}.log").write_text(result.stdout + result.stderr)
        else:
            passed += 1
            verdict = "ok"
        print(f"run {run:2d}: {verdict:18s} {time.monotonic() - started:6.1f} s  {last}",
              flush=True)
    print(f"GUI suite {args.runs} times: {passed} passed, {failed} failed, {crashed} crashed")
    return 0 if passed == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
