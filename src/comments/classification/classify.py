"""classify: language, topics and tone of every comment, in thread context."""

from __future__ import annotations

import multiprocessing
import pickle
from bisect import bisect_right
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import lru_cache
from itertools import chain, repeat
from operator import attrgetter
from pathlib import Path

import numpy as np

from comments.io import gcpause
from comments.text import language as language_mod
from comments.classification import tone as tone_mod
from comments.classification.lexicon import Lexicon
from comments.model.placeholders import is_placeholder, placeholder_flags
from comments.model.records import Comment, ParsedThread
from comments.classification.taxonomy import Taxonomy
from comments.classification.taxonomy import load as load_taxonomy
from comments.text.tokens import LINE_BREAK, Tokens, tokenize
from comments.classification.topics import TopicClassifier
from comments.model.tree import walk
from comments.text.token_table import _gather
from comments.text.token_table import table as token_table


MAJORITY_SAMPLE = 5_000  # a thread's majority language is counted over its first comments


def set_languages(threads: list[ParsedThread]) -> None:
    """Per comment; a comment too short to tell takes its thread's majority language
    (counted over the thread's first ``MAJORITY_SAMPLE`` comments: plenty to tell, and
    a huge thread need not be read twice)."""
    for pt in threads:
        _set_languages(pt.comments)


def _majority(detected: Iterable[str | None]) -> str | None:
    """The language a comment too short to tell takes: the more frequent of German and
    English; ``other`` only in a thread with no German or English comment (None: no
    comment can tell)."""
    counts = Counter(lang for lang in detected if lang is not None)
    other = counts.pop("other", 0)
    return counts.most_common(1)[0][0] if counts else "other" if other else None


def _set_languages(comments: list[Comment], majority: str | None = None,
                   held: dict[int, Tokens] | None = None) -> None:
    """Languages of some comments of one thread (``majority``: the thread's, if these
    are not all of it); ``held`` receives each comment's tokens (keyed by ``id``) so
    that the classifiers need not tokenise it again."""
    detected = []
    for c in comments:
        tokens = tokenize(c.text)
        detected.append(language_mod.identify(c.text, tokens))
        if held is not None:
            held[id(c)] = tokens
    _assign(comments, detected, majority)


def _assign(comments: list[Comment], detected: list[str | None], majority: str | None = None) -> None:
    """Set each comment's identified language; one too short to tell (None) takes
    ``majority`` (the thread's; counted from ``detected`` when None), or where no comment
    of the thread can tell, the likelier of German and English for them all (read
    together); an empty one is ``other``."""
    if None not in detected:  # (most units: every comment tells, no majority needed; set by a C-level map)
        deque(map(setattr, comments, repeat("language"), detected), 0)
        return
    if majority is None:
        majority = _majority(detected[:MAJORITY_SAMPLE])
    for c, lang in zip(comments, detected):
        if lang is None:
            if not c.text.strip():
                lang = "other"
            else:
                lang = majority = majority or language_mod.closer("\n".join(d.text for d in comments[:50]))
        c.language = lang


#: The shipped tone model (benchmarks/train_defaults.py rebuilds it from data/labelled/).
DEFAULT_TONE = Path(__file__).resolve().parents[1] / "data" / "models" / "tone"


@lru_cache(maxsize=4)
def _load_model(folder: str):
    from comments.classification.learn import TextModel

    return TextModel.load(folder)


