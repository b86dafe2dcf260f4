"""Per-label precision, recall and F1 of the default classifiers on every labelled set
we have (issue 11). Not a test: it reads ``../shared/corpora/`` and prints a table.

    python benchmarks/evaluate_labels.py            # training split, seed, GermEval, One Million Posts
    python benchmarks/evaluate_labels.py --cv-only  # training split (both CV criteria) and the seed only
    python benchmarks/evaluate_labels.py --test     # also the held-out test split (score it once, at the end)
    python benchmarks/evaluate_labels.py --holdout2 # also the second held-out set (One Million Posts, German)
    python benchmarks/evaluate_labels.py --holdout3 # also the third held-out set (One Million Posts, German)
    python benchmarks/evaluate_labels.py --holdout4 # also the fourth held-out set (One Million Posts, German)
    python benchmarks/evaluate_labels.py --holdout5 # also the fifth (data/labelled/holdout5/)
    python benchmarks/evaluate_labels.py --holdout6 # also the sixth (data/labelled/holdout6/)
    python benchmarks/evaluate_labels.py --holdout7 # also the seventh (data/labelled/holdout7/)
    python benchmarks/evaluate_labels.py --holdout8 # also the eighth (GermEval 2021 comments; score it once, at the end)
    python benchmarks/evaluate_labels.py --holdout9 # also the ninth (One Million Posts, with parents; once, at the end)
    python benchmarks/evaluate_labels.py --holdout10 # also the tenth (One Million Posts, with parents; at the end)
    python benchmarks/evaluate_labels.py --holdout11 # also the eleventh (GermEval 2021, session 20; at the end)
    python benchmarks/evaluate_labels.py --only-held-out --test --holdout2 --holdout3  # skip the other sets

* ``train``: our corpus's training split, classified as a user would (``classify``
  defaults). Its tone and topic figures are *in-sample* for the shipped models (they were
  fitted on these rows); ``train-cv`` gives the honest figures: 5-fold cross-validation
  grouped by thread (benchmarks/train_defaults.py), out-of-fold predictions.
* ``test``: the held-out split (never trained or tuned on).
* ``seed``: the 25-comment seed thread (tests/fixtures/seed_gold.csv).
* GermEval 2018: no separate check. Since wave 5 every tweet of its training file is in our
  training split with our own labels (``hostile`` by SPEC's definition), so no tweet is left
  out of sample to score against OFFENSE; its CV figures are the ``tweets`` source of ``train-cv``.
* ``germeval21``: default ``hostile`` vs Sub1_Toxic, macro-F1 (never trained or tuned on).
* One Million Posts dev: polarity vs SentimentNegative, ``hostile`` vs Inappropriate/Discriminating.
* ``off-topic``: share of comments given a topic on threads where no gold label has one.

Every F1 has a 95 % bootstrap interval: the set's threads are drawn with replacement
(as many as it has, 1,000 times, fixed seed) and the statistic recomputed on the drawn
threads' comments; the 2.5th and 97.5th percentiles are the interval. Threads, not
comments, are resampled because a thread's comments share a subject. A held-out set
has 20-40 topic positives in a handful of threads: its interval is wide, and a
difference inside it is not a difference. (Single-text sets such as GermEval resample
texts; the seed, one thread, resamples comments.) ``train-cv`` prints both selection
criteria (thread-held-out pooled micro-F1 and source-held-out macro over sources).
"""

from __future__ import annotations

import argparse
import csv
import lzma
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from labelled_corpus import CORPORA, HOLDOUTS, TONES, TOPICS, read_labels  # noqa: E402
from train_defaults import corpus_texts  # noqa: E402

from comments.classification.classify import classify  # noqa: E402
from comments.classification.evaluate import RESAMPLES, bootstrap_interval  # noqa: E402
from comments.model.records import Comment, ParsedThread, Thread  # noqa: E402


#: ``Comment.meta`` key of a context comment: a scored reply's parent that is not itself scored
CONTEXT = "context"


