"""``--site``: the site name for inputs whose source names none.

``--site NAME`` applies to every input; ``--site NAME=PATH`` (repeatable) to one input
file, or to every file under a folder PATH. A site named by the source itself (its
URL, canonical link, WXR channel or Disqus thread ``link``, ``reddit.com/r/NAME``,
``news.ycombinator.com``) always wins; without either, the file stem up to ``__``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


class SiteError(ValueError):
    """A malformed ``--site`` value."""


@dataclass
class Sites:
    default: str | None = None
    by_path: list[tuple[Path, str]] = field(default_factory=list)  # deepest path first

    @classmethod
    def parse(cls, values: str | list[str] | None) -> Sites:
        """``["lemire.me=corpora/html_wordpress", "blog"]`` → per-path names and a default."""
        if isinstance(values, Sites):
            return values
        if values is None:
            return cls()
        out = cls()
        for value in [values] if isinstance(values, str) else values:
            name, sep, path = value.partition("=")
            name = name.strip()
            if not name:
                raise SiteError(f"--site {value!r}: the site name is empty")
            if not sep:
                if out.default is not None and out.default != name:
                    raise SiteError(f"--site {value!r}: a site for all inputs is already given ({out.default!r})")
                out.default = name
            elif not path:
                raise SiteError(f"--site {value!r}: no path after '='")
            else:
                out.by_path.append((_key(Path(path)), name))
        out.by_path.sort(key=lambda x: -len(x[0].parts))
        return out

    def for_path(self, path: Path | None, name: str | None = None) -> str | None:
        """The name for one input file (or ``-``): the deepest ``NAME=PATH`` containing it,
        else the name for all inputs."""
        candidates = [*(_keys(path) if path is not None else ()), *(_keys(Path(name)) if name is not None else ())]
        for where, site in self.by_path:
            if _under(candidates, where):
                return site
        return self.default

    def unused(self, seen: list[Path]) -> list[str]:
        """``NAME=PATH`` values that matched no input: a typo the user should hear about."""
        keys = [k for p in seen for k in _keys(p)]
        return [f"{site}={where}" for where, site in self.by_path if not _under(keys, where)]

    def unused_notes(self, items: list[str]) -> list[str]:
        """The notes on ``NAME=PATH`` values no input of ``items`` (the inputs as expanded:
        files, ``-`` for stdin) lies under, as every engine words and places them: after
        every input's notes."""
        seen = [Path(item) for item in items if item != "-"]
        return [f"--site {value}: no input lies under this path" for value in self.unused(seen)]


def site_from_stem(stem: str) -> str:
    """The site a file name gives when nothing else does: the stem up to ``__``
    (``heise.de__artikel.txt`` → ``heise.de``), else (no ``__``, or nothing before it)
    the whole stem. A stem with a folder path (:func:`comments.io.sources.thread_stems`:
    ``article-000/comments``) gives its file name's site."""
    stem = stem.rsplit("/", 1)[-1]
    return stem.split("__", 1)[0] or stem


def _key(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _keys(path: Path) -> tuple[Path, ...]:
    """``path`` as given (made absolute) and with symlinks resolved: an input and a
    ``--site`` path reached through different links still match."""
    given = _key(path)
    try:
        real = Path(os.path.realpath(path))
    except (OSError, ValueError):
        return (given,)
    return (given,) if real == given else (given, real)


def _under(candidates: list[Path], where: Path) -> bool:
    """Whether one of ``candidates`` is the ``--site`` path ``where`` or lies under it
    (either as given or resolved)."""
    wheres = _keys(where)
    return any(c == w or w in c.parents for c in candidates for w in wheres)
