"""The learned default topic model: calibrated topic probabilities from the taxonomy's
term evidence read in thread context, and from the comment's own words.

Term matching alone labels a comment by the words it uses; annotators label it by what
it is about, read with its parent and its thread. The model keeps the terms as its
inputs and learns how much each kind of evidence counts: a comment's own evidence for
every topic, its parent's, the share of its thread (the reply trees classified with
it) that touches each topic, and whether it is a bare reaction. Next to them, the
comment's content words (Snowball stems in its own language, stop words left out; a
binary bag, L2-normalised) let it learn the words of a topic the taxonomy does not
list. Each topic's word block has its own weight (0: terms only), chosen by grouped
cross-validation. One L2-regularised logistic regression per topic; the probability is
Platt-calibrated and each topic has its own threshold, both from cross-validation
grouped by thread (``benchmarks/train_defaults.py --topics``). At classify time the
words cost a dictionary look-up per token (cached token → column) and a few array
operations per thread.

A model belongs to one taxonomy: it stores the taxonomy's fingerprint (a hash of its
topics and terms) and is used only with that taxonomy; any other taxonomy keeps term
matching. Saved as ``model.json`` + ``weights.npz`` (float arrays read with
``allow_pickle=False``, shapes checked first), never pickle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import numpy as np

from comments.classification import states
from comments.io.modelfile import ModelFileError, check_finite, read_meta, read_weights
from comments.text.tokens import stem, stop_words

FORMAT = "comments-topic-model"
FORMAT_VERSION = 2
#: features shared by every topic (being top-level and length were tried and left out: in grouped
#: cross-validation they learnt the sources — tweets are all top-level — not the topics)
CONTEXT = ("reaction",)
MINIMUM = 20  # positives a topic needs to be learnt (fewer: it keeps the term rule)
SEED = 13
MIN_DF = 2  # a stem enters the vocabulary when this many training comments use it
#: the word block's column for "names a state" (a gazetteer hit); the model file lists its
#: gazetteer (``model.json`` "gazetteer": lower-case single-token names) and the column is one
#: vocabulary entry the model weighs like a word — a place named in passing is not a topic
PLACE = "@place"


#: feature kinds a model file may name (``model.json`` "kinds"), each a few columns per comment after the
#: shared ones, computed from the comment's own text; a file naming any other kind is rejected
KINDS = {"states": states.FEATURES}


def feature_names(topics: list[str], kinds: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Column names: own, parent and thread evidence per topic, the shared ones, then each
    feature kind's columns."""
    return ([f"own:{t}" for t in topics] + [f"parent:{t}" for t in topics] + [f"thread:{t}" for t in topics]
            + list(CONTEXT) + [name for kind in kinds for name in KINDS[kind]])


def kind_features(kinds: list[str] | tuple[str, ...], text: str, tokens: list[str] | None,
                  language: str | None) -> tuple[float, ...]:
    """One comment's columns of the feature ``kinds`` (none: an empty tuple)."""
    out: tuple[float, ...] = ()
    for kind in kinds:
        if kind == "states":
            out += states.features(text, tokens, language)
    return out


def unit_features(topics: list[str], own: list[dict[str, float]], parents: list[int | None],
                  reactions: list[bool], extra: list[tuple[float, ...]] | None = None,
                  counted: list[bool] | None = None) -> np.ndarray:
    """Feature rows for the comments of one unit (a thread, or a group of its reply trees).

    ``own[i]``: comment i's term scores (0..1) per topic; ``parents[i]``: the row of its
    parent in this unit (None for a top-level comment or a parent outside the unit);
    ``extra[i]``: its :func:`kind_features` (appended as they are); ``counted[i]``: whether
    comment i is among the unit's comments whose share touching a topic is a feature (not
    a pingback: another page's words; default every comment)."""
    n, k = len(own), len(topics)
    width = len(extra[0]) if extra else 0
    x = np.zeros((n, 3 * k + len(CONTEXT) + width))
    if not n:
        return x
    if width:
        x[:, 3 * k + len(CONTEXT):] = np.array(extra, dtype=np.float64).reshape(n, width)
    mine = np.array([[scores.get(t, 0.0) for t in topics] for scores in own], dtype=np.float64).reshape(n, k)
    x[:, :k] = mine
    for i, p in enumerate(parents):
        if p is not None:
            x[i, k:2 * k] = mine[p]
    x[:, 2 * k:3 * k] = thread_share(mine, counted)  # the unit's share of comments touching each topic
    x[:, 3 * k] = np.array(reactions, dtype=np.float64)
    return x


