"""comments.read / read_text: the CLI's records for paths, folders, file objects and
content in memory; problems collected or raised; writing every output format."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from hypothesis import given, settings, strategies as st

import comments
from comments.io.pipeline import read_inputs
from conftest import FIXTURES, RAW, SEED, jsonl_records, run


def records(corpus) -> list[dict]:
    from comments.io.writers import records as as_records

    return list(as_records(corpus.threads))


def without_source(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "source"} for r in rows]


def test_read_gives_the_records_the_cli_writes():
    corpus = comments.read(RAW)
    cli = run("parse", str(RAW), "-q")
    assert records(corpus) == jsonl_records(cli.stdout)
    assert len(corpus) == 5 and sum(1 for _ in corpus) == 5 and len(corpus.comments) == 25
    assert corpus.problems == [] and corpus.summary() == "5 threads; 25 comments; no repairs"
    assert repr(corpus).startswith("<Corpus: 5 threads, 25 comments (")


def test_read_of_many_inputs_merges_like_the_pipeline():
    paths = [FIXTURES / "wxr_small.xml", FIXTURES / "disqus_small.xml", SEED]
    corpus = comments.read(*paths)
    assert records(corpus) == records(read_inputs([str(p) for p in paths]))


def test_read_text_repairs_exactly_as_reading_the_file():
    """The issue's bug: a reader on text in memory gave replies at depth 0 and site None."""
    from_file = comments.read(SEED)
    for data in (SEED.read_text(encoding="utf-8"), SEED.read_bytes(), gzip.compress(SEED.read_bytes())):
        corpus = comments.read_text(data, name=SEED.name)
        assert without_source(records(corpus)) == without_source(records(from_file))
        assert corpus.threads[0].thread.source == SEED.name
    assert max(c.depth for c in from_file.comments) > 0 and from_file.threads[0].thread.site == "stadt-bremerhaven.de"


def test_file_objects_binary_and_text_are_read_and_left_open():
    expected = records(comments.read(SEED))
    for mode in ("rb", "r"):
        with SEED.open(mode) as handle:
            corpus = comments.read(handle)
            assert not handle.closed
        assert records(corpus) == expected  # named by the file object: same source, stem and site
    anonymous = comments.read(io.BytesIO(SEED.read_bytes()))
    assert anonymous.threads[0].thread.source == "<input 1>" and len(anonymous.comments) == 25


def test_site_name_map_and_cli_values():
    text = '{"id": "1", "text": "a"}\n{"id": "2", "parent_id": "1", "text": "b"}\n'
    assert comments.read_text(text, format="jsonl", site="blog").threads[0].thread.site == "blog"
    assert comments.read_text(text, format="jsonl", name="x__y.jsonl").threads[0].thread.site == "x"
    mapped = comments.read(FIXTURES / "pushshift.ndjson", SEED, site={str(FIXTURES): "fixtures-site"})
    assert {pt.thread.source: pt.thread.site for pt in mapped} == {
        **{pt.thread.source: pt.thread.site for pt in comments.read(SEED)},
        **{pt.thread.source: pt.thread.site for pt in comments.read(FIXTURES / "pushshift.ndjson", site="fixtures-site")}}
    with pytest.raises(ValueError):
        comments.read(SEED, site={"x": ""})


def test_columns_name_known_fields_only():
    """``columns={"parent": …}`` (for ``parent_id``) was ignored: every reply read as a root."""
    text = "Kennung,Bezogen auf,Zuschrift\n1,,Das ist Vertragsbruch.\n2,1,Nein, das ist Sanktionsrecht.\n"
    named = {"id": "Kennung", "text": "Zuschrift"}
    with pytest.raises(ValueError, match="'parent' is not a field"):
        comments.read_text(text, format="csv", columns={**named, "parent": "Bezogen auf"})
    corpus = comments.read_text(text, format="csv", columns={**named, "parent_id": "Bezogen auf"})
    assert [c.parent_id for c in corpus.comments] == [None, "1"]


