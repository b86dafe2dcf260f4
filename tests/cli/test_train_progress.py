"""``comments train`` shows its fold-by-fold progress as a bar on a terminal only: never
"label: fold k/5" lines in a log or pipe, nothing with -q."""

from __future__ import annotations

import csv

import pytest

from comments import progress
from conftest import corpus, run


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """300 GermEval 2021 comments with their toxic label."""
    source = corpus("labeled_de/germeval2021/GermEval21_TrainData.csv")
    out = tmp_path_factory.mktemp("train") / "train.csv"
    with source.open(encoding="utf-8", newline="") as handle, out.open("w", encoding="utf-8", newline="") as to:
        writer = csv.writer(to)
        writer.writerow(["text", "hostile"])
        for i, row in enumerate(csv.DictReader(handle)):
            if i == 300:
                break
            writer.writerow([row["comment_text"], row["Sub1_Toxic"]])
    return out


def _train(data, out, *extra):
    result = run("train", "--data", str(data), "--kind", "tone", "--out", str(out), "--folds", "3", *extra)
    assert result.exit_code == 0, result.stderr
    return result


def test_no_fold_lines_when_stderr_is_not_a_terminal_and_nothing_with_quiet(data, tmp_path):
    result = _train(data, tmp_path / "m")
    assert "fold 1/3" not in result.stderr and "final fit" not in result.stderr
    assert result.stderr.splitlines() == [f"300 comments, 3-fold cross-validation; model written to {tmp_path / 'm'}"]
    assert "hostile" in result.stdout  # the F1 table
    assert _train(data, tmp_path / "q", "-q").stderr == ""


def test_a_terminal_gets_a_bar_over_the_folds(data, tmp_path, monkeypatch):
    steps = []
    real = progress.task

    def task(description, total=None, enabled=None):
        steps.append((description, total, progress.wanted(enabled)))
        return real(description, total=total, enabled=False)  # counted, not drawn

    monkeypatch.setattr(progress, "task", task)
    monkeypatch.setattr(progress, "wanted", lambda enabled=None: True if enabled is None else enabled)
    _train(data, tmp_path / "m")
    assert ("training tone", 3 + 1, True) in steps  # one label's three folds and the final fit
    steps.clear()
    _train(data, tmp_path / "q", "-q")
    assert not any(d == "training tone" for d, *_ in steps)  # -q: no bar at all
