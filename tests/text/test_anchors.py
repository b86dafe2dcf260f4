"""Literal anchors derived from regex patterns: every match holds one (so skipping a
text without any never loses a match), and patterns without a literal give none."""

import random
import re

import pytest

from comments.text.anchors import anchors

PATTERNS = [
    r"https?://\S+|www\.\S+", r"[!?]{2,}|\.{4,}", r";-?\)|\*g+\*|\*lol\*|/(?<!\w/)s\b", r"(?:…(?<=\w…)|\.\.\.)\s?(?=\w)",
    r"\b[a-z]+\*+(?!(?:innen|in)\b)[a-z]*\b", r"ab(?=c)d?|x(?:yz|q)+", r"(?:a|b)c", r"a{3}", r"[xy]{2}z",
    r"(?>ab)c", r"'[^'\n]{2,}?'",
]
PALETTE = "abcdxyzqg*;-)!?./:hwtps'\n …lo"


@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_match_holds_an_anchor(pattern):
    found = anchors(pattern)
    assert found, pattern
    compiled = re.compile(pattern)
    rng = random.Random(3)
    texts = ["".join(rng.choice(PALETTE) for _ in range(rng.randint(0, 30))) for _ in range(20000)]
    texts += ["http://x.de www.y.org", "!!?? ....", ";) *ggg* *lol* a/s", "so… ja... nein", "d*ck", "abcd xyzyz",
              "aaa", "xyz", "abc", "'quoted words'"]
    matched = 0
    for text in texts:
        for m in compiled.finditer(text):
            matched += 1
            assert any(a in m.group() for a in found), (pattern, text, m.group(), found)
    assert matched > 0


def test_anchors_of_known_patterns():
    assert anchors(r"https?://\S+|www\.\S+") == {"http", "www."}
    assert anchors(r"[!?]{2,}|\.{4,}") == {"!!", "!?", "?!", "??", "...."}
    assert anchors(r"/(?<!\w/)s\b") == {"/s"}  # an assertion inside a literal run does not break it
    assert anchors(r"\*g+\*|\*lol\*") == {"*"}  # "*lol*" holds "*": the shorter one suffices


@pytest.mark.parametrize("pattern", [r"\d+", r".+", r"[^a]b?", r"([a-z])\1\1", r"\w+", r"a?b*", r"(?i)abc",
                                     r"[a-zA-Z]+x?"])
def test_patterns_without_a_literal_have_no_anchors(pattern):
    assert anchors(pattern) is None
    assert anchors(re.compile(pattern)) is None


def test_ignorecase_flag_of_a_compiled_pattern_gives_no_anchors():
    assert anchors(re.compile("abc", re.IGNORECASE)) is None
    assert anchors(re.compile("abc")) == {"abc"}
