"""Spreadsheet-formula neutralisation for CSV cells, reversible by our own reader.

A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is
prefixed with ``'``; so is a cell that starts with ``'`` followed by such a cell, so
that reading strips exactly what writing added.
"""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

def _risky(value: str) -> bool:
    return value.lstrip("'").startswith(TRIGGERS)

def neutralize(value: str) -> str:
    """The cell as written: safe to open in a spreadsheet."""
    return "'" + value if _risky(value) else value

def restore(value: str) -> str:
    """Undo :func:`neutralize`."""
    return value[1:] if value.startswith("'") and _risky(value[1:]) else value
