"""The ``ita`` parser names each command's handler as ``"module:function"``; every one must
resolve, and building the parser must not import the command groups (they load on use)."""

from __future__ import annotations

import argparse
import subprocess
import sys

from ita_desktop.cli import _handler, build_parser


def _handlers(parser: argparse.ArgumentParser) -> set[str]:
    found = set()
    func = parser.get_default("func")
    if func:
        found.add(func)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _handlers(sub)
    return found


def test_every_handler_resolves() -> None:
    specs = _handlers(build_parser())
    assert len(specs) >= 23
    for spec in specs:
        assert callable(_handler(spec)), spec


def test_parser_does_not_import_the_command_groups() -> None:
    code = ("import sys\nfrom ita_desktop.cli import build_parser\nbuild_parser()\n"
            "print(sorted(m for m in sys.modules if m.startswith('ita_desktop.')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    for heavy in ("cli.packages", "cli.render", "core.render", "core.package", "core.store"):
        assert f"ita_desktop.{heavy}" not in out, out
