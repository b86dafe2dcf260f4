"""``import comments`` makes every documented submodule reachable (docs/api.md writes
``comments.analyses.TABLES``, ``comments.reporting.write_report``, ``comments.io.pipeline``)
without loading a heavy library until one is used (PEP 562)."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import comments
heavy = {"numpy", "pandas", "sklearn", "matplotlib", "pyarrow", "dask", "scipy"}
print(sorted({m.split(".")[0] for m in sys.modules} & heavy))
print(len(comments.analyses.TABLES), comments.reporting.write_report.__name__, comments.reporting.compare.__name__,
      comments.io.pipeline.read_inputs.__name__, comments.classification.classify.classify.__name__,
      comments.analyses.partial.__name__, comments.model.dates.normalize.__name__, comments.engine.ENGINES)
for missing in ("comments.nosuch", "comments.io.nosuch", "comments.analyses.nosuch", "comments._private"):
    try:
        eval(missing)
    except AttributeError as exc:
        print("AttributeError:", exc)
"""


def test_documented_submodules_are_reachable_after_import_comments_and_load_lazily():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "[]"  # nothing heavy at ``import comments``
    assert lines[1] == "22 write_report compare read_inputs classify partial normalize ('local', 'dask')"
    assert lines[2:] == ["AttributeError: module 'comments' has no attribute 'nosuch'",
                         "AttributeError: module 'comments.io' has no attribute 'nosuch'",
                         "AttributeError: module 'comments.analyses' has no attribute 'nosuch'",
                         "AttributeError: module 'comments' has no attribute '_private'"]
