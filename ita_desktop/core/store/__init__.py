"""The SQLite store (see store.py) and its schema migrations."""

from .migrations import LATEST as SCHEMA_VERSION
from .store import Change, ReportSummary, Store

__all__ = ["Change", "ReportSummary", "SCHEMA_VERSION", "Store"]
