"""records: the two record kinds round-trip through their dicts; label names live in
the model and are the ones the tone classifier scores."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from comments.classification import tone
from comments.model.records import (
    CLASSIFICATION_FIELDS,
    COMMENT_FIELDS,
    LABEL_FIELDS,
    SCORE_FIELDS,
    TONES,
    Comment,
    Thread,
    meta_from_json,
    meta_json,
)

TEXT = st.text(max_size=20)
META = st.dictionaries(TEXT, st.one_of(TEXT, st.integers(), st.booleans(), st.none(), st.lists(st.integers())),
                       max_size=4)


def test_label_names_are_the_tone_classifiers():
    assert tone.TONES is TONES
    result = tone.classify("Danke, sehr informativ! Aber warum?")
    assert list(result.tone_scores) == list(TONES) and set(result.tone) <= set(TONES)
    assert all(field in CLASSIFICATION_FIELDS for field in LABEL_FIELDS + tuple(SCORE_FIELDS.values()))


@settings(max_examples=100, deadline=None)
@given(st.builds(Comment, id=st.one_of(st.none(), TEXT), parent_id=st.one_of(st.none(), TEXT), text=TEXT,
                 author=st.one_of(st.none(), TEXT), depth=st.integers(0, 50), position=st.integers(0, 50),
                 flags=st.lists(TEXT, max_size=3), meta=META,
                 tone=st.one_of(st.none(), st.lists(st.sampled_from(TONES), unique=True))))
def test_comment_round_trips_through_its_dict(comment):
    data = comment.to_dict()
    assert list(data)[: len(COMMENT_FIELDS)] == list(COMMENT_FIELDS)
    assert ("tone" in data) == comment.classified
    back = Comment.from_dict(data)
    assert back.to_dict() == data
    assert back.flags is not comment.flags and back.meta is not comment.meta  # no shared lists


@settings(max_examples=100, deadline=None)
@given(META)
def test_meta_json_round_trips(meta):
    assert meta_from_json(meta_json(meta)) == meta
    assert Comment.from_dict({"meta": meta_json(meta)}).meta == meta


def test_thread_round_trips_and_ignores_unknown_fields():
    thread = Thread(thread_id="t", site="s", title="T", declared_count=3, comment_count=2)
    assert Thread.from_dict({**thread.to_dict(), "extra": 1}) == thread


def test_numbered_gives_the_first_name_not_taken():
    """``numbered``: the one ``~n`` rule of ids (tree.dedupe_ids, a place-numbered copy's ids) and meta names
    (meta_key); a name already taken, by a source's own id "a~2" say, is skipped."""
    from comments.model.records import meta_key, numbered

    assert numbered("a", {"a"}) == ("a~2", 2) and numbered("a", {"a", "a~2", "a~4"}) == ("a~3", 3)
    assert numbered("a", {"a~2", "a~3"}, 3) == ("a~4", 4)
    counters: dict[str, int] = {}
    meta = {"links": 1, "text_links": 2, "text_links~2": 3}
    assert meta_key(meta, "links", "text_links", counters=counters) == "text_links~3" and counters == {"text_links": 4}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "a~2", "a~3", "b~2", "a~2~2"]), max_size=14))
def test_repeated_ids_take_the_first_free_number_and_keep_the_first(ids):
    """dedupe_ids through ``numbered``: ids end unique, each first one as it was, a later one ``ID~k`` with the
    least k its id has not given yet and no comment holds (the loop it had before, as reference)."""
    from comments.model.tree import dedupe_ids

    comments = [Comment(id=i) for i in ids]
    dedupe_ids(comments)
    seen, taken, expected = {}, set(ids), []
    for i in ids:
        if i not in seen:
            seen[i] = 1
            expected.append(i)
            continue
        n, new = seen[i], i
        while new in taken:
            n += 1
            new = f"{i}~{n}"
        seen[i] = n
        taken.add(new)
        expected.append(new)
    assert [c.id for c in comments] == expected and len(set(expected)) == len(expected)
