"""ConvoKit both ways, against the real ``convokit`` package: corpora ConvoKit builds and
dumps are read as it means them, and corpora we write pass ConvoKit's own checks."""

from __future__ import annotations

import json

import pytest

from comments.io.pipeline import read_inputs
from conftest import RAW, read, run

convokit = pytest.importorskip("convokit", reason="convokit not importable (the README's test command installs it)")


def _corpus(tmp_path, reply_key="reply-to"):
    """A small corpus built and dumped by ConvoKit itself: a post and a tree under it."""
    anna = convokit.Speaker(id="anna", meta={"karma": 12})
    bernd = convokit.Speaker(id="bernd")
    carla = convokit.Speaker(id="carla")
    utts = [
        convokit.Utterance(id="p1", speaker=anna, conversation_id="p1", reply_to=None, timestamp=1631790000,
                           text="Xiaomi sperrt Telefone in Kuba.", meta={"title": "Fernsperre", "subreddit": "de"}),
        convokit.Utterance(id="k1", speaker=bernd, conversation_id="p1", reply_to="p1", timestamp=1631790100,
                           text="Das ist ein Kill Switch.", meta={"score": 7}),
        convokit.Utterance(id="k2", speaker=carla, conversation_id="p1", reply_to="k1", timestamp=1631790200,
                           text="Quelle?", meta={"score": -1}),
        convokit.Utterance(id="k3", speaker=anna, conversation_id="p1", reply_to="p1", timestamp=1631790300,
                           text="Sanktionen treffen Kunden.", meta={}),
        convokit.Utterance(id="k4", speaker=bernd, conversation_id="p1", reply_to="k2", timestamp=1631790400,
                           text="Pressemitteilung.", meta={}),
        convokit.Utterance(id="p2", speaker=carla, conversation_id="p2", reply_to=None, timestamp=1631800000,
                           text="Second post", meta={}),
        convokit.Utterance(id="k5", speaker=anna, conversation_id="p2", reply_to="p2", timestamp=1631800100,
                           text="Only comment", meta={}),
    ]
    corpus = convokit.Corpus(utterances=utts)
    corpus.get_conversation("p1").meta["forum"] = "tech"
    corpus.dump("kit", base_path=str(tmp_path))
    folder = tmp_path / "kit"
    if reply_key != "reply-to":
        lines = [json.loads(line) for line in (folder / "utterances.jsonl").read_text().splitlines()]
        for utt in lines:
            utt[reply_key] = utt.pop("reply-to")
        (folder / "utterances.jsonl").write_text("".join(json.dumps(u) + "\n" for u in lines))
    return corpus, folder


@pytest.mark.parametrize("reply_key", ["reply-to", "reply_to"])
def test_corpus_convokit_dumps_is_read_as_convokit_means_it(tmp_path, reply_key):
    corpus, folder = _corpus(tmp_path, reply_key)
    result = read(folder)
    threads = {pt.thread.thread_id: pt for pt in result.threads}
    assert set(threads) == set(corpus.get_conversation_ids())
    for conv in corpus.iter_conversations():
        root = conv.get_utterance(conv.id)
        pt = threads[conv.id]
        assert pt.thread.article_text == root.text  # the post is the article, not a comment
        expected = {u.id: (None if u.reply_to == conv.id else u.reply_to)
                    for u in conv.iter_utterances() if u.id != conv.id}
        assert {c.id: c.parent_id for c in pt.comments} == expected
        for c in pt.comments:
            utt = corpus.get_utterance(c.id)
            assert c.text == utt.text and c.author == utt.speaker.id
            assert {k: c.meta[k] for k in utt.meta} == dict(utt.meta)
    k1 = next(c for c in threads["p1"].comments if c.id == "k1")
    assert k1.meta["conversation_meta"] == {"forum": "tech"}
    assert threads["p1"].thread.title == "Fernsperre"
    k3 = next(c for c in threads["p1"].comments if c.id == "k3")
    assert k3.meta["speaker_meta"] == {"karma": 12} and k3.meta["article"]["meta"]["subreddit"] == "de"
    assert max(c.depth for c in threads["p1"].comments) == 2


