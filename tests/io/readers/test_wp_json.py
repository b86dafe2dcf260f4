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