def apply_model(threads: list[ParsedThread], folder: str | Path) -> None:
    """A ``comments train`` model (or the shipped default) replaces the scores of the
    labels it knows; a comment a tone model finds critical, hostile or sarcastic is
    never positive in polarity."""
    model = _load_model(str(folder))
    comments = [c for pt in threads for c in pt.comments]
    if not comments:
        return
    parents = [p for pt in threads for p in parent_texts(pt.comments)] if getattr(model, "context", None) else None
    probabilities = model.predict_proba([c.text for c in comments], parents)
    known = set(model.labels)
    for c, row in zip(comments, probabilities):
        if model.kind == "tone" and c.language == "other" or is_placeholder(c):
            continue  # a tone model reads German and English stems; a pingback or deleted comment has no reader's words
        if model.kind == "topics":
            if c.topic_scores is None:
                c.topic_scores = {}
            scores, labels = c.topic_scores, c.topics
        else:
            if c.tone_scores is None:
                c.tone_scores = {}
            scores, labels = c.tone_scores, c.tone
        chosen = [label for label, p, threshold in zip(model.labels, row, model.thresholds) if p >= threshold]
        for label, p in zip(model.labels, row):
            scores[label] = round(float(p), 4)
        kept = [label for label in labels if label not in known] + chosen
        order = {label: i for i, label in enumerate(tone_mod.TONES if model.kind == "tone" else scores)}
        labels[:] = sorted(kept, key=lambda label: order.get(label, len(order)))
        if model.kind == "tone" and c.polarity is not None and not {"critical", "hostile", "sarcastic"}.isdisjoint(labels):
            c.polarity = min(c.polarity, 0.0)  # blame is never positive


def parent_texts(comments: list[Comment]) -> list[str | None]:
    """Each comment's parent's text among ``comments`` (one thread, or whole reply trees of it); None for a
    top-level comment and for a reply whose parent is not among them: the reply context a tone model with
    ``context`` columns reads (``tone_context``). Looked up by id, so the same whatever the comments' order."""
    by_id: dict[str, Comment] = {}
    for c in comments:
        by_id.setdefault(c.id, c)
    return [None if c.parent_id is None or (p := by_id.get(c.parent_id)) is None else p.text for c in comments]


def classify(threads: list[ParsedThread], taxonomy: Taxonomy | None = None, adapt: bool = False,
             model: str | Path | None = None, jobs: int = 1, keep_scores: bool = True,
             default_tone: bool = True) -> list[ParsedThread]:
    """Set language, topics, topic_scores, tone, tone_scores and polarity in place.

    Tone comes from the shipped learned model (``default_tone``; cue features with
    word stems, see docs/models.md); ``model`` then replaces the labels it knows.

    ``jobs`` > 1 classifies threads in that many worker processes (results are the
    same as with one: every thread is handled whole by one worker).
    ``keep_scores=False`` (reports, which use only the labels) drops the per-label
    scores as soon as the labels are set, saving about 0.6 KB per comment. Every
    comment gets label lists of its own (changing one comment's never changes another's)."""
    taxonomy = taxonomy or load_taxonomy()
    topics = TopicClassifier(taxonomy, adapt=adapt)
    topics.keep_scores = keep_scores or model is not None
    topics.default_tone = default_tone
    with gcpause.paused(), _line_breaks(threads):
        if adapt:
            set_languages(threads)
            topics.fit(threads)
        total = sum(len(pt.comments) for pt in threads)
        if jobs > 1 and total >= PARALLEL_MIN and "fork" in multiprocessing.get_all_start_methods():
            _parallel(threads, topics, jobs)
        else:
            _classify_threads((unit for pt in threads for unit in _units(pt)), topics)
        if model is not None:
            apply_model(threads, model)
    return threads


@contextmanager
def _line_breaks(threads: list[ParsedThread]) -> Iterator[None]:
    """Comments classified with GermEval's ``|LBR|`` placeholder read as the line break it
    stands for (as the shipped models were trained: ``benchmarks/labelled_corpus.py``), not as
    the word "lbr"; each text is given back as written when classify ends, so nothing of it
    is lost or changed in any output."""
    marked = [(c, c.text) for pt in threads for c in pt.comments if LINE_BREAK in c.text]
    for c, text in marked:
        c.text = text.replace(LINE_BREAK, "\n")
    try:
        yield
    finally:
        for c, text in marked:
            c.text = text


PARALLEL_MIN = 20_000


BATCH = 5_000  # comments per chunk sent to a worker
TONE_BATCH = 2_000  # comments whose words wait together for tone scoring


Unit = tuple[ParsedThread, str | None]  # comments classified together, their thread's majority language


def _units(pt: ParsedThread) -> list[Unit]:
    """A thread as it is classified: whole, or when larger than ``BATCH`` as groups of
    its reply trees, each with the thread's majority language (so that workers can
    share a huge thread, and its words need not be held all at once)."""
    if len(pt.comments) <= BATCH:
        return [(pt, None)]
    sample = pt.comments[:MAJORITY_SAMPLE]
    majority = _majority(language_mod.identify(c.text) for c in sample)
    return [(ParsedThread(pt.thread, group), majority) for group in _reply_tree_groups(pt)]


