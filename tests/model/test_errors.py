"""model/errors.py: an input error is one line naming what is wrong and where."""

from __future__ import annotations

import pytest

from comments.model.errors import InputError
from conftest import run


def test_input_error_with_and_without_a_position():
    located = InputError("invalid JSON: unexpected character", "line 3, column 7")
    assert str(located) == "line 3, column 7: invalid JSON: unexpected character"
    assert (located.message, located.where) == ("invalid JSON: unexpected character", "line 3, column 7")
    plain = InputError("empty file")
    assert str(plain) == "empty file" and plain.where is None and plain.args == ("empty file",)
    with pytest.raises(InputError) as caught:
        raise InputError("x", where="")
    assert str(caught.value) == "x"  # an empty position is no position


@pytest.mark.parametrize("name, body, line", [
    ("broken.json", '[{"id": "1", "text": "gut"},\n {"id": "2", "text": }]',
     "broken.json: line 2, column 22: invalid JSON"),
    ("empty.json", "   \n", "empty.json: empty file"),
    ("bomb.xml", '<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><disqus>&b;</disqus>',
     "bomb.xml: XML declares entities"),
])
def test_an_input_error_is_one_line_naming_the_file_and_other_inputs_are_still_read(tmp_path, name, body, line):
    from conftest import SEED

    bad = tmp_path / name
    bad.write_text(body, encoding="utf-8")
    result = run("parse", str(bad), str(SEED), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1
    errors = [x for x in result.stderr.splitlines() if x.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {bad.parent / line}"), result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") > 10  # the seed page was still written
