"""mojibake: UTF-8 read as Windows-1252 is found; German, French and typographic text is not."""

from __future__ import annotations

import time

import pytest

from comments.text.mojibake import has_mojibake


@pytest.mark.parametrize("text", ["â€œsudoâ€\x9d", "fÃ¼r alle", "naÃ¯ve", "Preis Â£5", "Itâ€™s", "Warteâ€¦"])
def test_garbled_text_is_found(text):
    assert has_mojibake(text)


@pytest.mark.parametrize("text", ["für „sudo“ – ok", "Ärger über Öl, Straße", "Preis: 5 €", "«Guillemets» © ®",
                                  "Ça va? Où ça? À bientôt", "ÄÖÜ äöü ß", ""])
def test_correct_text_is_not(text):
    assert not has_mojibake(text)


def test_linear_on_a_long_run():
    """A hang guard, not a speed test: backtracking over the run would take minutes; CPU time, not
    wall time, so a loaded machine does not fail it."""
    start = time.process_time()
    assert not has_mojibake("Ã" * 200_000 + "x")
    assert time.process_time() - start < 10
