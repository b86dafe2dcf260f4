"""``comments --help`` (and each command's help) stays instant: no heavy library is imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("numpy", "pandas", "sklearn", "matplotlib", "pyarrow", "dask", "distributed", "scipy")
PROBE = """
import sys
sys.argv = ["comments", *sys.argv[1:]]
from comments.cli import main
try:
    main()
except SystemExit:
    pass
print(" ".join(sorted({m.split(".")[0] for m in sys.modules} & set(%r))), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["parse", "--help"], ["classify", "--help"], ["report", "all", "--help"]])
def test_help_imports_no_heavy_library(args):
    done = subprocess.run([sys.executable, "-c", PROBE % (HEAVY,), *args], capture_output=True, text=True, timeout=60)
    assert "Usage" in done.stdout
    assert done.stderr.strip().splitlines()[-1:] in ([], [""]), f"imported: {done.stderr}"
