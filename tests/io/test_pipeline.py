"""read → merge → rebuild: progress over the inputs, and the site a file name gives."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from comments.io.pipeline import read_inputs
from comments.io.sites import site_from_stem
from conftest import FIXTURES


@pytest.fixture
def bar_text(monkeypatch) -> io.StringIO:
    """What a shown progress bar draws (rich's console redirected to a buffer)."""
    buf = io.StringIO()
    monkeypatch.setattr("rich.console.Console", lambda stderr=True: Console(file=buf, width=120, force_terminal=False))
    return buf


INPUTS = [str(FIXTURES / "wxr_small.xml"), str(FIXTURES / "disqus_small.xml"), str(FIXTURES / "hn_official.json")]


def test_progress_bar_counts_every_input(bar_text):
    result = read_inputs(INPUTS, progress=True)
    assert not result.errors and len(result.threads) >= 3
    assert "reading" in bar_text.getvalue() and "3/3" in bar_text.getvalue()


def test_progress_silent_when_off_or_not_a_terminal(bar_text, capsys):
    read_inputs(INPUTS, progress=False)
    read_inputs(INPUTS)  # stderr is captured here: not a terminal, so no bar
    assert bar_text.getvalue() == "" and capsys.readouterr().err == ""


def test_progress_callable_is_given_each_input(bar_text):
    seen: list[str] = []
    read_inputs(INPUTS, progress=seen.append)
    assert seen == INPUTS and bar_text.getvalue() == ""


@pytest.mark.parametrize("stem, site", [("heise.de__artikel", "heise.de"), ("blog", "blog"),
                                        ("a__b__c", "a"), ("x__", "x")])
def test_site_from_stem(stem, site):
    assert site_from_stem(stem) == site


def test_file_name_names_the_site(tmp_path):
    path = tmp_path / "example.org__some-article.txt"
    path.write_text("Anna schrieb am 1. März 2024 um 10:00\nEin Kommentar.\n", encoding="utf-8")
    result = read_inputs([str(path)])
    assert [pt.thread.site for pt in result.threads] == ["example.org"]
