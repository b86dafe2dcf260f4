"""Precision, recall and F1 per label against hand labels (gold CSV)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from comments.io.csvsafe import restore
from comments.model.records import LABEL_FIELDS, Comment
from comments.text.plural import plural


class GoldError(ValueError):
    """A gold file that cannot be used; the message says why."""


@dataclass
class LabelScore:
    """One label's counts and scores; ``truth``/``predicted`` are its 0/1 column over the
    matched gold rows, kept so that :func:`averages` can score labels together."""

    label: str
    kind: str
    support: int
    tp: int
    fp: int
    fn: int
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    truth: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int), repr=False, compare=False)
    predicted: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int), repr=False, compare=False)


def read_gold(path: str | Path) -> list[dict[str, str]]:
    """Rows with ``id`` (or ``position``) and ``;``-separated ``topics`` and ``tone``.
    Decoded and delimited as the input CSV reader does it: UTF-8 (BOM or not), UTF-16 or
    Windows-1252; ``,``, ``;`` (German Excel), tab or ``|`` — the one that splits the
    header into the gold columns, else the one ``csv.Sniffer`` finds."""
    from comments.io.sources import decode
    from comments.model.errors import InputError

    try:
        text = decode(Path(path).read_bytes())
    except OSError as exc:
        raise GoldError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except InputError as exc:
        raise GoldError(f"{path}: {exc}") from None
    from comments.io.readers.base import Context
    from comments.io.readers.tabular import EXTRA, read_table

    ctx = Context(source=str(path))
    try:  # as parse reads a CSV: Excel's "sep=;" first line too (it was read as the header)
        header, table, _ragged = read_table(text, ctx, _delimiter(text))
    except InputError as exc:
        raise GoldError(f"{path}: {exc}") from None
    if ctx.problems:  # a quote never closed swallowed rows, or a record is unreadable
        raise GoldError(f"{path}: {ctx.problems[0]}")
    rows = [{k: restore(v or "") for k, v in row.items() if k and k != EXTRA} for row in table]
    if not rows:
        missing = ([] if {"id", "position"} & set(header) else ["`id` or `position`"]) + \
            ([] if {"topics", "tone"} & set(header) else ["`topics` and/or `tone`"])
        columns = f"; it also lacks the columns {' and '.join(missing)}" if missing else ""
        raise GoldError(f"{path}: no rows under its header ({', '.join(header) or 'empty'}){columns}")
    if "id" not in rows[0] and "position" not in rows[0]:
        raise GoldError(f"{path}: needs an `id` or `position` column")
    if "topics" not in rows[0] and "tone" not in rows[0]:
        raise GoldError(f"{path}: needs a `topics` and/or `tone` column")
    return rows


def _delimiter(text: str) -> str:
    """The gold table's delimiter: the one whose header cells name an id (or position)
    and a label column, else what the input CSV reader's sniffing finds, else ``,``."""
    from comments.io.readers.tabular import DELIMITERS, _dialect

    first = text.split("\n", 1)[0]
    for delimiter in DELIMITERS:
        cells = {c.strip() for c in next(csv.reader([first], delimiter=delimiter), [])}
        if cells & {"id", "position"} and cells & {"topics", "tone"}:
            return delimiter
    dialect = _dialect(text[:65536])
    return dialect.delimiter if dialect is not None else ","


