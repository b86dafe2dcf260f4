"""Work done in a background thread while a process waits: joined before use and before any fork."""

from __future__ import annotations

import os
import threading
import time

import pytest

from comments.io import idle


def test_the_work_runs_in_another_thread_and_wait_joins_it():
    done: list[str] = []
    idle.start(lambda: (time.sleep(0.2), done.append(threading.current_thread().name)))
    idle.wait()
    assert done == ["comments-idle"]


def test_an_error_in_the_work_is_left_to_the_main_thread():
    def fail() -> None:
        raise ImportError("no such module")

    idle.start(fail)
    idle.wait()  # nothing raised, nothing printed: the same import in the main thread reports it


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_fork_waits_for_the_work_to_end():
    done: list[bool] = []
    idle.start(lambda: (time.sleep(0.3), done.append(True)))
    pid = os.fork()
    if pid == 0:  # the child: forked only once the work had ended
        os._exit(0 if done else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0 and done == [True]
