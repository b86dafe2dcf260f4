"""A thread's texts as TF-IDF rows for comparing them: content-word lemmas (simplemma),
Snowball stems and character 3–5-grams, each view computed once per text and fitted on
the given texts alone (``comments.text.vectors`` does the counting and weighting).

Texts come as (text, language) pairs, ``de`` or ``en``; the analyses pass one thread's
comments and its article.
"""

from __future__ import annotations

import math
from functools import lru_cache

from comments.text.tokens import Stems


@lru_cache(maxsize=1 << 17)
def _lemma(word: str, language: str) -> tuple[str, ...]:
    """simplemma's lemma of a word, lower-cased and split into whitespace-free tokens
    (bounded cache: vocabularies repeat across threads)."""
    import simplemma

    return tuple(simplemma.lemmatize(word, lang=language).lower().split())


class WordNumbers(dict):
    """word → its number among one thread's content words in one language (−1 for a
    stop word, a one-letter word or a number, as ``content_words(numbers=False)``
    leaves out), numbered on first sight; ``lemmas[number]``: the word's lemma tokens."""

    def __init__(self, language: str, lemmas: list[tuple[str, ...]]) -> None:
        from comments.text.tokens import stop_words

        super().__init__()
        self.language, self.lemmas, self.stops = language, lemmas, stop_words(language)

    def __missing__(self, word: str) -> int:
        number = -1
        if word not in self.stops and len(word) > 1 and not word.isdigit():
            number = len(self.lemmas)
            self.lemmas.append(_lemma(word, self.language))
        self[word] = number
        return number


class Texts:
    """(text, language) pairs, each view computed once per text: content words
    (numbered), lemmas, stems, lower-cased text."""

    def __init__(self, texts: list[tuple[str, str]], stems: Stems) -> None:
        self.texts, self.stems = texts, stems
        self._numbered = None

    def numbered(self):
        """(document, word number) of every content word, each number's lemma tokens,
        and each text's count of distinct content words."""
        if self._numbered is None:
            import numpy as np

            from comments.text.tokens import words

            lemmas: list[tuple[str, ...]] = []
            tables = {"de": WordNumbers("de", lemmas), "en": WordNumbers("en", lemmas)}
            flat: list[int] = []
            lengths, terms = [], []
            for text, lang in self.texts:
                found = list(map(tables[lang].__getitem__, words(text)))
                flat += found
                lengths.append(len(found))
                distinct = set(found)
                terms.append(len(distinct) - (-1 in distinct))
            number = np.asarray(flat, dtype=np.int64)
            doc = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
            kept = number >= 0
            self._numbered = doc[kept], number[kept], lemmas, terms
        return self._numbered

    def terms(self) -> list[int]:
        """Distinct content words of each text."""
        return self.numbered()[3]

    def lemma_keys(self):
        """(document, lemma token number) of every lemma token of every content word."""
        import numpy as np

        doc, number, lemmas, _ = self.numbered()
        vocabulary: dict[str, int] = {}
        tokens = [[vocabulary.setdefault(t, len(vocabulary)) for t in found] for found in lemmas]
        if all(len(t) == 1 for t in tokens):  # the usual case: one lemma token per word
            flat = np.fromiter((t[0] for t in tokens), dtype=np.uint64, count=len(tokens))
            return doc.astype(np.uint64), flat[number]
        counts = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        starts = np.cumsum(counts) - counts
        flat = np.fromiter((t for found in tokens for t in found), dtype=np.uint64, count=int(counts.sum()))
        per = counts[number]
        occurrence = np.repeat(np.arange(len(number)), per)
        within = np.arange(int(per.sum())) - np.repeat(np.cumsum(per) - per, per)
        return doc[occurrence].astype(np.uint64), flat[starts[number][occurrence] + within]

    def stem_tokens(self) -> list[list[str]]:
        return [self.stems.of_text(text, lang) for text, lang in self.texts]

    def lowered(self) -> list[str]:
        return [text.lower() for text, _ in self.texts]


def tokens_matrix(docs: list[list[str]]):
    """L2-normalised sublinear TF-IDF rows over whole tokens; None without any token."""
    from comments.text.vectors import tfidf_rows, token_keys

    return tfidf_rows(*token_keys(docs), len(docs))


def stems_matrix(docs: Texts):
    """Content-word Snowball stems of each text; None without any."""
    return tokens_matrix(docs.stem_tokens())


def lemmas_matrix(docs: Texts):
    """Content-word lemmas (simplemma) of each text; None without any."""
    from comments.text.vectors import tfidf_rows

    return tfidf_rows(*docs.lemma_keys(), len(docs.texts))


def chars_matrix(docs: Texts):
    """char_wb 3–5-grams of the lower-cased texts; None when no text has a character."""
    from comments.text.vectors import char_wb_rows

    return char_wb_rows(docs.lowered(), 3, 5)


def views(*parts) -> list:
    """The views that have any feature in these texts, each weighted 1/sqrt(their number)
    (their rows side by side would be L2-normalised): summing the views' cosines gives
    the cosine of the rows side by side."""
    found = [m for m in parts if m is not None]
    for m in found if len(found) > 1 else []:
        m.data *= 1 / math.sqrt(len(found))  # in place: no second copy of the rows
    return found
