"""Errors that become one clear line on stderr (never a traceback)."""

from __future__ import annotations


class InputError(Exception):
    """An input that cannot be processed; the message names what is wrong.

    ``where`` is a line/position hint ("line 3, column 7") when known.
    """

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message
