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
