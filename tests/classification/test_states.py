"""State and actor mentions (the topic model's ``states`` feature kind): names from the
Unicode CLDR in German and English, matched as whole words through the lexicon."""

from __future__ import annotations

from comments.classification.states import FEATURES, features, named, read_names
from comments.text.tokens import tokenize


def test_distinct_states_and_actors_are_counted_in_both_languages():
    states, actors = named("Was macht Kasachstan da? Russlands Truppen stehen an der Grenze zur Ukraine.",
                           language="de")
    assert states == {"KZ", "RU", "UA"} and actors == {"army"}
    states, actors = named("China's navy near Taiwan, and the US-Armee on Guam; NATO says nothing.", language="en")
    assert states == {"CN", "TW", "US", "GU"} and actors == {"army", "nato"}
    assert features("Die Vereinigten Staaten und Saudi-Arabien", language="de") == (2 / 3, 1.0, 0.0, 2 / 3)
    assert features("Deutschland und Österreich, die EU und Frankreich", language="de") == (1.0, 1.0, 1.0, 1 / 3)
    assert len(FEATURES) == len(features("Nichts davon."))


def test_common_words_pronouns_and_the_other_languages_names_do_not_count():
    assert named("Let us know if it works on an island.", language="en") == (set(), set())
    assert named("Urlaub auf Island war schön.", language="de")[0] == {"IS"}  # Iceland in German only
    assert named("Chad and Jordan went to Georgia with a jersey.", language="en") == (set(), set())
    assert features("Der Server läuft, das Update kam gestern.", language="de") == (0.0, 0.0, 0.0, 0.0)


def test_one_state_named_twice_or_by_two_names_counts_once(tmp_path):
    assert features("USA, Amerika und die Vereinigten Staaten", language="de")[:2] == (1 / 3, 0.0)
    path = tmp_path / "states.toml"
    path.write_text('[states]\nAA = { de = ["Alpha"], en = ["Alpha"] }\nBB = { de = ["Alpha", "Beta"], en = [] }\n'
                    '[actors]\nbund = ["=bund"]\n', encoding="utf-8")
    lexicon = read_names(path)
    assert set(lexicon.scores("Alpha, Alphas und Beta", tokenize("Alpha, Alphas und Beta"), "de")) == {"AA", "BB"}
    assert set(lexicon.scores("der Bund", tokenize("der Bund"), "de")) == {"@bund"}
