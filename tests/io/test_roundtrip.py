"""What we write, we read back unchanged: JSONL, CSV, Parquet and ConvoKit."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.model.records import Comment, ParsedThread, Thread
from comments.io.pipeline import read_inputs
from comments.model.tree import rebuild
from comments.io.writers import write
from conftest import SEED, read

WRITERS = ["out.jsonl", "out.csv", "out.parquet", "out.convokit"]

#: Every Unicode scalar value (NUL, controls, separators, noncharacters, astral planes).
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**63), st.floats(allow_nan=False, allow_infinity=False),
                    st.text(max_size=10), st.sampled_from(["=1+1", "{}", "[1]", "a;b", "'x"]))
metas = st.dictionaries(st.text(max_size=8), st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                                                         | st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                        max_size=4)
names = st.one_of(st.none(), st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12))


@st.composite
def threads(draw):
    """A random forest of comments with formula-like, quoted and multi-line texts."""
    out = []
    for t in range(draw(st.integers(1, 3))):
        n = draw(st.integers(0, 25))
        comments = []
        for i in range(n):
            parent = draw(st.one_of(st.none(), st.integers(0, i - 1).map(str))) if i else None
            body = draw(st.one_of(text, st.sampled_from(["=SUM(A1)", "+1", "-x", "@me", "'=quoted", "a\n\nb", "Grüße „x“"])))
            comments.append(Comment(
                id=str(i), parent_id=parent, text=body, author=draw(names),
                created_at=draw(st.sampled_from([None, "2021-09", "2021-09-16T10:12:00+02:00", "2021-09-16T08:12:00Z"])),
                kind=draw(st.sampled_from(["comment", "pingback"])), status=draw(st.sampled_from(["visible", "deleted"])),
                meta=draw(metas),
            ))
        rebuild(comments)
        thread = Thread(thread_id=f"t{t}", site="example.org", title=draw(st.one_of(st.none(), text.map(lambda s: s or None))),
                        format="jsonl", source="gen", comment_count=n, declared_count=draw(st.one_of(st.none(), st.integers(0, 99))))
        for c in comments:
            c.site, c.thread_id = thread.site, thread.thread_id
        out.append(ParsedThread(thread, comments))
    return out


def dump(result_threads):
    return [(pt.thread.to_dict(), [c.to_dict() for c in pt.comments]) for pt in result_threads]


@pytest.mark.parametrize("name", WRITERS)
def test_unicode_line_separators_in_fields(tmp_path, name):
    """NEL, LINE SEPARATOR and friends inside a field are text, not line breaks (found by
    the property test below: a thread title "0\x850" made our JSONL unreadable)."""
    comment = Comment(id="1", text="a\x85b\u2028c\x1cd", site="example.org", thread_id="t0")
    data = [ParsedThread(Thread(thread_id="t0", site="example.org", title="0\x850\u2029", format="jsonl",
                                source="gen", comment_count=1), rebuild([comment]))]
    path = tmp_path / name
    write(data, str(path), None)
    back = read_inputs([str(path)])
    assert not back.errors
    assert dump(back.threads) == dump(data)


@pytest.mark.slow
@pytest.mark.parametrize("name", WRITERS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=threads())
def test_random_trees_survive_write_read(tmp_path_factory, name, data):
    path = tmp_path_factory.mktemp("rt") / name
    write(data, str(path), None)
    back = read_inputs([str(path)])
    assert not back.errors
    assert dump(back.threads) == dump(data)


@pytest.mark.parametrize("name", WRITERS)
def test_seed_thread_written_and_read_back_is_the_same_tree(tmp_path, name):
    seed = read(SEED).threads
    path = tmp_path / name
    write(seed, str(path), None)
    back = read(path).threads
    assert dump(back) == dump(seed)
    assert [(c.id, c.parent_id, c.depth) for c in back[0].comments] == [
        (c.id, c.parent_id, c.depth) for c in seed[0].comments]


def test_csv_cells_are_neutralised_for_spreadsheets(tmp_path):
    seed = read(SEED).threads
    seed[0].comments[0].text = "=HYPERLINK(\"http://evil.example\")"
    seed[0].comments[1].author = "@admin"
    write(seed, str(tmp_path / "out.csv"), None)
    raw = (tmp_path / "out.csv").read_text()
    assert "'=HYPERLINK" in raw and ",'@admin," in raw
    assert "\n=" not in raw and ",=" not in raw


@pytest.mark.parametrize("name", ["out.csv", "out.jsonl"])
def test_markup_in_a_comment_does_not_change_how_our_file_is_read(tmp_path, name):
    seed = read(SEED).threads
    seed[0].comments[0].text = '<disqus xmlns="http://disqus.com">'
    seed[0].comments[1].text = '<rss><wp:comment/></rss> <ol class="comment-list"><li id="comment-1">'
    write(seed, str(tmp_path / name), None)
    assert dump(read(tmp_path / name).threads) == dump(seed)


def _written_and_read(comment: Comment, path) -> Comment:
    """One comment in a one-thread file of ours at ``path``, read back: no error, no note."""
    data = [ParsedThread(Thread(thread_id="t0", site="example.org", format="jsonl", source="gen", comment_count=1),
                         rebuild([comment]))]
    write(data, str(path), None)
    back = read_inputs([str(path)])
    assert not back.errors and not back.notes
    (got,) = back.comments
    return got


@pytest.mark.parametrize("name", WRITERS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(max_size=30), author=st.text(min_size=1, max_size=8))
def test_any_string_even_with_lone_surrogates_is_written_readably(tmp_path_factory, name, body, author):
    """Lone surrogates cannot be encoded: they come back as U+FFFD, the comment flagged."""
    got = _written_and_read(Comment(id="1", text=body, author=author, site="example.org", thread_id="t0"),
                            tmp_path_factory.mktemp("sg") / name)
    fix = lambda s: "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in s)  # noqa: E731
    assert (got.text, got.author) == (fix(body), fix(author))
    assert ("replaced_surrogate" in got.flags) == (fix(body + author) != body + author)


@pytest.mark.parametrize("name", WRITERS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(polarity=st.floats(-1, 1) | st.sampled_from([math.nan, math.inf, -math.inf]), score=st.floats(), label=text)
def test_any_float_is_written_readably(tmp_path_factory, name, polarity, score, label):
    """NaN and infinities never reach a file: null, the comment flagged ``non_finite`` (a finite
    polarity is one of SPEC's −1..1: reading back refuses any other, test_record_checks)."""
    comment = Comment(id="1", text="x", site="example.org", thread_id="t0", language="de", topics=[], tone=[],
                      polarity=polarity, topic_scores={label: score}, tone_scores={})
    got = _written_and_read(comment, tmp_path_factory.mktemp("fl") / name)
    finite = lambda v: v if math.isfinite(v) else None  # noqa: E731
    assert (got.polarity, got.topic_scores) == (finite(polarity), {label: finite(score)})
    assert ("non_finite" in got.flags) == (not (math.isfinite(polarity) and math.isfinite(score)))
