"""Topic taxonomies: TOML files naming each topic with a description and seed terms
(German and English). The default one ships in the package; ``--taxonomy FILE``
analyses another debate."""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

from comments.classification.lexicon import Lexicon, Term

STRONG_WEIGHT = 2.0
#: term lists of a topic: for every language, or only for German or English comments
TERM_LISTS = ("strong", "terms", "strong_de", "terms_de", "strong_en", "terms_en")


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

    @cached_property
    def ids(self) -> list[str]:
        return [t.id for t in self.topics]

    @property
    def is_draft(self) -> bool:
        """Written by ``comments taxonomy suggest`` (its description says so)."""
        return self.description.startswith(DRAFT_DESCRIPTION)

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
    """Read and check a taxonomy (the default when ``path`` is None)."""
    path = Path(path) if path else default_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TaxonomyError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{path}: invalid TOML ({exc})") from None
    topics_data = data.get("topics")
    if not isinstance(topics_data, dict) or not topics_data:
        raise TaxonomyError(f"{path}: no [topics.ID] tables")
    topics, terms = [], []
    for topic_id, spec in topics_data.items():
        if not isinstance(spec, dict):
            raise TaxonomyError(f"{path}: topics.{topic_id} must be a table")
        lists = {key: spec.get(key, []) for key in TERM_LISTS}
        if (not all(isinstance(v, list) and all(isinstance(t, str) for t in v) for v in lists.values())
                or not any(lists.values())):
            raise TaxonomyError(f"{path}: topics.{topic_id} needs `strong` and/or `terms` (or their _de/_en "
                                f"variants), lists of strings")
        weight = _weight(path, topic_id, spec.get("weight", 1.0))
        for key, values in lists.items():
            scale = STRONG_WEIGHT * weight if key.startswith("strong") else weight
            language = key.rpartition("_")[2] if "_" in key else None
            terms += [Term(t.lower().strip(), topic_id, scale, language) for t in values if t.strip()]
        topics.append(Topic(topic_id, spec.get("label", topic_id), spec.get("description", "")))
    return Taxonomy(data.get("name", path.stem), data.get("description", ""), topics, Lexicon(terms))


def _weight(path: Path, topic_id: str, value: object) -> float:
    """A topic's weight: a finite number above 0 (NaN, infinities, 0 and negatives would
    silence or swamp every other topic)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise TaxonomyError(f"{path}: topics.{topic_id}: weight must be a finite number above 0, got {value!r}")
    return float(value)