def threads_of(rows: list[dict], context: bool = False) -> list[ParsedThread]:
    """The rows as threads, each with its post's title (``Thread.title``). With ``context`` (the scorer:
    the annotators read each comment with its parent's text and the title), every known parent that is
    not itself a row becomes an unscored context comment (``meta[CONTEXT]``, text from ``parent_text``,
    placed before its first reply), so a reply is classified under the parent the annotators saw; the
    rows and their order are unchanged. A row without ``parent_text`` (the older sets) adds none."""
    by_thread: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        by_thread[(r["source"], r["thread_id"])].append(r)
    out = []
    for (source, thread_id), members in by_thread.items():
        ids = {r["id"] for r in members}
        comments: list[Comment] = []
        known: set[str] = set()
        for r in members:
            parent = r["parent_id"]
            if context and parent and parent not in ids and parent not in known and r.get("parent_text", "").strip():
                known.add(parent)
                comments.append(Comment(id=parent, text=r["parent_text"], meta={CONTEXT: True}))
            linked = parent in ids or parent in known
            comments.append(Comment(id=r["id"], parent_id=parent if linked else None, text=r["text"]))
        title = members[0].get("title") or None
        out.append(ParsedThread(Thread(thread_id=f"{source}:{thread_id}", site=source, title=title), comments))
    return out


def counts(pred: list[set[str]], gold: list[set[str]], labels: list[str]) -> dict[str, tuple[int, int, int, int]]:
    """label → (support, tp, fp, fn)."""
    return {label: (int(c[:, 2].sum() + c[:, 0].sum()), *(int(v) for v in c.sum(axis=0)))
            for label, c in row_counts(pred, gold, labels).items()}


def row_counts(pred: list[set[str]], gold: list[set[str]], labels: list[str]) -> dict[str, np.ndarray]:
    """label → rows × (tp, fp, fn), one row per comment."""
    out = {}
    for label in labels:
        p = np.array([label in x for x in pred], dtype=bool)
        g = np.array([label in x for x in gold], dtype=bool)
        out[label] = np.stack([p & g, p & ~g, ~p & g], axis=1).astype(int).reshape(len(pred), 3)
    return out


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def interval(rows: np.ndarray, groups: list[str]) -> str:
    low, high = bootstrap_interval(rows, groups)
    return f"[{low:.2f}, {high:.2f}]"


def table(name: str, pred: list[set[str]], gold: list[set[str]], groups: list[str], minimum: int = 20,
          labels: tuple[list[str], ...] = (TOPICS, TONES)) -> None:
    """Per-label support, P, R, F1 and its 95 % bootstrap interval (threads resampled,
    ``groups`` = each comment's thread), then micro-F1 per kind with its interval."""
    print(f"\n{name}  ({len(set(groups))} threads; 95 % intervals: {RESAMPLES} bootstrap resamples of threads)")
    print(f"  {'label':<22}{'support':>8}{'P':>7}{'R':>7}{'F1':>7}  {'95 % interval':<14}")
    for kind, names in zip(("topics", "tone"), labels):
        rows = row_counts(pred, gold, names)
        for label, c in rows.items():
            tp, fp, fn = (int(v) for v in c.sum(axis=0))
            support = tp + fn
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            note = "" if support >= minimum else "  insufficient support"
            print(f"  {label:<22}{support:>8}{p:>7.2f}{r:>7.2f}{f1(tp, fp, fn):>7.2f}  {interval(c, groups):<14}{note}")
        if rows:
            pooled = sum(rows.values())
            print(f"  {kind + ' micro-F1':<22}{'':>22}{f1(*pooled.sum(axis=0)):>7.2f}  {interval(pooled, groups)}")


