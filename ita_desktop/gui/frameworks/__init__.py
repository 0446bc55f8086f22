"""Frameworks in the window: the framework editor (a tree of instruments, indicators and items,
with its problems as the clerk edits), "New framework from…", and their menu actions."""
