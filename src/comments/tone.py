"""Tone: the six SPEC tone labels and polarity, from cues comment language uses.

textblob-de alone misses irony and much colloquial German, so each comment is turned
into a small, explainable feature vector — lexicon hits (``data/tone.toml``), irony
markers (winks, *ggg*, mock quotes, stretched words), questions and demands for
sources, insults and masked vulgarity (``d*ck``, ``gef****t``), links, numbers and
quotes, and lexicon polarity — and one logistic model per label turns the features
into a probability. The weights are set by hand from the label definitions (no
labelled data is shipped); ``comments train`` fits models on users' own labels.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from comments import lexicon as lexicon_mod
from comments.polarity import polarity as lexicon_polarity
from comments.tokens import words

TONES = ("informative", "questioning", "critical", "sarcastic", "hostile", "supportive")
THRESHOLD = 0.5

_URL = re.compile(r"https?://\S+|www\.\S+")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:%|prozent|percent|€|euro|\$|jahre|years|wochen|weeks|tage|days)?", re.I)
_QUOTE = re.compile(r"[„“”\"»«‚‘’'][^„“”\"»«\n]{2,}?[“”\"«»‘’']")
_SCARE_QUOTE = re.compile(r"[„“”\"»«‚‘’'][\w\-]+(?:[\s-][\w\-]+)?[“”\"«»‘’']")
_MASKED = re.compile(r"\b[a-zäöüß]+\*+[a-zäöüß]*\b|\b[a-zäöüß]\*{2,}", re.I)
_WINK = re.compile(r"[😉😜🙃🙄😏😂🤣😆]|;-?\)|\*g+\*|\*lol\*|\*hust\*|\*ironie|\*sarkasmus|/s\b", re.I)
_STRETCHED = re.compile(r"\b\w*([a-zäöü])\1{2,}\w*\b", re.I)
_SELF_CORRECT = re.compile(r"\w+…\s?\w+|\w+\.\.\.\s?\w+")
_SHOUT = re.compile(r"\b[A-ZÄÖÜ]{4,}\b")
_SENTENCE = re.compile(r"[^.!?…\n]+[.!?…]*")
_SECOND_PERSON = frozenset("du dich dir dein deine deinen deinem deiner ihr euch euer eure sie you your".split())


@lru_cache(maxsize=1)
def _cue_lists() -> dict[str, list[str]]:
    return tomllib.loads((resources.files("comments") / "data" / "tone.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def cues() -> lexicon_mod.Lexicon:
    return lexicon_mod.build(_cue_lists())


@lru_cache(maxsize=1)
def question_words() -> frozenset[str]:
    """Words that open a genuine question ("wer", "warum", "is", …)."""
    return frozenset(t.lstrip("=") for t in _cue_lists()["question_word"])


def features(text: str, tokens: list[str] | None = None) -> dict[str, float]:
    """The cue counts of one comment (see module docstring)."""
    tokens = words(text) if tokens is None else tokens
    found = cues().scores(text, tokens)
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    questions = [s for s in sentences if s.endswith("?") or s.endswith("?!")]
    asks = sum(1 for s in questions if (w := words(s)[:1]) and w[0] in question_words())
    n = len(tokens)
    f = {
        "words": math.log1p(n),
        "short": 1.0 if n <= 4 else 0.0,
        "urls": len(_URL.findall(text)),
        "numbers": min(len(_NUMBER.findall(_URL.sub(" ", text))), 5),
        "quotes": min(len(_QUOTE.findall(text)), 3),
        "scare_quotes": min(len(_SCARE_QUOTE.findall(text)), 2),
        "masked": len(_MASKED.findall(text)),
        "winks": len(_WINK.findall(text)),
        "stretched": len(_STRETCHED.findall(text)),
        "self_correct": len(_SELF_CORRECT.findall(text)),
        "shout": min(len(_SHOUT.findall(text)), 3),
        "questions": len(questions),
        "question_share": len(questions) / max(1, len(sentences)),
        "asks": asks,
        "opens_with_question": 1.0 if sentences and sentences[0].endswith("?") else 0.0,
        "exclaims": min(text.count("!"), 3),
        "second_person": sum(t in _SECOND_PERSON for t in tokens) / max(1, n) * 10,
        "polarity": lexicon_polarity(text, tokens),
    }
    for category in ("insult", "vulgar", "belittle", "irony", "irony_strong", "agree", "propose", "disagree",
                     "contrast", "criticism", "source", "explain", "evidence", "reaction", "wonder"):
        f[category] = min(found.get(category, 0.0), 4.0)
    return f


#: Hand-set logistic weights per tone (bias first); see the module docstring.
WEIGHTS: dict[str, dict[str, float]] = {
    "informative": {"bias": -1.9, "words": 0.55, "urls": 1.6, "numbers": 0.35, "quotes": 0.4, "source": 0.6,
                    "explain": 0.35, "question_share": -2.2, "short": -1.5, "insult": -0.6, "irony": -0.4,
                    "irony_strong": -0.9, "winks": -0.8, "belittle": -0.4, "criticism": -0.15, "exclaims": -0.3,
                    "stretched": -0.8},
    "questioning": {"bias": -2.3, "questions": 0.9, "opens_with_question": 1.6, "asks": 0.8, "evidence": 1.6,
                    "wonder": 2.2, "short": 0.6, "question_share": 1.0, "irony": -0.5, "irony_strong": -0.8,
                    "insult": -0.6, "belittle": -0.8, "criticism": -0.25, "words": -0.15},
    "critical": {"bias": -2.0, "criticism": 0.75, "disagree": 0.9, "contrast": 0.25, "insult": 0.8, "vulgar": 0.8,
                 "masked": 1.6, "belittle": 0.9, "irony": 0.5, "irony_strong": 1.2, "winks": 0.4,
                 "scare_quotes": 0.35, "polarity": -2.0, "exclaims": 0.2, "agree": -0.3, "words": 0.15,
                 "short": -0.8, "evidence": -0.5, "urls": -0.5},
    "sarcastic": {"bias": -3.0, "irony_strong": 2.4, "irony": 0.8, "winks": 1.4, "stretched": 1.5,
                  "scare_quotes": 0.5, "self_correct": 1.3, "exclaims": 0.15, "urls": -0.8, "source": -0.3},
    "hostile": {"bias": -3.2, "insult": 1.6, "vulgar": 1.6, "masked": 4.0, "belittle": 1.3, "second_person": 0.25,
                "shout": 0.35, "exclaims": 0.25, "polarity": -1.0},
    "supportive": {"bias": -2.6, "agree": 0.9, "propose": 1.0, "polarity": 1.2, "disagree": -0.3, "insult": -1.0,
                   "irony": -0.4, "irony_strong": -1.0, "winks": -0.3, "criticism": -0.1},
}


@dataclass
class ToneResult:
    tone: list[str]
    tone_scores: dict[str, float]
    polarity: float


def score(f: dict[str, float], weights: dict[str, dict[str, float]] = WEIGHTS) -> dict[str, float]:
    out = {}
    for label, w in weights.items():
        z = w.get("bias", 0.0) + sum(value * f.get(name, 0.0) for name, value in w.items() if name != "bias")
        out[label] = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    return out


def classify(text: str, tokens: list[str] | None = None) -> ToneResult:
    """Tone labels, their probabilities and polarity of one comment."""
    tokens = words(text) if tokens is None else tokens
    f = features(text, tokens)
    scores = score(f)
    pol = f["polarity"]
    if scores["sarcastic"] >= THRESHOLD and pol > 0:
        pol = -0.5 * pol - 0.1  # irony: the praise is meant as blame
    if pol == 0.0 and (scores["hostile"] >= THRESHOLD or scores["critical"] >= THRESHOLD):
        pol = -0.2 if scores["hostile"] < THRESHOLD else -0.4
    labels = [t for t in TONES if scores[t] >= THRESHOLD]
    return ToneResult(labels, {t: round(scores[t], 4) for t in TONES}, round(max(-1.0, min(1.0, pol)), 4))
