"""A page and its text-browser copy given together: each comment is kept once (the copy's
repeats are noted, one note per input and thread, with the count), and nothing else of
the copy is lost (a reply the copy has more keeps its place in the tree)."""

from __future__ import annotations

import json

import pytest

from conftest import CORPORA, FIXTURES, corpus, read
from comments.io.pipeline import read_inputs

PAGE, COPY = FIXTURES / "copies" / "why-cmake.html", FIXTURES / "copies" / "why-cmake.txt"
SITE = "buildnotes.example.org"


def repeat_notes(result) -> list[str]:
    return [n for n in result.notes if "no shared id" in n]


def test_a_page_and_its_later_lynx_copy_keep_each_comment_once():
    """The copy (lynx, a day later) holds the page's 4 comments and a new reply to Tom."""
    result = read(PAGE, COPY, site=SITE)
    [pt] = result.threads
    assert [(c.id, c.parent_id, c.depth, c.author) for c in pt.comments] == [
        ("501", None, 0, "Maria Lopez"), ("502", "501", 1, "Tom"), ("503", None, 0, "Jens"),
        ("504", None, 0, "Priya"), ("c3", "502", 2, "Maria Lopez")]
    assert not any(c.flags for c in pt.comments)  # the new reply is no orphan: its parent is the kept Tom
    assert result.cross_input_duplicates == 4
    [note] = repeat_notes(result)
    assert note.startswith(f"{COPY}: 4 comments of thread why-cmake repeat comments read from {PAGE}")
    assert note.endswith("its other 1 kept")
    assert "4 duplicates across inputs kept once" in result.summary()


def test_the_copy_named_first_gives_the_same_thread():
    """Inputs are merged in sorted order: the copy named first changes nothing (the page,
    sorting first, is kept, the copy's repeats noted)."""
    first, then = read(COPY, PAGE, site=SITE), read(PAGE, COPY, site=SITE)
    assert [pt.thread.to_dict() for pt in first.threads] == [pt.thread.to_dict() for pt in then.threads]
    assert [c.to_dict() for c in first.comments] == [c.to_dict() for c in then.comments]
    assert first.notes == then.notes and repeat_notes(first)[0].startswith(f"{COPY}: 4 comments of thread why-cmake")


def test_one_input_alone_is_not_compared():
    alone = read(COPY, site=SITE)
    assert len(alone.comments) == 5 and not repeat_notes(alone) and not alone.cross_input_duplicates


def _jsonl(path, rows) -> str:
    path.write_text("".join(json.dumps({"thread_id": "t1", **row}) + "\n" for row in rows))
    return str(path)


def test_only_the_same_author_words_and_day_make_a_repeat(tmp_path):
    """Exports without ids: "Thanks!" by Jens on the same day is the same comment; on another
    day, by another author, or in the same input again it is another comment."""
    first = _jsonl(tmp_path / "a.jsonl", [
        {"author": "Jens", "text": "Thanks!", "created_at": "2024-03-05T18:02:00Z"},
        {"author": "Priya", "text": "Meson is worth a look too.", "created_at": "2024-03-06T07:30:00Z"}])
    second = _jsonl(tmp_path / "b.jsonl", [
        {"author": "jens", "text": "thanks", "created_at": "2024-03-05T19:02:00+01:00"},  # the same, as a copy shows it
        {"author": "Jens", "text": "Thanks!", "created_at": "2024-03-20T08:00:00Z"},
        {"author": "Tom", "text": "Thanks!", "created_at": "2024-03-05T18:02:00Z"},
        {"author": "Priya", "text": "Meson is worth a look too.", "created_at": "2024-03-06T07:30:00Z"},
        {"author": "Priya", "text": "Meson is worth a look too.", "created_at": "2024-03-06T07:30:00Z"}])
    result = read_inputs([first, second], site="x")
    kept = [(c.author, c.text, c.created_at[:10]) for c in result.comments]
    assert kept == [("Jens", "Thanks!", "2024-03-05"), ("Priya", "Meson is worth a look too.", "2024-03-06"),
                    ("Jens", "Thanks!", "2024-03-20"), ("Tom", "Thanks!", "2024-03-05"),
                    ("Priya", "Meson is worth a look too.", "2024-03-06")]
    assert result.cross_input_duplicates == 2
    [note] = repeat_notes(result)
    assert note.startswith(f"{second}: 2 comments of thread t1") and note.endswith("its other 3 kept")


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPORA / "plaintext_en").glob("*.txt")) or ["(absent)"])
def test_lemire_page_and_its_stored_text_browser_copy(name):
    """lemire.me: the HTML page and its lynx/w3m copy are one thread (its permalink); read
    together, in either order, they give the page's comments once, in the page's tree."""
    copy = corpus(f"plaintext_en/{name}")
    page = CORPORA / "html_wordpress" / (name.rsplit(".", 2)[0] + ".md")
    html = read(page).comments
    for order in ((page, copy), (copy, page)):
        result = read(*order, site="lemire.me")
        [pt] = result.threads
        assert len(pt.comments) == len(html) == result.cross_input_duplicates
        assert [c.author for c in pt.comments] == [c.author for c in html]
        index = {c.id: k for k, c in enumerate(pt.comments)}
        html_index = {c.id: k for k, c in enumerate(html)}
        assert [index.get(c.parent_id) for c in pt.comments] == [html_index.get(c.parent_id) for c in html]
        [note] = repeat_notes(result)
        assert note.startswith(f"{copy}: {len(html)} comments of thread ")  # the page sorts first: kept
        assert pt.thread.comment_count == pt.thread.declared_count