def _pre_2_0(folder):
    """The same corpus in the layout ConvoKit wrote before 2.0: ``user`` and ``root`` keys,
    ``users.json``, and side entries that are their metadata (no ``meta`` key)."""
    lines = [json.loads(line) for line in (folder / "utterances.jsonl").read_text().splitlines()]
    old = [{("user" if k == "speaker" else "root" if k == "conversation_id" else "reply_to" if k == "reply-to" else k): v
            for k, v in utt.items() if k != "vectors"} for utt in lines]
    (folder / "utterances.jsonl").write_text("".join(json.dumps(u) + "\n" for u in old))
    for new, name in (("speakers.json", "users.json"), ("conversations.json", "conversations.json")):
        side = json.loads((folder / new).read_text())
        (folder / new).unlink()
        (folder / name).write_text(json.dumps({k: v.get("meta", {}) for k, v in side.items()}))


def test_a_corpus_written_before_convokit_2_is_read_as_convokit_reads_it(tmp_path):
    """``user``/``root``/``users.json`` (ConvoKit < 2.0): the same threads, trees, authors and
    side metadata as the current layout; ConvoKit itself loads the folder to the same trees."""
    _, folder = _corpus(tmp_path)
    modern = read(folder)
    _pre_2_0(folder)
    assert not (folder / "speakers.json").exists() and "root" in (folder / "utterances.jsonl").read_text()
    old = read(folder)

    def shape(result):
        return sorted((pt.thread.thread_id, pt.thread.title, pt.thread.article_text,
                       sorted((c.id, c.parent_id, c.depth, c.author, c.text, c.created_at,
                               c.meta.get("speaker_meta"), c.meta.get("conversation_meta")) for c in pt.comments))
                      for pt in result.threads)

    assert shape(old) == shape(modern) and len(old.threads) == 2 and len(old.comments) == 5
    kit = convokit.Corpus(filename=str(folder))
    assert {u.id: u.reply_to for u in kit.iter_utterances()} == {
        "p1": None, "k1": "p1", "k2": "k1", "k3": "p1", "k4": "k2", "p2": None, "k5": "p2"}
    assert kit.get_speaker("anna").meta == {"karma": 12}


def _shape(result):
    return sorted((pt.thread.thread_id, pt.thread.title, pt.thread.article_text,
                   sorted((c.id, c.parent_id, c.depth, c.author, c.text, c.created_at,
                           c.meta.get("speaker_meta"), c.meta.get("conversation_meta")) for c in pt.comments))
                  for pt in result.threads)


def test_a_convokit_1_corpus_with_utterances_json_is_read_as_one_corpus(tmp_path):
    """ConvoKit 1.x wrote ``utterances.json`` (a JSON list) beside ``users.json``, and its loader
    still reads one where there is no ``.jsonl``. Such a folder was read file by file: the utterances
    as generic JSON (the post a comment, its title lost) and the other files as four errors."""
    _, folder = _corpus(tmp_path)
    modern = read(folder)
    _pre_2_0(folder)
    lines = (folder / "utterances.jsonl").read_text().splitlines()
    (folder / "utterances.json").write_text("[" + ",\n".join(lines) + "]")
    (folder / "utterances.jsonl").unlink()
    old = read(folder)
    assert _shape(old) == _shape(modern) and {pt.thread.format for pt in old.threads} == {"convokit"}
    kit = convokit.Corpus(filename=str(folder))  # ConvoKit itself reads it so
    assert {u.id: u.reply_to for u in kit.iter_utterances()} == {
        "p1": None, "k1": "p1", "k2": "k1", "k3": "p1", "k4": "k2", "p2": None, "k5": "p2"}
    alone = read(folder / "utterances.json")  # the file given alone: ConvoKit's utterances too
    assert sorted(len(pt.comments) for pt in alone.threads) == [1, 4]


