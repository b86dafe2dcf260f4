"""io/readers/xmlsafe.py: XML without entity expansion, external fetches or namespaces.

Real WordPress and Disqus exports parse with local names; entity bombs, external and
parameter entities are refused while the DTD is read (before the body); truncated XML
is one InputError with a position; repair mends and says what it did; one broken
element costs only itself."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.io.readers import xmlsafe
from comments.model.errors import InputError
from conftest import FIXTURES, corpus

EXPORTS = ["wordpress/isso__wordpress.xml", "wordpress/wp-theme-test-data__themeunittestdata.wordpress.xml",
           "disqus/isso__disqus.xml"]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@pytest.mark.parametrize("name", EXPORTS)
def test_real_exports_parse_with_local_names(name):
    text = corpus(name).read_text(encoding="utf-8")
    ours = list(xmlsafe.parse(text).iter())
    theirs = list(ET.fromstring(text.encode("utf-8")).iter())
    assert [el.tag for el in ours] == [_local(el.tag) for el in theirs]
    assert [el.text for el in ours] == [el.text for el in theirs]
    assert [sorted(el.attrib.items()) for el in ours] == [sorted((_local(k), v) for k, v in el.attrib.items())
                                                          for el in theirs]
    assert not any("}" in el.tag or any("}" in k for k in el.attrib) for el in ours)


def test_the_deliberately_broken_disqus_export_is_mended_and_the_repairs_are_named():
    text = corpus("disqus/remark42__disqus.xml").read_text(encoding="utf-8")
    with pytest.raises(InputError) as caught:
        xmlsafe.parse(text)
    assert caught.value.where == "line 1, column 1"
    fixed, done = xmlsafe.repair(text)
    assert done == ["removed 1 stray character before the XML declaration", "quoted 1 unquoted attribute value"]
    assert len(fixed) == len(text) - 1 + 2  # one backtick gone, two quotes added: nothing else touched
    root = xmlsafe.parse(fixed)
    assert root.tag == "disqus" and len(root.findall("post")) == len(re.findall("<post[ >]", text))


def test_repair_leaves_well_formed_exports_alone():
    for path in [FIXTURES / "wxr_small.xml", FIXTURES / "disqus_small.xml"]:
        text = path.read_text(encoding="utf-8")
        assert xmlsafe.repair(text) == (text, [])


def _laughs(levels: int) -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{k} "' + f"&lol{k - 1};" * 10 + '">'
                                           for k in range(1, levels + 1)]
    return f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n{chr(10).join(entities)}\n]>\n<rss>&lol{levels};</rss>'


HOSTILE = {
    "billion laughs": _laughs(9),
    "quadratic blowup": '<!DOCTYPE r [<!ENTITY a "' + "x" * 50_000 + '">]><r>' + "&a;" * 2000 + "</r>",
    "external entity": '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>',
    "external entity by URL": '<!DOCTYPE r [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]><r>&xxe;</r>',
    "parameter entity": '<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><r/>',
    "unparsed entity": '<!DOCTYPE r [<!ENTITY u SYSTEM "file:///etc/passwd" NDATA png>]><r/>',
}


@pytest.mark.parametrize("what", sorted(HOSTILE))
def test_entity_declarations_are_refused(what):
    with pytest.raises(InputError) as caught:
        xmlsafe.parse(HOSTILE[what])
    assert str(caught.value) == ("XML declares entities (EntitiesForbidden); entity expansion and external "
                                 "entities are never processed")


@pytest.mark.parametrize("levels", [3, 30, 300])
def test_a_bomb_is_refused_while_its_dtd_is_read_not_after_the_body(levels):
    """The body after the bomb is not even well-formed: the refusal comes first, so the
    work is the declaration's, whatever the body would expand to."""
    text = _laughs(levels).replace("</rss>", "<<<< not xml")
    with pytest.raises(InputError, match="XML declares entities"):
        xmlsafe.parse(text)


def test_an_external_dtd_is_never_fetched():
    root = xmlsafe.parse('<!DOCTYPE r SYSTEM "file:///etc/passwd"><r>kein Inhalt</r>')
    assert root.text == "kein Inhalt" and list(root) == []
    with pytest.raises(InputError, match="undefined entity"):  # entities the external DTD would define stay unknown
        xmlsafe.parse('<!DOCTYPE r SYSTEM "file:///etc/passwd"><r>&root;</r>')


def test_character_references_and_the_predefined_entities_are_read():
    assert xmlsafe.parse("<r>&amp;&lt;&gt;&quot;&apos;&#228;&#x1F600;</r>").text == "&<>\"'ä😀"


