"""io/gcpause.py: the cyclic collector is paused during bulk work and comes back as it was."""

from __future__ import annotations

import gc
import weakref

import pytest

from comments.io import gcpause


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


@pytest.fixture
def collector():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("enabled", [True, False])
def test_paused_restores_the_collector_as_it_was(collector, enabled):
    (gc.enable if enabled else gc.disable)()
    with gcpause.paused():
        assert not gc.isenabled()
        with gcpause.paused():  # nested pauses (pipeline inside the engine)
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled() is enabled


def test_paused_restores_the_collector_after_an_error(collector):
    gc.enable()
    with pytest.raises(KeyboardInterrupt):
        with gcpause.paused():
            raise KeyboardInterrupt
    assert gc.isenabled()


def test_cycles_made_while_paused_are_freed_afterwards(collector):
    gc.enable()
    with gcpause.paused():
        node = _Node()
        ref = weakref.ref(node)
        del node
        for _ in range(20_000):  # allocations that would normally trigger a collection
            _Node()
        assert ref() is not None  # reference counting alone cannot free a cycle: still there
    gc.collect()
    assert ref() is None


def test_frozen_leaves_what_is_alive_out_of_collections_and_thaws_it_after(collector):
    gc.enable()
    old = _Node()
    with gcpause.frozen():
        assert gc.get_freeze_count() > 0
        with gcpause.frozen():  # nested: the outer block's freeze stands
            pass
        assert gc.get_freeze_count() > 0
        ref = weakref.ref(old)
        del old
        new = _Node()
        new_ref = weakref.ref(new)
        del new
        gc.collect()
        assert ref() is not None and new_ref() is None  # the frozen cycle is not scanned; a new one is freed
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert ref() is None


def test_frozen_thaws_after_an_error(collector):
    with pytest.raises(KeyboardInterrupt):
        with gcpause.frozen():
            raise KeyboardInterrupt
    assert gc.get_freeze_count() == 0


def test_frozen_blocks_in_threads_thaw_only_when_the_last_one_leaves(collector):
    """Two report writers in threads: the first to leave thawed everything while the other was
    still drawing. Now the last to leave thaws."""
    import threading

    entered, leave_a, a_left, leave_b = (threading.Event() for _ in range(4))
    seen: dict[str, int] = {}

    def a() -> None:
        with gcpause.frozen():
            entered.set()
            leave_a.wait(10)
        a_left.set()

    def b() -> None:
        entered.wait(10)
        with gcpause.frozen():
            leave_a.set()
            a_left.wait(10)
            seen["after a"] = gc.get_freeze_count()
            leave_b.wait(10)

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    a_left.wait(10)
    leave_b.set()
    for t in threads:
        t.join(10)
    assert seen["after a"] > 0 and gc.get_freeze_count() == 0


def test_frozen_leaves_a_users_own_freeze_alone(collector):
    """A gc.freeze() made before the block, or inside it (by a user's callback), is not undone."""
    try:
        gc.freeze()
        before = gc.get_freeze_count()
        with gcpause.frozen():
            pass
        assert gc.get_freeze_count() >= before > 0
        gc.unfreeze()
        with gcpause.frozen():
            kept = [_Node() for _ in range(1_000)]
            gc.freeze()
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
