"""``python -m ita_desktop.cli``: the same as ``ita``."""

from . import main

if __name__ == "__main__":
    raise SystemExit(main())
