"""Why the default tone model gives ``critical`` to neutral questions and answers and ``sarcastic`` to
friendly winks (issue #11, session 13). Read from the **training split only**: out-of-fold
probabilities of the shipped settings (``train_defaults.SETTINGS``, thread-held-out folds, the
real comments), never from a test, held-out or external set.

    python benchmarks/diagnose_tone.py            # the shipped settings
    python benchmarks/diagnose_tone.py --only 22  # a ``train_defaults.CANDIDATES`` entry instead
    python benchmarks/diagnose_tone.py --errors   # session 19: error classes, sources held out

Printed, per language (the comment's own, as ``classify`` reads it): each label's gold base rate,
predicted rate, precision and recall at the shipped threshold; the share of gold non-critical
questions and answers given ``critical``; how often a contrast or negation word ("but", "not",
"aber", "nicht", …) comes with ``critical`` in gold and in the predictions; how well the Platt
calibration matches the gold rate (reliability by probability band); and for ``sarcastic``, the
comments with a wink or another emoji.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import train_defaults  # noqa: E402
from labelled_corpus import TONES  # noqa: E402

#: words that mark a contrast or a negation: a comment that has one is not for that reason critical
NEGATION = re.compile(r"\b(but|not|don't|doesn't|isn't|can't|won't|no|aber|nicht|kein|keine|nein|doch)\b", re.I)
BANDS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def rate(mask: np.ndarray, of: np.ndarray) -> str:
    """``of``'s share among the rows of ``mask``, as "P % (k of n)"."""
    n = int(mask.sum())
    k = int((of & mask).sum())
    return f"{k / n:6.1%} ({k} of {n})" if n else "   – (0 of 0)"


def diagnose(settings: dict) -> dict[str, dict[str, float]]:
    """Print the diagnosis of ``settings``' out-of-fold predictions and return its key shares
    (language → name → share), so that a test can check them on a small corpus."""
    from comments.classification.learn import comment_language
    from comments.classification.tone import features

    data = train_defaults.training_data(team=True)
    texts, labels, groups, ours = data
    model, _, oof = train_defaults.fit_tone(settings, data, "thread")
    keep = np.flatnonzero(ours)
    rows = train_defaults.train_rows()
    language = np.array(["de" if rows[i]["source"] == "germeval18" else comment_language(texts[i]) for i in keep])
    cut = {t: train_defaults.fit_tone.thresholds[t][keep] for t in TONES}  # per row: a candidate may calibrate by language
    gold = {t: labels[t][keep].astype(bool) for t in TONES}
    prob = {t: oof[t][keep] for t in TONES}
    pred = {t: prob[t] >= cut[t] for t in TONES}
    cue = [features(texts[i]) for i in keep]
    winks = np.array([f["winks"] > 0 for f in cue])
    emoji = np.array([f["emoji"] > 0 for f in cue]) & ~winks
    negation = np.array([bool(NEGATION.search(texts[i])) for i in keep])
    question = np.array(["?" in texts[i] for i in keep])
    out: dict[str, dict[str, float]] = {}
    for lang in ("de", "en"):
        mine = language == lang
        print(f"\n=== {lang}: {int(mine.sum())} real training comments (out-of-fold, thread-held-out)")
        for t in TONES:
            tp = int((pred[t] & gold[t] & mine).sum())
            p, g = int((pred[t] & mine).sum()), int((gold[t] & mine).sum())
            print(f"  {t:<12} gold {g / mine.sum():6.1%}  predicted {p / mine.sum():6.1%}  "
                  f"P {tp / p if p else 0:.2f}  R {tp / g if g else 0:.2f}  threshold {cut[t][mine].mean():.3f}")
        neutral = mine & ~gold["critical"]
        neutral_q = neutral & gold["questioning"]
        neutral_a = neutral & ~gold["questioning"] & (gold["informative"] | gold["supportive"])
        print(f"  critical given to gold non-critical genuine questions: {rate(neutral_q, pred['critical'])}")
        print(f"  critical given to gold non-critical answers (informative/supportive): "
              f"{rate(neutral_a, pred['critical'])}")
        print(f"  critical given to gold non-critical comments with '?': {rate(neutral & question, pred['critical'])}")
        print(f"  contrast/negation word: gold critical {rate(mine & negation, gold['critical'])}, predicted "
              f"{rate(mine & negation, pred['critical'])}; without one: gold {rate(mine & ~negation, gold['critical'])},"
              f" predicted {rate(mine & ~negation, pred['critical'])}")
        print(f"  critical given to gold non-critical comments with a contrast/negation word: "
              f"{rate(neutral & negation, pred['critical'])}; without one: {rate(neutral & ~negation, pred['critical'])}")
        print("  calibration of critical (probability band: comments, mean probability, gold rate):")
        for lo, hi in zip(BANDS, BANDS[1:]):
            band = mine & (prob["critical"] >= lo) & (prob["critical"] < hi if hi < 1 else True)
            if band.any():
                print(f"    [{lo:.1f}, {hi:.1f}) {int(band.sum()):5}  mean p {prob['critical'][band].mean():.2f}  "
                      f"gold {gold['critical'][band].mean():.2f}")
        print(f"  sarcastic: comments with a wink: gold {rate(mine & winks, gold['sarcastic'])}, predicted "
              f"{rate(mine & winks, pred['sarcastic'])}; with another emoji: gold {rate(mine & emoji, gold['sarcastic'])}"
              f", predicted {rate(mine & emoji, pred['sarcastic'])}; "
              f"without either: gold {rate(mine & ~winks & ~emoji, gold['sarcastic'])}, "
              f"predicted {rate(mine & ~winks & ~emoji, pred['sarcastic'])}")
        print(f"  sarcastic given to gold non-sarcastic supportive comments: "
              f"{rate(mine & ~gold['sarcastic'] & gold['supportive'], pred['sarcastic'])}")
        share = (lambda m, of: float((of & m).sum() / m.sum()) if m.any() else 0.0)
        out[lang] = {"critical_gold": share(mine, gold["critical"]), "critical_pred": share(mine, pred["critical"]),
                     "critical_on_neutral_questions": share(neutral_q, pred["critical"]),
                     "critical_on_neutral_answers": share(neutral_a, pred["critical"]),
                     "sarcastic_on_winks": share(mine & winks, pred["sarcastic"])}
    weights = dict(zip(model.labels, model.coef))
    hand = {name: len(model.word_vocab) + len(model.char_vocab) + i
            for i, name in enumerate(train_defaults_hand_features())}
    print("\nfull model: cue-feature weights (× the feature's scale) for critical / sarcastic")
    for name in ("contrast", "disagree", "criticism", "questions", "opens_with_question", "asks", "wonder",
                 "explain", "winks", "emoji", "agree", "propose"):
        print(f"  {name:<20} critical {weights['critical'][hand[name]]:+.3f}  "
              f"sarcastic {weights['sarcastic'][hand[name]]:+.3f}")
    return out