def test_other_files_in_and_under_a_corpus_folder_are_named_in_one_note(tmp_path):
    """A corpus folder is read as one corpus; a CSV beside it and one in a subfolder were left
    out without a word (review20a #3). ConvoKit's own files and hidden entries are not named;
    a folder ConvoKit dumped gets no note."""
    _, folder = _corpus(tmp_path)
    assert not [n for n in read(folder).notes if "ConvoKit corpus" in n]
    (folder / "extra.csv").write_text("id,text\n1,Ein Kommentar daneben\n")
    (folder / "sub").mkdir()
    (folder / "sub" / "more.csv").write_text("id,text\n2,Noch einer\n")
    (folder / ".DS_Store").write_text("x")
    for given in (folder, tmp_path):
        result = read(given)
        about = [n for n in result.notes if "ConvoKit corpus" in n]
        assert about == [f"{folder}: read as one ConvoKit corpus; 2 other files in it not read "
                         "(give them as inputs to read them): extra.csv, sub/more.csv"], result.notes
        assert len(result.comments) == 5


def test_reddit_placeholders_in_a_convokit_corpus_get_the_reddit_readers_status(tmp_path):
    """ConvoKit's Reddit corpora keep ``[deleted]``/``[removed]`` as text and speaker: the
    comments get status ``deleted``/``removed`` and no author, as the Reddit reader gives them."""
    rows = [{"id": "p", "speaker": "op", "conversation_id": "p", "reply-to": None, "timestamp": 1, "text": "Post", "meta": {}},
            {"id": "a", "speaker": "[deleted]", "conversation_id": "p", "reply-to": "p", "timestamp": 2, "text": "[removed]", "meta": {}},
            {"id": "b", "speaker": "[deleted]", "conversation_id": "p", "reply-to": "a", "timestamp": 3, "text": "[deleted]", "meta": {}},
            {"id": "c", "speaker": "[deleted]", "conversation_id": "p", "reply-to": "b", "timestamp": 4, "text": "Kept.", "meta": {}},
            {"id": "d", "speaker": "zoe", "conversation_id": "p", "reply-to": "c", "timestamp": 5, "text": "Fine.", "meta": {}}]
    path = tmp_path / "utterances.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    got = {c.id: (c.status, c.author) for c in read(path).comments}
    assert got == {"a": ("removed", None), "b": ("deleted", None), "c": ("visible", None), "d": ("visible", "zoe")}


def test_a_single_utterances_file_is_read_too(tmp_path):
    _, folder = _corpus(tmp_path)
    result = read(folder / "utterances.jsonl")
    assert sorted(len(pt.comments) for pt in result.threads) == [1, 4]


def _written(tmp_path, *inputs):
    out = tmp_path / "ours.convokit"
    cli = run("parse", *map(str, inputs), "-o", str(out))
    assert cli.exit_code == 0, cli.output
    return out


def test_our_corpus_loads_in_convokit_and_passes_its_checks(tmp_path):
    ours = read(RAW)
    out = _written(tmp_path, RAW)
    corpus = convokit.Corpus(filename=str(out))
    assert len(list(corpus.iter_conversations())) == len(ours.threads)
    assert len(list(corpus.iter_utterances())) == len(ours.comments) + len(ours.threads)  # ids unique: none merged
    for conv in corpus.iter_conversations():
        assert conv.check_integrity(verbose=False)
        assert len(list(conv.traverse("bfs"))) == len(conv.get_utterance_ids())
    by_thread = {pt.thread.thread_id: pt for pt in ours.threads}
    for utt in corpus.iter_utterances():
        if utt.id == utt.conversation_id:
            continue
        pt = by_thread[utt.meta["thread_id"]]
        mine = next(c for c in pt.comments if c.id == utt.meta["id"])  # the original id kept
        assert utt.text == mine.text and utt.meta["parent_id"] == mine.parent_id


