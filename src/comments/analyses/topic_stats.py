"""What people talk about, and how: topic and tone shares, topic × tone, topic
co-occurrence, the words that characterise each topic, topics over time, and whether
the taxonomy fits the corpus at all.

Every table is a reduction of per-thread partials: ``thread_text`` counts one thread
alone (a :class:`TopicCounts`); ``shares``, ``topic_by_tone``, ``cooccurrence`` and
``over_time`` add the partials' counts up, :class:`WordTotals` adds their word
counts before its final log-odds step, and ``misfit`` adds up ``coverage`` rows. So a
distributed engine can count each thread on any worker and combine anywhere.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections import _count_elements as tally  # Counter.update of an iterable, without its per-call checks
from dataclasses import dataclass, field

from comments.model.placeholders import NOTE_STATUS, is_gone, out_of_discussion, unshown
from comments.model.records import ParsedThread
from comments.text.tokens import Stems, straight_apostrophes
from comments.model.records import TONES

#: ``NONE``: read, no label found; ``UNREAD``: a comment in a language other than German and English, its tone not
#: read (classify's cue lists, stems and polarity lexicon are German and English), a column only where such comments
#: are; ``PINGBACK`` (any record whose kind is not ``comment``) and ``DELETED`` (status deleted/removed, or a text that
#: is only "[deleted]", "[gelöscht]" …: model.placeholders.is_gone) and ``NOTE`` (an editors' note, status ``note``):
#: no reader's words, so classify reads none of them; ``UNSHOWN`` (label ``unpublished``: status ``spam`` or ``pending``,
#: a comment readers never saw — classify reads it, the tables count it apart whatever labels it got);
#: all counted apart from ``none``, a column only where there are such records. One source: the taxonomy reserves them
from comments.classification.taxonomy import DELETED, NONE, NOTE, PINGBACK, UNREAD, UNSHOWN  # noqa: E402

#: the labels counted apart from every read label and from ``none``: records without a reader's words, and
#: comments no reader saw
SET_APART = (PINGBACK, DELETED, NOTE, UNSHOWN)


def _apart(c) -> tuple[str, ...]:
    """(:data:`PINGBACK`,) for a pingback, (:data:`DELETED`,) for a deleted or removed comment, (:data:`NOTE`,) for
    an editors' note (status ``note``), (:data:`UNSHOWN`,) for spam or a pending comment, else ()."""
    return ((PINGBACK,) if c.kind != "comment" else (DELETED,) if is_gone(c) else
            (NOTE,) if c.status == NOTE_STATUS else (UNSHOWN,) if unshown(c) else ())


def topic_labels(c) -> tuple[str, ...]:
    """The topic labels a comment counts under in the tables: :data:`UNSHOWN` for spam or a pending comment
    (whatever classify found: no reader saw it), else its topics, else :data:`PINGBACK` for a pingback,
    :data:`DELETED` for a deleted comment (else none)."""
    return (UNSHOWN,) if unshown(c) and c.kind == "comment" else tuple(c.topics or ()) or _apart(c)


def tone_labels_of(c) -> tuple[str, ...]:
    """The tone labels a comment counts under in the tables: :data:`UNSHOWN` for spam or a pending comment, else
    its tones, else :data:`PINGBACK` for a pingback, :data:`DELETED` for a deleted comment, else :data:`UNREAD` for
    a comment in another language (else none)."""
    if unshown(c) and c.kind == "comment":
        return (UNSHOWN,)
    return tuple(c.tone or ()) or _apart(c) or ((UNREAD,) if c.language == "other" else ())


#: an @-handle or anonymisation placeholder ("@USER", "@MEDIUM", "@anna_k"), not an e-mail address
HANDLE = re.compile(r"(?<![\w.])@\w+")
#: a web address in a comment's text ("https://x.de/a-b", "www.x.de"): its parts ("https",
#: "www", the domain's pieces) are no words of the comment, as topic or site marker words
ADDRESS = re.compile(r"(?:\b[a-z][a-z0-9+.-]{0,15}://|\bwww\.)\S+", re.IGNORECASE)


@dataclass
class Share:
    group: str  # site, or site/thread
    label: str
    count: int
    total: int

    @property
    def share(self) -> float | None:
        """count / total; None for a group without comments (0 of 0 is no share: an empty cell)."""
        return self.count / self.total if self.total else None


