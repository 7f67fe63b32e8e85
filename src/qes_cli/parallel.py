"""Use the second core for pure-CPU work on big inputs: one forked child, one pipe."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import TypeVar

A = TypeVar("A")
B = TypeVar("B")


def can_fork() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) >= 2


def split_run(here: Callable[[], A], there: Callable[[], B]) -> tuple[A, B]:
    """Run `here()` in this process while a forked child runs `there()`; the child's result
    comes back pickled, so it must be plain data. If fork is unavailable or the child fails,
    `there()` runs here afterwards: same result, one core."""
    if not can_fork():
        return here(), there()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        status = 0
        try:
            with os.fdopen(w, "wb") as out:
                pickle.dump(there(), out, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(w)
    try:
        mine = here()
    finally:
        with os.fdopen(r, "rb") as inp:
            payload = inp.read()
        _, status = os.waitpid(pid, 0)
    if status != 0 or not payload:
        return mine, there()
    theirs: B = pickle.loads(payload)
    return mine, theirs