#: session 19: the surface properties an error is classed by (a cue feature of ``tone.features`` > 0, or a test)
ERROR_CLASSES = {
    "English": lambda f, text, lang: lang == "en",
    "short (≤ 8 words)": lambda f, text, lang: f["words"] <= math.log1p(8),
    "question mark": lambda f, text, lang: "?" in text,
    "exclamation": lambda f, text, lang: f["exclaims"] > 0,
    "wink or emoji": lambda f, text, lang: f["winks"] > 0 or f["emoji"] > 0,
    "quotes / scare quotes": lambda f, text, lang: f["quotes"] > 0 or f["scare_quotes"] > 0,
    "contrast / negation word": lambda f, text, lang: bool(NEGATION.search(text)),
    "insult or vulgar cue": lambda f, text, lang: f["insult"] > 0 or f["vulgar"] > 0,
    "irony cue": lambda f, text, lang: f["irony"] > 0 or f["irony_strong"] > 0,
    "agree cue": lambda f, text, lang: f["agree"] > 0,
    "no cue of the label's kind": None,  # filled per label below
}
#: the cue features that speak for a label (an error "without a cue" has none of them)
LABEL_CUES = {"informative": ("source", "explain", "evidence", "numbers", "urls"),
              "questioning": ("questions", "asks", "wonder"),
              "critical": ("criticism", "disagree", "contrast"),
              "sarcastic": ("irony", "irony_strong", "winks", "scare_quotes", "stretched"),
              "hostile": ("insult", "vulgar", "belittle", "masked"),
              "supportive": ("agree", "propose")}


def errors(settings: dict) -> dict[str, dict[str, dict[str, int]]]:
    """Session 19: the error classes of ``settings``' **source-held-out** predictions (each real source predicted by
    a model of the others, the floor applied: what the criterion scores) on the training split's real comments —
    per tone, its true positives, false positives and misses by source, and how many of each have each of
    :data:`ERROR_CLASSES`. Returns tone → kind ("tp", "fp", "fn") → class → count."""
    from comments.classification.learn import comment_language
    from comments.classification.tone import features

    data = train_defaults.training_data(team=True)
    texts = data[0]
    pred, gold, keys = train_defaults.tone_cv_predictions(settings, data, "source")
    rows = train_defaults.train_rows()[:len(pred)]
    texts = texts[:len(pred)]
    lang = ["de" if r["source"] == "germeval18" else comment_language(t) for r, t in zip(rows, texts)]
    cue = [features(t) for t in texts]
    sources = [train_defaults.source_of(k) for k in keys]
    out: dict[str, dict[str, dict[str, int]]] = {}
    print(f"source-held-out predictions of {settings}")
    for t in TONES:
        out[t] = {}
        kinds = {"tp": [i for i in range(len(pred)) if t in pred[i] and t in gold[i]],
                 "fp": [i for i in range(len(pred)) if t in pred[i] and t not in gold[i]],
                 "fn": [i for i in range(len(pred)) if t not in pred[i] and t in gold[i]]}
        by_source = {k: {s: sum(sources[i] == s for i in rows_) for s in ("blogs", "reddit", "tweets")}
                     for k, rows_ in kinds.items()}
        print(f"\n{t}: " + "; ".join(f"{k} {len(v)} (" + ", ".join(f"{s} {n}" for s, n in by_source[k].items()) + ")"
                                      for k, v in kinds.items()))
        for name, test in ERROR_CLASSES.items():
            if test is None:
                test = (lambda f, text, l, t=t: not any(f[c] > 0 for c in LABEL_CUES[t]))
            counts = {k: sum(bool(test(cue[i], texts[i], lang[i])) for i in v) for k, v in kinds.items()}
            out[t][name] = counts
            print(f"    {name:<28}" + "  ".join(f"{k} {n:>5} ({n / max(len(kinds[k]), 1):4.0%})"
                                             for k, n in counts.items()))
    return out


def train_defaults_hand_features() -> tuple[str, ...]:
    from comments.classification.learn import HAND_FEATURES

    return HAND_FEATURES


def main(argv: list[str]) -> int:
    settings = train_defaults.SETTINGS
    if "--only" in argv:
        settings = train_defaults.CANDIDATES[int(argv[argv.index("--only") + 1])]
    if "--errors" in argv:
        errors(settings)
        return 0
    diagnose(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