@dataclass
class TopicCounts:
    """One thread's partial of every topics table: plain counts, added up by :func:`add`."""

    site: str
    group: str  # site/thread_id, the group of the per-thread shares
    comments: int = 0
    labels: dict[str, Counter] = field(default_factory=dict)  # "topics"/"tone" → label (``none`` too) → comments
    topic_tone: Counter = field(default_factory=Counter)  # (topic, tone) → comments, ``none`` for neither
    cooccurrence: Counter = field(default_factory=Counter)  # (topic a, topic b) → comments with both
    dated: Counter = field(default_factory=Counter)  # created_at[:10] → comments (timestamps of 7+ characters)
    dated_topics: Counter = field(default_factory=Counter)  # (created_at[:10], topic) → comments
    words: Counter = field(default_factory=Counter)  # stem → occurrences in all comments
    word_docs: Counter = field(default_factory=Counter)  # stem → comments containing it
    #: stem → the one author (:func:`author_key`) of the comments containing it, MANY_AUTHORS for two or more
    word_authors: dict[str, int] = field(default_factory=dict)
    topic_words: dict[str, Counter] = field(default_factory=dict)  # topic → stem occurrences in its comments
    topic_docs: dict[str, Counter] = field(default_factory=dict)  # topic → stem → its comments containing it
    topic_forms: dict[str, Counter] = field(default_factory=dict)  # topic → (form, stem) → occurrences in its comments
    topic_form_docs: dict[str, Counter] = field(default_factory=dict)  # topic → (form, stem) → its comments with it


#: ``word_authors``' mark of a word used by two or more authors
MANY_AUTHORS = -1


def _word_authors(pt: ParsedThread, words_of: dict[str, set[str]], anonymous: list[tuple]) -> dict[str, int]:
    """word → its one author's :func:`author_key`, or MANY_AUTHORS, from each author's words
    (a comment without an author is an author of its own)."""
    keyed = [(author_key(None, pt.thread, name), used) for name, used in words_of.items()]
    keyed += [(author_key(c, pt.thread), used) for c, used in anonymous]
    seen: set[str] = set()
    many: set[str] = set()
    for _, used in keyed:
        many |= seen & used
        seen |= used
    out = dict.fromkeys(many, MANY_AUTHORS)
    for who, used in keyed:
        out.update(dict.fromkeys(used - many, who))
    return out


