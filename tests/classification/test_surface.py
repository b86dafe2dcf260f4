"""Surface cues through their anchor gates count exactly what running every pattern
on every text counts (with the released gates: numbers only in a text with an ASCII
digit, links removed before the later cues)."""

import random

from comments.classification import surface
from comments.text.tokens import tokenize

PALETTE = ("a", "Z", "Ä", "1", "٣", "_", " ", ".", ",", "…", "/", "s", ";", "-", ")", "*", "g", "😉", "💩", "\n", "!",
           "?", "'", '"', "„", "“", "‚", "‘", "ABCD", "http://x.de/1 ", "www.a.b ", "innen", "lol", "aaa", "...",
           "Richter*innen", "d*ck", "gef****t", ";-)", "/s", "ü", "ß")


def reference(text: str, tokens) -> dict[str, int]:
    """Every pattern run on every text (numbers only with an ASCII digit, as released)."""
    out = dict.fromkeys(surface.FIELDS, 0)
    plain = text
    for name, _, pattern in surface.SURFACE:
        if name == "numbers" and not any(d in text for d in "0123456789"):
            continue
        matches = surface.quotes(plain) if name == "quoted" else pattern.findall(plain)
        if name == "urls" and matches:
            plain = surface._URL_TEXT.sub(" ", text)
            out["urls"] = len(matches)
        elif name == "quoted":
            scare = sum(1 for q in matches if len(q.split()) <= 2)
            out["scare_quotes"], out["quotes"] = scare, len(matches) - scare
        elif name != "urls":
            out[name] = len(matches)
    return out


def test_gated_counts_equal_running_every_pattern():
    rng = random.Random(11)
    texts = ["".join(rng.choice(PALETTE) for _ in range(rng.randint(0, 20))) for _ in range(20000)]
    for text in texts:
        tokens = tokenize(text)
        capitals = sum(text.count(c) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ")
        ascii_digit = any(d in text for d in "0123456789")
        assert surface.counts(text, tokens, capitals, ascii_digit) == reference(text, tokens), text


def test_anchors_are_derived_for_the_literal_cues():
    gated = {name for name, found, _ in surface.SURFACE if found}
    assert gated == {"urls", "quoted", "masked", "winks", "angry_emoji", "self_correct", "punct_runs"}
    assert surface.possible("ein d*ck") == {"masked", "winks"}  # "*" anchors both
    assert surface.possible("Richter*innen") == {"masked", "winks"}  # the gate passes; the pattern decides
    assert surface.possible("nichts davon") == set()


def test_scan_decimals_from_the_code_point_table_are_the_digits_str_isdecimal_finds():
    """``Scan.decimals`` reads non-ASCII digits from a table filled as code points are met: the places
    ``str.isdecimal`` gives, in a first chunk (every point new) and in a later one (points known, some new)."""
    from hypothesis import given, settings, strategies as st

    import numpy as np

    digits = "٣۴५১௬๗０𝟗" + "²½Ⅻ①" + "äß€😉\x00\x1f\u2028" + "7a "  # Nd digits; numerals that are not Nd; others
    texts = st.lists(st.one_of(st.text(alphabet=digits, max_size=12), st.text(max_size=8)), max_size=6)

    @settings(max_examples=300, deadline=None)
    @given(texts, texts)
    def check(first, later):
        for chunk in (first, later):
            scan = surface.Scan(chunk)
            joined = "".join(chunk)
            expected = [i for i, ch in enumerate(joined) if ord(ch) > 127 and ch.isdecimal()]
            places, owners = scan.decimals
            assert places.tolist() == expected
            assert owners.tolist() == np.searchsorted(scan.ends, expected, side="right").tolist()
    check()
