"""Topic taxonomies: TOML files naming each topic with a description and seed terms
(German and English). The default one ships in the package; ``--taxonomy FILE``
analyses another debate."""

from __future__ import annotations

import hashlib
import json
import math
import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from comments.classification.lexicon import Lexicon, Term

STRONG_WEIGHT = 2.0
#: the labels the tables (``analyses.topic_stats``) give rows and columns that are not topics: no topic found;
#: a comment in a language other than German and English (its tone is not read); a pingback or trackback (another
#: page's link, not a reader's words); a deleted or removed comment; an editors' note (WordPress 6.9, status
#: ``note``: no reader wrote it); a comment readers never saw (status ``spam`` or ``pending``). Defined here, below
#: the analyses that count them
NONE, UNREAD, PINGBACK, DELETED, NOTE, UNSHOWN = ("none", "other_language", "pingback", "deleted", "editorial_note",
                                                 "unpublished")
#: a topic of one of these ids would share their column
RESERVED_IDS = (NONE, PINGBACK, DELETED, NOTE, UNSHOWN, UNREAD)
#: a topic id: ASCII letters, digits, "_" and "-" (it names table columns and file names; a label may say anything)
TOPIC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
#: term lists of a topic: for every language, or only for German or English comments
TERM_LISTS = ("strong", "terms", "strong_de", "terms_de", "strong_en", "terms_en")


