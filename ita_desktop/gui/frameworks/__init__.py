"""Frameworks in the window: the framework editor (a tree of instruments, indicators and items,
with its problems as the clerk edits), "New framework from…", a framework file from the upper
office imported, a report moved to another framework version, and their menu actions."""