def test_problems_are_the_cli_error_lines_and_raise_on_request(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"comments": [', encoding="utf-8")
    corpus = comments.read(SEED, bad, tmp_path / "missing.txt")
    assert len(corpus.comments) == 25  # the good input is still read
    cli = run("parse", str(SEED), str(bad), str(tmp_path / "missing.txt"))
    assert [f"error: {p}" for p in corpus.problems] == [l for l in cli.stderr.splitlines() if l.startswith("error:")]
    assert len(corpus.problems) == 2 and corpus.problems[1].endswith("missing.txt: no such file")
    with pytest.raises(comments.ReadError, match="bad.json"):
        comments.read(SEED, bad, errors="raise")
    assert comments.read_text(b"").problems == ["text: empty file"]
    with pytest.raises(ValueError):
        comments.read(SEED, errors="ignore")
    with pytest.raises(ValueError):
        comments.read(SEED, format="docx")
    with pytest.raises(TypeError):
        comments.read(42)


def test_pseudonymize_matches_the_cli_and_warns_without_salt(monkeypatch):
    path = FIXTURES / "flat_mentions.txt"
    salted = comments.read(path, pseudonymize=True, salt="s3cret")
    cli = run("parse", str(path), "--pseudonymize", "--salt", "s3cret", "-q")
    assert records(salted) == jsonl_records(cli.stdout) and salted.warnings == []
    monkeypatch.delenv("COMMENTS_SALT", raising=False)
    unsalted = comments.read(path, pseudonymize=True)
    assert unsalted.warnings and "random salt" in unsalted.warnings[0]
    monkeypatch.setenv("COMMENTS_SALT", "s3cret")
    assert records(comments.read(path, pseudonymize=True)) == records(salted)


@pytest.mark.parametrize("name", ["out.jsonl", "out.csv", "out.parquet", "out.convokit"])
def test_write_reads_back_the_same_records(tmp_path, name):
    corpus = comments.read(RAW)
    out = corpus.write(tmp_path / name)
    cli_out = tmp_path / "cli" / name
    cli_out.parent.mkdir()
    assert run("parse", str(RAW), "-q", "-o", str(cli_out)).exit_code == 0
    back = comments.read(out)
    assert back.problems == []
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("source", "format")} for r in rows]
    assert strip(records(back)) == strip(records(corpus))
    if name.endswith(".jsonl"):
        assert out.read_bytes() == cli_out.read_bytes()


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(str.strip)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(_text, st.integers(min_value=-1, max_value=8)), min_size=1, max_size=10))
def test_read_text_round_trip_of_jsonl(items):
    """Any comments written as JSON Lines come back with the same ids and parents, depths repaired,
    and writing the corpus and reading it again changes nothing."""
    rows = [{"id": f"c{i}", "parent_id": f"c{p}" if 0 <= p < i else None, "text": text}
            for i, (text, p) in enumerate(items)]
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    corpus = comments.read_text(data, format="jsonl", name="t.jsonl")
    assert corpus.problems == []
    got = {c.id: c.parent_id for c in corpus.comments}
    assert got == {r["id"]: r["parent_id"] for r in rows}  # nothing lost, every reply kept under its parent
    assert all(c.depth == (0 if c.parent_id is None else got_depth + 1)
               for c in corpus.comments for got_depth in [next((p.depth for p in corpus.comments
                                                                 if p.id == c.parent_id), -1)])
    written = io.StringIO()
    from comments.io.writers import write_jsonl

    write_jsonl(corpus.threads, written)
    again = comments.read_text(written.getvalue(), name="t.jsonl")
    assert records(again) == records(corpus)


def test_columns_by_int_position_as_the_cli_reads_them():
    """``columns={"text": 1}`` gave 0 comments and one ``unreadable record (AttributeError …)`` per
    input: an int is a 1-based position in a table without a header row, as ``--column text=1``."""
    tweets = ("@anna Liebe Anna, wir würden dich gerne gewinnen!\tOTHER\tOTHER\n"
              "@bernd Sie haben ja auch Recht. Unser Tweet war missverständlich.\tOTHER\tOTHER\n"
              "@carla Das ist eine Frechheit, ihr Lügner!\tOFFENSE\tINSULT\n")
    by_name = comments.read_text(tweets, name="germeval.txt", columns={"text": "1"})
    by_int = comments.read_text(tweets, name="germeval.txt", columns={"text": 1})
    assert not by_int.problems and len(by_int.comments) == 3
    assert [c.text for c in by_int.comments] == [c.text for c in by_name.comments]
    assert by_int.comments[2].text.startswith("@carla") and by_int.comments[2].meta == {"2": "OFFENSE", "3": "INSULT"}
    for bad in (0, -1, True, 1.5, None):
        with pytest.raises(ValueError, match="1-based column position"):
            comments.read_text(tweets, columns={"text": bad})


def test_analyse_classify_and_compare_take_a_list_of_threads():
    """``comments.analyse([thread, …])`` failed with an AttributeError: a thread or a list of
    threads is analysed as a Corpus of them (a subset of a corpus); anything else is a TypeError."""
    corpus = comments.read(SEED, FIXTURES / "pushshift.ndjson")
    subset = corpus.threads[:1]
    want = comments.analyse(corpus.with_threads(subset), parts=("depth",))
    for given in (subset, tuple(subset), subset[0]):
        got = comments.analyse(given, parts=("depth",))
        assert got.depth_by_thread.equals(want.depth_by_thread) and len(got.depth_by_thread) == 1
    assert comments.classify(subset).classified and len(comments.classify(subset).threads) == 1
    for bad, said in ((str(SEED), "read paths with comments.read"), (corpus.comments[:2], "'Comment'"), (3, "int")):
        with pytest.raises(TypeError, match=said):
            comments.analyse(bad)


def test_repr_groups_counts_as_the_summary_does():
    """The repr said "17044 comments" where the summary says "17,044"."""
    big = comments.read_text("".join(f'{{"id": "{i}", "parent_id": null, "text": "Kommentar {i}"}}\n'
                                     for i in range(1200)), name="forum.jsonl")
    assert "1,200 comments" in repr(big) and "1,200 comments" in big.summary()


def test_read_takes_max_input_size_as_the_cli_does():
    """``max_input_size="1K"`` failed with a bare "invalid literal for int()"; the CLI takes ``1K``."""
    small = comments.read(RAW, max_input_size="1K")
    assert small.problems and all("1 KiB" in p or "1K" in p or "larger" in p for p in small.problems)
    assert comments.read(RAW, max_input_size="1M").summary() == comments.read(RAW).summary()
    for bad in ("1Q", 0, -1, 1.5):
        with pytest.raises(ValueError, match="max_input_size"):
            comments.read(RAW, max_input_size=bad)


def test_with_threads_names_what_it_takes():
    """``c.with_threads([1, 2])`` raised an AttributeError from deep inside."""
    corpus = comments.read(RAW)
    with pytest.raises(TypeError, match="expected a list of threads \\(ParsedThread\\), but an item is a 'int'"):
        corpus.with_threads([1, 2])
    assert len(corpus.with_threads(corpus.threads[1:])) == len(corpus) - 1
