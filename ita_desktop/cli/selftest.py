"""``ita self-test``: the installed program checks itself (no Qt; ``ita-desktop --self-test`` also
checks Qt)."""

from __future__ import annotations

import argparse


def cmd_self_test(args: argparse.Namespace) -> int:
    from ..selftest import main as self_test

    return self_test()  # ita-desktop --self-test also checks Qt