def gold_problems(rows: list[dict[str, str]], known: dict[str, set[str] | None]) -> list[str]:
    """What would silently skew the scores, one sentence each: gold ids (or positions)
    given more than once (each row that names one comment is scored), and labels the classifier cannot output
    (``known``: the labels per kind, None where any label may occur, e.g. a user's model)."""
    from collections import Counter

    out = []
    scope = [k for k in SCOPE if rows and k in rows[0]]
    groups: dict[str, list[tuple[str, ...]]] = {}
    for row in rows:
        key = row.get("id") or row.get("position") or ""
        if key:
            groups.setdefault(key, []).append(tuple(_cell(row, k) for k in scope))
    extras = {key: n for key, cells in groups.items() if len(cells) > 1 and (n := _repeats(cells))}
    if extras:
        extra = sum(extras.values())
        out.append(f"{plural(len(extras), 'gold id')} {'occur' if len(extras) != 1 else 'occurs'} more than once "
                   f"({plural(extra, 'extra row')}; each row that names one comment is scored): "
                   f"{', '.join(sorted(extras)[:10])}")
    for kind, labels in known.items():
        if labels is None:
            continue
        unknown = Counter(x for row in rows if kind in row for x in _labels(row[kind]) if x not in labels)
        if unknown:
            n = sum(unknown.values())
            out.append(f"{plural(n, f'gold {kind} label')} {'are' if n != 1 else 'is'} not among the classifier's "
                       f"({', '.join(sorted(labels))}): {', '.join(sorted(unknown))} (scored, never predicted)")
    return out


def _cell(row: dict[str, str], name: str) -> str:
    """A gold row's ``site`` or ``thread_id`` cell, blank as ``""``."""
    return (row.get(name) or "").strip()


def _repeats(cells: list[tuple[str, ...]]) -> int:
    """How many of one id's gold rows (their ``site``/``thread_id`` cells) may name a
    comment an earlier row names: equal cells, where a blank cell fits any value."""
    seen: set[tuple[str, ...]] = set()
    blanks = False
    n = 0
    for c in cells:
        blanks |= "" in c
        if c in seen or blanks and any(all(a == b or not a or not b for a, b in zip(c, d)) for d in seen):
            n += 1
        seen.add(c)
    return n


def _labels(cell: str | None) -> set[str]:
    return {x.strip() for x in (cell or "").split(";") if x.strip()}


#: gold columns that, when present, narrow an id (or position) to one thread
SCOPE = ("site", "thread_id")


def evaluate(comments: list[Comment], gold: list[dict[str, str]]) -> tuple[list[LabelScore], list[str], list[str]]:
    """Scores per label (topics, then tone), gold rows that matched no comment, and gold
    rows left unscored because their key fits more than one comment.

    A row is keyed by its ``id`` (else ``position``) together with whichever of ``site``
    and ``thread_id`` the gold file has and the row fills in (a blank cell narrows nothing,
    it does not ask for an empty value): ids and positions repeat across threads (GermEval's
    do), so a key that several comments share is ambiguous and is not scored against an
    arbitrary one of them."""
    scope = [k for k in SCOPE if gold and k in gold[0]]
    indexes: dict[tuple[str, ...], dict[tuple, list[Comment]]] = {}
    pairs: dict[str, list[tuple[set[str], set[str]]]] = {kind: [] for kind in LABEL_FIELDS}
    unmatched, ambiguous = [], []
    for row in gold:
        name = "id" if row.get("id") else "position"
        key = row.get(name, "")
        given = tuple(k for k in scope if _cell(row, k))  # a blank site or thread_id cell narrows nothing
        if given not in indexes:
            indexes[given] = _index(comments, given)
        found = indexes[given].get((name, key, *(_cell(row, k) for k in given)), []) if key else []
        if len(found) != 1:
            (ambiguous if found else unmatched).append(key or "?")
            continue
        for kind in LABEL_FIELDS:
            if kind in row:
                pairs[kind].append((_labels(row[kind]), set(getattr(found[0], kind) or [])))
    scores = [s for kind in LABEL_FIELDS for s in _score(kind, pairs[kind])]
    return scores, unmatched, ambiguous


def _index(comments: list[Comment], scope: tuple[str, ...]) -> dict[tuple, list[Comment]]:
    """Comments by (``id`` or ``position``, value, the ``scope`` fields' values)."""
    index: dict[tuple, list[Comment]] = {}
    for c in comments:
        for name, value in (("id", c.id), ("position", str(c.position))):
            if value is not None:
                index.setdefault((name, value, *((getattr(c, k) or "") for k in scope)), []).append(c)
    return index