def _classify_threads(units: Iterable[Unit], topics: TopicClassifier) -> None:
    """Unit by unit (see :func:`_units`): language, then topics and tone. Each comment
    is tokenised once and looked up in one lexicon (seed terms and tone cues
    together); words are dropped as soon as a small batch of comments is scored, so
    memory does not grow with the size of a thread (a single reply tree larger than
    ``BATCH`` is tokenised twice rather than held)."""
    lexicons = {language: _combined(topics.taxonomy, language) for language in tone_mod.LANGUAGES}
    tone_model = _load_model(str(DEFAULT_TONE)) if getattr(topics, "default_tone", True) else None
    pending: list[Comment] = []  # comments waiting for the tone pass, with their tokens and lexicon scores
    pending_tokens: list[Tokens] = []
    pending_found: list[dict[str, float] | None] = []
    held: dict[int, Tokens] = {}
    held_ids = _HeldIds()  # where each pending comment's token ids are (from _prepare)
    topic_model = topics.learned_model()
    context = bool(getattr(tone_model, "context", None))  # the tone model reads each reply's parent text
    parent_of: dict[int, str | None] = {}  # (keyed by ``id``; this batch's comments, while context)
    pending_parents: list[str | None] = []  # each pending comment's parent text (while context)

    def words_of(c):
        words = held.pop(id(c), None)
        if words is not None:
            return words
        tokens = tokenize(c.text)
        lexicon = lexicons[tone_mod.cue_language(c.language)]
        return tokens, (lexicon.scores(c.text, tokens, c.language) if lexicon else None)

    def words_many(comments):
        """``list(map(words_of, comments))``, the held ones popped by a C-level map."""
        read = list(map(held.pop, map(id, comments), repeat(None)))
        return read if None not in read else [words_of(c) if r is None else r for c, r in zip(comments, read)]

    def flush(size: int | None = None) -> None:
        """Tone of the first ``size`` pending comments (all of them: None)."""
        size = len(pending) if size is None else size
        chunk, tokens, found = pending[:size], pending_tokens[:size], pending_found[:size]
        parents = pending_parents[:size] if context else None
        del pending[:size], pending_tokens[:size], pending_found[:size], pending_parents[:size]
        ids = list(map(held_ids.pop, map(id, chunk), repeat(None)))
        keep = topics.keep_scores
        languages = list(map(_LANGUAGE, chunk))
        gone = placeholder_flags(chunk)
        # the cues, stems and polarity lexicon are German and English: an `other` comment gets no
        # tone and is not scored (each comment's tone is its own: the others' do not change);
        # a pingback or trackback is another page's title and excerpt, a deleted or removed comment
        # ("[deleted]") none at all: no reader's words, so no tone and no topic either
        read = range(len(chunk))  # (every comment, unless one is `other` or a placeholder)
        if "other" in languages or True in gone:
            read = [k for k, (language, g) in enumerate(zip(languages, gone)) if language != "other" and not g]
            for c, language, g in zip(chunk, languages, gone):
                if g:
                    c.topics, c.topic_scores = [], {} if keep else None
                if language == "other" or g:
                    c.tone, c.tone_scores, c.polarity = [], {} if keep else None, None
                    if not keep:
                        c.topic_scores = None
            ids, chunk, tokens, found, languages = ([v[k] for k in read] for v in (ids, chunk, tokens, found, languages))
            if context:
                parents = [parents[k] for k in read]
        chunk_ids = held_ids.take(ids, tokens) if ids and None not in ids else None
        if not read:  # (no take: drop the arrays no pending comment needs, or they pile up — review19a)
            held_ids.drop_before(next((s for s in map(held_ids.get, map(id, pending)) if s is not None), None))
        labels, scores, polarity = tone_mod.classify_columns(
            list(map(_TEXT, chunk)), tokens, found, tone_model, languages, chunk_ids, parents)
        # (set by C-level maps: no Python step per comment)
        for name, values in (("tone", labels), ("polarity", polarity), ("tone_scores", scores if keep else None)):
            deque(map(setattr, chunk, repeat(name), repeat(None) if values is None else values), 0)
        if not keep:
            deque(map(setattr, chunk, repeat("topic_scores"), repeat(None)), 0)

    def on_scored(comments: list[Comment], tokens: list, found: list) -> None:
        pending.extend(comments)
        pending_tokens.extend(tokens)
        pending_found.extend(found)
        if context:
            pending_parents.extend(map(parent_of.get, map(id, comments)))
        while len(pending) >= TONE_BATCH:
            flush(TONE_BATCH)

    for batch in _batches(units):
        if len(batch) == 1 and len(batch[0][0].comments) > BATCH:  # one reply tree larger than BATCH
            _set_languages(batch[0][0].comments, batch[0][1])
        else:
            # The pending comments' ids are void once the table starts afresh; and pending
            # comments without ids (a large reply tree's) would make the tone pass look their
            # tokens up, which may start the table afresh under this batch's ids (review).
            if token_table().full or any(id(c) not in held_ids for c in pending):
                flush()
            _prepare(batch, lexicons, held, held_ids)
        if context:  # a unit is a whole thread or whole reply trees: a parent in the input is in its reply's unit
            parent_of.update((id(c), p) for pt, _ in batch for c, p in zip(pt.comments, parent_texts(pt.comments)))
        topics.transform([pt for pt, _ in batch], words_of, on_scored, topic_model, words_many)
        for key in held:  # (comments the walk did not reach)
            held_ids.pop(key, None)
        held.clear()
        parent_of.clear()
    flush()


