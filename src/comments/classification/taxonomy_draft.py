"""A discovered topic model written as a taxonomy file (``comments taxonomy suggest``).

Lemmas go back to the words the corpus writes: the common prefix of a lemma's written
forms where it has ``MIN_PREFIX`` letters and rarely starts other lemmas' words in the
corpus (``OVERMATCH``), else the written forms as ``=exact`` words; lemma bigrams
become phrases. Very common words of the language (wordfreq) are left out.
Strong terms (one gives the topic) are leading features their topic holds almost alone
that are not common words of the language. Comment text is untrusted: every string is
escaped as a TOML basic string, so no text can add keys or tables.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from comments.classification.taxonomy import RESERVED_IDS, slug

if TYPE_CHECKING:
    from comments.classification.suggest import Corpus, TopicDiscovery

#: a term occurs in at least this many comments, of at least ``MIN_AUTHORS`` authors where authors are known: one
#: commenter's idiolect ("=derart", "bspw") or sign-off is no topic of the corpus
MIN_DOCS, MIN_AUTHORS = 3, 2

MIN_PREFIX = 4  # shorter lemmas become exact words ("=pi"), as do prefixes that over-match
OVERMATCH = 0.1  # a prefix may match other lemmas' words in at most this share of its documents
GERMAN_LINKS = ("", "s", "es", "n", "en", "e", "er")  # Fugenelemente: Wohnung|s|not, Sonne|n|schein
EXACT_FORMS = 4  # at most this many written forms of a lemma as =exact terms
STRONG = 4  # features per topic that give the topic on their own
STRONG_SHARE = 0.8  # a strong feature: this share of its NMF weight is in its topic
COMMON_ZIPF = 5.0  # wordfreq Zipf (5 = 100 per million words): more common lemmas are never strong
VERY_COMMON_ZIPF = 5.5  # and from here ("sehen", "think", "bitte") not terms at all
SHARE = 0.5  # a lemma belongs to the topic holding at least this share of its NMF weight
#: a strong feature is specific on the corpus itself: at least this share of the comments using it have the topic as
#: their main topic, and that share is at least halfway (``STRONG_LIFT``) from the topic's share of all comments to 1
#: ("total", "scheint", "helpful" ran through every topic, yet each gave one topic on its own)
STRONG_PRECISION = 0.6
STRONG_LIFT = 0.5


@dataclass
class DraftTopic:
    """One topic of the draft, as written to the TOML file."""

    id: str
    label: str
    description: str
    strong: list[str]
    terms: list[str]
    mass: float  # thread-weighted share of the corpus's topic weight


class Terms:
    """Lemmas and lemma bigrams turned back into taxonomy terms matching the corpus's words."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.forms = sorted(corpus.form_df)

    def of(self, feature: str) -> list[str]:
        if " " in feature:
            return self._phrases(feature)
        forms = [w for w, _ in sorted(self.corpus.surfaces[feature].items(), key=lambda kv: (-kv[1], kv[0]))]
        prefix = _common_prefix(forms)
        # a prefix cut short of the lemma ("medi" of Medien/Medium) needs a letter more
        needed = MIN_PREFIX + (len(prefix) < len(feature))
        if len(prefix) >= needed and not self._overmatches(prefix, feature):
            return [prefix]
        return ["=" + w for w in forms[:EXACT_FORMS]]

    def _phrases(self, feature: str) -> list[str]:
        """"first last…" per written first word (at most two), the last word as a prefix."""
        by_first: dict[str, Counter] = {}
        for pair, n in self.corpus.surfaces[feature].items():
            first, last = pair.split(" ")
            by_first.setdefault(first, Counter())[last] += n
        ranked = sorted(by_first.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:2]
        out = []
        for first, lasts in ranked:
            prefix = _common_prefix(sorted(lasts))
            if len(prefix) >= MIN_PREFIX or prefix in lasts:  # not "leute ein" for "Leute einladen/einzuladen"
                out.append(f"{first} {prefix}")
            else:
                out += [f"{first} {w}" for w, _ in sorted(lasts.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
        return out

    def _overmatches(self, prefix: str, lemma: str) -> bool:
        """Whether ``prefix`` also starts the corpus's words of other lemmas, in more than
        ``OVERMATCH`` of the documents that use the lemma itself. German compounds
        that start with the lemma (Wohnungsnot for Wohnung) are the lemma's words."""
        df = self.corpus.form_df
        own = sum(df[w] for w in self.corpus.surfaces[lemma])
        german = self.corpus.languages[lemma].get("de", 0) > 0
        other = 0
        for w in self.forms[bisect_left(self.forms, prefix):]:
            if not w.startswith(prefix):
                break
            if lemma not in self.corpus.lemmas_of.get(w, ()) and not (german and _compound(w, prefix)):
                other += df[w]
        return other > OVERMATCH * own


def _compound(word: str, prefix: str) -> bool:
    """``word`` = ``prefix`` + a linking element + a German word of three or more letters
    (wohnung|s|not, klima|wandel)."""
    import simplemma

    rest = word[len(prefix):]
    return any(rest.startswith(link) and len(rest) - len(link) >= 3
               and simplemma.is_known(rest[len(link):].capitalize(), lang="de")
               for link in GERMAN_LINKS)


def _common_prefix(forms: list[str]) -> str:
    if not forms:
        return ""
    low, high = min(forms), max(forms)
    i = 0
    while i < min(len(low), len(high)) and low[i] == high[i]:
        i += 1
    return low[:i]


def ranked_features(model: TopicDiscovery) -> list[list[tuple[str, float]]]:
    """Per topic, (feature, share) for the features it holds at least ``SHARE`` of, best
    first (weight × share)."""
    h = model.components_
    totals = h.sum(axis=0)
    share = np.divide(h, totals, out=np.zeros_like(h), where=totals > 0)
    out = []
    for k in range(h.shape[0]):
        score = h[k] * share[k]
        keep = np.flatnonzero((share[k] >= SHARE) & (h[k] > 0))
        order = sorted(keep, key=lambda j: (-round(float(score[j]), 12), model.features_[j]))
        out.append([(str(model.features_[j]), float(share[k, j])) for j in order])
    return out


def opening(text: str, n_words: int = 12) -> str:
    """The first words of a comment, on one line, without control characters."""
    kept = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    parts = kept.split()
    return " ".join(parts[:n_words]) + (" …" if len(parts) > n_words else "")


def draft_topics(corpus: Corpus, model: TopicDiscovery, n_terms: int) -> list[DraftTopic]:
    """Label, description and terms of every topic, largest topic first."""
    terms = Terms(corpus)
    w = model.doc_topics_
    mass = (w * model.weights_[:, None]).sum(axis=0)
    mass = mass / mass.sum() if mass.sum() > 0 else mass
    rows = w.sum(axis=1)
    purity = np.divide(w, rows[:, None], out=np.zeros_like(w), where=rows[:, None] > 0)
    specific = Specificity(corpus, model)
    used: set[str] = set()
    ids: set[str] = set(RESERVED_IDS)  # a draft names no topic "none" or "pingback" (the tables' columns)
    out = []
    for k, ranked in enumerate(ranked_features(model)):
        ranked = [(f, share) for f, share in ranked if corpus.zipf(f) < VERY_COMMON_ZIPF]
        if not ranked:
            continue
        features = [f for f, _ in ranked]
        # strong (one is enough for the topic): leading features (almost) only this topic has,
        # not common in the language at large ("people", "change" need a second word), and
        # specific to the topic's comments in this corpus
        chosen = [f for f, share in ranked[:2 * STRONG]
                  if share >= STRONG_SHARE and corpus.zipf(f) < COMMON_ZIPF and specific(f, k)][:STRONG]
        got: set[str] = set()
        strong = _terms(terms, chosen, used, got)
        normal = _terms(terms, [f for f in features if f not in chosen][:n_terms], used, got)
        if not strong and len(normal) < 2:  # no term of its own, or one that needs a second to give the topic
            continue
        named = [f for f in features if f in got]  # label and id only from words the topic's terms match
        shown = [_display(corpus, f) for f in named[:6]]
        words = list(dict.fromkeys(" ".join(named[:2]).split()))[:2]  # "heat", "heat pump" → heat_pump
        topic_id = _unique(slug(" ".join(words)) or f"topic_{k + 1}", ids)
        best = np.argsort(-(w[:, k] * purity[:, k]), kind="stable")[:3]  # most about this topic
        examples = list(dict.fromkeys(f"“{opening(corpus.texts[i])}”" for i in best if w[i, k] > 0))
        description = ", ".join(shown) + (" — e.g. " + "; ".join(examples) if examples else "")
        out.append(DraftTopic(topic_id, " / ".join(shown[:3]), description, strong, normal, float(mass[k])))
    return sorted(out, key=lambda t: (-round(t.mass, 9), t.id))


class Specificity:
    """Whether a feature is specific to a topic in the corpus (``STRONG_PRECISION``, ``STRONG_LIFT``), counting
    each comment under its main topic, and used there by ``MIN_AUTHORS`` authors."""

    def __init__(self, corpus: Corpus, model: TopicDiscovery) -> None:
        w = model.doc_topics_
        self.main = np.where(w.sum(axis=1) > 0, np.argmax(w, axis=1), -1)
        self.present = (model.x_ > 0).tocsc()
        self.column = {str(f): j for j, f in enumerate(model.features_)}
        self.size = np.bincount(self.main[self.main >= 0], minlength=w.shape[1])
        self.authors = corpus.authors

    def __call__(self, feature: str, k: int) -> bool:
        rows = self.present[:, self.column[feature]].nonzero()[0]
        inside = rows[self.main[rows] == k]
        if not len(rows) or not len(inside) or len({self.authors[i] for i in inside}) < MIN_AUTHORS:
            return False
        precision = len(inside) / len(rows)
        base = self.size[k] / len(self.main)
        return precision >= STRONG_PRECISION and precision >= base + STRONG_LIFT * (1 - base)


def _terms(terms: Terms, features: list[str], used: set[str], got: set[str]) -> list[str]:
    """The terms of ``features`` not ``used`` yet (then used); ``got`` gains the features that gave one."""
    out = []
    for feature in features:
        for term in terms.of(feature):
            if term not in used:
                used.add(term)
                out.append(term)
                got.add(feature)
    return out


def _display(corpus: Corpus, feature: str) -> str:
    """A feature as most comments write it: a lemma's most frequent written form ("tolle", not the lemma "tollen")."""
    if " " in feature:
        return corpus.surfaces[feature].most_common(1)[0][0]
    return sorted(corpus.display[feature].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _unique(topic_id: str, taken: set[str]) -> str:
    candidate, n = topic_id, 2
    while candidate in taken:
        candidate, n = f"{topic_id}_{n}", n + 1
    taken.add(candidate)
    return candidate


def to_toml(name: str, description: str, topics: list[DraftTopic], header: list[str]) -> str:
    """The taxonomy file: comment header, name, description, one table per topic."""
    lines = [f"# {line}" if line else "#" for line in header]
    lines += ["", f"name = {_string(name)}", f"description = {_string(description)}"]
    for t in topics:
        lines += ["", f"[topics.{t.id}]", f"label = {_string(t.label)}", f"description = {_string(t.description)}"]
        lines += _array("strong", t.strong) + _array("terms", t.terms)
    return "\n".join(lines) + "\n"


def _string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped, lone
    surrogates (invalid in TOML) replaced."""
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out) + '"'


def _array(key: str, values: list[str], width: int = 110) -> list[str]:
    lines, line = [], f"{key} = ["
    for i, value in enumerate(values):
        item = _string(value) + ("," if i < len(values) - 1 else "")
        if len(line) + len(item) + 1 > width and not line.endswith("["):
            lines.append(line)
            line = "  " + item
        else:
            line += ("" if line.endswith("[") else " ") + item
    return lines + [line + "]"]


def write_draft(text: str, out: str, stdout) -> None:
    """``text`` to the file ``out``, whole or not at all (``comments.io.atomic``), or to
    ``stdout`` for "-"."""
    from comments.io.atomic import create, replacing

    if out == "-":
        stdout.write(text)
        return
    with replacing(Path(out)) as (temporary,), create(temporary) as fh:
        fh.write(text)