def author_key(c, thread, name: str | None = None) -> int:
    """A comment's author as a stable 63-bit number (the same in every process, so threads
    read apart merge); a comment without an author is its own (an unknown author is not
    taken for another one)."""
    from hashlib import blake2b

    name = name or (c.author if c is not None else None)
    name = f"a\0{name}" if name else f"c\0{thread.site}\0{thread.thread_id}\0{c.id}"
    return int.from_bytes(blake2b(name.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big") >> 1


def _without_addresses(text: str) -> str:
    """``text`` without @-handles and web addresses, whose pieces are no words of it."""
    return ADDRESS.sub(" ", HANDLE.sub(" ", text))


def thread_text(pt: ParsedThread, topics: list[str] | None, stems: Stems | None) -> tuple[Coverage, TopicCounts | None]:
    """One thread's taxonomy-fit partial (:class:`Coverage`) and, given ``topics``, its
    topic counts (:class:`TopicCounts`, ``stems`` caching stems and counting the written
    forms each stem is shown by), from one tokenising of each comment. The label counts
    are made once per distinct (topics, tones, day) of the thread, not per comment."""
    from comments.classification.suggest import says_something, thread_names
    from comments.text.tokens import words

    counted = topics is not None
    combos: Counter = Counter()  # (topics, tones, day or None) → comments
    bags: dict[tuple[str, ...], Counter] = {}  # topics → stem occurrences in comments with exactly those
    docs: dict[tuple[str, ...], Counter] = {}  # topics → stem → comments with exactly those containing it
    forms: dict[tuple[str, ...], Counter] = {}  # topics → (form, stem) → occurrences in comments with exactly those
    form_docs: dict[tuple[str, ...], Counter] = {}  # topics → (form, stem) → comments with exactly those using it
    everything: Counter = Counter()
    word_docs: Counter = Counter()
    words_of: dict[str, set[str]] = {}  # author → the words of their comments
    anonymous: list[tuple] = []  # (comment, its words) of the comments without an author
    substantive = without = 0
    names = thread_names(pt.comments)
    for c in pt.comments:
        tokens = words(c.text)
        if says_something(c, tokens, names):
            substantive += 1
            without += not c.topics
        if counted and out_of_discussion(c):  # a pingback, deleted or unseen comment: counted apart; its words in no word count
            combos[(topic_labels(c), tone_labels_of(c), None)] += 1
        elif counted:  # @-handles and anonymisation placeholders (@USER, @MEDIUM) are no topic words
            labels = tuple(c.topics or ())
            kept = words(_without_addresses(c.text)) if "@" in c.text or "/" in c.text or "www." in c.text else tokens
            if labels:  # a topic's words are named by the forms its own comments use
                pairs = stems.forms_of_words(kept, c.language or "de")
                ws = [s for _, s in pairs]
            else:
                ws = stems.of_words(kept, c.language or "de")
            tally(everything, ws)  # in order of first sight, as the comparison's bags are coded
            distinct = set(ws)
            tally(word_docs, distinct)
            if c.author:  # each author's words, in set steps (not a step per word)
                used = words_of.get(c.author)
                if used is None:
                    used = words_of[c.author] = set()
                used |= distinct
            else:
                anonymous.append((c, distinct))
            day = c.created_at[:10] if c.created_at and len(c.created_at) >= 7 else None
            combos[(labels, tone_labels_of(c), day)] += 1
            if labels:
                bag = bags.get(labels)
                if bag is None:
                    bag = bags[labels] = Counter()
                    docs[labels], forms[labels], form_docs[labels] = Counter(), Counter(), Counter()
                tally(bag, ws)
                tally(docs[labels], set(ws))
                tally(forms[labels], pairs)
                tally(form_docs[labels], set(pairs))
    coverage = Coverage(pt.thread.site or "", str(pt.thread.thread_id), substantive, without)
    if not counted:
        return coverage, None
    out = TopicCounts(pt.thread.site or "", f"{pt.thread.site}/{pt.thread.thread_id}" or "", len(pt.comments),
                      {"topics": Counter(), "tone": Counter()}, words=everything, word_docs=word_docs,
                      word_authors=_word_authors(pt, words_of, anonymous))
    _add_labels(out, combos, topics)
    known = set(topics)
    for labels, bag in bags.items():
        for t in labels:
            if t in known:
                out.topic_words.setdefault(t, Counter()).update(bag)
        for t in sorted(set(labels) & known):  # a comment counts once per topic, however often a label repeats
            out.topic_docs.setdefault(t, Counter()).update(docs[labels])
            out.topic_forms.setdefault(t, Counter()).update(forms[labels])
            out.topic_form_docs.setdefault(t, Counter()).update(form_docs[labels])
    return coverage, out


def _add_labels(out: TopicCounts, combos: Counter, topics: list[str]) -> None:
    """The label counts of ``out`` from its comments counted per (topics, tones, day)."""
    for (labels, tones, day), n in combos.items():
        for t in labels or (NONE,):
            out.labels["topics"][t] += n
            for tone in tones or (NONE,):
                out.topic_tone[(t, tone)] += n
        for tone in tones or (NONE,):
            out.labels["tone"][tone] += n
        if len(labels) == 1 and labels[0] in SET_APART:  # (no topic to pair, no period: over_time is readers')
            continue
        present = sorted(set(labels))
        for x in present:
            for y in present:
                out.cooccurrence[(x, y)] += n
        if day is not None:
            out.dated[day] += n
            for t in topics:
                out.dated_topics[(day, t)] += n * (t in labels)


def shares(parts: list[TopicCounts], field_: str, labels: list[str], by: str) -> list[Share]:
    """Share of comments carrying each label (and ``none``) per site or per thread."""
    counts: dict[str, Counter] = {}
    totals: Counter = Counter()
    for p in parts:
        key = p.site if by == "site" else p.group
        counts.setdefault(key, Counter()).update(p.labels[field_])
        totals[key] += p.comments
    return [Share(group, label, counts[group].get(label, 0), totals[group])
            for group in sorted(counts) for label in [*labels, NONE]]


def tone_labels(parts: list[TopicCounts]) -> list[str]:
    """The tone labels of the tone tables: the six, :data:`UNREAD` when some comment is in another language and
    :data:`PINGBACK`/:data:`DELETED` when there are pingbacks/deleted comments (``none`` is added by the tables)."""
    return [*TONES, *(x for x in (UNREAD, *SET_APART) if any(p.labels["tone"][x] for p in parts))]


def topic_labels_of(parts: list[TopicCounts], topics: list[str]) -> list[str]:
    """The topic labels of the topic tables: the taxonomy's, and :data:`PINGBACK`/:data:`DELETED` when there are
    pingbacks/deleted comments (``none`` is added by the tables)."""
    return [*topics, *(x for x in SET_APART if any(p.labels["topics"][x] for p in parts))]


def topic_by_tone(parts: list[TopicCounts], topics: list[str]) -> dict[tuple[str, str], int]:
    """Comments per (topic, tone) pair, ``none`` for comments without either (and
    :data:`PINGBACK` for pingbacks, :data:`UNREAD` for comments whose tone is not read, when there are any)."""
    table: Counter = sum((p.topic_tone for p in parts), Counter())
    return {(t, tone): table.get((t, tone), 0) for t in [*topic_labels_of(parts, topics), NONE]
            for tone in [*tone_labels(parts), NONE]}


def cooccurrence(parts: list[TopicCounts], topics: list[str]) -> dict[tuple[str, str], int]:
    """Comments carrying both topics (the diagonal: each topic's comments)."""
    table: Counter = sum((p.cooccurrence for p in parts), Counter())
    return {(a, b): table.get((a, b), 0) for a in topics for b in topics}


#: The z-score a word must reach to "mark" a topic: 1.96, a two-sided 5 % test.
Z_CLEAR = 1.96

#: The different comments of a topic a word must occur in to mark it: a word one reader
#: repeats (or two readers use) says something about them, not about the topic.
MIN_MARKER_COMMENTS = 3


@dataclass
class WordTotals:
    """Per topic, the words most over-represented in its comments relative to all other
    comments of the corpus (:meth:`terms`: log-odds ratio with an informative Dirichlet prior,
    Monroe et al. 2008), from word counts added up one partial at a time (whole numbers: the
    order they are added in changes nothing)."""

    everything: Counter
    inside_of: dict[str, Counter]  # topic → stem occurrences in its comments
    docs_of: dict[str, Counter] = field(default_factory=dict)  # topic → stem → its comments containing it
    forms_of: dict[str, Counter] = field(default_factory=dict)  # topic → (form, stem) → occurrences in its comments
    form_docs_of: dict[str, Counter] = field(default_factory=dict)  # topic → (form, stem) → its comments with it

    @classmethod
    def of(cls, topics: list[str]) -> WordTotals:
        return cls(Counter(), {t: Counter() for t in topics}, {t: Counter() for t in topics})

    def add(self, p: TopicCounts) -> None:
        self.everything.update(p.words)
        for t, ws in p.topic_words.items():
            self.inside_of[t].update(ws)
        for t, ds in p.topic_docs.items():
            self.docs_of.setdefault(t, Counter()).update(ds)
        for t, fs in p.topic_forms.items():
            self.forms_of.setdefault(t, Counter()).update(fs)
        for t, fs in p.topic_form_docs.items():
            self.form_docs_of.setdefault(t, Counter()).update(fs)

    def topic_surface(self, topic: str) -> dict[str, str]:
        """stem → the written form the topic's comments use most often among the forms found in
        at least :data:`MIN_MARKER_COMMENTS` of them (a stem with no such form is missing: it
        is shown by no word the topic's comments really share)."""
        docs = self.form_docs_of.get(topic, Counter())
        best: dict[str, tuple[int, str]] = {}
        for (form, s), n in self.forms_of.get(topic, Counter()).items():
            if docs[(form, s)] >= MIN_MARKER_COMMENTS and (s not in best or (-n, form) < (-best[s][0], best[s][1])):
                best[s] = (n, form)
        return {s: form for s, (_, form) in best.items()}

    def terms(self, topics: list[str], surface, k: int = 12) -> dict[str, list[tuple[str, float, float]]]:
        """Per topic, its ``k`` most characteristic words as (word, z, adjusted p): only those
        over-represented beyond chance after Benjamini–Hochberg correction over every (topic,
        word) tested (:func:`corrected`, as compare's words: a vocabulary of thousands of words
        passes none by chance), no stop or filler words of either language (stopwords-iso's
        "mal", "immer", "etwa" …), and none found in fewer than :data:`MIN_MARKER_COMMENTS`
        different comments of the topic, so that no finding comes from noise or from one
        comment; each named by the form the topic's own comments use most that itself occurs
        in that many of them (:meth:`topic_surface`; ``surface`` only for partials that carry
        no forms); an empty list when no word passes."""
        passing = corrected({topic: log_odds(self.inside_of[topic], self.everything - self.inside_of[topic])
                             for topic in topics})
        out = {}
        for topic in topics:
            docs = self.docs_of.get(topic, Counter())
            scored = [(w, z, q) for w, z, q in passing[topic] if docs[w] >= MIN_MARKER_COMMENTS]
            named = self.topic_surface(topic).get if self.forms_of.get(topic) else surface
            out[topic] = clear_words(scored, named, k)
        return out


#: the false discovery rate a word must pass to mark a topic or to set a compared group apart
#: (Benjamini–Hochberg over every word tested)
WORDS_FDR = 0.05


def corrected(tested: dict[str, list[tuple[str, float]]]) -> dict[str, list[tuple[str, float, float]]]:
    """Per group (a topic, a compared site or thread), its over-represented words at
    Benjamini–Hochberg adjusted p < :data:`WORDS_FDR` as (word, z, adjusted p), from its
    :func:`log_odds` (word, z) pairs: two-sided p of each z, adjusted over every (group,
    word) pair tested, in the pairs' order."""
    import numpy as np
    from scipy.special import ndtr

    from comments.analyses.stats import benjamini_hochberg

    z = np.array([score for pairs in tested.values() for _, score in pairs], dtype=float)
    adjusted = iter(benjamini_hochberg((2.0 * ndtr(-np.abs(z))).tolist()))
    return {group: [(w, score, q) for (w, score), q in zip(pairs, adjusted) if q < WORDS_FDR and score > 0]
            for group, pairs in tested.items()}


def clear_words(scored: list[tuple], surface, k: int) -> list[tuple]:
    """The first ``k`` of ``scored`` (stem, z) pairs (:func:`log_odds`, highest first) that
    are over-represented beyond chance (z ≥ :data:`Z_CLEAR`), named by their written form
    ``surface(stem)`` (None: no form to show, left out), that is neither a stop word nor a
    filler (``suggest.FILLERS``: "halt" set a local news site apart) of German or English
    (the languages comments are detected in): the rule of the topic marker words and of the
    words that set a compared group apart, so no finding comes from noise. Empty when no word
    passes. Any further items of a pair (an adjusted p) are kept. :func:`_unwanted` says how
    a word is matched."""
    kept = ((surface(w), w, z, *more) for w, z, *more in scored if z >= Z_CLEAR)
    return [(word, z, *more) for word, stem, z, *more in kept if word is not None and not _unwanted(word, stem)][:k]


def _unwanted(word: str, stem: str) -> bool:
    """``word`` (written, its stem ``stem``) is a stop word or filler. Its written form is
    matched against both languages' lists; its stem only against the stop words of a
    language whose stemmer gives ``word`` that stem ("liebe" → "lieb"), never across
    languages: "Kinder" stems to "kind", "Themen" to "them", "backen" to "back", "ändern" to
    "and" — English stop words — and "Nahen" to "nah", an English filler. Fillers are exact
    forms ("Meister" stems to "meist", "hält" to "halt")."""
    from comments.classification.suggest import FILLERS, list_stop_words
    from comments.text.tokens import stem as stem_of

    plain = _plain(word)
    if plain in FILLERS["de"] or plain in FILLERS["en"]:
        return True
    return any(plain in list_stop_words(language) or (_plain(stem) in list_stop_words(language)
                                                      and stem_of(plain, language) == stem)
               for language in ("de", "en"))


def _plain(word: str) -> str:
    """``word`` as the stop-word lists write it: lower case, every apostrophe straight
    (``tokens.straight_apostrophes``: “don’t” and “donʼt” are “don't”)."""
    return straight_apostrophes(word.lower())


#: The informative prior's weight in :func:`log_odds`: its pseudo-counts sum to this share of all words.
PRIOR_SCALE = 0.01


def log_odds(a: Counter, b: Counter, prior_scale: float = PRIOR_SCALE) -> list[tuple[str, float]]:
    """Words of ``a`` vs ``b`` by the z-score of the log-odds ratio with an informative
    Dirichlet prior from the pooled counts (Monroe, Colaresi & Quinn 2008), highest first."""
    pooled = a + b
    total = sum(pooled.values())
    if not total or not a or len(pooled) == 1:  # one word in all: no other word to tell it from
        return []
    alpha0 = prior_scale * total
    n_a, n_b = sum(a.values()), sum(b.values())
    scores = [(word, log_odds_z(a.get(word, 0), b.get(word, 0), count, n_a, n_b, total, alpha0))
              for word, count in pooled.items()]
    scores.sort(key=lambda x: (-x[1], x[0]))
    return scores


def log_odds_z(ya: float, yb: float, count: float, n_a: float, n_b: float, total: float, alpha0: float) -> float:
    """The :func:`log_odds` z of one word counted ``ya`` times in ``a`` (of ``n_a`` words) and
    ``yb`` in ``b`` (of ``n_b``), ``count`` in both, against a prior of ``alpha0`` pseudo-counts
    over ``total`` words (one formula, so a caller scoring only some words gets the same z)."""
    alpha = alpha0 * count / total
    delta = (math.log((ya + alpha) / (n_a + alpha0 - ya - alpha))
             - math.log((yb + alpha) / (n_b + alpha0 - yb - alpha)))
    variance = 1.0 / (ya + alpha) + 1.0 / (yb + alpha)
    return delta / math.sqrt(variance)


def over_time(parts: list[TopicCounts], topics: list[str]) -> list[tuple[str, str, int, int]]:
    """(period, topic, comments with topic, comments in period) by month, or by day when
    everything falls in one month; comments without a timestamp, and pingbacks (no topic
    is read in them), are left out."""
    dated: Counter = Counter()
    hits: Counter = Counter()
    for p in parts:
        dated.update(p.dated)
        hits.update(p.dated_topics)
    if not dated:
        return []
    months = {day[:7] for day in dated}
    width = 10 if len(months) == 1 and all(len(day) >= 10 for day in dated) else 7
    periods: Counter = Counter()
    period_hits: Counter = Counter()
    for day, n in dated.items():
        periods[day[:width]] += n
    for (day, t), n in hits.items():
        period_hits[(day[:width], t)] += n
    return [(p, t, period_hits[(p, t)], n) for p, n in sorted(periods.items()) for t in topics]


def period_span(periods: list[str]) -> list[str] | None:
    """Every period of the calendar from the first to the last of the sorted ``periods`` of
    topics_over_time (all months ``YYYY-MM`` or all days ``YYYY-MM-DD``), those without a
    dated comment included; None when a period is neither (nothing can be said of gaps)."""
    from datetime import date, timedelta

    if not periods:
        return []
    try:
        if all(len(p) == 7 and p[4] == "-" for p in periods):
            first, last = (int(periods[0][:4]) * 12 + int(periods[0][5:]) - 1,
                           int(periods[-1][:4]) * 12 + int(periods[-1][5:]) - 1)
            span = [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(first, last + 1)]
        elif all(len(p) == 10 for p in periods):
            start, end = date.fromisoformat(periods[0]), date.fromisoformat(periods[-1])
            span = [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
        else:
            return None
    except ValueError:
        return None
    return span if set(periods) <= set(span) else None


#: Above this share of substantive comments without a topic, the taxonomy does not fit.
MISFIT = 0.60


@dataclass
class Coverage:
    """One thread's substantive comments (suggest.says_something) and how many have no topic."""

    site: str
    thread_id: str
    substantive: int
    without_topic: int


def thread_coverage(pt: ParsedThread) -> Coverage:
    """One thread's partial of the taxonomy fit."""
    return thread_text(pt, None, None)[0]


def coverage(threads: list[ParsedThread]) -> list[Coverage]:
    """Per-thread partials of the taxonomy fit."""
    return [thread_coverage(pt) for pt in threads]


def misfit(rows: list[Coverage]) -> tuple[float, int] | None:
    """(share without a topic, substantive comments) when more than ``MISFIT`` of the
    substantive comments get no topic, else None: the reduction of ``coverage`` rows."""
    total = sum(r.substantive for r in rows)
    without = sum(r.without_topic for r in rows)
    return (without / total, total) if total and without / total > MISFIT else None
