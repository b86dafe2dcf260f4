"""``comments parse INPUT… -o OUT [-q]`` skips Typer's parameter handling (pydantic, about
0.3 s of CPU per start) and gives the same files, lines and exit codes as Typer's route."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from comments.cli import _plain_parse
from conftest import ROOT

ROWS = [
    {"id": "1", "parent_id": None, "thread_id": "a1", "site": "heise.de", "author": "leser1",
     "created_at": "2024-05-01T10:00:00Z", "text": "Der Bootloader bleibt gesperrt. Das ist ärgerlich."},
    {"id": "2", "parent_id": "1", "thread_id": "a1", "site": "heise.de", "author": "leser2",
     "created_at": "2024-05-01T10:05:00Z", "text": "Stimmt, aber <b>Custom ROMs</b> gehen trotzdem.\nMit Geduld."},
    {"id": "3", "parent_id": "9", "thread_id": "a1", "site": "heise.de", "author": "leser3",
     "created_at": "2024-05-01T10:07:00Z", "text": "Wer hat das behauptet? Quelle bitte."},
]

#: runs main() as the console script does; prints whether Typer's pydantic adapters were loaded
MAIN = """
import sys
from comments.cli import main
sys.argv = ["comments", *sys.argv[1:]]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code or 0
print("pydantic" in sys.modules)
sys.exit(code)
"""
#: the same arguments through the Typer app
TYPER = """
import sys
from comments.cli import app
sys.argv = ["comments", *sys.argv[1:]]
app()
"""


def _run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl", ".csv"])
def test_plain_parse_same_output_without_pydantic(tmp_path, suffix):
    dump = tmp_path / "heise.jsonl"
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")
    plain = _run(MAIN, "parse", str(dump), "-o", str(tmp_path / f"plain{suffix}"))
    typer = _run(TYPER, "parse", str(dump), "-o", str(tmp_path / f"typer{suffix}"))
    assert plain.returncode == typer.returncode == 0
    assert plain.stdout.strip() == "False"  # pydantic never imported
    assert plain.stderr == typer.stderr and "1 orphan" in plain.stderr
    assert (tmp_path / f"plain{suffix}").read_bytes() == (tmp_path / f"typer{suffix}").read_bytes()


def test_plain_parse_bad_input_same_line_and_code(tmp_path):
    missing = str(tmp_path / "fehlt.jsonl")
    plain = _run(MAIN, "parse", missing, "-o", str(tmp_path / "a.parquet"))
    typer = _run(TYPER, "parse", missing, "-o", str(tmp_path / "b.parquet"))
    assert plain.returncode == typer.returncode == 1
    assert plain.stderr == typer.stderr and "error:" in plain.stderr and "Traceback" not in plain.stderr


@pytest.mark.parametrize("args", [
    ["parse", "a.jsonl"],  # stdout
    ["parse", "a.jsonl", "-o", "out.convokit"],
    ["parse", "a.jsonl", "-o", "out.txt"],  # Typer words the usage error
    ["parse", "a.jsonl", "-o", "out.parquet", "--site", "heise.de"],
    ["parse", "-", "-o", "out.parquet"],
    ["parse", "a.jsonl", "-o", "x.csv", "-o", "y.csv"],
    ["parse", "a.jsonl", "-o"],
    ["parse", "--help"],
    ["classify", "a.jsonl", "-o", "out.parquet"],
    ["parse", "-o", "out.parquet"],
])
def test_everything_else_goes_through_typer(args):
    assert _plain_parse(args) is None


def test_plain_parse_arguments():
    assert _plain_parse(["parse", "a.jsonl", "b.jsonl", "-q", "--out", "o.csv"]) == (["a.jsonl", "b.jsonl"], "o.csv", True)
