"""CSV cells that are safe in a spreadsheet and in a text tool, reversible by our reader.

A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is
prefixed with ``'`` (a spreadsheet then shows it as text); so is a cell that starts
with ``'`` followed by such a cell or by ``"``, so that reading strips exactly what
writing added. A value holding control characters that tools take for binary data
(NUL and the other C0 controls but tab and newline; also carriage return, which
readers turn into a newline) is written as
``'`` + a JSON string literal, which no other value produces (``'"`` only starts such
a cell). :func:`restore` is applied to files we wrote only, never to third-party CSVs.
"""

from __future__ import annotations

import json
import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_BINARY_LOOKING = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _risky(value: str) -> bool:
    stripped = value.lstrip("'")
    return stripped.startswith(TRIGGERS) or (value.startswith("'") and stripped.startswith('"'))


def neutralize(value: str) -> str:
    """The cell as written: safe to open in a spreadsheet, text to any tool."""
    if _BINARY_LOOKING.search(value):
        return "'" + json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    return "'" + value if _risky(value) else value


def restore(value: str) -> str:
    """Undo :func:`neutralize`."""
    if value.startswith("'\""):
        try:
            decoded = json.loads(value[1:])
        except ValueError:
            decoded = None
        if isinstance(decoded, str):
            return decoded
    return value[1:] if value.startswith("'") and _risky(value[1:]) else value
