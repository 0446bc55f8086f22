"""How the window's writes fail: a write that fails for a reason outside the data (disk full,
read-only, locked) is announced so the window can say what happened (``Session.trouble``)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ..core.store.failures import StoreFailure


def guarded(swallow: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A write that fails for a reason outside the data (disk full, read-only, locked) is
    announced (``trouble``) so the window says what happened; ``swallow``: for one-shot
    actions whose screen state is unchanged by the failure (nothing else to do)."""
    def wrap(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def run(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return func(self, *args, **kwargs)
            except StoreFailure as exc:
                if not self.read_only:  # a read-only window refuses by design: no trouble
                    self.report_trouble(exc)
                if swallow:
                    return None
                raise
        return run
    return wrap


