"""Per-label precision, recall and F1 of the default classifiers on every labelled set
we have (issue 11). Not a test: it reads ``../shared/corpora/`` and prints a table.

    python benchmarks/evaluate_labels.py            # training split, seed, GermEval, One Million Posts
    python benchmarks/evaluate_labels.py --test     # also the held-out test split (score it once, at the end)
    python benchmarks/evaluate_labels.py --holdout2 # also the second held-out set (One Million Posts, German)
    python benchmarks/evaluate_labels.py --holdout3 # also the third held-out set (One Million Posts, German)
    python benchmarks/evaluate_labels.py --only-held-out --test --holdout2 --holdout3  # skip the other sets

* ``train``: our corpus's training split, classified as a user would (``classify``
  defaults). Its tone and topic figures are *in-sample* for the shipped models (they were
  fitted on these rows); ``train-cv`` gives the honest figures: 5-fold cross-validation
  grouped by thread (benchmarks/train_defaults.py), out-of-fold predictions.
* ``test``: the held-out split (never trained or tuned on).
* ``seed``: the 25-comment seed thread (tests/fixtures/seed_gold.csv).
* ``germeval18``: default ``hostile`` vs OFFENSE, out-of-fold (the model trains on it).
* ``germeval21``: default ``hostile`` vs Sub1_Toxic, macro-F1 (never trained or tuned on).
* One Million Posts dev: polarity vs SentimentNegative, ``hostile`` vs Inappropriate/Discriminating.
* ``off-topic``: share of comments given a topic on threads where no gold label has one.
"""

from __future__ import annotations

import csv
import lzma
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from labelled_corpus import CORPORA, TONES, TOPICS, read_labels  # noqa: E402
from train_defaults import corpus_texts  # noqa: E402

from comments.classification.classify import classify  # noqa: E402
from comments.model.records import Comment, ParsedThread, Thread  # noqa: E402


def threads_of(rows: list[dict]) -> list[ParsedThread]:
    by_thread: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        by_thread[(r["source"], r["thread_id"])].append(r)
    out = []
    for (source, thread_id), members in by_thread.items():
        ids = {r["id"] for r in members}
        comments = [Comment(id=r["id"], parent_id=r["parent_id"] if r["parent_id"] in ids else None, text=r["text"])
                    for r in members]
        out.append(ParsedThread(Thread(thread_id=f"{source}:{thread_id}", site=source), comments))
    return out


def counts(pred: list[set[str]], gold: list[set[str]], labels: list[str]) -> dict[str, tuple[int, int, int, int]]:
    """label → (support, tp, fp, fn)."""
    out = {}
    for label in labels:
        p = np.array([label in x for x in pred])
        g = np.array([label in x for x in gold])
        out[label] = (int(g.sum()), int((p & g).sum()), int((p & ~g).sum()), int((~p & g).sum()))
    return out


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def table(name: str, result: dict[str, tuple[int, int, int, int]], minimum: int = 20) -> None:
    print(f"\n{name}")
    print(f"  {'label':<22}{'support':>8}{'P':>7}{'R':>7}{'F1':>7}")
    for label, (support, tp, fp, fn) in result.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        note = "" if support >= minimum else "  insufficient support"
        print(f"  {label:<22}{support:>8}{p:>7.2f}{r:>7.2f}{f1(tp, fp, fn):>7.2f}{note}")
    for kind, labels in (("topics", TOPICS), ("tone", TONES)):
        kept = [result[x] for x in labels if x in result]
        if kept:
            tp, fp, fn = (sum(k[i] for k in kept) for i in (1, 2, 3))
            print(f"  {kind + ' micro-F1':<22}{'':>22}{f1(tp, fp, fn):>7.2f}")


def corpus_split(rows: list[dict], split: str, gold_file: Path = ROOT / "data" / "labelled" / "gold.csv") -> None:
    gold = read_labels(gold_file)
    rows = [r for r in rows if r["split"] == split]
    threads = classify(threads_of(rows))
    by_key = {(pt.thread.thread_id, c.id): c for pt in threads for c in pt.comments}
    comments = [by_key[(f"{r['source']}:{r['thread_id']}", r["id"])] for r in rows]
    gold_topics = [gold[r["key"]][0] for r in rows]
    gold_tone = [gold[r["key"]][1] for r in rows]
    result = counts([set(c.topics) for c in comments], gold_topics, TOPICS)
    result.update(counts([set(c.tone) for c in comments], gold_tone, TONES))
    table(f"{split} split ({len(rows)} comments{', held out' if split != 'train' else ''})", result)
    on_topic: dict[str, bool] = defaultdict(bool)
    for r, g in zip(rows, gold_topics):
        on_topic[f"{r['source']}:{r['thread_id']}"] |= bool(g)
    off = [c for r, c in zip(rows, comments) if not on_topic[f"{r['source']}:{r['thread_id']}"]]
    given = sum(1 for c in off if c.topics)
    share = given / len(off) if off else 0.0
    print(f"  off-topic threads: {given} of {len(off)} comments given a topic ({share:.1%})")


