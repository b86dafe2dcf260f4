"""The general JSONL reader's rules found anywhere in a file: a file whose first row needing
one comes after the fast path's 64 KB head gives the general path's records on every path."""

from __future__ import annotations

import json

import pytest

from conftest import LATE_RULES, late_rule_jsonl, read_inputs, run
from comments.io import fastpath, rulescan, writers


def _head(path) -> str:
    data = path.read_bytes()[: 1 << 16]
    return data[: data.rfind(b"\n") + 1].decode()


@pytest.mark.parametrize("case", sorted(LATE_RULES))
def test_a_rule_needed_only_after_the_head_is_found_and_the_fast_path_leaves_the_file(tmp_path, case):
    path = late_rule_jsonl(tmp_path / "late.jsonl", case)
    head = _head(path)
    assert rulescan.scan(iter([head.encode()]), rulescan.patterns(*rulescan.head_rule(head, {}))) is None
    assert rulescan.general_rule(path, head, {}) is not None
    with pytest.raises(fastpath.NotEligible):
        fastpath.parse_to_parquet(path, tmp_path / "fast.parquet", None, "late", {}, str(path))


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
@pytest.mark.parametrize("case", sorted(LATE_RULES))
def test_parse_output_is_the_general_paths(tmp_path, case, suffix):
    """``parse -o`` (the fast path's command) writes what the general reader reads."""
    path = late_rule_jsonl(tmp_path / "late.jsonl", case)
    out, general = tmp_path / f"out{suffix}", tmp_path / f"general{suffix}"
    result = run("parse", str(path), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    writers.write(read_inputs([str(path)]).threads, str(general), None)
    if suffix == ".jsonl":
        assert out.read_bytes() == general.read_bytes()
    else:
        import pyarrow.parquet as pq

        assert pq.read_table(out).to_pylist() == pq.read_table(general).to_pylist()
    comments = {c.id: c for c in read_inputs([str(path)]).comments}
    expected = {"nested": ("n3", "n2"), "nested_page": ("g3", "g2"), "dotted": ("Ugx1.r2", "Ugx1"), "permalink": ("p2", "p1"), "seed": ("s2", None),
                "seed_unheaded": ("s2", None)}
    child, parent = expected[case]
    assert comments[child].parent_id == parent  # the rule applied (seed: s1 no comment, its reply top-level)


def test_a_file_without_such_rows_is_the_fast_paths(tmp_path):
    """No false alarm on plain rows: numbers with a dot are no PARENT.REPLY ids, a key in a
    text (escaped quotes) is no key, a page address without a parent column joins nothing."""
    rows = [{"id": f"{i}.5", "thread_id": "https://zeitung.example/a1", "text": 'sagt "replies": [1] und object_type'}
            for i in range(50)]
    path = tmp_path / "plain.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert rulescan.general_rule(path, _head(path), {}) is None
    fastpath.parse_to_parquet(path, tmp_path / "fast.parquet", None, "plain", {}, str(path))
