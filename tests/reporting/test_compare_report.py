"""The compare report on real sites (../shared/corpora, as examples/sites/generate.sh):
what its summary says is taken from its tables."""

from __future__ import annotations

import csv
import re

import pytest

from comments.classification.suggest import topic_stop_words
from conftest import FIXTURES, ROOT, corpus, run


def rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def plain_md(text: str) -> str:
    """Markdown text with its escapes undone."""
    return re.sub(r"\\(.)", r"\1", text)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """``comments compare --by site`` of six real sites (as examples/sites/generate.sh)."""
    wordpress, reddit, staticman, plain = (corpus(n) for n in ("html_wordpress", "reddit", "staticman", "plaintext_de"))
    out = tmp_path_factory.mktemp("compare_sites")
    result = run("compare", str(wordpress), str(reddit), str(staticman), str(plain),
                 "--site", f"lemire.me={wordpress}", "--site", f"made-mistakes.com={staticman}",
                 "--site", f"konstantinklein.com={plain}", "--taxonomy", str(ROOT / "examples/sites/taxonomy.toml"),
                 "--out", str(out), "-q")
    assert result.exit_code == 0, result.output
    return out


def test_words_that_set_a_site_apart_pass_the_test_and_the_summary_says_when_none_does(sites):
    """Only words at z ≥ 1.96 that are no stop word (typographic apostrophes too) are
    listed; each site of the summary either names its words (in the table's order) or
    says that no word sets it apart."""
    stops = topic_stop_words("de") | topic_stop_words("en")
    words = rows(sites / "compare_words.csv")
    assert words and all(float(r["z"]) >= 1.96 and float(r["p_adjusted"]) < 0.05 for r in words)
    assert not [r["term"] for r in words if r["term"].lower().replace("\u2019", "'") in stops]
    listed: dict[str, list[str]] = {}
    for r in words:
        listed.setdefault(r["group"], []).append(r["term"])
    text = plain_md((sites / "compare.md").read_text(encoding="utf-8"))
    testable = {r["site"]: r["words_testable"] for r in rows(sites / "compare_sites.csv")}
    named = re.findall(r"^On \*\*(.+?)\*\* \(", text, re.M)
    assert len(named) >= 4
    said_none = 0
    for site in named:
        found = re.search(rf"^Words that set {re.escape(site)} apart \(.+?\): (.+?)(?:; ([0-9,]+) more in "
                          r"compare_words\.csv)?\.$", text, re.M)
        if site in listed:  # the first eight, and how many more the table holds
            assert found and found.group(1).split(", ") == listed[site][:8]
            assert int((found.group(2) or "0").replace(",", "")) == max(len(listed[site]) - 8, 0)
        elif testable[site] == "True":
            assert f"No word sets {site} apart (none is over-represented" in text and not found
            said_none += 1
        else:  # no word could have passed: no "no word sets it apart" claimed
            assert f"Too few comments to tell words apart for {site} (" in text and not found
            assert f"No word sets {site} apart" not in text
            said_none += 1
    assert said_none  # reddit.com's ten comments have no clear word of their own


def test_each_tone_difference_says_which_site_has_more(tmp_path):
    """compare.md said "differs … supportive (w = 0.53, large), hostile (w = 0.39, medium)"
    and never which site is the more hostile. Two local news sites (team-written German
    comments, tests/fixtures/compare_tone_two_sites.csv), one with insults in most
    comments: each difference named gives both sites' shares from compare_sites.csv, the
    higher first."""
    from comments.analyses.sentences import pct

    result = run("compare", str(FIXTURES / "compare_tone_two_sites.csv"), "--out", str(tmp_path), "-q")
    assert result.exit_code == 0, result.output
    text = plain_md((tmp_path / "compare.md").read_text(encoding="utf-8"))
    share = {r["site"]: r for r in rows(tmp_path / "compare_sites.csv")}
    found = [t for t in rows(tmp_path / "compare_tests.csv")
             if t["field"] == "tone" and t["p_adjusted"] and float(t["p_adjusted"]) < 0.05 and t["label"] != "none"]
    assert {t["label"] for t in found} >= {"hostile", "supportive"}
    for t in found:
        label = t["label"]
        high, low = sorted(share, key=lambda s: -float(share[s][f"tone_{label}"]))
        said = (f"{label} ({pct(float(share[high][f'tone_{label}']))} of {high}'s comments vs "
                f"{pct(float(share[low][f'tone_{label}']))} of {low}'s; p = ")
        assert said in text, said
    assert "hostile (78 % of kuestenbote.de's comments vs 17 % of wattenblatt.de's; p = " in text


