"""Work a process does while it only waits: ``report -j N``'s parent, once its workers read
and analyse the input, imports the plotting libraries the report draws with next (a few
seconds of CPU that would otherwise come after the workers, with a core idle).

One background thread at a time (:func:`start`); :func:`wait` joins it before its results
are used and, registered with :func:`os.register_at_fork`, before any fork, so no child is
forked while the thread holds an import lock. The work's errors are not raised here: the
same import in the main thread raises them where they belong.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

_thread: threading.Thread | None = None


def start(work: Callable[[], object]) -> None:
    """Run ``work`` in a background thread (after any earlier work has ended)."""
    global _thread
    wait()

    def run() -> None:
        try:
            work()
        except Exception:  # noqa: BLE001 - see the module doc: the main thread meets it again
            pass

    _thread = threading.Thread(target=run, name="comments-idle", daemon=True)
    _thread.start()


def wait() -> None:
    """Return once the background work (if any) has ended."""
    global _thread
    thread = _thread
    if thread is not None and thread is not threading.current_thread():
        thread.join()
        _thread = None


os.register_at_fork(before=wait)
