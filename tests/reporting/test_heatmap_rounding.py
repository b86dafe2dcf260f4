"""The per-thread topic heatmap rounds a share as the sentences and tables do (half-up); a
report of comments classified with another taxonomy is an error, not a report without them."""

from __future__ import annotations

import json

import pytest

import comments
from comments.analyses.analysis import TaxonomyMismatch
from conftest import run
from comments.reporting.charts import Charts


def test_a_thread_share_of_ten_in_sixteen_reads_63_in_the_heatmap_as_in_the_sentences(tmp_path, monkeypatch):
    """10 of 16 is 62.5 %: sentences say "63 %" (half-up); Python's round() gave 62 in the chart."""
    texts = [f"Der Unfall auf der Autobahn war schlimm, sagt Leser {i}." for i in range(10)]
    texts += [f"Ich sehe das ganz anders, meint Leser {i}." for i in range(6)]
    dump = tmp_path / "site.example__thread.jsonl"
    dump.write_text("".join(json.dumps({"id": str(i), "thread_id": "t", "text": t}) + "\n"
                            for i, t in enumerate(texts)), encoding="utf-8")
    seen = {}
    real = Charts.heatmap

    def spy(self, name, title, rows, cols, values, *args, **kwargs):
        seen[name] = values
        return real(self, name, title, rows, cols, values, *args, **kwargs)

    monkeypatch.setattr(Charts, "heatmap", spy)
    corpus = comments.classify(comments.read(str(dump)), taxonomy="examples/tempolimit.toml")
    analysis = comments.analyse(corpus, taxonomy="examples/tempolimit.toml", parts=["topics"])
    comments.write_report(analysis, tmp_path / "r", ["topics"], progress=False)
    heat = {label: v for (_, label), v in seen["topics_by_thread"].items()}
    assert heat["safety"] == 63 and heat["none"] == 38


def test_a_report_of_comments_classified_with_another_taxonomy_names_it_instead_of_dropping_its_topics(tmp_path):
    """Their topics were left out of every table (10 of 16 comments on "safety" vanished, the
    default taxonomy's four topics shown at 0 %); now one error line, nothing written."""
    dump = tmp_path / "site.example__thread.jsonl"
    dump.write_text("".join(json.dumps({"id": str(i), "thread_id": "t", "text": f"Der Unfall auf der Autobahn war schlimm, sagt Leser {i}."})
                            + "\n" for i in range(6)), encoding="utf-8")
    classified = tmp_path / "c.jsonl"
    assert run("classify", str(dump), "--taxonomy", "examples/tempolimit.toml", "-o", str(classified)).exit_code == 0
    result = run("report", "topics", str(classified), "--out", str(tmp_path / "r"))
    assert result.exit_code == 1 and not (tmp_path / "r").exists()
    assert result.stderr.startswith("error: ") and "classified with topics the taxonomy" in result.stderr
    assert "(safety)" in result.stderr and "--taxonomy FILE" in result.stderr
    again = run("report", "topics", str(classified), "--taxonomy", "examples/tempolimit.toml", "--out", str(tmp_path / "r"))
    assert again.exit_code == 0 and "**safety** (6 comments, 100 %)" in (tmp_path / "r" / "topics.md").read_text()
    with pytest.raises(TaxonomyMismatch):
        comments.analyse(comments.read(str(classified)), parts=["topics"])