def test_with_more_than_two_sites_the_highest_and_lowest_are_named():
    """Of three or more sites a difference names the highest and the lowest share (ties named
    together), as compare_sites.csv holds them."""
    from comments.analyses.sentences import direction, mix_sentence
    from comments.analyses.stats import LabelTest

    shares = {"kuestenbote.de": 0.22, "nordsee-nachrichten.de": 0.05, "wattenblatt.de": 0.0}
    assert direction(shares) == "highest on kuestenbote.de (22 %), lowest on wattenblatt.de (0 %)"
    assert plain_md(direction({**shares, "nordsee-nachrichten.de": 0.22})) == (
        "highest on kuestenbote.de and nordsee-nachrichten.de (22 %), lowest on wattenblatt.de (0 %)")
    assert direction({"a.de": 0.004, "b.de": 0.0}) == "< 1 % of a.de's comments vs 0 % of b.de's"
    sentence = mix_sentence("tone", [LabelTest("hostile", 3, 12.0, 0.001, 0.39, 0.003)], shares={"hostile": shares})
    assert "hostile (highest on kuestenbote.de (22 %), lowest on wattenblatt.de (0 %); p = 0.003, Cohen's w" in sentence
    assert direction(None) == "" and "hostile (p = 0.003" in mix_sentence(
        "tone", [LabelTest("hostile", 3, 12.0, 0.001, 0.39, 0.003)])


def test_no_leading_topic_is_named_from_one_or_two_comments(tmp_path):
    """A site's "leading topic" rests on at least MIN_CLAIM comments, as the topics summary's "most discussed" does:
    on main a 4-comment site's "leading topic is geopolitics (50 %)" rested on 2 comments."""
    from comments.classification.taxonomy import load
    from comments.model.records import Comment, ParsedThread, Thread
    from comments.model.tree import rebuild
    from comments.reporting.report import run as report_run

    texts = [("Die Sanktionen gegen Kuba treffen die Falschen.", ["geopolitics"]),
             ("Ein Gerät, das mir gehört, darf niemand aus der Ferne sperren.", ["consumer_rights"]),
             ("Die USA und China führen einen Handelskrieg auf Kosten der Kunden.", ["geopolitics"]),
             ("Mit einem Custom ROM und entsperrtem Bootloader wäre das nicht passiert.", ["bootloader_unlocking"])]
    threads = []
    for site, size in (("gross.example", 24), ("klein.example", 4)):
        for t in range(2 if size > 4 else 1):
            comments = [Comment(id=f"{t}-{i}", text=texts[i % 4][0], topics=list(texts[i % 4][1]),
                                tone=["critical"], polarity=-0.2, language="de") for i in range(size // 2 if size > 4 else size)]
            threads.append(ParsedThread(Thread(thread_id=f"{site}-{t}", site=site), rebuild(comments)))
    report_run(threads, load(), tmp_path, "compare")
    text = (tmp_path / "compare.md").read_text(encoding="utf-8")
    assert "On **gross.example** (2 threads, 24 comments) the leading topic is geopolitics (50 %)" in text
    assert ("On **klein.example** (1 thread, 4 comments) too few comments carry any one topic to name the leading "
            "one (at most 2 comments each, fewer than 5; compare_sites.csv)") in text


def test_error_bars_only_where_an_interval_exists(tmp_path):
    """compare_structure drew zero-width error-bar caps for franziska-elea and stylegart (fewer
    than 20 comments: no interval) beside californiaglobe's real one; now a group without an
    interval gets no bar, and one with an interval gets its own."""
    from comments.reporting.charts import SITE_PALETTE, Charts, colours
    from comments.reporting.compare_report import _charts

    charts = Charts(tmp_path, colours(["a", "none"]), colours(["c.com", "f.de"], SITE_PALETTE))
    figures = {}
    charts.save = lambda fig, name, title: figures.__setitem__(name, fig)

    def row(site, comments, low, high):
        return {"name": site, "site": site, "group": site, "comments": comments, "topic_a": 0.1, "topic_none": 0.9,
                "mean_depth": 0.1, "mean_depth_ci_low": low, "mean_depth_ci_high": high, "reply_share": 0.1,
                "mean_polarity": 0.2, "mean_polarity_ci_low": None, "mean_polarity_ci_high": None,
                "replies": 2, "by_post_author": 0, "post_author_replies": 0}

    _charts(type("R", (), {"charts": charts})(), ["a"], [row("c.com", 20, 0.0, 0.25), row("f.de", 17, None, None)],
            "thread")
    depth, _, polarity = figures["compare_structure"].axes[:3]
    bars = [c for c in depth.containers if type(c).__name__ == "ErrorbarContainer"]
    assert len(bars) == 1 and len(bars[0].lines[2][0].get_segments()) == 1  # c.com's interval only
    assert not [c for c in polarity.containers if type(c).__name__ == "ErrorbarContainer"]