def test_ids_repeated_across_threads_stay_apart(tmp_path):
    """Plain-text threads all have c1, c2 …: two of them in one corpus."""
    seed = next(RAW.glob("stadt-bremerhaven*"))
    other = tmp_path / "zweite.example__kopie.txt"
    other.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    out = _written(tmp_path, seed, other)
    corpus = convokit.Corpus(filename=str(out))
    ids = [u.id for u in corpus.iter_utterances()]
    assert len(ids) == len(set(ids)) == 2 * 26
    assert all(c.check_integrity(verbose=False) for c in corpus.iter_conversations())


def test_round_trip_ours_convokit_ours_keeps_tree_and_ids(tmp_path):
    seed = next(RAW.glob("stadt-bremerhaven*"))
    other = tmp_path / "zweite.example__kopie.txt"
    other.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    before = read(seed, other)
    out = _written(tmp_path, seed, other)
    corpus = convokit.Corpus(filename=str(out))  # through ConvoKit itself: loaded and dumped again
    corpus.dump("again", base_path=str(tmp_path))
    for folder in (out, tmp_path / "again"):
        after = read_inputs([str(folder)])
        assert not after.errors
        assert [(pt.thread.to_dict() | {"source": None}, [(c.id, c.parent_id, c.depth, c.text) for c in pt.comments])
                for pt in after.threads] == [
            (pt.thread.to_dict() | {"source": None}, [(c.id, c.parent_id, c.depth, c.text) for c in pt.comments])
            for pt in before.threads]


def test_fields_of_another_shape_are_kept_and_noted_not_dropped(tmp_path):
    """A pre-2.0 corpus (``root``, ``user``, ``users.json``) whose utterance meta is a text or
    a list, whose speaker is a map, whose users.json / conversations.json entries are no
    maps, and one timestamp of 1e308: every value kept in meta, one note naming each kind,
    that utterance undated with flag invalid_date; the corpus is read, not refused."""
    folder = tmp_path / "forum-corpus"
    folder.mkdir()
    utterances = [
        {"id": "p", "user": "redaktion", "root": "p", "reply_to": None, "text": "Tempolimit: die Debatte", "timestamp": 1631000000, "meta": {}},
        {"id": "c1", "user": {"name": "Jana"}, "root": "p", "reply_to": "p", "text": "Endlich.", "timestamp": 1631000100, "meta": "moderated"},
        {"id": "c2", "user": "tom", "root": "p", "reply_to": "c1", "text": "Quelle?", "timestamp": 1e308, "meta": ["a", "b"]},
        {"id": "c3", "user": {"id": "anna", "karma": 3}, "root": "p", "reply_to": "p", "text": "Gut so.", "timestamp": 1631000300, "meta": {"speaker": "x"}},
    ]
    (folder / "utterances.jsonl").write_text("".join(json.dumps(u) + "\n" for u in utterances), encoding="utf-8")
    (folder / "users.json").write_text(json.dumps({"tom": "Stammleser", "anna": {"since": 2019}}), encoding="utf-8")
    (folder / "conversations.json").write_text(json.dumps({"p": ["Verkehr"]}), encoding="utf-8")
    result = read_inputs([str(folder)])
    assert result.errors == []
    by_id = {c.id: c for c in result.comments}
    assert by_id["c1"].meta["meta"] == "moderated" and by_id["c1"].meta["speaker"] == {"name": "Jana"}
    assert by_id["c1"].author is None and by_id["c1"].created_at == "2021-09-07T07:35:00Z"
    assert by_id["c2"].meta["meta"] == ["a", "b"] and by_id["c2"].meta["speaker_meta"] == "Stammleser"
    assert by_id["c2"].created_at is None and "invalid_date" in by_id["c2"].flags and by_id["c2"].meta["timestamp"] == 1e308
    assert by_id["c3"].author == "anna" and by_id["c3"].meta["speaker~2"] == {"id": "anna", "karma": 3}
    assert by_id["c3"].meta["speaker_meta"] == {"since": 2019}
    assert all(c.meta["conversation_meta"] == ["Verkehr"] for c in result.comments)
    assert (f"{folder}: 1 conversations.json entry that is no map (first 'p'): kept as meta 'conversation_meta' of its comments; "
            "1 speakers.json entry that is no map (first 'tom'): kept as meta 'speaker_meta' of the speaker's comments; "
            "2 utterances whose meta is no map (first 'c1'): kept in meta 'meta'; "
            "2 utterances whose speaker is a map (first 'c1'): kept in meta 'speaker' (the author is its 'id', else none)"
            ) in result.notes
    assert result.summary().startswith("1 thread; 3 comments; repairs: 1 invalid_date")