def slug(text: str) -> str:
    """An ASCII identifier: umlauts spelled out, accents dropped, other characters to '_'."""
    text = text.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "_".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def id_problem(topic_id: str) -> str | None:
    """Why ``topic_id`` cannot name a topic, or None: a topic id names table columns and files, so it is
    not one of ``RESERVED_IDS`` and is a slug (``TOPIC_ID``). One rule for taxonomies and trained topic models;
    the message shows the fix (`[topics.waerme] label = "Wärme"`)."""
    if topic_id.casefold() in RESERVED_IDS:
        return f"reserved id (the tables use {', '.join(RESERVED_IDS)} for comments without a topic)"
    if not TOPIC_ID.fullmatch(topic_id):
        fixed = slug(topic_id)
        example = (f"[topics.{fixed}] label = {json.dumps(topic_id, ensure_ascii=False)}"
                   if fixed and fixed not in RESERVED_IDS else "zutaten_mehl")
        return f"an id is ASCII letters, digits, _ and - (e.g. {example}; the label may say anything)"
    return None


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used; the message says why."""


@dataclass
class Topic:
    id: str
    label: str
    description: str


#: how ``taxonomy suggest`` begins a draft's description: a taxonomy whose description
#: begins so is a draft from it (reports then advise what suggest advises, not suggest again)
DRAFT_DESCRIPTION = "Topics discovered in "


@dataclass
class Taxonomy:
    name: str
    description: str
    topics: list[Topic]
    lexicon: Lexicon
    #: problems that do not stop the taxonomy from working (a label or term given twice), one sentence each
    warnings: list[str] = field(default_factory=list)

    def problems(self, name: str) -> list[str]:
        """What a user should hear about this taxonomy (read from ``name``), one sentence each:
        terms that can never match, labels or terms given twice. The CLI prints them as
        ``warning:`` lines, the API raises them as Python warnings."""
        return [f"{name}: term “{entry.text}” of topic {entry.category} can never match: {why}"
                for entry, why in self.lexicon.unmatchable] + [f"{name}: {note}" for note in self.warnings]

    @cached_property
    def ids(self) -> list[str]:
        return [t.id for t in self.topics]

    @property
    def is_draft(self) -> bool:
        """Written by ``comments taxonomy suggest`` (its description says so)."""
        return self.description.startswith(DRAFT_DESCRIPTION)

    @property
    def drafted_from(self) -> int | None:
        """The substantive comments a ``taxonomy suggest`` draft was made from (its description says), else None."""
        found = re.match(re.escape(DRAFT_DESCRIPTION) + r"([\d,]+) comments", self.description)
        return int(found.group(1).replace(",", "")) if found else None

    @property
    def fingerprint(self) -> str:
        """A hash of the topics and their weighted terms: what a learned topic model and a
        cached lexicon are keyed by (two taxonomies that match alike share it; an object's
        ``id`` may be reused once it is freed). Computed on each use, so a taxonomy given other
        terms gets another fingerprint."""
        content = [self.ids, [(t.text, t.category, t.weight) + ((t.language,) if t.language else ())
                              for t in self.lexicon.terms]]
        return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def default_path() -> Path:
    return Path(str(resources.files("comments") / "data" / "taxonomy.toml"))


def load(path: str | Path | None = None) -> Taxonomy:
    """Read and check a taxonomy (the default when ``path`` is None). Every problem is a
    TaxonomyError naming the file, the line where it can be found, the topic and the key;
    terms that can never match are listed in ``lexicon.unmatchable`` (warned, not fatal)."""
    path = Path(path) if path else default_path()
    try:
        text = path.read_text(encoding="utf-8-sig")  # "UTF-8 with BOM" (Windows editors) as every input
    except OSError as exc:
        raise TaxonomyError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise TaxonomyError(f"{path}: not UTF-8 text") from None
    return loads(text, path)


def loads(text: str, path: str | Path = "taxonomy.toml") -> Taxonomy:
    """:func:`load` of a taxonomy given as TOML text (a draft checked before it is written):
    ``path`` names it in errors and, without a ``name`` key, gives its name (the stem)."""
    path = Path(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{path}: invalid TOML ({exc})") from None
    where = _Where(path, text)
    for key in data:
        if key not in TOP_KEYS:
            raise where.error(None, key, f"unknown key `{key}` (a taxonomy has {', '.join(TOP_KEYS)})")
    for key in ("name", "description"):
        if not isinstance(data.get(key, ""), str):
            raise where.error(None, key, f"`{key}` must be a string, got {data[key]!r}")
    topics_data = data.get("topics")
    if not isinstance(topics_data, dict) or not topics_data:
        raise TaxonomyError(f"{path}: no [topics.ID] tables")
    topics, terms, blank, notes = [], [], [], []
    for topic_id, spec in topics_data.items():
        if not isinstance(spec, dict):
            raise where.error(topic_id, None, f"topics.{topic_id} must be a table ([topics.{topic_id}])")
        where.check_id(topic_id)
        for key, value in spec.items():
            if key not in TOPIC_KEYS:
                raise where.error(topic_id, key, f"topics.{topic_id}: unknown key `{key}` (a topic has "
                                                 f"{', '.join(TOPIC_KEYS)})")
            if key in ("label", "description") and not isinstance(value, str):
                raise where.error(topic_id, key, f"topics.{topic_id}: `{key}` must be a string, got {value!r}")
        lists = {key: spec.get(key, []) for key in TERM_LISTS}
        for key, values in lists.items():
            if not isinstance(values, list):
                raise where.error(topic_id, key, f"topics.{topic_id}: `{key}` must be a list of strings "
                                                 f"([\"…\", …]), got {values!r}")
            for i, value in enumerate(values, 1):
                if not isinstance(value, str):
                    raise where.error(topic_id, key, f"topics.{topic_id}: `{key}` item {i} must be a string, "
                                                     f"got {value!r}")
        if "label" in spec and not spec["label"].strip():
            raise where.error(topic_id, "label", f"topics.{topic_id}: empty label (leave `label` out to use the id)")
        notes += _repeated_terms(topic_id, lists)
        if not any(t.strip() for values in lists.values() for t in values):
            raise where.error(topic_id, None, f"topics.{topic_id} has no terms: it needs `strong` and/or "
                                              "`terms` (or their _de/_en variants), lists of strings")
        weight = where.weight(topic_id, spec.get("weight", 1.0))
        for key, values in lists.items():
            scale = STRONG_WEIGHT * weight if key.startswith("strong") else weight
            language = key.rpartition("_")[2] if "_" in key else None
            terms += [Term(t.lower().strip(), topic_id, scale, language) for t in values if t.strip()]
            blank += [Term(t, topic_id, scale, language) for t in values if not t.strip()]
        topics.append(Topic(topic_id, spec.get("label", topic_id), spec.get("description", "")))
    lexicon = Lexicon(terms)
    lexicon.unmatchable += [(term, "it is empty") for term in blank]
    labels = Counter(t.label.strip().casefold() for t in topics)
    notes += [f"label “{t.label}” is given to " + ", ".join(o.id for o in topics if o.label.strip().casefold() == key)
              + ": the topics cannot be told apart by label"
              for t in topics if labels[key := t.label.strip().casefold()] > 1 and t is _first(topics, key)]
    return Taxonomy(data.get("name", path.stem), data.get("description", ""), topics, lexicon, notes)


def _first(topics: list[Topic], label: str) -> Topic:
    return next(t for t in topics if t.label.strip().casefold() == label)


def _repeated_terms(topic_id: str, lists: dict[str, list]) -> list[str]:
    """A sentence per term a topic lists twice (as written, ignoring case and spaces around it)."""
    seen: Counter = Counter((key.partition("_")[2], t.lower().strip()) for key, values in lists.items()
                            for t in values if t.strip())
    return [f"topics.{topic_id}: term “{term}” is listed {n} times"
            for (_, term), n in seen.items() if n > 1]


#: the keys a taxonomy file and each of its topics may have (any other is a typo, not ignored)
TOP_KEYS = ("name", "description", "topics")
TOPIC_KEYS = ("label", "description", "weight") + TERM_LISTS


class _Where:
    """Errors of one taxonomy file, with the line of the key they concern (tomllib keeps
    no positions: the key is looked for in its topic's table in the text)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def line(self, topic_id: str | None, key: str | None) -> int | None:
        """1-based line of ``key`` in ``[topics.ID]`` (of that table's header when ``key`` is
        None; of a top-level key or table when ``topic_id`` is None), or None when not found."""
        def named(name: str) -> str:
            return r"""\s*["']?""" + re.escape(name) + r"""["']?\s*"""

        if topic_id is None:
            found = re.compile(r"\[+" + named(key) + r"[.\]]|" + named(key) + "=")
            return next((i + 1 for i, line in enumerate(self.lines) if found.match(line.strip())), None)
        header = re.compile(r"\[" + named("topics") + r"\." + named(topic_id) + r"\]")
        start = next((i for i, line in enumerate(self.lines) if header.match(line.strip())), None)
        if start is None or key is None:
            return None if start is None else start + 1
        assignment = re.compile(named(key) + "=")
        for i in range(start + 1, len(self.lines)):
            if self.lines[i].lstrip().startswith("["):
                break
            if assignment.match(self.lines[i]):
                return i + 1
        return None

    def check_id(self, topic_id: str) -> None:
        """A topic id names table columns: :func:`id_problem`."""
        if problem := id_problem(topic_id):
            raise self.error(topic_id, None, f"topics.{topic_id}: {problem}")

    def error(self, topic_id: str | None, key: str | None, message: str) -> TaxonomyError:
        line = self.line(topic_id, key)
        return TaxonomyError(f"{self.path}: " + (f"line {line}: " if line else "") + message)

    def weight(self, topic_id: str, value: object) -> float:
        """A topic's weight: a finite number above 0 (NaN, infinities, 0 and negatives would
        silence or swamp every other topic)."""
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            raise self.error(topic_id, "weight", f"topics.{topic_id}: weight must be a finite number above 0, "
                                                 f"got {value!r}")
        return float(value)
