"""WordPress REST API comment lists."""

from __future__ import annotations

from conftest import FIXTURES, read


def by_id(result):
    return {c.id: c for c in result.comments}


def test_wordpress_rest_json():
    result = read(FIXTURES / "wp_rest.json")
    c = by_id(result)
    assert result.threads[0].thread.site == "handyblog.example.org"
    assert c["502"].text == "Geht nur mit Mi Unlock – und das dauert."
    assert (c["503"].parent_id, c["503"].depth, c["503"].status) == ("502", 2, "pending")
    assert c["501"].created_at == "2021-09-17T08:00:00Z"


def test_rest_comment_types_are_kept_and_notes_get_status_note():
    """The REST API's ``type`` (``review``, 6.9's ``note``) was dropped; a note read as visible."""
    result = read(FIXTURES / "wp_rest_comment_types.json")
    found = by_id(result)
    assert {i: (c.kind, c.status, c.meta.get("type")) for i, c in found.items()} == {
        "101": ("comment", "visible", "review"), "102": ("comment", "note", "note"),
        "103": ("comment", "note", "note"), "104": ("comment", "visible", None), "105": ("pingback", "visible", None)}
    assert found["102"].meta["status"] == "hold" and found["103"].parent_id == "102"
    assert any("2 editorial notes" in n for n in result.notes), result.notes


def test_an_answer_fetched_with_fields_and_no_post_is_read_as_wordpress():
    """``?_fields=id,parent,author_name,date,content``: no ``post`` field, so it was read as generic
    JSON, every text empty and the HTML left in meta; a posts answer (a title, no author_name) is no
    comment list."""
    from comments.io.readers import wp_json

    result = read(FIXTURES / "wp_rest_fields.json")
    found = by_id(result)
    assert {pt.thread.format for pt in result.threads} == {"wordpress-json"}
    assert found["101"].text == "Endlich sachlich. Die Zahlen hier – woher?" and found["102"].parent_id == "101"
    assert found["106"].author == "Andere Seite » Tempolimit-Links" and "content" not in found["101"].meta
    assert found["101"].created_at == "2024-03-05T14:05:12"
    posts = '[{"id": 42, "title": {"rendered": "Tempolimit"}, "content": {"rendered": "<p>x</p>"}, "parent": 0}]'
    assert not wp_json.sniff(posts)


def test_an_answer_fetched_with_only_id_date_content_is_read_as_wordpress():
    """``?_fields=id,date,content`` (and ``id,post,date,content``): no ``author_name``, no ``parent``,
    so it was read as generic JSON with every text empty; rendered content without a ``title`` is a
    comment list."""
    result = read(FIXTURES / "wp_rest_fields_minimal.json")
    found = by_id(result)
    assert {pt.thread.format for pt in result.threads} == {"wordpress-json"}
    assert found["201"].text == "Gute Zusammenfassung – danke!" and "content" not in found["201"].meta
    assert found["202"].text.startswith("Quelle? Die Studie") and found["202"].created_at == "2024-03-05T11:40:00"
