"""Ctrl-C: exit 130 with one line saying what was written and what was kept; the
previous output is kept whole and no temporary file is left."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from comments.io import atomic
from conftest import SEED, run


def _tree(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _interrupt_on_rename(monkeypatch) -> None:
    """Ctrl-C at the last moment: when the first finished output is to be moved in."""
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)


@pytest.mark.parametrize("command", [["parse", str(SEED), "-o"], ["classify", str(SEED), "-o"],
                                     ["report", "depth", str(SEED), "-j", "1", "--out"]])
def test_an_interrupted_command_says_so_and_keeps_the_previous_output(tmp_path, monkeypatch, command):
    out = tmp_path / ("r" if command[0] == "report" else "out.jsonl")
    first = run(*command, str(out))
    assert first.exit_code == 0, first.output
    before = _tree(out) if out.is_dir() else out.read_bytes()
    _interrupt_on_rename(monkeypatch)
    result = run(*command, str(out))
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == f"interrupted: nothing written; the previous {out} is kept"
    assert (_tree(out) if out.is_dir() else out.read_bytes()) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_interrupted_first_report_leaves_no_folder(tmp_path, monkeypatch):
    _interrupt_on_rename(monkeypatch)
    result = run("report", "depth", str(SEED), "-j", "1", "--out", str(tmp_path / "new"))
    assert result.exit_code == 130 and result.stderr.splitlines()[-1] == "interrupted: nothing written"
    assert list(tmp_path.iterdir()) == []


def test_an_interrupt_after_the_output_was_written_says_it_was(tmp_path, monkeypatch):
    from comments.cli import parse

    out = tmp_path / "out.jsonl"

    def summary(*args, **kwargs):
        raise KeyboardInterrupt  # while the summary is printed, after the output moved in

    monkeypatch.setattr(parse, "finish", summary)
    result = run("parse", str(SEED), "-o", str(out))
    assert result.exit_code == 130 and out.stat().st_size > 1000
    assert result.stderr.splitlines()[-1] == f"interrupted: {out} written before it; nothing else written"


def test_a_real_sigint_ends_with_the_line_and_exit_130(tmp_path):
    """SIGINT itself (not a raised KeyboardInterrupt) while the output is being written."""
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    code = ("import os, signal, sys\n"
            "from comments.io import atomic\n"
            "from comments.cli import main\n"
            "real = atomic.create\n"
            "def create(path, mode='w'):\n"
            "    os.kill(os.getpid(), signal.SIGINT)\n"
            "    return real(path, mode)\n"
            "atomic.create = create\n"
            "sys.argv = ['comments', *sys.argv[1:]]\n"
            "main()\n")
    done = subprocess.run([sys.executable, "-c", code, "parse", str(SEED), "-o", str(out)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == 130, done.stderr
    assert done.stderr.splitlines()[-1] == f"interrupted: nothing written; the previous {out} is kept"
    assert "Traceback" not in done.stderr
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


_SIGINT_ON_MOVE = ("import os, signal, sys\n"
                   "from comments.io import atomic\n"
                   "from comments.cli import main\n"
                   "real, calls = os.replace, []\n"
                   "def replace(source, target):\n"
                   "    calls.append(target)\n"
                   "    if len(calls) == int(os.environ['SIGINT_AT']):\n"
                   "        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while the outputs are being moved in\n"
                   "    return real(source, target)\n"
                   "atomic.os.replace = replace\n"
                   "sys.argv = ['comments', *sys.argv[1:]]\n"
                   "main()\n")


def _interrupted_while_moving(args: list[str], at: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _SIGINT_ON_MOVE, *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONWARNINGS": "ignore", "SIGINT_AT": str(at)})


def test_ctrl_c_while_a_table_and_its_threads_table_move_in_says_both_are_written(tmp_path):
    """Ctrl-C between moving x.csv and x.threads.csv into place said "the previous x.csv,
    x.threads.csv are kept", though x.csv was already the new one (and the two tables no
    longer belonged together). Now the interrupt waits for the moves: both are the new
    ones, and the line says so."""
    out, threads = tmp_path / "x.csv", tmp_path / "x.threads.csv"
    out.write_text("previous\n", encoding="utf-8")
    threads.write_text("previous\n", encoding="utf-8")
    done = _interrupted_while_moving(["parse", str(SEED), "-o", str(out)], at=2)
    assert done.returncode == 130, done.stderr
    assert done.stderr.splitlines()[-1] == f"interrupted: {out}, {threads} written before it; nothing else written"
    assert "Traceback" not in done.stderr
    fresh = run("parse", str(SEED), "-o", str(tmp_path / "fresh.csv"))
    assert fresh.exit_code == 0
    assert out.read_bytes() == (tmp_path / "fresh.csv").read_bytes()
    assert threads.read_bytes() == (tmp_path / "fresh.threads.csv").read_bytes()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_ctrl_c_while_a_report_moves_in_leaves_the_whole_new_report(tmp_path):
    """Ctrl-C while a report's files were moved into its folder one by one left some new
    files beside the previous report's and said "the previous … is kept". Now the moves
    finish first: the folder holds the whole new report, and the line says it was written."""
    out = tmp_path / "r"
    first = run("report", "depth", str(SEED), "-j", "1", "--out", str(out))
    assert first.exit_code == 0
    want = _tree(out)
    for name in want:
        if name.endswith((".md", ".csv")):
            (out / name).write_text("last week's\n", encoding="utf-8")
    done = _interrupted_while_moving(["report", "depth", str(SEED), "-j", "1", "--out", str(out)], at=3)
    assert done.returncode == 130, done.stderr
    assert done.stderr.splitlines()[-1] == f"interrupted: {out} written before it; nothing else written"
    assert _tree(out) == want
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_an_interrupt_before_writing_names_every_previous_output_kept(tmp_path, monkeypatch):
    """``-o out.csv`` replaces out.csv and out.threads.csv: a Ctrl-C before either is begun
    names both as kept (it named out.csv alone, though both were untouched)."""
    from comments.cli import parse

    out = tmp_path / "out.csv"
    first = run("parse", str(SEED), "-o", str(out))
    assert first.exit_code == 0 and (tmp_path / "out.threads.csv").exists(), first.output

    def reading(*args, **kwargs):
        raise KeyboardInterrupt  # while the inputs are read: nothing is being written yet

    monkeypatch.setattr(parse, "_fast_parse", reading)
    result = run("parse", str(SEED), "-o", str(out))
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == (f"interrupted: nothing written; the previous {out}, "
                                              f"{tmp_path / 'out.threads.csv'} are kept")
