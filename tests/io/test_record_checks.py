"""records: a reader's output with a value of the wrong type is one input error that
names the record and the field; well-typed records pass."""

from __future__ import annotations

import pytest

from comments.io.records import check_records
from comments.model.errors import InputError
from comments.model.records import Comment, ParsedThread, Thread


def _one(**fields) -> list[ParsedThread]:
    return [ParsedThread(Thread(thread_id="t"), [Comment(**{"id": "c1", **fields})])]


def test_well_typed_records_pass():
    check_records(_one(topics=["a"], topic_scores={"a": 0.5, "b": None}, polarity=-0.5, depth=2))


@pytest.mark.parametrize("field, value, expected", [
    ("id", ["x"], "field id is a list, expected text"), ("text", None, "field text is null, expected text"),
    ("depth", "2", "field depth is text, expected a whole number"), ("position", True, "true/false"),
    ("flags", "x", "expected a list of text"), ("tone", [1], "expected a list of text"),
    ("tone_scores", {"a": "high"}, "expected a map of numbers"), ("polarity", "0.5", "expected a number"),
])
def test_wrong_type_names_record_and_field(field, value, expected):
    with pytest.raises(InputError, match="comment 1 of thread t") as info:
        check_records(_one(**{field: value}))
    assert expected in str(info.value)


@pytest.mark.parametrize("field, value", [("title", 3), ("declared_count", "3"), ("comment_count", 1.5)])
def test_wrong_thread_field(field, value):
    with pytest.raises(InputError, match=f"thread t: field {field}"):
        check_records([ParsedThread(Thread(thread_id="t", **{field: value}), [])])


def _tampered(tmp_path, line: int, field: str, value) -> tuple[str, int]:
    """The seed thread as ``parse`` writes it, one record's ``field`` set to ``value`` at
    ``line`` (1-based; 0: the first comment, -1: the last)."""
    import json

    from conftest import SEED, run

    lines = run("parse", str(SEED)).stdout.splitlines()
    at = {0: 2, -1: len(lines)}.get(line, line)
    record = json.loads(lines[at - 1])
    record[field] = value
    lines[at - 1] = json.dumps(record)
    path = tmp_path / "ours.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return str(path), at


@pytest.mark.parametrize("line", [0, 12, -1])
@pytest.mark.parametrize("field, value, expected", [
    ("depth", "2", "field depth is text, expected a whole number"), ("topics", "geopolitics", "expected a list of text"),
    ("polarity", "0.5", "expected a number")])
@pytest.mark.parametrize("out", [None, "out.jsonl"])
def test_our_records_name_their_own_line(tmp_path, line, field, value, expected, out):
    """A record of our own JSONL with a field of the wrong type, on the first, a middle or
    the last comment line: the error names that line (it named none), on the general path
    and with ``-o`` (where the fast path hands such input over)."""
    from conftest import run

    path, at = _tampered(tmp_path, line, field, value)
    result = run("parse", path, *(["-o", str(tmp_path / out)] if out else []))
    assert result.exit_code == 1
    [error] = [e for e in result.stderr.splitlines() if e.startswith("error:")]
    assert error.startswith(f"error: {path}:{at}: comment ") and error.endswith(expected)


def test_our_thread_record_names_its_line(tmp_path):
    from conftest import run

    path, _ = _tampered(tmp_path, 1, "comment_count", "25")
    result = run("parse", path)
    assert f"error: {path}:1: thread " in result.stderr and "field comment_count is text" in result.stderr


def _classified(tmp_path, suffix: str, field: str, values: dict[str, object]) -> str:
    """The seed thread as ``classify -o ours.SUFFIX`` writes it, ``field`` of the comments named in
    ``values`` (id → value) set as a hand edit or another tool would write it."""
    import json

    import pyarrow.parquet as pq

    from conftest import SEED, run

    path = tmp_path / f"ours{suffix}"
    assert run("classify", str(SEED), "-o", str(path)).exit_code == 0
    if suffix == ".jsonl":
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for r in lines:
            if r.get("id") in values:
                r[field] = values[r["id"]]
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    elif suffix == ".csv":
        import csv

        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for r in rows:
            if r["id"] in values:
                value = values[r["id"]]
                r[field] = ";".join(value) if isinstance(value, list) else str(value)
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        table = pq.read_table(path)
        column = [values.get(i, v) for i, v in zip(table.column("id").to_pylist(), table.column(field).to_pylist())]
        table = table.set_column(table.schema.get_field_index(field), table.schema.field(field),
                                 [column])
        pq.write_table(table, path)
    return str(path)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_classified_output_with_a_polarity_outside_its_range_is_an_input_error(tmp_path, suffix):
    """Classified output read back (report, compare): a polarity outside SPEC's −1..1 was taken as
    given, into every mean polarity. Now the input is refused, naming the comment and the value,
    as a field of the wrong type is; the other inputs are still read."""
    from conftest import SEED, run

    path = _classified(tmp_path, suffix, "polarity", {"c3": 5.0})
    for command in (["report", "depth"], ["compare"]):
        result = run(*command, path, str(SEED), "--out", str(tmp_path / command[-1]), "-j", "1")
        assert result.exit_code == 1
        [error] = [e for e in result.stderr.splitlines() if e.startswith("error:")]
        assert error.startswith(f"error: {path}") and ": comment 3 of thread " in error and error.endswith(
            " (id c3): field polarity is 5.0, outside SPEC's range −1..1")
        assert result.stderr.splitlines()[-1].startswith("1 thread; 25 comments;")


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_a_tone_label_none_of_the_six_is_kept_and_flagged(tmp_path, suffix):
    """A tone label that is none of SPEC's six (``angry``: a hand edit, another tool, or a label a
    ``train`` model of the user's added) was read back without a word, and the tone tables, which
    count the six, left it out. Now its comment is flagged ``unknown_tone`` (counted in the summary),
    the label kept as given."""
    from conftest import read, run

    path = _classified(tmp_path, suffix, "tone", {"c2": ["angry", "critical"], "c5": ["angry"]})
    corpus = read(path)
    flagged = {c.id: c.tone for c in corpus.comments if "unknown_tone" in c.flags}
    assert flagged == {"c2": ["angry", "critical"], "c5": ["angry"]}
    for command in (["report", "topics"], ["compare"]):
        result = run(*command, path, "--out", str(tmp_path / command[-1]), "-j", "1")
        assert result.exit_code == 0 and result.stderr.splitlines()[-1] == (
            "1 thread; 25 comments; repairs: 2 unknown_tone"), result.stderr
    out = tmp_path / "again.jsonl"  # classify keeps classified input as it is: the labels and the flag
    assert run("classify", path, "-o", str(out)).exit_code == 0
    again = {c.id: (c.tone, c.flags) for c in read(out).comments if c.id in ("c2", "c5")}
    assert again == {"c2": (["angry", "critical"], ["unknown_tone"]), "c5": (["angry"], ["unknown_tone"])}