def test_comments_with_their_sources_ids_are_never_copies(tmp_path):
    """Two dumps of one thread (monthly files): "[deleted]" or "Thanks!" by one author on
    one day, under two ids, are two comments; only a comment without an id of its source's
    (numbered c1, c2… by us) can repeat another."""
    first = _jsonl(tmp_path / "RC_2021-08.jsonl", [
        {"id": "a1", "author": "[deleted]", "text": "[deleted]", "created_at": "2021-08-31T23:50:00Z"},
        {"id": "a2", "author": "jens", "text": "Thanks!", "created_at": "2021-08-31T23:55:00Z"}])
    second = _jsonl(tmp_path / "RC_2021-09.jsonl", [
        {"id": "b1", "author": "[deleted]", "text": "[deleted]", "created_at": "2021-09-01T00:10:00Z"},
        {"id": "b2", "author": "jens", "text": "Thanks!", "created_at": "2021-09-01T00:20:00Z"}])
    result = read_inputs([first, second], site="x")
    assert [c.id for c in result.comments] == ["a1", "a2", "b1", "b2"]
    assert not repeat_notes(result) and not result.cross_input_duplicates


def test_many_one_comment_inputs_of_one_thread_cost_linear_time():
    """Staticman keeps one comment per file: each input of a thread looked at every earlier
    input's span (20,000 files: 148 s, quadratic); 4n inputs now cost about 4× n."""
    import gc
    import time

    from comments.io.pipeline import Copies, Result
    from comments.model.records import Comment

    def cost(n: int) -> float:
        copies, before, result = Copies(), [], Result()
        gc.collect()  # the suite's heap: a full collection inside the timing is no cost of the algorithm
        start = time.process_time()
        for i in range(n):
            kept = copies.new([Comment(id=f"c{i}", text=f"Kommentar {i}", author="a")], before, f"comment-{i}.yml",
                              "staticman", "page", result)
            before.extend(kept)
        spent = time.process_time() - start
        assert len(before) == n
        return spent

    cost(1000)
    gc.disable()  # (the pipeline reads with the collector paused too: io/gcpause)
    try:
        assert cost(40_000) < 8 * max(cost(10_000), 0.01)
    finally:
        gc.enable()


def test_a_yaml_file_is_not_sniffed_as_csv_when_no_line_holds_a_delimiter(monkeypatch):
    """The CSV sniffer (~2 ms a call) ran twice on every YAML file; a text without a delimiter
    character cannot have one, so it is not asked at all."""
    import csv

    from comments.io.readers import tabular

    calls = []
    real = csv.Sniffer.sniff
    monkeypatch.setattr(csv.Sniffer, "sniff", lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    assert tabular._dialect("_id: c1\n_parent: page\nname: a\nmessage: hallo\n") is None
    assert calls == []
    assert tabular._dialect("id;text\n1;hallo\n").delimiter == ";"
