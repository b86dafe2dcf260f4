"""XML without entity expansion, external fetches or DTDs (defusedxml), with
namespaces reduced to local names, and a flagged repair mode for ill-formed
exports."""

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from comments.model.errors import InputError
from comments.text.plural import plural

_UNQUOTED_ATTR = re.compile(r"(<[^<>]*?\s[\w:.-]+=)([^\"'\s<>/][^\s<>]*?)(?=[\s/>])")


def starts_as_xml(head: str) -> bool:
    """Does the text begin with markup (allowing a few stray characters, as in
    hand-edited exports)? Keeps an XML sniffer from firing on a word like "<disqus"
    inside a CSV cell or a comment."""
    stripped = head.lstrip()
    return "<" in stripped[:8]


def parse(text: str) -> ET.Element:
    """Parse strictly; entity declarations and bad syntax raise InputError."""
    try:
        root = DET.fromstring(text.encode("utf-8"), forbid_dtd=False)
    except DefusedXmlException as exc:
        raise InputError(
            f"XML declares entities ({type(exc).__name__}); entity expansion and "
            "external entities are never processed"
        ) from None
    except ET.ParseError as exc:
        line, col = exc.position
        reason = str(exc).split(":")[0]
        if reason == "no element found" or "unclosed token" in reason:
            reason = "truncated XML (" + reason + ")"
        raise InputError(reason, f"line {line}, column {col + 1}") from None
    strip_namespaces(root)
    return root


def strip_namespaces(root: ET.Element) -> None:
    """``{http://wordpress.org/export/1.2/}comment`` → ``comment``; same for attributes."""
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.rsplit("}", 1)[1]
        for key in [k for k in el.attrib if "}" in k]:
            el.attrib[key.rsplit("}", 1)[1]] = el.attrib.pop(key)


def repair(text: str) -> tuple[str, list[str]]:
    """Mend the usual damage of hand-edited exports; returns text and what was done."""
    done: list[str] = []
    start = text.find("<")
    if start > 0 and text[:start].strip():
        done.append(f"removed {plural(start, 'stray character')} before the XML declaration")
        text = text[start:]
    fixed, count = _UNQUOTED_ATTR.subn(lambda m: f'{m.group(1)}"{m.group(2)}"', text)
    if count:
        done.append(f"quoted {plural(count, 'unquoted attribute value')}")
    return fixed, done


def text_of(el: ET.Element | None, path: str | None = None) -> str | None:
    """Stripped text of ``el`` (or its child at ``path``), None when empty or absent."""
    if el is not None and path is not None:
        el = el.find(path)
    if el is None or el.text is None:
        return None
    value = el.text.strip()
    return value or None


def _chunks(text: str, tags: tuple[str, ...]):
    """(start, tag, text) of each match of ``<(tag)\\b[^>]*?(?:/>|>.*?</\\1\\s*>)`` (re.S), left
    to right and not overlapping, in linear time: the regex rescans the rest of the
    document from every element that is never closed (quadratic on a broken export)."""
    alternatives = "|".join(tags)
    opening = re.compile(rf"<({alternatives})\b[^>]*>")
    closers: dict[str, list[tuple[int, int]]] = {}
    for m in re.finditer(rf"</({alternatives})\s*>", text):
        closers.setdefault(m.group(1), []).append((m.start(), m.end()))
    m = opening.search(text)
    while m is not None:
        tag = m.group(1)
        if m.group(0).endswith("/>"):
            yield m.start(), tag, m.group(0)
            m = opening.search(text, m.end())
            continue
        ends = closers.get(tag, [])
        k = bisect.bisect_left(ends, (m.end(), -1))
        if k < len(ends):
            yield m.start(), tag, text[m.start():ends[k][1]]
            m = opening.search(text, ends[k][1])
        else:  # never closed (no later element of its kind closes): said by the caller, the search goes on
            yield m.start(), tag, None
            m = opening.search(text, m.start() + 1)


#: an element's id attribute in its opening tag (``dsq:id="8"``), to name an element cut short
_ID_ATTR = re.compile(r"""\b((?:[\w.-]+:)?id=["'][^"'<>]{1,100}["'])""")
_ROOT = re.compile(r"<([A-Za-z_][\w:.-]*)")


def _cut_short(text: str) -> str | None:
    """A problem line when the document ends before its root element is closed (an
    interrupted download cut between two elements), else None. Why: such an export was
    read element by element with exit 0, "repaired", the elements after the cut lost
    uncounted."""
    root = _ROOT.search(re.sub(r"<[?!][^>]*>", lambda m: " " * len(m.group(0)), text[:4096]))
    if root is None or re.search(rf"</{re.escape(root.group(1))}\s*>", text[-4096:]):
        return None
    last = text.rstrip()
    return (f"line {last.count(chr(10)) + 1}: the file ends before </{root.group(1)}> (cut short: truncated XML): "
            "whatever followed is lost")


def recover_chunks(text: str, tags: tuple[str, ...], namespaces: str = "") -> tuple[list[ET.Element], list[str]]:
    """Parse each top-level ``<tag>…</tag>`` on its own, so one broken element costs only
    itself. Returns the elements that parsed and one problem line per element that
    did not."""
    good: list[ET.Element] = []
    bad: list[str] = []
    unclosed: list[tuple[int, str, int]] = []  # (line, tag, offset) of elements never closed
    line, counted, last_good = 1, 0, -1
    for start, tag, chunk in _chunks(text, tags):
        line += text.count("\n", counted, start)  # counted on from the last chunk: linear in the text
        counted = start
        if chunk is None:  # lost, and said so: never called "repaired"
            unclosed.append((line, tag, start))
            continue
        try:
            wrapper = parse(f"<wrap {namespaces}>{chunk}</wrap>")
        except InputError as exc:
            bad.append(f"line {line}: <{tag}> could not be read ({exc.message})")
            continue
        good.extend(list(wrapper))
        last_good = start
    cut = unclosed.pop() if unclosed and unclosed[-1][2] > last_good else None  # the file ends inside it
    if unclosed:
        lines = ", ".join(str(n) for n, _, _ in unclosed[:10]) + (", …" if len(unclosed) > 10 else "")
        bad.append(f"{plural(len(unclosed), 'element')} never closed (lines {lines}): lost")
    if cut is not None:
        n, tag, start = cut
        name = _ID_ATTR.search(text, start, text.find(">", start) + 1 or len(text))
        bad.append(f"line {n}: the file ends inside this <{tag}>{f' ({name.group(1)})' if name else ''} "
                   "(cut short: truncated XML): it and anything after it are lost")
    elif (short := _cut_short(text)) is not None:
        bad.append(short)
    return good, bad