def test_review_an_empty_conversation_meta_is_no_odd_shape(tmp_path):
    """(review) ``{"meta": {}, "vectors": []}``, the shape ConvoKit writes for a conversation
    without metadata, is read without the "no map" note."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "utterances.jsonl").write_text(json.dumps({"id": "u1", "speaker": "a", "conversation_id": "u1",
                                                         "reply_to": None, "timestamp": 1, "text": "hello",
                                                         "meta": {}}) + "\n", encoding="utf-8")
    (corpus / "conversations.json").write_text('{"u1": {"meta": {}, "vectors": []}}', encoding="utf-8")
    (corpus / "speakers.json").write_text('{"a": {"meta": {}, "vectors": []}}', encoding="utf-8")
    (corpus / "index.json").write_text('{"utterances-index": {}, "version": 1}', encoding="utf-8")
    result = run("parse", str(corpus))
    assert result.exit_code == 0 and "no map" not in result.stderr, result.stderr


def test_markdown_indentation_of_utterances_is_kept(tmp_path):
    """ConvoKit's Reddit corpora hold Reddit Markdown: an indented code block keeps its
    indentation, as the Reddit reader keeps it (trailing spaces and blank-line runs go)."""
    _, folder = _corpus(tmp_path)
    lines = [json.loads(line) for line in (folder / "utterances.jsonl").read_text().splitlines()]
    for utt in lines:
        if utt["id"] == "k1":
            utt["text"] = "So:\n\n    if x:\n        y()   \n\n\n\nfertig"
    (folder / "utterances.jsonl").write_text("".join(json.dumps(u) + "\n" for u in lines))
    k1 = next(c for c in read(folder).comments if c.id == "k1")
    assert k1.text == "So:\n\n    if x:\n        y()\n\nfertig"


def test_a_reddit_corpus_texts_are_decoded_as_the_reddit_reader_decodes_them(tmp_path):
    """ConvoKit's Reddit corpora keep Pushshift's bodies as given (``&gt;``, ``&amp;#x200B;``):
    an utterance whose metadata (or its conversation's) names a subreddit or a top-level
    comment is decoded as the Reddit reader decodes a body; another corpus's text stays as written."""
    rows = [{"id": "p", "speaker": "op", "conversation_id": "p", "reply-to": None, "timestamp": 1,
             "text": "Post &amp;#x200B; here", "meta": {}},
            {"id": "a", "speaker": "ann", "conversation_id": "p", "reply-to": "p", "timestamp": 2,
             "text": "Source? &gt; obviously&amp;nbsp;yes", "meta": {"top_level_comment": "a"}}]
    folder = tmp_path / "reddit-corpus"
    folder.mkdir()
    (folder / "utterances.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (folder / "conversations.json").write_text(json.dumps({"p": {"meta": {"subreddit": "de"}, "vectors": []}}))
    result = read(folder)
    assert result.threads[0].thread.article_text == "Post \u200b here"
    assert result.comments[0].text == "Source? > obviously\xa0yes"
    plain = tmp_path / "utterances.jsonl"
    plain.write_text("".join(json.dumps({**r, "meta": {}}) + "\n" for r in rows))
    assert read(plain).comments[0].text == "Source? &gt; obviously&amp;nbsp;yes"
