"""examples/notebook.py runs end to end on three real dumps (matplotlib's Agg backend),
and says clearly what is missing without ../shared/corpora."""

from __future__ import annotations

import os
import subprocess
import sys

import comments
from conftest import CORPORA, ROOT, corpus

SCRIPT = ROOT / "examples" / "notebook.py"


def _run(tmp_path, **env):
    return subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "tone.png")], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300, env={**os.environ, "MPLBACKEND": "Agg", **env})


def test_notebook_reads_classifies_and_plots(tmp_path):
    dumps = [corpus("reddit/reddit_fo7p5b_announcements_polls.json"),
             corpus("html_comments/foxyfolksy.com__buttercream.html"),
             corpus("html_comments/spektrum.de__engelbart.html")]
    done = _run(tmp_path, COMMENTS_CORPORA=str(CORPORA))
    assert done.returncode == 0, done.stderr
    expected = comments.read(*dumps)
    lines = done.stdout.splitlines()
    assert lines[0] == repr(expected) and lines[1] == "problems: none"
    for pt in expected:  # one table row per site
        assert any(line.startswith(pt.thread.site + " ") for line in lines)
    assert (tmp_path / "tone.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_notebook_without_the_corpora_says_what_is_missing(tmp_path):
    done = _run(tmp_path, COMMENTS_CORPORA=str(tmp_path / "nowhere"))
    assert done.returncode == 1 and "needs the shared corpora" in done.stderr and "nowhere" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "tone.png").exists()