def corpus_split(rows: list[dict], split: str, gold_file: Path = ROOT / "data" / "labelled" / "gold.csv") -> None:
    gold = read_labels(gold_file)
    unlabelled = [r for r in rows if r["split"] == split and r["key"] not in gold]
    rows = [r for r in rows if r["split"] == split and r["key"] in gold]
    if unlabelled:
        print(f"\n{split}: {len(unlabelled)} comments have no gold label in {gold_file} (left out of the scores)")
    threads = classify(threads_of(rows, context=True))  # predictions are read for the rows only
    by_key = {(pt.thread.thread_id, c.id): c for pt in threads for c in pt.comments}
    comments = [by_key[(f"{r['source']}:{r['thread_id']}", r["id"])] for r in rows]
    groups = [f"{r['source']}:{r['thread_id']}" for r in rows]
    gold_sets = [gold[r["key"]][0] | gold[r["key"]][1] for r in rows]
    table(f"{split} split ({len(rows)} comments{', held out' if split != 'train' else ''})",
          [set(c.topics) | set(c.tone) for c in comments], gold_sets, groups)
    on_topic: dict[str, bool] = defaultdict(bool)
    for r, g in zip(rows, gold_sets):
        on_topic[f"{r['source']}:{r['thread_id']}"] |= bool(g & set(TOPICS))
    off = [c for r, c in zip(rows, comments) if not on_topic[f"{r['source']}:{r['thread_id']}"]]
    given = sum(1 for c in off if c.topics)
    share = given / len(off) if off else 0.0
    print(f"  off-topic threads: {given} of {len(off)} comments given a topic ({share:.1%})")


def training_cv() -> None:
    """Out-of-fold figures of the shipped settings under both selection criteria:
    5-fold CV grouped by thread (pooled micro-F1) and source-held-out CV (the macro over
    sources of per-source micro-F1, see train_defaults.py)."""
    from train_defaults import SETTINGS, TOPIC_SETTINGS, source_of, tone_cv_predictions, topic_cv_predictions
    from train_defaults import is_training_only, show_sources, topic_training_data, training_data

    data = topic_training_data()
    real = [i for i, k in enumerate(data[5]) if not is_training_only(k)]  # a team-written source is never scored
    y, thread_keys = data[1], [data[5][i] for i in real]
    gold = [{t for t, v in y.items() if v[i]} for i in real]
    for folds in ("thread", "source"):
        everything = topic_cv_predictions(TOPIC_SETTINGS, data, folds=folds)
        pred = [everything[i] for i in real]
        table(f"train split, topic model cross-validated ({folds}-held-out folds)", pred, gold, thread_keys,
              labels=(TOPICS, []))
        show_sources("  per source", pred, gold, [source_of(k) for k in thread_keys], TOPICS)
    tone_data = training_data()
    for folds in ("thread", "source"):
        pred, gold_tone, keys = tone_cv_predictions(SETTINGS, tone_data, folds=folds)
        table(f"train split, tone model cross-validated ({folds}-held-out folds)", pred, gold_tone, keys,
              labels=([], TONES))
        show_sources("  per source", pred, gold_tone, [source_of(k) for k in keys], TONES)


def seed() -> None:
    """The seed thread is one thread: its interval resamples comments."""
    from comments.classification.evaluate import evaluate, read_gold
    from comments.io.pipeline import read_inputs

    path = ROOT / "data" / "raw" / "stadt-bremerhaven.de__xiaomi-kuba-syrien.txt"
    result = read_inputs([str(path)])
    classify(result.threads)
    scores = evaluate(result.comments, read_gold(ROOT / "tests" / "fixtures" / "seed_gold.csv"))[0]
    n = len(scores[0].truth) if scores else 0
    pred = [{s.label for s in scores if s.predicted[i]} for i in range(n)]
    gold = [{s.label for s in scores if s.truth[i]} for i in range(n)]
    table("seed thread (25 comments; the interval resamples comments)", pred, gold, [str(i) for i in range(n)])


def _hostile(texts: list[str]) -> np.ndarray:
    threads = [ParsedThread(Thread(thread_id=f"t{i}"), [Comment(id="c", text=t)]) for i, t in enumerate(texts)]
    classify(threads)
    return np.array([int("hostile" in pt.comments[0].tone) for pt in threads])


def _macro_of(sums: np.ndarray) -> np.ndarray:
    """Binary macro-F1 of summed (tp, fp, fn, tn) columns, one value per row."""
    from comments.classification.evaluate import micro_f1_of

    return (micro_f1_of(sums[:, :3]) + micro_f1_of(sums[:, [3, 2, 1]])) / 2


