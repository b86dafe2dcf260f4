"""Ties are said as ties, and every report breaks what order remains the same way: the
topics summary and the comparison name the same leading topics, and a topic's most
frequent tone names every tone that shares the largest count (derived from the CSVs)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import FIXTURES, csv_rows, run

from comments.analyses.sentences import leaders

ROOT = FIXTURES.parent.parent


@pytest.fixture(scope="module")
def tie_report(tmp_path_factory):
    """``report all`` of four threads where freedom and safety get five comments each (a
    "most discussed" claim rests on at least MIN_CLAIM comments)."""
    out = tmp_path_factory.mktemp("ties")
    result = run("report", "all", str(FIXTURES / "tempolimit_tie.csv"), "--taxonomy",
                 str(ROOT / "examples" / "tempolimit.toml"), "--out", str(out), "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    return out


def _names(text: str) -> list[str]:
    return re.split(r", | and ", text.replace("\\_", "_").replace("**", ""))


def test_tied_topics_are_named_together_in_topics_and_compare(tie_report):
    totals: Counter = Counter()
    for row in csv_rows(tie_report / "topic_shares_by_site.csv"):
        if row["label"] != "none":
            totals[row["label"]] += int(row["comments"])
    tied = leaders(dict(totals))
    assert len(tied) == 2  # the fixture is a tie
    topics = (tie_report / "topics.md").read_text(encoding="utf-8")
    said = re.search(r"The most discussed topics are (.+?), which tie at ([\d,]+) comments each", topics)
    assert said and _names(said.group(1)) == tied and int(said.group(2)) == totals[tied[0]], topics
    compare = (tie_report / "compare.md").read_text(encoding="utf-8").replace("\\_", "_")
    for row in csv_rows(tie_report / "compare_sites.csv"):
        shares = {c[len("topic_"):]: float(row[c]) for c in row if c.startswith("topic_") and c != "topic_none"}
        named = re.search(rf"On \*\*{re.escape(row['site'])}\*\* \([^)]*\) (.+?) tie as the leading topics", compare)
        assert named and _names(named.group(1)) == leaders(shares), compare


def test_most_frequent_tone_names_every_tied_tone(raw_report):
    """The seed: open_source comments are critical and informative equally often, 3 of 3
    each: too few to name a most frequent tone (MIN_CLAIM), which the summary says; every
    tone it does name shares the largest count (and differs from the other comments')."""
    from comments.analyses.sentences import MIN_CLAIM

    counts: dict[str, dict[str, int]] = {}
    for row in csv_rows(raw_report / "topic_tone.csv"):
        if row["tone"] != "none" and int(row["comments"]):
            counts.setdefault(row["topic"], {})[row["tone"]] = int(row["comments"])
    text = (raw_report / "topics.md").read_text(encoding="utf-8").replace("\\_", "_")
    # a topic's tone is named only where it differs from the other comments' (the seed: none does)
    said = re.findall(r"Comments about (\S+) are most often (.+?) \((?:all )?([\d,]+)(?: of [\d,]+)?[,)]( each)?", text)
    opensource = counts["open_source"]
    assert opensource["critical"] == opensource["informative"] == max(opensource.values()) == 3  # a tie, of 3
    assert re.search(r"Too few comments about [^.]*open_source carry any one tone", text)
    for topic, tones, v, _ in said:  # a tied tone is named where its own test finds it differs
        assert int(v) >= MIN_CLAIM
        assert set(_names(tones)) <= set(leaders(counts[topic])), (topic, tones)
        assert int(v) == max(counts[topic].values())
