"""PyInstaller entry: the ita command line."""

from ita_desktop.cli import main

raise SystemExit(main())
