"""YAML read safely: SafeLoader (no Python tags), alias expansion bounded, values made
JSON-able (dates as ISO text) so that they can be kept in ``meta``.

PyYAML's SafeLoader builds aliases as shared references, so a "billion laughs" document
loads quickly but explodes in anything that walks it (our ``meta``, JSON output). The
composed node graph is measured as its expanded size before anything is built.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import yaml

from comments.io.readers.base import keep_repeated
from comments.model.errors import InputError

#: Nodes a document may expand to through aliases (a comment file has a few dozen).
MAX_EXPANDED_NODES = 100_000


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses documents whose aliases expand beyond the bound."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        #: (line, key, the name a later value went under) for each key a mapping repeats
        self.repeated: list[tuple[int, str, str]] = []
        #: lines of integers too long for Python to convert (kept as their digits)
        self.long_numbers: list[int] = []

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int | str:  # type: ignore[override]
        """An integer; one of more digits than Python converts (``sys.get_int_max_str_digits()``,
        4,300: its conversion is quadratic) as its text, its line added to ``long_numbers``.
        Why: PyYAML's ValueError refused the whole file with Python's raw message."""
        try:
            return super().construct_yaml_int(node)
        except ValueError as exc:
            if "integer string conversion" not in str(exc):
                raise
            self.long_numbers.append(node.start_mark.line + 1)
            return self.construct_scalar(node)

    def compose_document(self) -> yaml.Node:  # type: ignore[override]
        node = super().compose_document()
        _check_expansion(node)
        return node

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:  # type: ignore[override]
        """A mapping in which a repeated key keeps its first value and later ones go under
        ``KEY~2``, ``KEY~3`` … (:func:`~comments.io.readers.base.keep_repeated`, as JSON and CSV
        readers do); PyYAML kept the last silently. Merge keys (``<<``) are YAML's own rule."""
        own = [(k, v) for k, v in node.value if k.tag != "tag:yaml.org,2002:merge"]  # before merges are flattened in
        mapping = super().construct_mapping(node, deep=deep)
        seen: set = set()
        lines = []  # where each repeat stands
        for k, _ in own:
            mark = (k.tag, k.value) if isinstance(k, yaml.ScalarNode) else id(k)
            if mark in seen:
                lines.append(k.start_mark.line + 1)
            seen.add(mark)
        if not lines:
            return mapping
        found: list[tuple[str, str]] = []
        items = [(self.construct_object(k, deep=deep), self.construct_object(v, deep=deep)) for k, v in own]
        mapping.update(keep_repeated(items, found))
        self.repeated.extend((line, str(key), name) for line, (key, name) in zip(lines, found))
        return mapping


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)  # the base class registered its own


def _check_expansion(root: yaml.Node) -> None:
    """Expanded node count of a (possibly shared) node graph, with memo: linear in the
    distinct nodes, so a bomb is refused in microseconds; a recursive alias is refused too."""
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            open_nodes.discard(key)
            total = 1 + sum(size[id(c)] for c in children)
            if total > MAX_EXPANDED_NODES:
                raise InputError(f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} values (an alias bomb?)")
            size[key] = total
            continue
        if key in size:
            continue
        if key in open_nodes:
            raise InputError("YAML alias refers to itself (recursive structure)")
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in size)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def load(text: str, repeated: list[tuple[int, str, str]] | None = None, long_numbers: list[int] | None = None) -> Any:
    """One YAML document, safely; errors as one InputError with line and column. A key a
    mapping repeats keeps its first value, later ones under ``KEY~2`` …, each added to
    ``repeated`` as (line, key, name); an integer too long to convert is kept as its digits
    (text), its line added to ``long_numbers``."""
    try:
        loader = _Loader(text)
        try:
            value = loader.get_single_data()
        finally:
            loader.dispose()
        if repeated is not None:
            repeated.extend(loader.repeated)
        if long_numbers is not None:
            long_numbers.extend(loader.long_numbers)
        return jsonable(value)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        raise InputError(f"invalid YAML ({getattr(exc, 'problem', None) or exc})", where) from None
    except RecursionError:
        raise InputError("YAML nested too deeply to read") from None


def jsonable(value: Any) -> Any:
    """YAML's extra types as JSON values: timestamps as ISO text, binary as base64, sets
    as sorted lists, non-text keys as text."""
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(jsonable(k)): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((jsonable(v) for v in value), key=str)
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value
