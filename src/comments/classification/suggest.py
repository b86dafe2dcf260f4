"""``comments taxonomy suggest``: discover a corpus's own topics and draft a taxonomy.

Each substantive comment (not a bare reaction, see ``reactions.is_bare``) becomes a
bag of simplemma lemmas of its content words, in its own language, plus bigrams of
adjacent content words. Scikit-learn NMF (``init="nndsvd"``: no randomness) factors
the sublinear TF-IDF matrix into topics; the number of topics is the one in 5–15 at
the elbow of explained variance (after which one more topic explains markedly less).
``taxonomy_draft`` writes the topics as a taxonomy in the syntax ``--taxonomy`` reads,
and ``suggest`` grows the term lists until ``classify`` with the draft gives most
substantive comments a topic.

Thread-aware: NMF minimises squared error summed over comments, so a 5,000-comment
thread would otherwise decide every topic. Each comment's row is scaled by
``sqrt(weight)`` (scaling a row by s scales its share of the loss by s²) with weights
such that no thread weighs more than ``cap`` comments, ``cap`` = twice the median
thread size (at least 50): threads of ordinary size count fully, a huge one counts as
a large but not dominant thread, and a single-thread corpus is unaffected.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from comments.model.records import ParsedThread
from comments.classification.taxonomy_draft import MIN_AUTHORS, MIN_DOCS, DraftTopic, draft_topics, opening, to_toml
from comments.classification.taxonomy import DRAFT_DESCRIPTION
from comments.text.plural import plural
from comments.text.quotes import ParentWords, quote_grams, unquoted_parts
from comments.text.tokens import PLACEHOLDER, cased_words, stop_words
from comments.classification.reactions import REACTION_TOKENS, REACTION_WORDS, is_bare
from comments.classification.topics import MENTION

K_RANGE = (5, 15)
#: the most topics ``taxonomy suggest --topics`` accepts (the CLI's check, the reports' advice)
MAX_TOPICS = 50
#: a bare reaction that names a topic, per language, as the draft header shows it (see
#: ``reaction_example``)
REACTION_EXAMPLES = {"de": "Klimaschutz ist wichtig.", "en": "Climate action matters."}
MIN_COMMENTS = 20  # substantive comments needed to discover anything
#: at most one topic per this many substantive comments (at least ``K_RANGE[0]``): a 25-comment recipe page
#: gave 15 topics of 2-4 comments each ("success", "bloom", "germinate"), no taxonomy anyone would reuse
COMMENTS_PER_TOPIC = 5
MIN_THREAD_CAP = 50
SELECT_SAMPLE = 5_000  # k is chosen on a thread-weighted sample of at most this many comments
TERM_STEPS = (6, 10, 15, 25, 40)  # terms per topic, grown until the draft covers TARGET_COVERAGE
TARGET_COVERAGE = 0.6
MIN_COVERAGE = 0.5  # below this the summary says the draft does not fit the corpus well
URL = r"(?<!\S)\S*?://\S+|www\.\S+"  # addresses are not topic words ("https github"); linear: a scheme is
# looked for from the start of a whitespace-separated chunk only
#: what classify never reads as a topic word, nor a phrase across: addresses, account handles
#: (``topics.MENTION``: classify reads a comment without them) and placeholders such as
#: GermEval's line break "|LBR|"
NOT_WORDS = re.compile("|".join((URL, MENTION.pattern, PLACEHOLDER.pattern)))
#: "> …" lines quote the parent or the article (also in a list item: "- > …", "1. > …")
QUOTED = re.compile(r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:>|&gt;).*$", re.MULTILINE)
#: greetings, thanks, sign-offs, titles and chat fillers, German and English: formulae, never a topic ("liebe
#: grüße / hallo" headed a draft of a hair-care blog's comments); no stop-word list has them
FORMULAE = frozenset({"hallo", "hi", "hey", "hello", "servus", "moin", "danke", "thanks", "thank", "grüße", "gruß",
                      "grüsse", "gruss", "lg", "vg", "mfg", "cheers", "regards", "xoxo", "herr", "dr", "prof", "yeah",
                      "yep", "nope", "lol", "lmao", "haha", "hahaha", "gonna", "wanna", "gotta", "kinda", "imo", "imho",
                      "tbh", "btw"})
#: a salutation or sign-off and the capitalised word right after it ("Liebe Claudia", "Hallo Melanie", "Liebe Grüße
#: Monika", "Thanks Paul", "Dear Ann"): the person addressed or signing is no topic (a draft of a 21-comment page
#: had five topics named after commenters); "Liebe", "dear" alone stay words ("die Liebe zum Detail")
SIGN_OFF = r"grüße|gruß|grüsse|gruss"
#: a comma, spaces, at most one line break (possessive: linear on long runs of spaces): "Viele Grüße, Kathrin"
GAP = r",?[ \t]*+(?:\n[ \t]*+)?"
#: a greeting or sign-off, or "@ ", and the capitalised name after it ("MFG\nDr. Webbaer", "@ Quaas"); a title alone
#: ("Frau Merkel") may name a topic, but "Herr Webbaer," opening a line addresses one (``TITLED``)
ADDRESS = re.compile(r"(?:\b(?i:liebe|lieber|liebes|lieben|dear|hallo|hi|hey|hello|servus|moin|danke|thanks|"
                     rf"{SIGN_OFF}|lg|vg|mfg|cheers|regards|xoxo)\b|(?<!\w)@)(?P<sign>{GAP}(?i:{SIGN_OFF})\b)?"
                     rf"(?:{GAP}(?:(?i:herr|frau|dr|prof|mr|mrs|ms)\.?{GAP})?(?P<name>[^\W\d_][\w-]*))?")
#: "Herr Webbaer," opening a line: a title, a name and a comma address a commenter ("Frau Merkel und" names one)
TITLED = re.compile(r"(?m:^)[ \t]*(?i:herr|frau|dr|prof|mr|mrs|ms)\.?[ \t]+[^\W\d_][\w-]*(?=[ \t]*,)")
#: a comment's last line of at most this many words, after other lines, that is the author's name alone ("Ann",
#: "— Georg Quaas"): a signature; any other short last line ("Nuclear is expensive") is the commenter's words
SIGNATURE_WORDS = 3
#: a closing: the last sentence of at most ``CLOSING_WORDS`` words that ends in a sign-off and at most two names
#: ("Schönes Wochenende und liebe Grüße, Jessica": a host's wish, made a topic of a hair-care blog's draft);
#: "Cheers to the EU for this ruling." goes on after "cheers" and is kept
CLOSING = re.compile(rf"(?i:\b(?:{SIGN_OFF}|lg|vg|mfg|cheers|regards|xoxo|bye))(?:{GAP}[A-ZÄÖÜ][\w.-]*){{0,2}}"
                     r"[ \t]*\Z")
CLOSING_WORDS = 8
#: every topic of an elbow-chosen k is the main topic of at least this many distinct comments (a 75-comment page
#: drafted 14 topics of 2-5 comments each)
MIN_TOPIC_COMMENTS = 5
UNCOVERED_SHOWN = 5
NAME_CHARS = 60  # the summary names at most this many threads that get no topic


class SuggestError(ValueError):
    """The corpus cannot yield a taxonomy (too few comments or words); the message says why."""


@dataclass
class Corpus:
    """Substantive comments as lemma documents, and the written forms behind each lemma."""

    docs: list[list[str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # without quoted lines
    thread_of: list[int] = field(default_factory=list)
    surfaces: dict[str, Counter] = field(default_factory=dict)  # lemma → written forms
    lemmas_of: dict[str, set[str]] = field(default_factory=dict)  # written form → lemmas
    form_df: Counter = field(default_factory=Counter)  # written form → documents using it
    display: dict[str, Counter] = field(default_factory=dict)  # lemma → lemma as simplemma spells it
    languages: dict[str, Counter] = field(default_factory=dict)  # lemma → languages of its comments
    doc_languages: Counter = field(default_factory=Counter)  # language ("de"/"en") → its comments
    authors: list[str] = field(default_factory=list)  # per comment its author ("" + index when unknown)

    def zipf(self, feature: str) -> float:
        """How common a lemma is in its language at large (wordfreq's Zipf scale: 5 = 100
        per million words); 0 for phrases, which are specific by construction."""
        from wordfreq import zipf_frequency

        if " " in feature:
            return 0.0
        lang = sorted(self.languages[feature].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        return zipf_frequency(feature, lang)

    def add(self, text: str, language: str, thread: int, author: str | None = None,
            parent: str | ParentWords | None = None) -> None:
        """One comment (``parent``: the text of the comment it replies to, whose words it may quote, or
        its :func:`quote_grams`)."""
        import simplemma

        lang = "en" if language == "en" else "de"
        stops = topic_stop_words(lang) | FORMULAE
        doc: list[str] = []
        previous: tuple[str, str] | None = None
        seen_forms: set[str] = set()
        shown_here: set[tuple[str, str]] = set()
        parts = own_parts(text, parent, author)
        # the words classify matches terms on (``tokens.words``), case kept for the lemmatiser
        for written, after_gap in _written_words(parts):
            if after_gap:  # a left-out address, handle, quote or placeholder stood here: no phrase across it
                previous = None
            word = written.lower()  # lemmatised as written: German case tells nouns ("Mehl") from verbs
            lemma = _lemma(simplemma.lemmatize(written, lang=lang), word, stops)
            if lemma is None:
                previous = None
                continue
            key = lemma.lower()
            doc.append(key)
            self.surfaces.setdefault(key, Counter())[word] += 1
            if (key, written) not in shown_here:  # labels show the form most comments write ("tolle", not "tollen")
                shown_here.add((key, written))
                self.display.setdefault(key, Counter())[written] += 1
            self.languages.setdefault(key, Counter())[lang] += 1
            self.lemmas_of.setdefault(word, set()).add(key)
            seen_forms.add(word)
            if previous is not None:
                pair = f"{previous[0]} {key}"
                doc.append(pair)
                self.surfaces.setdefault(pair, Counter())[f"{previous[1]} {word}"] += 1
            previous = (key, word)
        self.form_df.update(seen_forms)
        self.docs.append(doc)
        self.doc_languages[lang] += 1
        self.texts.append(" ".join(parts))
        self.thread_of.append(thread)
        self.authors.append(author or f"\0{len(self.authors)}")

    def prune(self) -> None:
        """Leave out the features of fewer than ``MIN_DOCS`` comments or ``MIN_AUTHORS`` authors."""
        docs: Counter = Counter()
        authors: dict[str, set[str]] = {}
        for doc, author in zip(self.docs, self.authors):
            for feature in set(doc):
                docs[feature] += 1
                authors.setdefault(feature, set()).add(author)
        kept = {f for f, n in docs.items() if n >= MIN_DOCS and len(authors[f]) >= MIN_AUTHORS}
        self.docs = [[f for f in doc if f in kept] for doc in self.docs]


#: interjections of comments in either language ("wow" is German comments' as much as English ones')
_INTERJECTIONS = "ah aha oh hm hmm huh okay ok wow oops ugh uh umm meh damn"

#: Words that carry how something is said, never what it is about, and that neither stop-word list has: modal and
#: discourse particles, interjections, hedges and stance adverbs, intensifiers, and the verbs of "I think" (as
#: lemmas, so "glaube" goes and the noun "Glaube", lemmatised as written, stays). Why: on One Million Posts (Austrian
#: German) the largest topic of the draft was "halt / eh / Problem" (strong terms eh, ehesten; glaube, denke, echt,
#: eher), a quarter of the comments; "sozusagen" and "zumindest" were topic terms of html_comments and the seed.
#: Exact forms, the inflected ones listed ("meisten", "hoping"); no lemmas added: "ehesten" lemmatises to "eh", but
#: "eh" must not take "Ehe" along.
FILLERS = {
    "de": frozenset(" ".join((
        # modal and discourse particles (Austrian ones too: "eh", "oida", "ur", "bissl")
        "halt eh ehesten eher echt eigentlich irgendwie sowieso ohnehin jedenfalls immerhin zumindest quasi sozusagen",
        "gewissermaßen nunmal nämlich bloß ruhig einfach gell sogar egal meist meistens meiste meisten",
        _INTERJECTIONS, "tja naja najo äh ähm ne nee oida",  # and answer particles
        # hedges and stance adverbs
        "vermutlich wahrscheinlich offenbar offensichtlich anscheinend scheinbar angeblich sicherlich bestimmt",
        "definitiv garantiert tatsächlich ehrlich ehrlicherweise leider hoffentlich grundsätzlich generell",
        "prinzipiell letztendlich letztlich schließlich praktisch klar genau",
        # intensifiers
        "ziemlich total völlig komplett absolut extrem relativ regelrecht geradezu derart dermaßen bisschen bissl",
        "bisserl ur",
        "glauben denken finden halten meinen vermuten hoffen",  # "ich glaube / denke / finde / halte das für"
    )).split()),
    "en": frozenset(" ".join((
        # discourse markers, hedges and intensifiers ("just", "really", "actually" are stop words already)
        "anyways anyhow basically literally honestly frankly personally totally absolutely completely simply",
        "essentially surely supposedly arguably presumably pretty sorta whatsoever",
        _INTERJECTIONS, "um nah yup",
        "guess guessing suppose reckon thinking hope hoping",  # "I think / guess / hope" ("think" is a stop word already)
    )).split()),
}


@lru_cache(maxsize=4)
def list_stop_words(language: str) -> frozenset[str]:
    """The project's stop words plus stopwords-iso's (whose German list also has fillers
    such as "schon", "immer", "mal" that would otherwise head topics), and their lemmas."""
    import simplemma
    import stopwordsiso

    stops = stop_words(language) | frozenset(stopwordsiso.stopwords(language))
    # and their lemmas: "gehört" is a stop word, so is "gehören"
    return stops | frozenset(simplemma.lemmatize(w, lang=language).lower() for w in stops)


@lru_cache(maxsize=4)
def topic_stop_words(language: str) -> frozenset[str]:
    """:func:`list_stop_words` and the fillers of :data:`FILLERS` that neither list has
    ("halt", "eh", "glauben"; "basically", "guess")."""
    return list_stop_words(language) | FILLERS[language]


def own_words(text: str) -> str:
    """The comment without the lines it quotes (a quoted sentence is another comment's topic)."""
    return QUOTED.sub(" ", text) if ">" in text else text


CAMEL = re.compile(r"(?<=[^\W\d_])(?=[A-ZÄÖÜ][a-zäöüß])")  # GeorgQuaas → Georg Quaas


def own_parts(text: str, parent: str | ParentWords | None = None, author: str | None = None) -> list[str]:
    """What the commenter wrote: no "> " lines (:func:`own_words`), no last line after others
    that is ``author``'s name (a signature, ``SIGNATURE_WORDS``), no closing (``CLOSING``), and
    no run of ``QUOTE_WORDS`` words the parent comment (its text or :func:`quote_grams`) has too
    (a quote however marked up: <em>, indented, plain); the text around a left-out quote in
    parts, so no phrase is read across it. Linear in both texts."""
    lines = own_words(text).rstrip().split("\n")
    if sum(1 for line in lines if line.strip()) > 1 and is_signature(lines[-1], author):
        lines.pop()
    text = "\n".join(lines)
    body = text.rstrip(" \t\n.!?")
    start = max(body.rfind(mark) for mark in ".!?\n") + 1  # the last sentence, after another one
    if start and len(body[start:].split()) <= CLOSING_WORDS and CLOSING.search(body, start):
        text = text[:start]
    return unquoted_parts(text, parent) if parent else [text]


def name_words(name: str) -> list[str]:
    """A name's words, lower-cased, a run-together one split at its capitals ("GeorgQuaas" → georg, quaas)."""
    return CAMEL.sub(" ", " ".join(cased_words(name))).lower().split()


def is_signature(line: str, author: str | None) -> bool:
    """Whether ``line`` is the author's name alone (at most ``SIGNATURE_WORDS`` words, dashes
    and titles around it): "Ann", "-- Georg Quaas" by GeorgQuaas; not "Nuclear is expensive"."""
    if not author or len(line.split()) > SIGNATURE_WORDS:
        return False
    words = [w for w in name_words(line) if w not in ("herr", "frau", "dr", "prof", "mr", "mrs", "ms")]
    return bool(words) and set(words) <= set(name_words(author))


def _written_words(parts: list[str]) -> Iterator[tuple[str, bool]]:
    """The words classify matches terms on (``tokens.words``, case kept for the lemmatiser)
    in ``parts`` outside ``NOT_WORDS`` and addresses (:func:`unaddressed`), each with whether
    a part's start or one of those stood before it."""
    for h, text in enumerate(parts):
        for i, segment in enumerate(NOT_WORDS.split(text)):
            for j, part in enumerate(unaddressed(segment)):
                for k, written in enumerate(cased_words(part)):
                    yield written, (h > 0 or i > 0 or j > 0) and k == 0


def unaddressed(text: str) -> list[str]:
    """``text`` split around its salutations and sign-offs and the capitalised name they
    address or sign (``ADDRESS``): "Liebe Claudia", "Liebe Grüße Monika", "Liebe Grüße" go;
    "Danke für das Rezept" and "die Liebe zum Detail" stay (``FORMULAE`` then drops "danke")."""
    parts, start = [], 0
    for m in ADDRESS.finditer(text):
        name = m.group("name")
        end = m.end("name") if name and name[0].isupper() else m.end("sign") if m.group("sign") else None
        if end is not None:
            parts.append(text[start:m.start()])
            start = end
    parts.append(text[start:])
    return [piece for part in parts for piece in TITLED.split(part)]


def _lemma(lemma: str, word: str, stops: frozenset[str]) -> str | None:
    """The lemma of a content word, or None for stop words, numbers and one letter."""
    if word in stops or len(word) < 2 or not word.replace("-", "").isalpha():
        return None
    if lemma.lower() in stops or len(lemma) < 2 or not lemma.replace("-", "").isalpha():
        return None
    return lemma


def substantive(threads: list[ParsedThread]) -> Corpus:
    """The corpus of comments that say something (reactions and pingbacks left out)."""
    from comments.classification.classify import set_languages

    if any(c.language is None for pt in threads for c in pt.comments):
        set_languages(threads)
    corpus = Corpus()
    for t, pt in enumerate(threads):
        texts = {c.id: c.text for c in pt.comments if c.id is not None}
        grams: dict[str, ParentWords] = {}  # parent id → its quote_grams, built once for all its replies
        names = thread_names(pt.comments)
        for c in pt.comments:
            if says_something(c, names=names):
                parent = None
                if c.parent_id and c.parent_id in texts:
                    if c.parent_id not in grams:
                        grams[c.parent_id] = quote_grams(texts[c.parent_id])
                    parent = grams[c.parent_id]
                corpus.add(c.text, c.language or "de", t, c.author, parent)
    corpus.prune()
    return corpus


def thread_weights(thread_of: list[int]) -> np.ndarray:
    """Per comment, min(1, cap / its thread's size): no thread weighs more than ``cap``."""
    threads = np.asarray(thread_of)
    _, inverse, counts = np.unique(threads, return_inverse=True, return_counts=True)
    cap = max(MIN_THREAD_CAP, 2 * float(np.median(counts)))
    return np.minimum(1.0, cap / counts[inverse])


def elbow(explained: dict[int, float], candidates: list[int] | None = None) -> int:
    """The k (of ``candidates``, default all but the first and last) after which one more
    topic explains markedly less: the largest drop in the marginal gain of explained variance
    (ties: fewer topics). ``explained`` must hold k − 1 and k + 1 around every candidate."""
    candidates = candidates or sorted(explained)[1:-1]
    gain = {k: explained[k] - explained[k - 1] for k in sorted(explained)[1:]}
    return max(candidates, key=lambda k: (round(gain[k] - gain[k + 1], 9), -k))


class TopicDiscovery:
    """NMF topics over thread-weighted lemma TF-IDF (scikit-learn fit/transform style).

    ``n_topics`` None: chosen in ``k_range`` at the ``elbow`` of explained variance."""

    def __init__(self, n_topics: int | None = None, k_range: tuple[int, int] = K_RANGE, balance: bool = True) -> None:
        self.n_topics = n_topics
        self.k_range = k_range
        self.balance = balance  # False: every comment weighs 1, however large its thread

    def fit(self, corpus: Corpus) -> TopicDiscovery:
        with warnings.catch_warnings():  # an NMF that stops at max_iter is still a usable draft
            warnings.simplefilter("ignore")
            return self._fit(corpus)

    def _fit(self, corpus: Corpus) -> TopicDiscovery:
        from sklearn.feature_extraction.text import TfidfVectorizer

        n = len(corpus.docs)
        if n < MIN_COMMENTS:
            raise SuggestError(f"{n} substantive comments; at least {MIN_COMMENTS} are needed to discover topics")
        self.vectorizer_ = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=2,
                                           max_df=0.5 if n >= 100 else 1.0)
        try:
            x = self.vectorizer_.fit_transform(corpus.docs)
        except ValueError:
            raise SuggestError(f"no word occurs in {MIN_DOCS} comments of {MIN_AUTHORS} authors: nothing to discover "
                               "topics from") from None
        self.features_ = np.asarray(self.vectorizer_.get_feature_names_out())
        self.weights_ = thread_weights(corpus.thread_of) if self.balance else np.ones(n)
        weighted = x.multiply(np.sqrt(self.weights_)[:, None]).tocsr()
        largest = min(x.shape[0], x.shape[1])
        self.most_ = min(largest, MAX_TOPICS)  # the most topics ``--topics`` may ask for here
        self.candidates_: list[int] = []
        if self.n_topics is not None:
            if self.n_topics > largest:
                raise SuggestError(f"{self.n_topics} topics asked, but the most it can draft here is {largest} "
                                   f"({plural(x.shape[0], 'comment')}, {plural(x.shape[1], 'word')} of "
                                   f"{MIN_DOCS}+ comments; use --topics {largest} or fewer)")
            k = self.n_topics
            self.explained_ = {}
        else:
            low = self.k_range[0]
            high = min(self.k_range[1], largest - 1, max(low, n // COMMENTS_PER_TOPIC))
            if high < low:
                raise SuggestError(f"only {largest} distinct words in two or more comments: too few for "
                                   f"{low} topics (use --topics to ask for fewer)")
            fit_on = weighted[_sample(self.weights_)]
            total = float(fit_on.multiply(fit_on).sum())
            self.explained_, smallest = {}, {}
            for k in range(low - 1, high + 2):
                nmf = _nmf(k)
                w = nmf.fit_transform(fit_on)
                self.explained_[k] = 1.0 - nmf.reconstruction_err_ ** 2 / total
                smallest[k] = _smallest_topic(w)
            # only a k whose every topic is the main one of MIN_TOPIC_COMMENTS comments: else the fewest
            self.candidates_ = [k for k in range(low, high + 1) if smallest[k] >= MIN_TOPIC_COMMENTS] or [low]
            k = elbow(self.explained_, self.candidates_)
        self.x_ = x
        self.k_ = k
        self.nmf_ = _nmf(k).fit(weighted)
        self.components_ = self.nmf_.components_
        self.doc_topics_ = self.nmf_.transform(x)
        return self

    def transform(self, corpus: Corpus) -> np.ndarray:
        """Document × topic weights of (other) lemma documents."""
        return self.nmf_.transform(self.vectorizer_.transform(corpus.docs))


def _smallest_topic(w: np.ndarray) -> int:
    """The fewest comments any topic is the main topic of (comments without any topic weight
    count for none)."""
    main = np.argmax(w, axis=1)[w.sum(axis=1) > 0]
    return int(np.bincount(main, minlength=w.shape[1]).min())


def _identity(doc: list[str]) -> list[str]:
    return doc


def _nmf(k: int):
    from sklearn.decomposition import NMF

    return NMF(n_components=k, init="nndsvd", tol=1e-3, max_iter=400, random_state=0)


def _sample(weights: np.ndarray) -> np.ndarray:
    """Rows for choosing k: all of them, or a fixed-seed sample drawn by thread weight."""
    n = len(weights)
    if n <= SELECT_SAMPLE:
        return np.arange(n)
    rng = np.random.RandomState(0)
    return np.sort(rng.choice(n, SELECT_SAMPLE, replace=False, p=weights / weights.sum()))


@dataclass
class Draft:
    """The drafted taxonomy (``text`` is the TOML file) and what it was measured to do."""

    text: str
    topics: list[DraftTopic]
    k: int
    explained: dict[int, float]  # explained variance per k tried (empty when k was given)
    covered: int
    substantive: int
    threads: int
    #: topic id → substantive comments classify gives it with this draft (a comment may have several)
    given: Counter = field(default_factory=Counter)
    candidates: list[int] = field(default_factory=list)  # the k the elbow was chosen among (empty when k was given)
    #: (thread name, its substantive comments) of the threads none of whose substantive comments gets a topic
    uncovered: list[tuple[str, int]] = field(default_factory=list)
    most: int = MAX_TOPICS  # the most topics ``--topics`` may ask for on this corpus

    @property
    def coverage(self) -> float:
        return self.covered / self.substantive if self.substantive else 0.0

    def share(self, topic_id: str) -> float:
        """The share of the substantive comments classify gives ``topic_id``."""
        return self.given[topic_id] / self.substantive if self.substantive else 0.0

    def summary(self, out: str) -> str:
        """The stderr report: topics found, the coverage measured, and per topic the share of
        the substantive comments classify gives it (measured too: shares may add up to more
        than the coverage, as a comment may get several topics)."""
        tried = self.candidates
        how = (f"chosen in {tried[0]}–{tried[-1]} at the elbow of explained variance, every topic the main one of "
               f"{MIN_TOPIC_COMMENTS}+ comments") if tried else "as asked"
        if len(tried) == 1:
            few = COMMENTS_PER_TOPIC * (tried[0] + 1)
            why = (f"under {few} substantive comments" if self.substantive < few else
                   f"more would give a topic under {MIN_TOPIC_COMMENTS} comments or too few shared words")
            how = f"the fewest it drafts: {why} allow no more" if self.substantive < few else \
                f"the fewest it drafts: {why}"
        dropped = self.k - len(self.topics)
        if dropped > 0:  # a topic whose words all belong to others, or without a term that can give it
            how += f"; {plural(dropped, 'topic')} of the {self.k} without words of its own left out"
        lines = [f"{len(self.topics)} topics ({how}) from {plural(self.substantive, 'substantive comment')} in "
                 f"{_threads(self.threads)}; with this taxonomy, classify gives {self.coverage:.0%} of them "
                 f"({self.covered:,}) a topic; "
                 f"written to {'stdout' if out == '-' else out}",
                 "  per topic, the share of them classify gives it (a comment may get several):"]
        width = max([28] + [len(t.id) for t in self.topics])  # ids line up, however long
        lines += [f"  {t.id:<{width}} {self.share(t.id):>4.0%}  {t.label}" for t in self.topics]
        if self.uncovered:
            shown = [f"{name} ({n:,})" for name, n in self.uncovered[:UNCOVERED_SHOWN]]
            more = len(self.uncovered) - len(shown)
            lines.append(f"  no topic for any substantive comment of {plural(len(self.uncovered), 'thread')} "
                         f"(its substantive comments): {', '.join(shown)}" + (f" and {more:,} more" if more else ""))
        if self.coverage < MIN_COVERAGE:
            more = min(K_RANGE[1], self.most)  # advise only a count --topics accepts here, and only more topics
            lines.append(f"note: under {MIN_COVERAGE:.0%} of the substantive comments get a topic: the corpus may hold "
                         "many unrelated debates (suggest a taxonomy per debate"
                         + (f", or try --topics {more})" if more > self.k else ")"))
        return "\n".join(lines)


def says_something(comment, tokens: list[str] | None = None, names: frozenset[str] = frozenset()) -> bool:
    """A reader comment that says something: no placeholder or pingback, no comment readers never saw (spam,
    pending: review21b, they were counted both as substantive and apart), not empty, not a bare reaction
    (``reactions.is_bare``: only reaction-lexicon terms, function words and ``names``, the thread's
    authors' :func:`thread_names`). The one substantive test of drift (its ``reaction`` reason),
    stickiness's pool, the taxonomy fit's base and this module, so the misfit sentence's count and
    suggest's agree; ``tokens``: ``words(comment.text)`` when the caller has them already."""
    from comments.model.placeholders import is_placeholder, unshown

    return not is_placeholder(comment) and not unshown(comment) and bool(comment.text.strip()) and \
        not is_bare(comment.text, tokens, names)


def thread_names(comments) -> frozenset[str]:
    """The words of a thread's author names (lower case, two letters or more): a reply that names
    one ("Thank you Amanda!") addresses a reader, it does not name a subject."""
    from comments.text.tokens import words

    return frozenset(w for a in {c.author for c in comments if c.author} for w in words(a) if len(w) > 1)


def coverage(threads: list[ParsedThread], text: str) -> tuple[int, int, Counter, list[tuple[str, int]]]:
    """(substantive comments given a topic, substantive comments, topic → substantive comments
    given it, (name, substantive comments) of the threads none of whose are given one) when
    ``classify`` reads the threads with the taxonomy ``text`` (loaded the way ``--taxonomy``
    loads it), the largest uncovered thread first."""
    from comments.classification.taxonomy import loads
    from comments.classification.topics import TopicClassifier

    taxonomy = loads(text, "draft.toml")
    copies = [ParsedThread(pt.thread, [replace(c, topics=None, topic_scores=None) for c in pt.comments])
              for pt in threads]
    TopicClassifier(taxonomy).transform(copies)
    kept = []
    uncovered = []
    for pt in copies:
        names = thread_names(pt.comments)
        own = [c for c in pt.comments if says_something(c, names=names)]
        kept += own
        if own and not any(c.topics for c in own):
            uncovered.append((thread_name(pt), len(own)))
    uncovered.sort(key=lambda tn: (-tn[1], tn[0]))
    return (sum(1 for c in kept if c.topics), len(kept), Counter(t for c in kept for t in set(c.topics or ())),
            uncovered)


def thread_name(pt: ParsedThread) -> str:
    """How the summary names a thread: its site and title (or id), cut to ``NAME_CHARS`` characters."""
    t = pt.thread
    name = opening(": ".join(p for p in (t.site, t.title or t.thread_id) if p) or "(unnamed)", 12)
    return name if len(name) <= NAME_CHARS else name[:NAME_CHARS - 1] + "…"


def suggest(threads: list[ParsedThread], n_topics: int | None = None, name: str = "draft") -> Draft:
    """Discover the threads' topics and draft a taxonomy covering ``TARGET_COVERAGE`` of
    the substantive comments if ``TERM_STEPS`` terms per topic can."""
    corpus = substantive(threads)
    model = TopicDiscovery(n_topics).fit(corpus)
    chosen = f"{model.k_} topics" + ("" if not model.candidates_ else " (the fewest it drafts)"
                                     if len(model.candidates_) == 1 else " (k at the elbow of explained variance)")
    header = [f"Draft taxonomy written by `comments taxonomy suggest` from {len(corpus.docs):,} substantive comments",
              f"in {_threads(len(set(corpus.thread_of)))}: {chosen}, NMF over lemmatised TF-IDF.",
              "Edit it before use: rename labels, merge or drop topics, delete imprecise terms. A `strong` term",
              "gives a comment the topic on its own, `terms` need two; but a comment of at most",
              f"{REACTION_TOKENS} words, at most {REACTION_WORDS} of them neither stop words nor single letters, is a "
              f"bare reaction and gets no topic ({reaction_example(corpus.doc_languages)}).",
              "Term syntax: README, \"Taxonomy files\".",
              "Descriptions quote the opening words of the comments most about each topic."]
    description = f"{DRAFT_DESCRIPTION}{len(corpus.docs):,} comments of {_threads(len(set(corpus.thread_of)))}"
    result = None
    for n_terms in TERM_STEPS:
        topics = draft_topics(corpus, model, n_terms)
        if not topics:
            raise SuggestError("no topic has words of its own: the comments share too few words")
        text = to_toml(name, description, topics, header)
        covered, total, given, uncovered = coverage(threads, text)
        result = Draft(text, topics, model.k_, model.explained_, covered, total, len(set(corpus.thread_of)), given,
                       model.candidates_, uncovered, model.most_)
        if result.coverage >= TARGET_COVERAGE:
            break
    if n_topics is not None and len(result.topics) < n_topics:
        raise SuggestError(f"{n_topics} topics asked, but only {len(result.topics)} of them have words of their "
                           f"own: the most it can draft here is {len(result.topics)} (use --topics "
                           f"{len(result.topics)} or fewer)")
    # the file and the summary list the topics by the comments classify gives them, most first
    result.topics = sorted(result.topics, key=lambda t: (-result.given[t.id], t.id))
    result.text = to_toml(name, description, result.topics, header)
    return result


def reaction_example(languages: Counter) -> str:
    """The header's example of a bare reaction, in the corpus's languages (its comments'
    majority first; German when it has none), so an English corpus is not shown German only."""
    shown = sorted((lang for lang in languages if languages[lang]), key=lambda lang: (-languages[lang], lang)) or ["de"]
    return ", ".join(f'"{REACTION_EXAMPLES[lang]}"' for lang in shown)


def _threads(n: int) -> str:
    return plural(n, "thread")
