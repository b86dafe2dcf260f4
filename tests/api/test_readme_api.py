"""The README's "Python API" examples run as doctests (from a scratch folder that sees the
repository's data/ and tests/fixtures/, so writing seed.parquet leaves the checkout clean)."""

from __future__ import annotations

import doctest

from conftest import ROOT


def _section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Python API")
    return readme[start:readme.index("\n## ", start + 1)]


def test_readme_python_api_examples(tmp_path, monkeypatch):
    (tmp_path / "data").symlink_to(ROOT / "data")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "fixtures").symlink_to(ROOT / "tests" / "fixtures")
    monkeypatch.chdir(tmp_path)
    test = doctest.DocTestParser().get_doctest(_section(), {}, "README.md#python-api", "README.md", 0)
    assert len(test.examples) >= 15
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, f"{runner.failures} README example(s) failed (output above)"
    assert (tmp_path / "seed.parquet").exists() and (tmp_path / "seed.threads.parquet").exists()
