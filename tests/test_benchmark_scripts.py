"""The dump makers in ``benchmarks/`` (the README's and docs/performance.md's way to make
test dumps) answer ``--help`` with their usage and a bad ``N`` with a usage error, not a
traceback; what they write is unchanged (a seeded dump, the same bytes every time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _run(script: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


@pytest.mark.parametrize("script", ["make_dump.py", "make_thread.py"])
def test_dump_makers_say_their_usage_and_refuse_a_bad_count_without_a_traceback(script, tmp_path):
    done = _run(script, "--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"usage: {script} [-h] N OUT.jsonl [SEED]" in done.stdout
    assert "SEED" in done.stdout and "synthetic" in done.stdout
    assert list(tmp_path.iterdir()) == []  # --help writes nothing

    for bad in (["many", "x.jsonl"], ["0", "x.jsonl"], []):
        done = _run(script, *bad, cwd=tmp_path)
        assert done.returncode == 2, (bad, done.stderr)
        assert "Traceback" not in done.stderr and f"usage: {script}" in done.stderr
    assert list(tmp_path.iterdir()) == []

    first, again, other = (tmp_path / "a.jsonl"), (tmp_path / "b.jsonl"), (tmp_path / "c.jsonl")
    for out, seed in ((first, []), (again, []), (other, ["3"])):
        done = _run(script, "40", str(out), *seed, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 40 and {"id", "parent_id", "thread_id", "site", "text"} <= set(rows[0])
    assert first.read_bytes() == again.read_bytes() != other.read_bytes()
