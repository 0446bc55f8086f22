"""Errors the core raises for bad input. Each carries a Thai message a clerk can act on.

The message says what is wrong and how to fix it; ``where`` names the file, key or field.
"""

from __future__ import annotations


class ItaError(Exception):
    """Base for every expected, user-facing failure (bad input, refused operation)."""

    def __init__(self, message: str, *, where: str | None = None, english: str | None = None):
        self.message = message
        self.where = where
        self.english = english
        super().__init__(self.text())

    def text(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class FormError(ItaError):
    """A framework (form) file is broken."""


class ValidationError(ItaError):
    """A field of a report or an entry has a value the app cannot accept."""

    def __init__(self, message: str, *, field: str | None = None, where: str | None = None,
                 english: str | None = None):
        self.field = field
        super().__init__(message, where=where or field, english=english)


class PhotoError(ItaError):
    """A picture was refused (not an image, truncated, too large...)."""


class StoreError(ItaError):
    """The database cannot be opened or used (newer than the app, locked, damaged)."""


class NotFoundError(ItaError):
    """A report, entry or photo id does not exist."""


class ReportLockedError(ItaError):
    """The report is final (read-only) and must be reopened with a reason first."""


class FormatError(ItaError):
    """An interchange or package file does not follow its format."""
