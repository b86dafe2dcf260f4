"""The per-thread token table: one id per distinct token, columns equal to the per-token
functions, lazily computed values, a fresh start past its limit."""

from __future__ import annotations

import threading
from itertools import chain
from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.text import token_table
from comments.text.token_table import TokenTable
from comments.text.tokens import Tokens, tokenize

TEXTS = ["Die Nutzer liefen und liefen", "", "Staatsanwält*innen und Richter*innen", "İstanbul ǅ ẞ ﬁ Ⅻ ΑΣ 42 3,5",
         "you YOU du Du", "US-Sanktionen --no-preserve-root", "die die die"]


def test_ids_name_each_distinct_token_once_in_reading_order():
    table = TokenTable()
    tokens = [tokenize(t) for t in TEXTS]
    ids = table.ids(tokens)
    flat = list(chain.from_iterable(tokens))
    assert [table.words[i] for i in ids.tolist()] == flat
    assert len(set(ids.tolist())) == len(set(flat)) == len(table.words)
    again = table.ids(tokens[::-1])  # a later chunk: the same tokens keep their ids
    assert [table.words[i] for i in again.tolist()] == list(chain.from_iterable(tokens[::-1]))
    assert table.ids([]).size == 0 and table.ids([[]]).size == 0


def test_columns_equal_the_per_token_function_as_the_table_grows():
    table = TokenTable()
    first = table.ids([tokenize(t) for t in TEXTS[:3]])
    assert table.column("length", len, np.int64)[first].tolist() == [len(table.words[i]) for i in first.tolist()]
    second = table.ids([tokenize(t) for t in TEXTS[3:]])  # new tokens: the column is extended
    lengths = table.column("length", len, np.int64)
    assert lengths[second].tolist() == [len(table.words[i]) for i in second.tolist()]
    assert len(lengths) == len(table.words)


def test_values_are_computed_once_and_only_when_asked():
    table = TokenTable()
    ids = table.ids([tokenize(t) for t in TEXTS])
    asked: list[str] = []

    def of(word: str) -> int:
        asked.append(word)
        return len(word) * 10

    some = ids[:5]
    assert table.values("x", of, some).tolist() == [len(table.words[i]) * 10 for i in some.tolist()]
    assert sorted(asked) == sorted({table.words[i] for i in some.tolist()})
    asked.clear()
    assert table.values("x", of, ids).tolist() == [len(table.words[i]) * 10 for i in ids.tolist()]
    assert set(asked).isdisjoint({table.words[i] for i in some.tolist()})  # not computed twice
    assert table.values("x", of, ids[:0]).size == 0


def test_a_full_table_starts_afresh(monkeypatch):
    monkeypatch.setattr(token_table, "LIMIT", 3)
    table = TokenTable()
    table.ids([["a", "b", "c", "d"]])
    table.column("length", len, np.int64)
    ids = table.ids([["zz", "a"]])  # past the limit: new ids, columns dropped
    assert table.words == ["zz", "a"] and ids.tolist() == [0, 1]
    assert table.column("length", len, np.int64).tolist() == [2, 1]


def test_each_thread_has_its_own_table():
    seen = []
    worker = threading.Thread(target=lambda: seen.append(token_table.table()))
    worker.start()
    worker.join()
    assert seen[0] is not token_table.table() and token_table.table() is token_table.table()


#: what decides tokenising (see tests/text/test_tokens.py) and every character ``str.split()``
#: cuts at, ASCII or not, besides a lone surrogate (pyarrow cannot take it: str.split's path)
SPACES = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
PALETTE = "ab ÄöüßẞİǅⅫ²½٣ﬁΣΑσς-'’.,;:!?\"„“()*_/@#\u0307\u00ad🙂0123" + SPACES


def _one_by_one(table: TokenTable, texts: list[str]):
    tokens = [tokenize(t) for t in texts]
    return tokens, table.ids(tokens), [len(t) for t in tokens]


def _assert_as_one_by_one(texts_chunks: list[list[str]], arrow: bool = True) -> None:
    """tokenize_many of each chunk in turn equals tokenize + ids: the tokens, their flat views,
    the ids (handed out in the same order) and the counts (``arrow``: split by pyarrow, else
    text by text, as a small run is)."""
    old, new = TokenTable(), TokenTable()
    new._use_arrow = lambda: arrow
    for texts in texts_chunks:
        tokens, ids, lengths = _one_by_one(old, texts)
        got, got_ids, got_lengths = new.tokenize_many(texts)
        assert [list(t) for t in got] == [list(t) for t in tokens]
        assert [t.flat for t in got] == [t.flat for t in tokens]
        assert all(isinstance(t, Tokens) and t.distinct == set(t) for t in got)  # (views made on first use)
        assert got_ids.tolist() == ids.tolist() and got_lengths.tolist() == lengths
    assert new.words == old.words


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.text(alphabet=PALETTE, max_size=30), max_size=8), min_size=1, max_size=3))
def test_tokenize_many_equals_tokenize_and_ids(chunks):
    _assert_as_one_by_one(chunks)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=40), max_size=6), min_size=1, max_size=3))