def training_cv() -> None:
    from train_defaults import SETTINGS, TOPIC_SETTINGS, cross_validate, topic_cv_predictions, topic_training_data
    from train_defaults import training_data

    data = topic_training_data()
    y = data[1]
    pred = topic_cv_predictions(TOPIC_SETTINGS, data)
    gold = [{t for t, v in y.items() if v[i]} for i in range(len(pred))]
    table("train split, topic model 5-fold cross-validated (grouped by thread)", counts(pred, gold, TOPICS))
    texts, labels, groups, ours = training_data()
    tone = cross_validate(SETTINGS, texts, labels, groups, ours)
    table("train split, tone model 5-fold cross-validated (grouped by thread)",
          {t: (int(labels[t][ours].sum()), *tone[t]) for t in TONES})


def seed() -> None:
    from comments.classification.evaluate import evaluate, read_gold
    from comments.io.pipeline import read_inputs

    path = ROOT / "data" / "raw" / "stadt-bremerhaven.de__xiaomi-kuba-syrien.txt"
    result = read_inputs([str(path)])
    classify(result.threads)
    scores, _ = evaluate(result.comments, read_gold(ROOT / "tests" / "fixtures" / "seed_gold.csv"))
    table("seed thread (25 comments)", {s.label: (s.support, s.tp, s.fp, s.fn) for s in scores})


def _hostile(texts: list[str]) -> np.ndarray:
    threads = [ParsedThread(Thread(thread_id=f"t{i}"), [Comment(id="c", text=t)]) for i, t in enumerate(texts)]
    classify(threads)
    return np.array([int("hostile" in pt.comments[0].tone) for pt in threads])


def binary(name: str, y: np.ndarray, pred: np.ndarray) -> None:
    pos = (int((pred & y).sum()), int((pred & (1 - y)).sum()), int(((1 - pred) & y).sum()))
    neg = (int(((1 - pred) & (1 - y)).sum()), int(((1 - pred) & y).sum()), int((pred & (1 - y)).sum()))
    print(f"\n{name}\n  positives {int(y.sum())} of {len(y)}; F1 (positive) {f1(*pos):.3f}; "
          f"macro-F1 {(f1(*pos) + f1(*neg)) / 2:.3f}")


def germeval21() -> None:
    path = CORPORA / "labeled_de" / "germeval2021" / "GermEval21_TrainData.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    binary("GermEval 2021 training file: default hostile vs Sub1_Toxic (never trained or tuned on)",
           np.array([int(r["Sub1_Toxic"]) for r in rows]), _hostile([r["comment_text"] for r in rows]))


def germeval18() -> None:
    from train_defaults import SETTINGS, training_data

    from comments.classification.learn import train

    texts, labels, groups, ours = training_data()
    model, _ = train(texts, labels, "tone", "auto", 5, None, groups, **SETTINGS)
    rows = ~ours  # the GermEval 2018 tweets outside our sample: labelled for hostile only
    threshold = model.thresholds[model.labels.index("hostile")]
    binary("GermEval 2018 training file (tweets outside our sample): hostile vs OFFENSE, 5-fold out-of-fold",
           labels["hostile"][rows], (train.last_oof["hostile"][rows] >= threshold).astype(int))


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
           np.array([int(result[p].polarity < 0) for p in negative]))
    rude = sorted(set(labelled["Inappropriate"]) | set(labelled["Discriminating"]))
    binary(f"One Million Posts dev: hostile vs Inappropriate or Discriminating ({len(rude)} posts)",
           np.array([max(labelled["Inappropriate"].get(p, 0), labelled["Discriminating"].get(p, 0)) for p in rude]),
           np.array([int("hostile" in result[p].tone) for p in rude]))


def main(argv: list[str]) -> int:
    rows = corpus_texts()
    if "--only-held-out" not in argv:
        corpus_split(rows, "train")
        training_cv()
        seed()
        germeval18()
        germeval21()
        omp_dev()
    if "--test" in argv:
        corpus_split(rows, "test")
    for name in ("holdout2", "holdout3"):
        if f"--{name}" in argv:
            import labelled_corpus

            held = getattr(labelled_corpus, f"{name}_rows")()
            corpus_split(held, name, ROOT / "data" / "labelled" / name / "gold.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