_LANGUAGE, _TEXT = attrgetter("language"), attrgetter("text")

PREPARE = 8_000  # comments of small units whose words are read together (see _prepare; 2,000 cost ~4 % more CPU)


def _batches(units: Iterable[Unit]) -> Iterable[list[Unit]]:
    """Units in groups of about ``PREPARE`` comments (a unit larger than ``BATCH`` alone)."""
    batch: list[Unit] = []
    size = 0
    for unit in units:
        if len(unit[0].comments) > BATCH:
            if batch:
                yield batch
                batch, size = [], 0
            yield [unit]
            continue
        batch.append(unit)
        size += len(unit[0].comments)
        if size >= PREPARE:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


class _HeldIds(dict):
    """``id(comment)`` → where its token ids begin among the ids of the batches :func:`_prepare`
    read (one array per batch, kept while a pending comment may need it): the tone pass takes a
    chunk's ids in one gather (no array view made per comment, none concatenated per chunk)."""

    def __init__(self) -> None:
        super().__init__()
        self.bases: list[int] = []  # where each kept batch's ids begin
        self.arrays: list[np.ndarray] = []
        self.end = 0

    def add(self, keys: list[int], ids: np.ndarray, lengths: np.ndarray) -> None:
        """A batch's token ids (comment after comment; ``lengths``: each comment's tokens)."""
        self.bases.append(self.end)
        self.arrays.append(ids)
        self.update(zip(keys, (np.cumsum(lengths) - lengths + self.end).tolist()))
        self.end += len(ids)

    def drop_before(self, start: int | None) -> None:
        """Drop the batches before the one holding ``start`` (None: no comment pending, all but the last one,
        which the batch being read may still ask for)."""
        first = len(self.bases) - 1 if start is None else bisect_right(self.bases, start) - 1
        del self.bases[:max(first, 0)], self.arrays[:max(first, 0)]

    def take(self, starts: list[int], tokens: list) -> np.ndarray:
        """The token ids of the comments whose ids begin at ``starts`` (``tokens``: theirs), one after
        the other. Comments reach the tone pass in batch order, so the batches before the first one
        asked for here are not asked for again and are dropped."""
        first = bisect_right(self.bases, min(starts)) - 1
        del self.bases[:first], self.arrays[:first]
        joined = self.arrays[0] if len(self.arrays) == 1 else np.concatenate(self.arrays)
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        return _gather(joined, np.array(starts, dtype=np.int64) - self.bases[0], lengths)


