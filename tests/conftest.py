"""Shared test helpers: fixture paths, the shared corpora (skipped when absent) and a
CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from comments.cli import app
from comments.pipeline import read_inputs

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
RAW = ROOT / "data" / "raw"
SEED = RAW / "stadt-bremerhaven.de__xiaomi-kuba-syrien.txt"
CORPORA = ROOT.parent / "shared" / "corpora"


def corpus(relative: str) -> Path:
    """A file of ../shared/corpora, or skip the test with the reason."""
    path = CORPORA / relative
    if not path.exists():
        pytest.skip(f"shared corpus not available: {path}")
    return path


def read(*paths, **options):
    """Read inputs through the whole pipeline; fail on input problems."""
    result = read_inputs([str(p) for p in paths], **options)
    assert not result.errors, result.errors
    return result


def run(*args: str, input: str | None = None):
    """Invoke the CLI the way a user would (stdout and stderr kept apart)."""
    return CliRunner().invoke(app, list(args), input=input)


def jsonl_records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]
