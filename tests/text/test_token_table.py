"""The per-thread token table: one id per distinct token, columns equal to the per-token
functions, lazily computed values, a fresh start past its limit."""

from __future__ import annotations

import threading
from itertools import chain

import numpy as np

from comments.text import token_table
from comments.text.token_table import TokenTable
from comments.text.tokens import tokenize

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
