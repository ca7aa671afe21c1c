"""A per-run memo of file-system lookups that many jobs of one estate repeat.

Thousands of jobs sit in a few folders and share their code: without a memo every job resolves
the same folders, lists the same directories and searches the same trees again. Entries live
for one run only (`pipeline.run` calls `clear()` first), so a later run in the same process
sees the files as they are then. Worker processes start from their parent's memo and fill
their own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])

_MEMOS: list[dict[tuple[Any, ...], Any]] = []


def per_run(fn: F) -> F:
    """Memoise a function of hashable positional arguments until the next `clear()`.

    Only for functions of the file system's state whose results callers never mutate.
    """
    memo: dict[tuple[Any, ...], Any] = {}
    _MEMOS.append(memo)

    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        try:
            return memo[args]
        except KeyError:
            value = memo[args] = fn(*args)
            return value

    return cast(F, wrapper)


def clear() -> None:
    """Forget every memoised lookup (called at the start of each run)."""
    for memo in _MEMOS:
        memo.clear()