def binary(name: str, y: np.ndarray, pred: np.ndarray) -> None:
    """F1 and macro-F1 of a 0/1 column, with a 95 % bootstrap interval (each text its own unit)."""
    y, pred = np.asarray(y).astype(bool), np.asarray(pred).astype(bool)
    rows = np.stack([pred & y, pred & ~y, ~pred & y, ~pred & ~y], axis=1).astype(int)
    tp, fp, fn, tn = (int(v) for v in rows.sum(axis=0))
    low, high = bootstrap_interval(rows, [str(i) for i in range(len(y))], _macro_of)
    print(f"\n{name}\n  positives {int(y.sum())} of {len(y)}; F1 (positive) {f1(tp, fp, fn):.3f}; "
          f"macro-F1 {(f1(tp, fp, fn) + f1(tn, fn, fp)) / 2:.3f}  95 % interval [{low:.3f}, {high:.3f}]")


def germeval21() -> None:
    path = CORPORA / "labeled_de" / "germeval2021" / "GermEval21_TrainData.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    binary("GermEval 2021 training file: default hostile vs Sub1_Toxic (never trained or tuned on)",
           np.array([int(r["Sub1_Toxic"]) for r in rows]), _hostile([r["comment_text"] for r in rows]))


def omp_dev() -> None:
    """One Million Posts dev (as the README measures polarity): ``polarity < 0`` vs
    SentimentNegative, and ``hostile`` vs Inappropriate or Discriminating, each on the
    posts annotated for that category."""
    with lzma.open(CORPORA / "labeled_de" / "one_million_posts" / "posts_labeled_dev.csv.xz", "rt",
                   encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    text: dict[str, str] = {}
    labelled: dict[str, dict[str, int]] = defaultdict(dict)
    for r in rows:
        text[r["ID_Post"]] = "\n".join(filter(None, (r.get("Headline"), r.get("Body"))))
        if r.get("Value") in ("0", "1"):
            labelled[r["Category"]][r["ID_Post"]] = max(labelled[r["Category"]].get(r["ID_Post"], 0), int(r["Value"]))
    posts = sorted(text)
    threads = [ParsedThread(Thread(thread_id=p), [Comment(id=p, text=text[p])]) for p in posts]
    classify(threads)
    result = {pt.thread.thread_id: pt.comments[0] for pt in threads}
    negative = sorted(labelled["SentimentNegative"])
    binary(f"One Million Posts dev: polarity < 0 vs SentimentNegative ({len(negative)} posts)",
           np.array([labelled["SentimentNegative"][p] for p in negative]),
           np.array([int(result[p].polarity is not None and result[p].polarity < 0) for p in negative]))  # (None: no word)
    rude = sorted(set(labelled["Inappropriate"]) | set(labelled["Discriminating"]))
    binary(f"One Million Posts dev: hostile vs Inappropriate or Discriminating ({len(rude)} posts)",
           np.array([max(labelled["Inappropriate"].get(p, 0), labelled["Discriminating"].get(p, 0)) for p in rude]),
           np.array([int("hostile" in result[p].tone) for p in rude]))


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The sets to score; an unknown flag is an error (it used to run every set silently)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv-only", action="store_true",
                        help="training split (both CV criteria) and the seed only")
    parser.add_argument("--only-held-out", action="store_true",
                        help="skip the training split, the seed and the external sets")
    parser.add_argument("--test", action="store_true",
                        help="also the held-out test split (score it once, at the end)")
    for name in HOLDOUTS:
        parser.add_argument(f"--{name}", action="store_true", help=f"also data/labelled/{name}/")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    rows = corpus_texts() if not args.only_held_out or args.test else []
    if not args.only_held_out:
        corpus_split(rows, "train")
        training_cv()
        seed()
        if not args.cv_only:
            germeval21()
            omp_dev()
    if args.test:
        corpus_split(rows, "test")
    missing = 0
    for name in HOLDOUTS:
        if getattr(args, name):
            gold_file = ROOT / "data" / "labelled" / name / "gold.csv"
            if not gold_file.is_file():
                print(f"{name}: {gold_file.relative_to(ROOT)} not found — this held-out set has not been "
                      f"labelled yet (nothing scored for it)", file=sys.stderr)
                missing += 1
                continue
            corpus_split(HOLDOUTS[name](), name, gold_file)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