@pytest.mark.parametrize("keep", [0.3, 0.5, 0.9, 0.999])
def test_truncated_exports_are_one_error_with_a_position(keep):
    text = corpus("wordpress/isso__wordpress.xml").read_text(encoding="utf-8")
    cut = text[:int(len(text) * keep)]
    with pytest.raises(InputError) as caught:
        xmlsafe.parse(cut)
    line, column = map(int, re.fullmatch(r"line (\d+), column (\d+)", caught.value.where).groups())
    assert line == cut.count("\n") + 1 or caught.value.message.startswith("truncated XML")
    assert 1 <= line <= cut.count("\n") + 1 and column >= 1


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 3999))
def test_any_cut_of_a_real_export_is_one_input_error(position):
    text = corpus("wordpress/isso__wordpress.xml").read_text(encoding="utf-8")
    cut = text[:len(text) * position // 4000]
    with pytest.raises(InputError) as caught:
        xmlsafe.parse(cut)
    assert re.fullmatch(r"line \d+, column \d+", caught.value.where or "")


def test_one_broken_post_costs_only_itself():
    text = corpus("disqus/isso__disqus.xml").read_text(encoding="utf-8")
    posts = [m.start() for m in re.finditer("<post ", text)]
    third = posts[2]
    broken = text[:third] + text[third:].replace("</message>", "</messag>", 1)
    namespaces = 'xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"'
    whole, none = xmlsafe.recover_chunks(text, ("post", "thread"), namespaces)
    good, bad = xmlsafe.recover_chunks(broken, ("post", "thread"), namespaces)
    assert not none and len(whole) == len(xmlsafe.parse(text)) - 1  # every top-level element but <category>
    skip = [k for k, el in enumerate(whole) if el.tag == "post"][2]
    assert [ET.tostring(el) for el in good] == [ET.tostring(el) for k, el in enumerate(whole) if k != skip]
    assert [el.attrib.get("id") for el in good if el.tag == "post"] == \
        [m.group(1) for m in re.finditer(r'<post dsq:id="(\d+)"', text) if m.start() != third]
    line = text.count("\n", 0, third) + 1
    assert len(bad) == 1 and bad[0].startswith(f"line {line}: <post> could not be read (")


def test_text_of_and_starts_as_xml():
    root = xmlsafe.parse("<item><title>  Hallo  </title><empty>   </empty><none/></item>")
    assert xmlsafe.text_of(root, "title") == "Hallo"
    assert xmlsafe.text_of(root, "empty") is None and xmlsafe.text_of(root, "none") is None
    assert xmlsafe.text_of(root, "missing") is None and xmlsafe.text_of(None) is None
    assert xmlsafe.starts_as_xml("\n  <?xml version='1.0'?>") and xmlsafe.starts_as_xml("`<disqus>")
    assert not xmlsafe.starts_as_xml("id;text\n1;see <disqus> export")


_XML_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00")
                    .filter(lambda c: c in "\t\n" or (ord(c) >= 0x20 and c not in "\ufffe\uffff")), max_size=40)


@settings(max_examples=100, deadline=None)
@given(_XML_TEXT, _XML_TEXT)
def test_any_text_and_attribute_come_back_as_written(text, value):
    root = xmlsafe.parse(f"<c a={quoteattr(value)}>{escape(text)}</c>")
    assert (root.text or "") == text
    assert root.attrib["a"] == value  # quoteattr writes line ends and tabs as references: kept


_TREE = st.recursive(st.builds(lambda t: ("t", t), _XML_TEXT),
                     lambda kids: st.builds(lambda name, value, children: (name, value, children),
                                            st.sampled_from(["item", "wp:comment", "dc:creator", "post"]), _XML_TEXT,
                                            st.lists(kids, max_size=3)), max_leaves=10)


def _serialise(node) -> str:
    if node[0] == "t":
        return escape(node[1])
    name, value, children = node
    return f"<{name} id={quoteattr(value)}>" + "".join(_serialise(c) for c in children) + f"</{name}>"


@settings(max_examples=100, deadline=None)
@given(_TREE)
def test_repair_never_changes_well_formed_xml(tree):
    text = ('<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            + _serialise(tree) + "</rss>")
    xmlsafe.parse(text)  # well-formed
    assert xmlsafe.repair(text) == (text, [])


def test_strip_namespaces_is_idempotent_on_a_real_export():
    root = xmlsafe.parse((FIXTURES / "wxr_small.xml").read_text(encoding="utf-8"))
    before = [(el.tag, dict(el.attrib)) for el in root.iter()]
    xmlsafe.strip_namespaces(root)
    assert [(el.tag, dict(el.attrib)) for el in root.iter()] == before
    assert root.find("channel/item/comment/comment_id") is not None
