"""csvsafe: every dangerous first character is neutralised, control characters are
escaped, and restore undoes neutralize exactly, for any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from comments.io.csvsafe import TRIGGERS, neutralize, restore

DANGEROUS = st.sampled_from(TRIGGERS)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_restore_undoes_neutralize(value):
    assert restore(neutralize(value)) == value


@settings(max_examples=300, deadline=None)
@given(DANGEROUS, st.text(max_size=40))
def test_every_dangerous_first_character_is_neutralised(first, rest):
    cell = neutralize(first + rest)
    assert not cell.startswith(TRIGGERS) and cell.startswith("'")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_written_cells_never_open_a_formula_nor_hold_binary_controls(value):
    cell = neutralize(value)
    assert not cell.startswith(TRIGGERS)
    assert not any(ch in cell for ch in "\x00\x01\x08\x0b\x0c\x0e\x1b\x7f\r")


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_characters="'=+-@\t\r", blacklist_categories=("Cc",)), max_size=40))
def test_harmless_text_is_written_as_it_is(value):
    assert neutralize(value) == value


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_neutralize_is_stable_through_a_second_round(value):
    once = neutralize(value)
    assert restore(restore(neutralize(once))) == value
