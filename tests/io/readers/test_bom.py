"""A UTF-8 byte order mark (Excel's "CSV UTF-8", Notepad's "UTF-8 with BOM") never changes how
a file is read: every reader that looks at the first bytes or a header (CSV, TSV, JSON, JSONL,
XML, YAML, our CSV with its ``.threads.csv``, a ConvoKit folder's side files) reads the file with
a BOM exactly as without."""

from __future__ import annotations

import csv
import shutil

import pytest

import comments
from comments.io.pipeline import read_inputs
from conftest import FIXTURES

BOM = b"\xef\xbb\xbf"


def _records(result) -> list[dict]:
    return [{k: v for k, v in c.to_dict().items() if k != "source"} for pt in result.threads for c in pt.comments]


def _with_bom(source, target):
    target.write_bytes(BOM + source.read_bytes())
    return target


def _tsv(tmp_path):
    rows = list(csv.reader((FIXTURES / "generic_semicolon.csv").open(encoding="utf-8", newline=""), delimiter=";"))
    path = tmp_path / "plain" / "forum.tsv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t").writerows(rows)
    return path


@pytest.mark.parametrize("name", ["generic_semicolon.csv", "pushshift.ndjson", "wp_rest.json", "reddit_thread.json",
                                  "hn_official.json", "disqus_small.xml", "wxr_small.xml", "json/isso_thread.json",
                                  "staticman/list-of-comments.yaml", "tsv"])
def test_a_bom_reads_as_without(tmp_path, name):
    plain = _tsv(tmp_path) if name == "tsv" else FIXTURES / name
    (tmp_path / "bom").mkdir()
    marked = _with_bom(plain, tmp_path / "bom" / plain.name)
    without, with_bom = read_inputs([str(plain)]), read_inputs([str(marked)])
    assert not with_bom.errors and _records(with_bom) == _records(without) and _records(without)
    assert [pt.thread.format for pt in with_bom.threads] == [pt.thread.format for pt in without.threads]
    assert [n.replace(str(marked), "FILE") for n in with_bom.notes] == [n.replace(str(plain), "FILE") for n in without.notes]


def test_our_csv_saved_with_a_bom_is_still_ours(tmp_path):
    """Excel's "CSV UTF-8" puts a BOM in both files: the formula guards are removed again and the
    classification columns read (it read as a third-party table: `'=HYPERLINK…` and `'@…` kept)."""
    original = comments.classify(comments.read(FIXTURES / "generic_semicolon.csv"))
    out = original.write(tmp_path / "out.csv")
    for path in (out, tmp_path / "out.threads.csv"):
        path.write_bytes(BOM + path.read_bytes())
    again = comments.read(out)
    assert again.classified and not again.notes
    assert [c.text for c in again.comments] == [c.text for c in original.comments]
    assert any(c.text.startswith("=HYPERLINK") for c in again.comments)
    assert [c.to_dict() for c in again.comments] == [c.to_dict() for c in original.comments]
    (tmp_path / "out.threads.csv").unlink()  # without its threads file: read as written, and said so
    alone = comments.read(out)
    assert any("out.threads.csv is missing" in n and "formula guard" in n for n in alone.notes), alone.notes


def test_a_staticman_folder_and_convokit_side_files_with_a_bom(tmp_path):
    plain = FIXTURES / "staticman" / "nested-replies"
    marked = tmp_path / "nested-replies"
    shutil.copytree(plain, marked)
    for path in marked.iterdir():
        path.write_bytes(BOM + path.read_bytes())
    assert _records(read_inputs([str(marked)])) == _records(read_inputs([str(plain)]))
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "utterances.jsonl").write_bytes(BOM + b'{"id": "p1", "conversation_id": "p1", "reply-to": null, '
                                           b'"text": "Post", "speaker": "anna", "timestamp": 1631790000}\n'
                                           b'{"id": "k1", "conversation_id": "p1", "reply-to": "p1", '
                                           b'"text": "Reply", "speaker": "bernd", "timestamp": 1631790100}\n')
    (kit / "conversations.json").write_bytes(BOM + b'{"p1": {"meta": {"title": "Fernsperre"}}}')
    (kit / "index.json").write_text("{}")
    result = read_inputs([str(kit)])
    assert not result.errors, result.errors
    assert [pt.thread.title for pt in result.threads] == ["Fernsperre"]
    assert [c.text for pt in result.threads for c in pt.comments] == ["Reply"]
