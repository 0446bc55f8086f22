"""PyInstaller entry: the desktop window (absolute import, as frozen scripts need)."""

from ita_desktop.gui.app import main

raise SystemExit(main())