def _score(kind: str, pairs: list[tuple[set[str], set[str]]]) -> list[LabelScore]:
    """sklearn's precision, recall, F1 and confusion counts per label (labels sorted),
    each label scored as its own binary column (a one-label matrix would otherwise
    pass for a two-class problem)."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    names = sorted(set().union(*(truth | predicted for truth, predicted in pairs))) if pairs else []
    out = []
    for name in names:
        y = np.array([name in truth for truth, _ in pairs], dtype=int)
        p = np.array([name in predicted for _, predicted in pairs], dtype=int)
        precision, recall, f1, _ = precision_recall_fscore_support(y, p, average="binary", zero_division=0)
        _, fp, fn, tp = confusion_matrix(y, p, labels=[0, 1]).ravel()
        out.append(LabelScore(name, kind, int(y.sum()), int(tp), int(fp), int(fn), float(precision), float(recall),
                              float(f1), y, p))
    return out


def averages(scores: list[LabelScore]) -> dict[str, float]:
    """Micro F1 (sklearn's binary F1 over every label's column at once, which is what
    micro-averaging is) and macro F1 (the mean over labels with gold support)."""
    from sklearn.metrics import f1_score

    supported = [s.f1 for s in scores if s.support]
    micro = f1_score(np.concatenate([s.truth for s in scores]), np.concatenate([s.predicted for s in scores]),
                     zero_division=0) if scores else 0.0
    return {"micro_f1": float(micro), "macro_f1": float(np.mean(supported)) if supported else 0.0}


#: bootstrap defaults: resamples and seed (fixed, so an interval is the same on every run)
RESAMPLES = 1000
BOOTSTRAP_SEED = 20261122


def micro_f1_of(sums: np.ndarray) -> np.ndarray:
    """Micro-F1 of summed ``(tp, fp, fn)`` columns, one value per row (0 without a true positive)."""
    tp, fp, fn = sums[:, 0], sums[:, 1], sums[:, 2]
    return np.where(tp > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)


def bootstrap_interval(counts: np.ndarray, groups: list[str], statistic=micro_f1_of, resamples: int = RESAMPLES,
                       level: float = 0.95, seed: int = BOOTSTRAP_SEED) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic`` over resampled *groups* (threads).

    ``counts``: one row per comment of additive counts (e.g. tp, fp, fn summed over a
    kind's labels); ``groups``: each row's thread. Comments of a thread are not independent
    (they share a subject), so whole threads are drawn with replacement — as many as there
    are — and the statistic is computed from the drawn threads' summed counts. The same
    inputs and seed give the same interval."""
    counts = np.asarray(counts, dtype=np.float64).reshape(len(groups), -1)
    if not len(groups):
        return 0.0, 0.0
    names, index = np.unique(np.asarray(groups, dtype=object).astype(str), return_inverse=True)
    per_group = np.zeros((len(names), counts.shape[1]))
    np.add.at(per_group, index, counts)
    draws = np.random.default_rng(seed).integers(0, len(names), size=(resamples, len(names)))
    taken = np.zeros((resamples, len(names)))
    np.add.at(taken, (np.repeat(np.arange(resamples), len(names)), draws.ravel()), 1.0)
    values = statistic(taken @ per_group)
    tail = (1.0 - level) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def group_scores(pred: list[set[str]], gold: list[set[str]], groups: list[str], labels) -> dict[str, tuple]:
    """Per group (e.g. a source): (micro-F1 over ``labels``, gold positives, rows), groups sorted."""
    labels = set(labels)
    counts: dict[str, list[int]] = {}
    for p, g, group in zip(pred, gold, groups):
        c = counts.setdefault(group, [0, 0, 0, 0])
        c[0] += len(p & g & labels)
        c[1] += len((p - g) & labels)
        c[2] += len((g - p) & labels)
        c[3] += 1
    return {group: (2 * tp / (2 * tp + fp + fn) if tp else 0.0, tp + fn, rows)
            for group, (tp, fp, fn, rows) in sorted(counts.items())}


def group_macro(scores: dict[str, tuple], minimum: int) -> float:
    """The mean of per-group micro-F1 over groups with at least ``minimum`` gold positives:
    every group (source) counts once, however many rows it has."""
    kept = [f for f, positives, _ in scores.values() if positives >= minimum]
    return float(np.mean(kept)) if kept else 0.0
