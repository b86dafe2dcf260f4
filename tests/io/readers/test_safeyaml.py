"""io/readers/safeyaml.py: YAML read without running code or expanding alias bombs.

Real Staticman comment files load as JSON-able values; Python tags are refused without
running anything; anchor/alias bombs and recursive aliases are refused, with a check
whose work grows with the distinct nodes of the document, not with its expansion."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.io.readers import safeyaml
from comments.model.errors import InputError
from conftest import CORPORA, FIXTURES, corpus, json_values

STATICMAN = sorted((CORPORA / "staticman").rglob("*.yml")) or [CORPORA / "staticman" / "(absent).yml"]


@pytest.mark.parametrize("path", STATICMAN[:5] + STATICMAN[-5:], ids=lambda p: p.name)
def test_real_staticman_comments_load_as_json_values(path):
    text = corpus(str(path.relative_to(CORPORA))).read_text(encoding="utf-8")
    data = safeyaml.load(text)
    plain = yaml.safe_load(text)
    assert set(data) == set(plain) and data["message"] == plain["message"]
    assert json.loads(json.dumps(data)) == data
    if isinstance(plain.get("date"), dt.datetime):
        assert data["date"] == plain["date"].isoformat().replace("+00:00", "Z")


def test_the_fixture_list_of_comments_keeps_every_field():
    text = (FIXTURES / "staticman" / "list-of-comments.yaml").read_text(encoding="utf-8")
    data = safeyaml.load(text)
    assert [c["_id"] for c in data] == [c["_id"] for c in yaml.safe_load(text)]
    assert data[0]["date"] == "2021-09-16T10:00:00+02:00" and data[1]["replying_to"] == "1"


def _bomb(levels: int, fan: int = 10) -> str:
    """The YAML "billion laughs": each level lists ``fan`` aliases of the one before."""
    lines = ['a0: &a0 ["lol"]']
    for k in range(1, levels + 1):
        lines.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * fan) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [6, 9, 30])
def test_an_alias_bomb_is_refused(levels):
    with pytest.raises(InputError, match="YAML aliases expand to more than 100,000 values"):
        safeyaml.load(_bomb(levels))


def test_a_bomb_hidden_in_a_real_comment_is_refused():
    text = (FIXTURES / "staticman" / "list-of-comments.yaml").read_text(encoding="utf-8")
    text = "x: &x [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n" + "".join(
        f"x{k}: &x{k} [*{'x' if k == 0 else f'x{k - 1}'}, *{'x' if k == 0 else f'x{k - 1}'}]\n" for k in range(20))
    text += "comments:\n" + "\n".join("  " + line for line in
                                       (FIXTURES / "staticman" / "list-of-comments.yaml").read_text().splitlines())
    text += "\n  - {_id: z, message: *x19}\n"
    with pytest.raises(InputError, match="alias bomb"):
        safeyaml.load(text)


def test_aliases_under_the_bound_are_kept():
    data = safeyaml.load(_bomb(3))  # 1 + 10 + 100 + 1000 lists and strings: well under the bound
    assert data["a3"][9][9][9] == ["lol"] and len(json.dumps(data)) > 5000


def _checked_nodes(text: str, monkeypatch) -> int:
    """How many nodes the expansion check looks at while loading ``text``."""
    calls = []
    children = safeyaml._children
    monkeypatch.setattr(safeyaml, "_children", lambda node: calls.append(1) or children(node))
    try:
        safeyaml.load(text)
    except InputError:
        pass
    return len(calls)


def test_the_expansion_check_works_in_linear_time(monkeypatch):
    """Counted, not timed: a bomb 10× longer, and a document with 10× more shared
    aliases, cost the check about 10× the node visits (never their expansion)."""
    small, large = _checked_nodes(_bomb(3, 50), monkeypatch), _checked_nodes(_bomb(30, 50), monkeypatch)
    assert large <= 10 * small + 50
    shared = "base: &b {name: Nele, text: Hallo}\n"
    small = _checked_nodes(shared + "".join(f"c{k}: [*b, *b, {k}]\n" for k in range(300)), monkeypatch)
    large = _checked_nodes(shared + "".join(f"c{k}: [*b, *b, {k}]\n" for k in range(3000)), monkeypatch)
    assert large <= 10.5 * small


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {self: *a}\n", "- &x\n  - 1\n  - *x\n"])
def test_a_recursive_alias_is_refused(text):
    with pytest.raises(InputError, match="refers to itself"):
        safeyaml.load(text)


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:pathlib.Path.touch [{mark}]",
    "!!python/object/new:pathlib.Path [{mark}]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/object:argparse.Namespace {{x: 1}}",
])
def test_python_tags_are_refused_and_never_run(tag, tmp_path):
    mark = tmp_path / "ran"
    text = f"_id: a1\nname: Nele\nmessage: {tag.format(mark=json.dumps(str(mark)))}\n"
    with pytest.raises(InputError) as caught:
        safeyaml.load(text)
    assert caught.value.message.startswith("invalid YAML") and "python" in caught.value.message
    assert caught.value.where and caught.value.where.startswith("line 3, column ")
    assert not mark.exists()


@pytest.mark.parametrize("text, where", [("a: [1, 2\nb: 3\n", "line 2, column 2"),
                                         ("_id: a1\nmessage: \"unclosed\n", "line 3, column 1"),
                                         ("a: 1\n\tb: 2\n", "line 2, column 1")])
def test_syntax_errors_have_a_position(text, where):
    with pytest.raises(InputError) as caught:
        safeyaml.load(text)
    assert caught.value.where == where and caught.value.message.startswith("invalid YAML (")


def test_deep_nesting_is_one_clear_error():
    with pytest.raises(InputError, match="nested too deeply"):
        safeyaml.load("[" * 800 + "]" * 800)  # past the interpreter's recursion limit
    value = safeyaml.load("[" * 200 + "]" * 200)  # shallow enough: read
    for _ in range(199):
        value = value[0]
    assert value == []


def test_yaml_types_become_json_values():
    text = ("date: 2021-09-16\nwhen: 2021-09-16 10:00:00\nutc: 2021-09-16T10:00:00Z\nraw: !!binary aGFsbG8=\n"
            "tags: !!set {b: null, a: null}\n1: numeric key\n2021-01-01: date key\n")
    data = safeyaml.load(text)
    assert data["date"] == "2021-09-16" and data["when"] == "2021-09-16T10:00:00"
    assert data["utc"] == "2021-09-16T10:00:00Z"
    assert data["raw"] == "aGFsbG8=" and data["tags"] == ["a", "b"]
    assert data["1"] == "numeric key" and data["2021-01-01"] == "date key"
    assert json.loads(json.dumps(data)) == data


@settings(max_examples=100, deadline=None)
@given(json_values())
def test_json_values_round_trip_through_yaml(value):
    assert safeyaml.load(yaml.safe_dump(value)) == value


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("ab01 :-[]{},&*!?|>'\"#\n\t<%@`") + ["!!python/name:os.system", "!!binary",
                                                                            "&a ", "*a", "<<: ", "\n  - "]),
                max_size=40).map("".join))
def test_any_text_gives_a_json_value_or_one_input_error(text):
    try:
        data = safeyaml.load(text)
    except InputError as exc:
        assert exc.message
        return
    json.dumps(data)


def test_a_repeated_key_keeps_its_first_value_and_the_later_in_meta(tmp_path):
    """PyYAML kept the last of a repeated key silently (``name: alice`` then ``name: mallory``
    made mallory the author); now the first keeps the key, later ones go to ``KEY~2`` in meta
    with a note naming the line, as the JSON and CSV readers do. Merge keys stay YAML's rule."""
    from conftest import run

    repeated: list = []
    assert safeyaml.load("a: 1\nb: 2\na: 3\na: 4\n", repeated) == {"a": 1, "b": 2, "a~2": 3, "a~3": 4}
    assert repeated == [(3, "a", "a~2"), (4, "a", "a~3")]
    assert safeyaml.load("base: &b {x: 1}\nother:\n  <<: *b\n  x: 2\n") == {"base": {"x": 1}, "other": {"x": 2}}
    path = tmp_path / "dupkeys.yml"
    path.write_text("_id: c1\nname: alice\nname: mallory\nmessage: first text\nmessage: second text\n"
                    "_parent: page\n", encoding="utf-8")
    done = run("parse", str(path))
    assert done.exit_code == 0, done.output
    (comment,) = [json.loads(line) for line in done.stdout.splitlines() if '"comment"' in line]
    assert (comment["author"], comment["text"]) == ("alice", "first text")
    assert comment["meta"] == {"name~2": "mallory", "message~2": "second text"}
    assert "(first: line 3, 'name'): the first value is read" in done.stderr
