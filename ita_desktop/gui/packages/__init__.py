"""Packages and consolidation: export, import, replaced versions, the consolidation window."""
