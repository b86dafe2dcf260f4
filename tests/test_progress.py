"""Progress bars: silent unless asked or on a terminal; counts every item when shown."""

from __future__ import annotations

import io

from rich.console import Console

from comments import progress


def test_silent_when_stderr_is_not_a_terminal(capsys):
    assert list(progress.track(range(5), "work")) == [0, 1, 2, 3, 4]
    assert capsys.readouterr().err == ""


def test_explicit_setting_wins(monkeypatch):
    monkeypatch.setattr(progress.sys, "stderr", io.StringIO())
    assert progress.wanted(None) is False
    assert progress.wanted(True) is True
    assert progress.wanted(False) is False


def test_shown_bar_counts_every_item(monkeypatch):
    buf = io.StringIO()
    monkeypatch.setattr("rich.console.Console", lambda stderr=True: Console(file=buf, width=100, force_terminal=False))
    out = list(progress.track(["a", "b", "c"], "classify", enabled=True))
    assert out == ["a", "b", "c"]
    text = buf.getvalue()
    assert "classify" in text and "3/3" in text
