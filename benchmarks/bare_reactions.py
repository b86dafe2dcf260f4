"""What the gold labels of bare reactions are, what the shipped tone settings predict for them, and what the
reaction rule (``classification/reactions.py``, docs/models.md "Session 19: bare reactions") changes. Read from
the **training split only** (the real comments): out-of-fold predictions of ``train_defaults.SETTINGS`` (with
its hostile floor, as ``--cv`` scores it), never a test, held-out or external set.

    python benchmarks/bare_reactions.py                  # source-held-out folds (one per real source)
    python benchmarks/bare_reactions.py --folds thread   # thread-held-out folds
    python benchmarks/bare_reactions.py --show           # and the comments the rule reads

Printed: per reaction class, how many comments, their gold tones and the predicted ones; then per-label F1 and
micro-F1 with and without the rule, on the rule's comments and on all real comments.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import train_defaults  # noqa: E402
from labelled_corpus import TONES  # noqa: E402


def f1(pred: list[set[str]], gold: list[set[str]], labels=TONES) -> tuple[dict[str, float], float]:
    """Per-label F1 and micro-F1 of ``pred`` against ``gold``."""
    per, total = {}, np.zeros(3)
    for t in labels:
        tp = sum(t in p and t in g for p, g in zip(pred, gold))
        fp = sum(t in p and t not in g for p, g in zip(pred, gold))
        fn = sum(t not in p and t in g for p, g in zip(pred, gold))
        per[t] = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
        total += (tp, fp, fn)
    tp, fp, fn = total
    return per, (2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan"))


def reactions_of(texts: list[str], rows) -> list:
    """Each row's :class:`~comments.classification.reactions.Reaction` (None: the model decides), read as
    ``classify`` reads it: the comment's own lines, its language, its tokens."""
    from comments.classification.learn import comment_language
    from comments.classification.reactions import reaction_of
    from comments.classification.tone import own_lines
    from comments.text.tokens import tokenize

    out = []
    for i in rows:
        text = own_lines(texts[i])
        out.append(reaction_of(text, tokenize(text), comment_language(texts[i])))
    return out


def main(argv: list[str]) -> int:
    folds = argv[argv.index("--folds") + 1] if "--folds" in argv else "source"
    data = train_defaults.training_data(team=True)
    texts, labels, groups, ours = data
    pred, gold, _ = train_defaults.tone_cv_predictions(train_defaults.SETTINGS, data, folds)
    keep = np.flatnonzero(ours)
    found = reactions_of(texts, keep)
    hit = [k for k, r in enumerate(found) if r is not None]
    print(f"{len(keep)} real training comments ({folds}-held-out), {len(hit)} bare reactions the rule reads")
    by_class: dict[str, list[int]] = {}
    for k in hit:
        by_class.setdefault("+".join(found[k].classes), []).append(k)
    print("\n| class | n | gold tones (count) | predicted tones (count) | rule |")
    print("|---|---|---|---|---|")
    for name, ks in sorted(by_class.items(), key=lambda kv: -len(kv[1])):
        g = Counter(t for k in ks for t in gold[k])
        p = Counter(t for k in ks for t in pred[k])
        none_g, none_p = sum(not gold[k] for k in ks), sum(not pred[k] for k in ks)
        show = (lambda c, none: ", ".join(f"{t} {c[t]}" for t in TONES if c[t]) + f"; none {none}")
        print(f"| {name} | {len(ks)} | {show(g, none_g)} | {show(p, none_p)} | "
              f"{', '.join(sorted(found[ks[0]].tones)) or '—'} |")
    from comments.classification.learn import comment_language
    from comments.classification.reactions import is_reaction
    from comments.classification.tone import own_lines
    from comments.text.tokens import tokenize

    other = [k for k, r in enumerate(found) if r is None
             and is_reaction(tokenize(own_lines(texts[keep[k]])), comment_language(texts[keep[k]]))]
    g = Counter(t for k in other for t in gold[k])
    p = Counter(t for k in other for t in pred[k])
    print(f"| other bare reactions (the model's) | {len(other)} | " + ", ".join(f"{t} {g[t]}" for t in TONES if g[t])
          + f"; none {sum(not gold[k] for k in other)} | " + ", ".join(f"{t} {p[t]}" for t in TONES if p[t])
          + f"; none {sum(not pred[k] for k in other)} | (model) |")
    if "--show" in argv:  # the training split's comments the rule reads (never a test or held-out one)
        for k in hit:
            print(f"  {texts[keep[k]]!r}: gold {sorted(gold[k])}, predicted {sorted(pred[k])}")
    ruled = [set(found[k].tones) if found[k] is not None else p for k, p in enumerate(pred)]
    print("\n| set | rule | " + " | ".join(TONES) + " | micro-F1 |")
    print("|---|---|" + "---|" * (len(TONES) + 1))
    for name, ks in (("bare reactions read by the rule", hit), ("all real comments", range(len(keep)))):
        for rule, p in (("without", pred), ("with", ruled)):
            per, micro = f1([p[k] for k in ks], [gold[k] for k in ks])
            print(f"| {name} ({len(ks)}) | {rule} | " + " | ".join(f"{per[t]:.3f}" for t in TONES)
                  + f" | {micro:.4f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
