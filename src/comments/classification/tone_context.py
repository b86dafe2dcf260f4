"""Reply context for the tone model: what a reply's parent says, as feature columns.

LABELLING.md reads every comment with its parent: an answer to a question is informative, a correction of
the parent is critical, agreement with it supportive. A tone model trained with context columns (model.json
``"context"``, names from :data:`CONTEXT_FEATURES`) reads them after the cue features; ``classify`` gives each
comment its parent's text when the parent is in the input, and the "no parent" value (all zero) to a
top-level comment and to a reply whose parent is missing. Computed the same way in training
(``benchmarks/train_defaults.py``) and in ``classify`` (every path), from the parent's text and the comment's
own cue features: deterministic, linear, and independent of the order the comments come in.
"""

from __future__ import annotations

import numpy as np

#: the context columns a tone model may read, in this order (a model names those it was trained with):
#: ``reply``: the comment answers a comment that is in the input (with text); ``parent_asks``: that parent asks
#: a question ("?" outside its "> " quoted lines); ``answers``: it does, and the reply itself asks none (an answer:
#: informative); ``corrects``: the parent asks nothing and the reply holds a disagreement, contrast or criticism
#: cue (a correction: critical); ``agrees``: a reply with an agreement cue (supportive)
CONTEXT_FEATURES = ("reply", "parent_asks", "answers", "corrects", "agrees")


def parent_asks(parent: str) -> bool:
    """Whether a parent's own words (not its "> " quoted lines) hold a question mark."""
    from comments.classification.tone import own_lines

    return "?" in parent and "?" in own_lines(parent)


def context_columns(names: list[str] | tuple[str, ...], parents: list[str | None], hand: np.ndarray) -> np.ndarray:
    """The ``names`` columns (of :data:`CONTEXT_FEATURES`) for comments whose parents' texts are ``parents``
    (None or blank: no parent) and whose own cue features are ``hand`` (comments × ``learn.HAND_FEATURES``,
    read from the text the model reads)."""
    from comments.classification.learn import HAND_FEATURES

    unknown = [n for n in names if n not in CONTEXT_FEATURES]
    if unknown:
        raise ValueError(f"unknown reply-context feature {unknown[0]!r}")
    n = len(parents)
    reply = np.fromiter((p is not None and bool(p.strip()) for p in parents), dtype=bool, count=n)
    asks = np.zeros(n, dtype=bool)
    for i in np.flatnonzero(reply).tolist():
        asks[i] = parent_asks(parents[i])
    col = HAND_FEATURES.index
    hand = np.asarray(hand, dtype=np.float64).reshape(n, len(HAND_FEATURES))
    own_question = hand[:, col("question_rate")] > 0
    disputes = (hand[:, col("disagree")] > 0) | (hand[:, col("contrast")] > 0) | (hand[:, col("criticism")] > 0)
    values = {"reply": reply, "parent_asks": asks, "answers": asks & ~own_question,
              "corrects": reply & ~asks & disputes, "agrees": reply & (hand[:, col("agree")] > 0)}
    return np.column_stack([values[name] for name in names]).astype(np.float64) if names else np.zeros((n, 0))
