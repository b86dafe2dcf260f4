"""``tree`` and ``suggest_taxonomy``: the ``comments tree`` and ``comments taxonomy
suggest`` commands' work for a :class:`Corpus` (SPEC: everything the CLI does is available
from Python; the commands call these)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from comments.api.corpus import Corpus, as_corpus

if TYPE_CHECKING:
    from comments.classification.suggest import Draft


def _local(corpus: Any) -> Corpus:
    """A Corpus of ``corpus`` (a DaskCorpus is read into this process: both commands need
    every thread)."""
    corpus = as_corpus(corpus)
    return corpus if isinstance(corpus, Corpus) else corpus.collect()


def tree(corpus: Any, max_depth: int = 12, max_children: int = 20, width: int = 100) -> str:
    """Each thread's reply tree as ``comments tree`` prints it (threads apart by a blank line;
    replies deeper than ``max_depth`` and beyond ``max_children`` per comment collapsed, every
    line at most ``width`` terminal columns, ≥ 40; ValueError for a value the CLI refuses)."""
    from comments.reporting.treeview import render

    for name, value, least in (("max_depth", max_depth, 0), ("max_children", max_children, 1), ("width", width, 40)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ValueError(f"{name} must be a whole number ≥ {least} (as the CLI's --{name.replace('_', '-')}), "
                             f"not {value!r}")
    return "\n\n".join("\n".join(render(pt, max_depth=max_depth, max_children=max_children, width=width))
                       for pt in _local(corpus).threads)


def suggest_taxonomy(corpus: Any, out: str | os.PathLike | None = None, topics: int | None = None,
                     name: str | None = None) -> Draft:
    """The corpus's own topics drafted as an editable taxonomy (``draft.text`` is the TOML,
    ``draft.summary(out)`` what the command reports); written to ``out`` (whole or not at
    all; ``"-"``: stdout) when given. ``topics``: exactly this many (default: chosen at the
    elbow of explained variance); ``name``: the taxonomy's name (default: ``out``'s stem,
    else ``draft``). Raises ``ValueError`` (a ``SuggestError``) when no draft can be made."""
    from comments.classification.suggest import MAX_TOPICS, SuggestError, suggest
    from comments.classification.taxonomy_draft import write_draft

    if topics is not None and not 2 <= topics <= MAX_TOPICS:
        raise SuggestError(f"topics must be 2 to {MAX_TOPICS} (the most suggest can draft), not {topics}")
    if name is None:
        name = Path(out).stem if out is not None and str(out) != "-" else "draft"
    draft = suggest(_local(corpus).threads, topics, name=name)
    if out is not None:
        write_draft(draft.text, str(out), sys.stdout)
    return draft