def thread_share(mine: np.ndarray, counted=None) -> np.ndarray:
    """The share of a unit's counted comments (all without ``counted``) whose evidence for
    each topic (columns of ``mine``) is at least 0.5; zeros when none is counted."""
    rows = mine if counted is None else mine[np.asarray(counted, dtype=bool)]
    return (rows >= 0.5).mean(axis=0) if len(rows) else np.zeros(mine.shape[1])


def word_language(language: str | None) -> str:
    """The stemmer a comment's words are read with: English, or German for anything else."""
    return "en" if language == "en" else "de"


class _TokenColumns(dict):
    """token → its vocabulary column, or -1 (a stop word, a one-letter word or a stem the
    model does not know; a gazetteer name → the :data:`PLACE` column): one look-up per token
    once a word has been seen."""

    def __init__(self, language: str, index: dict[str, int], places: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.stops = stop_words(language)
        self.language = language
        self.index = index
        self.places = places

    def __missing__(self, word: str) -> int:
        if word in self.places:
            value = self.index.get(PLACE, -1)
        else:
            value = -1 if word in self.stops or len(word) <= 1 else self.index.get(stem(word, self.language), -1)
        if len(self) < 1_000_000:
            self[word] = value
        return value


def content_stems(tokens: list[str], language: str | None, places: frozenset[str] = frozenset()) -> list[str]:
    """The distinct content-word stems of a comment's tokens (what the vocabulary holds; a
    name in ``places`` is :data:`PLACE` instead of its stem, as :class:`Words` reads it)."""
    language = word_language(language)
    stops = stop_words(language)
    return list(dict.fromkeys(PLACE if w in places else stem(w, language) for w in tokens
                              if w in places or (w not in stops and len(w) > 1)))


class Words:
    """A vocabulary of stems and each comment's columns in it."""

    def __init__(self, vocab: list[str], places: frozenset[str] = frozenset()) -> None:
        self.vocab = list(vocab)
        self.index = {w: i for i, w in enumerate(self.vocab)}
        self._columns = {lang: _TokenColumns(lang, self.index, places) for lang in ("de", "en")}

    def columns(self, tokens: list[str], language: str | None) -> list[int]:
        """The sorted vocabulary columns of a comment's content words."""
        found = set(map(self._columns[word_language(language)].__getitem__, tokens))
        found.discard(-1)
        return sorted(found)

    def matrix(self, columns: list[list[int]]):
        """Binary rows, each L2-normalised (a comment without known words: a zero row)."""
        from scipy.sparse import csr_matrix

        indptr = np.cumsum([0] + [len(c) for c in columns])
        data = np.concatenate([np.full(len(c), 1.0 / np.sqrt(len(c))) for c in columns if c] or [np.zeros(0)])
        indices = np.fromiter((i for c in columns for i in c), dtype=np.int64, count=int(indptr[-1]))
        return csr_matrix((data, indices, indptr), shape=(len(columns), len(self.vocab)))


def vocabulary(docs: list[list[str]], min_df: int = MIN_DF) -> list[str]:
    """Stems used by at least ``min_df`` of ``docs`` (each a comment's distinct stems), sorted."""
    from collections import Counter

    counts = Counter(w for doc in docs for w in doc)
    return sorted(w for w, n in counts.items() if n >= min_df)


@dataclass
class TopicModel:
    """Per-topic logistic regression over :func:`unit_features` and the comment's words,
    Platt-calibrated."""

    inputs: list[str]  # the taxonomy's topic ids, in feature order
    labels: list[str]  # the topics the model decides (others keep term matching)
    fingerprint: str  # of the taxonomy it was trained with
    coef: np.ndarray  # labels × features
    intercept: np.ndarray
    platt: np.ndarray  # labels × 2
    thresholds: np.ndarray  # per label, on the calibrated probability
    attribution: str = ""
    vocab: list[str] = field(default_factory=list)  # the word block's stems
    word_coef: np.ndarray | None = None  # labels × vocab (each label's word weight folded in)
    gazetteer: list[str] = field(default_factory=list)  # names read as the PLACE column (empty: none)
    kinds: list[str] = field(default_factory=list)  # feature kinds after the shared columns (:data:`KINDS`)

    def __post_init__(self) -> None:
        if self.word_coef is None:
            self.word_coef = np.zeros((len(self.labels), len(self.vocab)))
        self._words: Words | None = None
        self._word_t: np.ndarray | None = None  # word_coef transposed (vocab × labels), made on first use

    @property
    def words(self) -> Words:
        if self._words is None:
            self._words = Words(self.vocab, frozenset(self.gazetteer))
        return self._words

    def comment_features(self, text: str, tokens: list[str] | None, language: str | None) -> tuple[float, ...]:
        """A comment's columns of this model's feature kinds (``classify`` passes them to
        :func:`unit_features`; an empty tuple when the model has none)."""
        return kind_features(self.kinds, text, tokens, language) if self.kinds else ()

    def word_columns(self, tokens: list[str], language: str | None) -> list[int]:
        """A comment's word-block columns (``classify`` computes them once per comment)."""
        return self.words.columns(tokens, language) if self.vocab else []

    def predict_proba(self, x: np.ndarray, columns: list[list[int]] | None = None) -> np.ndarray:
        """Calibrated probabilities, rows × labels; ``columns``: each row's
        :meth:`word_columns` (None: no word evidence)."""
        z = x @ self.coef.T + self.intercept
        if columns is not None and self.vocab:
            z = z + self._word_logits(columns)
        z = z * self.platt[:, 0] + self.platt[:, 1]
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def _word_logits(self, columns: list[list[int]]) -> np.ndarray:
        """``Words.matrix(columns) @ word_coef.T`` without building a sparse matrix (a
        few array operations per thread): each row's weights summed, over √(its words)."""
        lengths = np.fromiter(map(len, columns), dtype=np.intp, count=len(columns))
        out = np.zeros((len(columns), len(self.labels)))
        filled = lengths > 0
        if filled.any():
            if self._word_t is None:
                self._word_t = np.ascontiguousarray(self.word_coef.T)
            flat = np.fromiter(chain.from_iterable(columns), dtype=np.intp, count=int(lengths.sum()))
            starts = (np.cumsum(lengths) - lengths)[filled]
            out[filled] = np.add.reduceat(self._word_t[flat], starts, axis=0) / np.sqrt(lengths[filled])[:, None]
        return out

    def save(self, folder: Path) -> None:
        """model.json + weights.npz, atomically; the same model gives the same bytes."""
        from comments.classification.learn import write_npz
        from comments.io.atomic import OutputFolder, create

        meta = {"format": FORMAT, "version": FORMAT_VERSION, "inputs": self.inputs, "labels": self.labels,
                "fingerprint": self.fingerprint, "features": feature_names(self.inputs, self.kinds), "vocab": self.vocab}
        if self.kinds:
            meta["kinds"] = self.kinds
        if self.gazetteer:
            meta["gazetteer"] = self.gazetteer
        if self.attribution:
            meta["attribution"] = self.attribution
        arrays = self._arrays()
        check_finite(folder / "weights.npz", arrays)
        with OutputFolder(folder) as out:
            with create(out.path("model.json")) as handle:
                handle.write(json.dumps(meta, ensure_ascii=False, allow_nan=False, indent=1))
            with create(out.path("weights.npz"), "wb") as handle:
                write_npz(handle, arrays)

    def _arrays(self) -> dict[str, np.ndarray]:
        return {"coef": self.coef, "intercept": self.intercept, "platt": self.platt, "thresholds": self.thresholds,
                "word_coef": self.word_coef}

    @classmethod
    def load(cls, folder: str | Path) -> TopicModel:
        """Read a saved model; ModelFileError naming the file and the reason otherwise."""
        folder = Path(folder)
        meta_path, meta = read_meta(folder, FORMAT, FORMAT_VERSION, "topic model")
        inputs, labels = meta.get("inputs"), meta.get("labels")
        for name, value in (("inputs", inputs), ("labels", labels)):
            if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
                raise ModelFileError(f"{meta_path}: `{name}` must be a non-empty list of strings")
        kinds = meta.get("kinds", [])
        if not isinstance(kinds, list) or not all(isinstance(k, str) and k in KINDS for k in kinds) or (
                len(set(kinds)) != len(kinds)):
            raise ModelFileError(f"{meta_path}: `kinds` must be distinct feature kinds of {sorted(KINDS)} "
                                 f"(found {kinds!r}; a newer model needs a newer comments)")
        if not set(labels) <= set(inputs) or meta.get("features") != feature_names(inputs, kinds):
            raise ModelFileError(f"{meta_path}: labels or features do not match the inputs")
        vocab = meta.get("vocab")
        if not isinstance(vocab, list) or not all(isinstance(v, str) for v in vocab) or len(set(vocab)) != len(vocab):
            raise ModelFileError(f"{meta_path}: `vocab` must be a list of distinct strings")
        gazetteer = meta.get("gazetteer", [])
        if not isinstance(gazetteer, list) or not all(isinstance(v, str) for v in gazetteer) or (
                gazetteer and PLACE not in vocab):
            raise ModelFileError(f"{meta_path}: `gazetteer` must be a list of strings, with {PLACE!r} in `vocab`")
        n, f = len(labels), len(feature_names(inputs, kinds))
        expected = {"coef": (n, f), "intercept": (n,), "platt": (n, 2), "thresholds": (n,), "word_coef": (n, len(vocab))}
        arrays = read_weights(folder / "weights.npz", expected)
        return cls(list(inputs), list(labels), str(meta.get("fingerprint", "")), arrays["coef"], arrays["intercept"],
                   arrays["platt"], arrays["thresholds"], str(meta.get("attribution", "")), list(vocab),
                   arrays["word_coef"], list(gazetteer), list(kinds))


def fit(x: np.ndarray, y: dict[str, np.ndarray], groups: list[str], inputs: list[str], fingerprint: str,
        folds: int = 5, c: float = 1.0, minimum: int = MINIMUM, docs: list[list[str]] | None = None,
        word_weight: float | dict[str, float] = 0.0, min_df: int = MIN_DF,
        sample_weight: np.ndarray | None = None, class_weight: str | None = "balanced",
        gazetteer: list[str] | None = None, splits=None, kinds: list[str] | None = None
        ) -> tuple[TopicModel, dict[str, np.ndarray]]:
    """One logistic regression per topic with at least ``minimum`` positives; thresholds
    (for positive-class F1) and Platt scaling from ``folds``-fold cross-validation grouped
    by ``groups``. ``docs``: each row's :func:`content_stems`; ``word_weight`` (one for
    all topics, or per topic; 0 = terms only) scales the word block against the term
    features (the vocabulary of each fold comes from its training rows only). Returns
    the model and each label's out-of-fold probabilities. ``sample_weight``: each row's
    weight in the fits (e.g. so that one large source does not dominate; Platt scaling and
    thresholds stay unweighted: weighted, the shipped settings scored 0.539 against 0.543
    by the source criterion); ``class_weight``: sklearn's ("balanced" or None); ``gazetteer``:
    the names ``docs`` read as :data:`PLACE` (stored in the model so that ``classify`` reads
    them the same way); ``splits``: a function of a topic's 0/1 targets giving its folds as
    (training rows, held-out rows) pairs, instead of ``folds`` grouped folds (rows in no held-out
    part are trained on in every fold and left out of calibration and thresholds; their
    out-of-fold probability is NaN); ``kinds``: the feature kinds whose columns ``x`` ends with
    (:func:`kind_features`, named in the model file)."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold

    from comments.classification.calibration import best_threshold, platt

    labels = [t for t in inputs if t in y and int(np.sum(y[t])) >= minimum]
    if not labels:
        raise ValueError(f"no topic has {minimum} positive examples to learn from")
    weights = {t: float(word_weight.get(t, 0.0) if isinstance(word_weight, dict) else word_weight) for t in labels}
    if docs is None:
        weights = dict.fromkeys(labels, 0.0)

    def design(rows: np.ndarray, weight: float) -> tuple[object, list[str]]:
        """Term features and (with a weight) the word block of a vocabulary from ``rows``."""
        if not weight:
            return x, []
        vocab = vocabulary([docs[i] for i in rows], min_df)
        index = {w: i for i, w in enumerate(vocab)}
        words = Words(vocab).matrix([sorted({index[w] for w in doc if w in index}) for doc in docs])
        return hstack([csr_matrix(x), words * weight]).tocsr(), vocab

    def learner():
        return LogisticRegression(C=c, class_weight=class_weight, max_iter=3000)

    weight_of = np.ones(len(x)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)

    coefs, intercepts, platts, thresholds, oof_all, word_rows = [], [], [], [], {}, []
    everything = np.arange(len(x))
    final_vocab = vocabulary([docs[i] for i in everything], min_df) if any(weights.values()) else []
    for label in labels:
        target = np.asarray(y[label]).astype(int)
        if splits is None:
            pairs = list(StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=SEED).split(x, target, groups))
        else:
            pairs = splits(target)
        oof = np.zeros(len(target))
        scored = np.zeros(len(target), dtype=bool)
        for tr, te in pairs:
            scored[te] = True
            if target[tr].min() == target[tr].max():  # a fold without positives (all in the held-out group)
                oof[te] = -10.0
                continue
            design_x, _ = design(tr, weights[label])
            fitted = learner().fit(design_x[tr], target[tr], sample_weight=weight_of[tr])
            oof[te] = fitted.decision_function(design_x[te])
        a, b = platt(oof[scored], target[scored])
        calibrated = 1.0 / (1.0 + np.exp(-np.clip(a * oof + b, -30, 30)))
        thresholds.append(best_threshold(target[scored], calibrated[scored], "positive"))
        platts.append((a, b))
        oof_all[label] = np.where(scored, calibrated, np.nan)
        design_x, vocab = design(everything, weights[label])
        final = learner().fit(design_x, target, sample_weight=weight_of)
        coefs.append(final.coef_[0][:x.shape[1]])
        intercepts.append(final.intercept_[0])
        row = np.zeros(len(final_vocab))
        if vocab:  # the same vocabulary as final_vocab (all rows): the word weight folded into the coefficients
            row[:] = final.coef_[0][x.shape[1]:] * weights[label]
        word_rows.append(row)
    model = TopicModel(list(inputs), labels, fingerprint, np.array(coefs), np.array(intercepts), np.array(platts),
                       np.array(thresholds), vocab=final_vocab,
                       word_coef=np.array(word_rows).reshape(len(labels), len(final_vocab)),
                       gazetteer=sorted(gazetteer or []) if PLACE in final_vocab else [], kinds=list(kinds or []))
    return model, oof_all
