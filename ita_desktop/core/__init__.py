"""The core: everything except the desktop window. Never imports Qt (a test proves it)."""
