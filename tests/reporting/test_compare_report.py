"""The compare report on real sites (../shared/corpora, as examples/sites/generate.sh):
what its summary says is taken from its tables."""

from __future__ import annotations

import csv
import re

import pytest

from comments.classification.suggest import topic_stop_words
from conftest import ROOT, corpus, run


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
    named = re.findall(r"^On \*\*(.+?)\*\* \(", text, re.M)
    assert len(named) >= 4
    said_none = 0
    for site in named:
        found = re.search(rf"^Words that set {re.escape(site)} apart \(.+?\): (.+?)(?:; ([0-9,]+) more in "
                          r"compare_words\.csv)?\.$", text, re.M)
        if site in listed:  # the first eight, and how many more the table holds
            assert found and found.group(1).split(", ") == listed[site][:8]
            assert int((found.group(2) or "0").replace(",", "")) == max(len(listed[site]) - 8, 0)
        else:
            assert f"No word sets {site} apart (none is over-represented" in text and not found
            said_none += 1
    assert said_none  # reddit.com's ten comments have no clear word of their own