def _prepare(batch: list[Unit], lexicons: dict[str, Lexicon | None], held: dict[int, tuple],
             held_ids: _HeldIds) -> None:
    """Tokens, languages and lexicon scores of a batch of units at once: the tokens are
    looked up in the token table once, and language detection and term matching read
    columns over the ids (:func:`language.identify_many`, :func:`lexicon_batch.scores_many`;
    equal to the per-comment ones). ``held`` receives (tokens, scores) per comment (keyed
    by ``id``) and ``held_ids`` its token ids (for the tone pass); each unit's languages are
    set with its own majority."""
    from comments.classification.lexicon_batch import effective, scores_many

    comments = list(chain.from_iterable(pt.comments for pt, _ in batch))
    texts = list(map(_TEXT, comments))
    tokens_of = token_table()
    tokens, ids, lengths = tokens_of.tokenize_many(texts)
    detected = language_mod.identify_many(texts, tokens, ids, lengths, tokens_of)
    start = 0
    for pt, majority in batch:
        _assign(pt.comments, detected[start:start + len(pt.comments)], majority)
        start += len(pt.comments)
    found: list[dict[str, float] | None] = [None] * len(comments)
    languages = list(map(_LANGUAGE, comments))
    code = {language: j for j, language in enumerate(dict.fromkeys(languages))}  # (in order of first sight)
    groups: dict[int, tuple[Lexicon, list[int]]] = {}  # each language's lexicon (chosen once per batch): its codes
    for language, j in code.items():
        lexicon = lexicons[tone_mod.cue_language(language)]
        if lexicon is not None:
            lexicon = effective(lexicon, language)
            groups.setdefault(id(lexicon), (lexicon, []))[1].append(j)
    codes = np.fromiter(map(code.__getitem__, languages), dtype=np.intp, count=len(languages))
    for lexicon, read in groups.values():
        mask = np.isin(codes, read)
        rows = np.flatnonzero(mask).tolist()
        scores = scores_many(lexicon, [texts[i] for i in rows], [tokens[i] for i in rows],
                             ids[np.repeat(mask, lengths)], lengths[mask], tokens_of)
        for i, row in zip(rows, scores):
            found[i] = row
    keys = list(map(id, comments))
    held.update(zip(keys, zip(tokens, found)))
    held_ids.add(keys, ids, lengths)


def _combined(taxonomy: Taxonomy, language: str = "de") -> Lexicon | None:
    """Seed terms and one language's tone cues in one lexicon (None if a topic id is
    also a cue name).

    Cached by the taxonomy's content (its fingerprint), not by the object's ``id``: a taxonomy
    freed and another one created at the same address must not get the old lexicon."""
    cue_lexicon = tone_mod.cues(language)
    if set(taxonomy.ids) & set(cue_lexicon.categories):
        return None
    key = (taxonomy.fingerprint, language)
    found = _COMBINED.get(key)
    if found is None:
        if len(_COMBINED) >= 2 * len(tone_mod.LANGUAGES):
            _COMBINED.clear()
        found = _COMBINED[key] = Lexicon(taxonomy.lexicon.terms + cue_lexicon.terms)
    return found


_COMBINED: dict[tuple, Lexicon] = {}


_TOPICS: TopicClassifier | None = None  # what forked workers inherit


def _work(payload: bytes) -> tuple[list[str], list[str], list[tuple]]:
    """Classify one chunk of units (see :func:`_units`). The chunk arrives as bytes, so the
    worker never touches the parent's comment objects (which would copy their memory
    pages); results travel back as tuples (cheaper to pickle than objects)."""
    from comments.model.records import Thread

    units = [(ParsedThread(Thread(thread_id=key), [Comment(id=i, parent_id=p, text=t, kind=k, status=s)
                                                   for i, p, t, k, s in rows]),
              majority) for key, rows, majority in pickle.loads(payload)]
    _classify_threads(units, _TOPICS)
    comments = [c for pt, _ in units for c in pt.comments]
    topic_keys = list(comments[0].topic_scores or ()) if comments else []
    tone_keys = list(next((c.tone_scores for c in comments if c.tone_scores), ()))  # (an `other` comment has none)
    return topic_keys, tone_keys, [(c.language, c.topics, tuple((c.topic_scores or {}).values()), c.tone,
                                    tuple((c.tone_scores or {}).values()), c.polarity) for c in comments]


