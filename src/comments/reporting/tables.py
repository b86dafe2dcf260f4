"""The one table a report writes a row per reply of, ``drift_edges.csv``, written from its
columns (:class:`comments.analyses.edges.EdgeBlock`) a slice at a time: each column's
cells made in one go (a thread's site and id, and each distinct topic list, once), then
``csv.writer.writerows`` over the zipped columns. The bytes are those of
:func:`comments.io.writers.write_table` on the same rows (each cell by
:func:`comments.io.writers.csv_cell`): lone surrogates → U+FFFD,
non-finite numbers empty, spreadsheet formulas and control characters neutralised
(:func:`comments.io.csvsafe.neutralize`), lists ``;``-joined."""

from __future__ import annotations

import csv
import math
from pathlib import Path

from comments.analyses.edges import REASONS
from comments.io.atomic import create
from comments.io.writers import csv_cell

STEP = 1 << 16  # rows made and written at a time
_BOOL = {-1: "", 0: "False", 1: "True"}


def _number_cells(values) -> list[str]:
    """Float cells: ``repr``, empty for NaN (None) and infinities."""
    return ["" if v != v or math.isinf(v) else repr(v + 0.0) for v in values.tolist()]  # + 0.0: no -0.0


#: A value :func:`csv_cell` may change (a formula's first character, a quote, a control
#: character; a missing value): any other text is its own cell (pyarrow strings hold no lone surrogates).
_TOUCHED = r"^['=+\-@\t\r]|[\x00-\x08\x0b-\x1f\x7f]"


def _text_cells(array) -> list[str]:
    """``csv_cell`` of every value of a pyarrow string array: the values it would change
    found in one pass in C (:data:`_TOUCHED`) and only those made by it (ids seldom are)."""
    import numpy as np
    import pyarrow.compute as pc

    values = array.to_pylist()
    touched = pc.fill_null(pc.match_substring_regex(array, _TOUCHED), True)
    for i in np.flatnonzero(touched.to_numpy(zero_copy_only=False)).tolist():
        values[i] = csv_cell(values[i])
    return values


def write_edges(path: Path, columns: list[str], edges) -> None:
    """``drift_edges.csv`` (``columns``: its header) from an :class:`Edges`' blocks."""
    with create(Path(path)) as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        reasons = [csv_cell(r) for r in REASONS]
        for block in edges.blocks:
            site, thread = csv_cell(block.site), csv_cell(block.thread_id)
            sets = [csv_cell(list(s)) for s in block.labelsets]
            for a in range(0, len(block), STEP):
                b = a + STEP
                n = len(block.depth[a:b])
                cells = {
                    "site": [site] * n, "thread_id": [thread] * n,
                    "id": _text_cells(block.ids[a:b]),
                    "parent_id": _text_cells(block.parents[a:b]),
                    "depth": list(map(str, block.depth[a:b].tolist())),
                    "parent_topics": list(map(sets.__getitem__, block.parent_topics[a:b].tolist())),
                    "topics": list(map(sets.__getitem__, block.topics[a:b].tolist())),
                    "kept_topic": list(map(_BOOL.__getitem__, block.kept[a:b].tolist())),
                    "changed_subject": list(map(_BOOL.__getitem__, block.changed[a:b].tolist())),
                    "sim_parent": _number_cells(block.sim_parent[a:b]),
                    "sim_article": _number_cells(block.sim_article[a:b]),
                    "sim_root": _number_cells(block.sim_root[a:b]),
                    "not_compared": list(map(reasons.__getitem__, block.not_compared[a:b].tolist())),
                }
                writer.writerows(zip(*(cells[name] for name in columns)))
