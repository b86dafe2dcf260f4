"""File-valued options (``--gold``, ``--data``, ``--taxonomy``, ``--model``): a file that
does not exist or cannot be read is one ``error:`` line naming it and exit 1, as an input
is — no usage box; what is wrong inside a readable file keeps its own exit code."""

from __future__ import annotations

import pytest

from conftest import RAW, run


@pytest.mark.parametrize("args, line", [
    (["evaluate", str(RAW), "--gold", "missing.csv"], "error: missing.csv: cannot read (No such file or directory)"),
    (["train", "--data", "missing.csv", "--kind", "topics", "--out", "m"],
     "error: missing.csv: cannot read (No such file or directory)"),
    (["classify", str(RAW), "--taxonomy", "missing.toml"],
     "error: --taxonomy: missing.toml: cannot read (No such file or directory)"),
    (["report", "depth", str(RAW), "--out", "r", "--taxonomy", "missing.toml"],
     "error: --taxonomy: missing.toml: cannot read (No such file or directory)"),
    (["classify", str(RAW), "--model", "missing"], "error: --model: missing: cannot read (No such file or directory)"),
    (["evaluate", str(RAW), "--gold", "."], "error: .: cannot read (Is a directory)"),
])
def test_a_missing_file_option_is_one_error_line_and_exit_1(args, line, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 1, result.stderr
    assert result.stderr.splitlines() == [line]
    assert not (tmp_path / "r").exists() and not (tmp_path / "m").exists()


def test_an_invalid_taxonomy_is_still_a_usage_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("x", encoding="utf-8")
    result = run("classify", str(RAW), "--taxonomy", str(bad))
    assert result.exit_code == 2 and result.stderr.startswith(f"error: --taxonomy: {bad}: invalid TOML")