def _payload(units: list[Unit]) -> bytes:
    # (the kind and status too: a pingback or deleted comment is classified as one, not as a reader's comment)
    return pickle.dumps([(str(pt.thread.thread_id),
                          [(c.id, c.parent_id, c.text, c.kind, c.status) for c in pt.comments], majority)
                         for pt, majority in units], protocol=pickle.HIGHEST_PROTOCOL)


def _reply_tree_groups(pt: ParsedThread) -> list[list[Comment]]:
    """A large thread as groups of whole reply trees (a top-level comment with all its
    replies) of about ``BATCH`` comments: topics flow only from a comment to its
    replies, so each group can be classified on its own."""
    trees: list[list[Comment]] = []
    for c, depth in walk(pt.comments):  # pre-order: each top-level comment opens its reply tree
        if depth == 0:
            trees.append([])
        trees[-1].append(c)
    groups: list[list[Comment]] = [[]]
    reached = 0
    for tree in trees:
        if groups[-1] and len(groups[-1]) + len(tree) > BATCH:
            groups.append([])
        groups[-1].extend(tree)
        reached += len(tree)
    if reached < len(pt.comments):  # not reachable from the article (an unrepaired tree): kept, as one group
        seen = {id(c) for g in groups for c in g}
        groups.append([c for c in pt.comments if id(c) not in seen])
    return [g for g in groups if g]


IN_FLIGHT = 3  # chunks per worker submitted ahead of the results taken


def _take(comments: list[Comment], future, keep_scores: bool) -> None:
    """Set one chunk's results (see :func:`_work`) on its comments."""
    topic_keys, tone_keys, results = future.result()
    for c, (lang, topic_list, topic_values, tone_list, tone_values, pol) in zip(comments, results):
        c.language, c.polarity = lang, pol
        c.topics, c.tone = topic_list, tone_list  # each comment's own lists (unpickled apart)
        if keep_scores:
            c.topic_scores = dict(zip(topic_keys, map(tone_mod.shared, topic_values))) if topic_keys else None
            c.tone_scores = tone_mod.shared_scores(tone_keys, tone_values) if tone_keys or lang == "other" else None


def _done(chunk: list, future, topics: TopicClassifier) -> None:
    """One chunk's results set on its comments: its worker's, or, when no worker could be
    started (fork refused) or it died, classified here (the same labels)."""
    try:
        if future is None:
            raise BrokenProcessPool("no worker")
        _take([c for pt, _ in chunk for c in pt.comments], future, topics.keep_scores)
    except (BrokenProcessPool, OSError):
        _classify_threads(chunk, topics)


def _parallel(threads: list[ParsedThread], topics: TopicClassifier, jobs: int) -> None:
    """Classify in ``jobs`` forked workers, in chunks of about ``BATCH`` comments (small
    threads together, a large thread's reply-tree groups one by one, so one huge
    thread does not leave the other workers idle). Nothing is re-imported in the
    workers (no ``__main__`` pitfalls), and results equal those of one process."""
    global _TOPICS
    small: list[list[Unit]] = []
    large: list[ParsedThread] = []
    size = 0
    for pt in threads:
        if len(pt.comments) > BATCH:
            large.append(pt)
            continue
        if not small or size >= BATCH:
            small.append([])
            size = 0
        small[-1].append((pt, None))
        size += len(pt.comments)
    if small:
        _classify_threads(small.pop(0), topics)  # here first: the workers inherit warm word caches
    _TOPICS = topics
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            # a few chunks in flight, results taken in order: a huge thread's texts are not all
            # pickled (and held) at once
            pending: deque = deque()
            for chunk in chain(small, ([unit] for pt in large for unit in _units(pt))):  # small ones first
                try:
                    future = pool.submit(_work, _payload(chunk))
                except (BrokenProcessPool, OSError):  # no worker could be started: done here (see _done)
                    future = None
                pending.append((chunk, future))
                if len(pending) >= IN_FLIGHT * jobs:
                    _done(*pending.popleft(), topics)
            while pending:
                _done(*pending.popleft(), topics)
    finally:
        _TOPICS = None
