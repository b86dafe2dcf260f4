"""The CLI over the Python API: one classify rule for every command, progress bars
silenced by --quiet."""

from __future__ import annotations

from conftest import RAW, ROOT, SEED, run

import comments.progress

TEMPOLIMIT = ROOT / "examples" / "tempolimit.toml"


def test_reports_reclassify_classified_input_with_an_explicit_taxonomy(tmp_path):
    """Before, a report on classify output kept the old topics and ignored --taxonomy."""
    classified = tmp_path / "classified.jsonl"
    assert run("classify", str(RAW), "-q", "-j", "1", "-o", str(classified)).exit_code == 0
    for name, source in (("from_classified", classified), ("from_raw", RAW)):
        done = run("report", "topics", str(source), "--taxonomy", str(TEMPOLIMIT), "-q", "-j", "1",
                   "-o", str(tmp_path / name))
        assert done.exit_code == 0, done.output
    table = "topic_shares_by_site.csv"
    got = (tmp_path / "from_classified" / table).read_text(encoding="utf-8")
    assert got == (tmp_path / "from_raw" / table).read_text(encoding="utf-8")
    assert "stadt-bremerhaven.de,none,25," not in got  # the taxonomy's topics were found


def test_progress_bars_when_wanted_and_none_with_quiet(monkeypatch):
    monkeypatch.setattr(comments.progress, "in_notebook", lambda: True)  # as in Jupyter
    shown = run("classify", str(SEED), "-j", "1")
    assert shown.exit_code == 0 and "reading" in shown.stderr and "classifying" in shown.stderr
    quiet = run("classify", str(SEED), "-j", "1", "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""
