"""One writer per manual: an OS lock (`flock`) on the manual folder itself.

Not a PID file: the kernel drops the lock when its holder exits, however it exits (`kill -9`,
power loss), so a dead writer never blocks the next one and there is no lock file to go stale
or to be left empty. Two processes cannot both take it. Writers wait their turn (serialised,
as SPEC §9 asks) up to a timeout, then give up with a message; readers take no lock.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from qes_cli.errors import LockedError
from qes_cli.text import tr

DEFAULT_WAIT_SECONDS = 60.0


def _wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("QES_LOCK_TIMEOUT", DEFAULT_WAIT_SECONDS)))
    except ValueError:
        return DEFAULT_WAIT_SECONDS


@contextlib.contextmanager
def manual_lock(root: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the manual's write lock for the block; wait up to `wait` seconds for it."""
    import fcntl

    limit = _wait_seconds() if wait is None else wait
    fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        deadline = time.monotonic() + limit
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockedError(
                        tr(
                            "another qes process is changing this manual (waited {seconds} s); "
                            "retry when it finishes",
                            seconds=round(limit),
                        )
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