def test_tokenize_many_equals_tokenize_and_ids_on_any_unicode(chunks):
    _assert_as_one_by_one(chunks)


def test_tokenize_many_on_real_comments_unusual_spaces_and_a_lone_surrogate():
    for arrow in (True, False):
        _assert_as_one_by_one([TEXTS, ["a\u3000b\x1cc  d", "  lead  trail  ", "x\u2028y\xa0z"], TEXTS[::-1],
                               ["\ud800 lone surrogate, die Nutzer", "3,5 a/b -- x-y"], []], arrow)


def test_tokenize_many_reads_known_pieces_of_none_or_many_tokens_again():
    """A piece of no token ("--", "😀", the empty piece of an empty text) or of several ("3;5", "a/b",
    "@x:y") seen in an earlier chunk is read from the piece cache (one probe: its negative code) with the
    same ids, beside new ones."""
    chunks = [["3;5 -- a/b 😀 @x:y x", "a/b"], ["x -- 😀 3;5", "a/b c/d -- neu", ""], ["@x:y", "-- 😀"]]
    _assert_as_one_by_one(chunks)
    table = TokenTable()
    table._use_arrow = lambda: True
    for chunk in chunks:
        table.tokenize_many(chunk)
    assert sorted(piece for piece, code in table._single.items() if code < -1) == [
        "", "--", "3;5", "@x:y", "a/b", "c/d", "😀"]
    assert table._other[-2 - table._single["3;5"]] == (table.words.index("3"), table.words.index("5"))
    assert table._other[-2 - table._single["😀"]] == ()


def test_tokenize_many_splits_with_pyarrow_past_its_first_texts_or_once_imported(monkeypatch):
    monkeypatch.setattr(token_table, "ARROW_AFTER", 3)
    monkeypatch.setattr(token_table, "sys", SimpleNamespace(modules={}))  # (pyarrow not imported yet)
    table = TokenTable()
    assert not table._use_arrow()
    table.tokenize_many(["a", "b"])
    assert not table._use_arrow() and not table._single  # (text by text: no piece remembered)
    table.tokenize_many(["c"])
    assert table._use_arrow()
    tokens, ids, _ = table.tokenize_many(["d, a"])
    assert tokens == [["d", "a"]] and ids.tolist() == [3, 0] and table._single == {"d,": 3, "a": 0}
    assert not TokenTable()._use_arrow()
    token_table.sys.modules["pyarrow.compute"] = object()  # imported already (Parquet, the engine): used at once
    assert TokenTable()._use_arrow()


def test_tokenize_many_starts_afresh_when_full(monkeypatch):
    monkeypatch.setattr(token_table, "LIMIT", 3)
    table = TokenTable()
    table._use_arrow = lambda: True
    table.tokenize_many(["a b c d"])
    tokens, ids, _ = table.tokenize_many(["zz a, (a)"])  # past the limit: new ids, piece caches dropped
    assert table.words == ["zz", "a"] and ids.tolist() == [0, 1, 1] and tokens[0] == ["zz", "a", "a"]


def test_tokenize_many_forgets_its_pieces_past_their_bound_and_keeps_the_ids(monkeypatch):
    monkeypatch.setattr(token_table, "PIECES", 2)
    table = TokenTable()
    table._use_arrow = lambda: True
    table.tokenize_many(["a, b. (c)"])
    tokens, ids, _ = table.tokenize_many(["c a"])  # pieces forgotten: the words keep their ids
    assert len(table._single) == 2 and ids.tolist() == [2, 0] and table.words == ["a", "b", "c"]
    _assert_as_one_by_one([["a, b. (c)"], ["c a", "b b"], ["a-b 3,5 x"]])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.integers(-(2**62), 2**62) | st.integers(0, 40), max_size=300))
def test_distinct_is_numpys_unique(values):
    """``distinct`` (one sort) gives what ``np.unique`` gives: sorted, each value once, same dtype."""
    from comments.text.token_table import distinct

    array = np.array(values, dtype=np.int64)
    expected = np.unique(array)
    got = distinct(array)
    assert got.dtype == expected.dtype and got.tolist() == expected.tolist()
    assert distinct(array.astype(np.intp)).tolist() == expected.tolist()
