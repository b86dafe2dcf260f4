"""lynx and w3m dumps of pages that follow REAL theme and forum templates (Astra, GeneratePress,
Genesis, WordPress core classic/HTML5 markup, Twenty Twelve, Twenty Twenty, the Twenty
Twenty-Four block theme, Drupal Bartik, XenForo 2; fixtures team-written, MIT, with the
truth each page was built from): every comment with its author, text, status, day and parent,
none of the theme's furniture (member statistics, badges, moderation notes, pagers, subjects)."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES

from comments.io.readers import plaintext
from comments.io.readers.base import Context

DUMPS = FIXTURES / "textdumps" / "real"
PAGES = sorted(p.name.removesuffix(".truth.json") for p in DUMPS.glob("*.truth.json"))
#: What a dump cannot show, per (page, comment id): Drupal marks an unpublished comment
#: by a CSS class only; XenForo's signature is text like any other without its markup; a
#: deleted post keeps its placeholder as text (SPEC), where the truth has none.
UNSEEN = {("drupal-bartik-real", "1506"): {"status"}, ("xenforo2", "1005"): {"text"}, ("xenforo2", "1006"): {"text"}}
#: Themes that nest replies with div indentation only: parents are not in a dump.
FLAT_IN_TEXT = {"wp-twentytwenty"}


def _read(name: str):
    (parsed,) = plaintext.read((DUMPS / f"{name}.txt").read_text(encoding="utf-8"), Context(stem=name))
    return parsed.comments


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("browser", ["lynx", "w3m"])
@pytest.mark.parametrize("page", PAGES)
def test_every_comment_as_the_page_shows_it(page, browser):
    truth = json.loads((DUMPS / f"{page}.truth.json").read_text(encoding="utf-8"))["comments"]
    got = _read(f"{page}.{browser}")
    assert [c.author for c in got] == [t["author"] for t in truth]
    ids = {c.id: t["id"] for c, t in zip(got, truth)}
    for c, t in zip(got, truth):
        unseen = UNSEEN.get((page, t["id"]), set())
        if "text" not in unseen:
            assert _words(c.text) == _words(t["text"]), t["id"]
        if "status" not in unseen:
            assert c.status == t["status"], t["id"]
        assert (c.created_at or "")[:10] == t["created_at"][:10], t["id"]
        if page not in FLAT_IN_TEXT:
            assert ids.get(c.parent_id) == t["parent_id"], t["id"]


@pytest.mark.parametrize("browser", ["lynx", "w3m"])
@pytest.mark.parametrize("page", [p for p in PAGES if p.startswith(("wp-", "astra", "generatepress", "genesis"))])
def test_a_comment_awaiting_moderation_is_pending_without_the_note(page, browser):
    """WordPress shows its author a held comment with "Your comment is awaiting moderation." /
    "Dein Kommentar wartet auf (die) Freischaltung." / "… muss noch freigegeben werden."."""
    pending = [c for c in _read(f"{page}.{browser}") if c.status == "pending"]
    assert len(pending) == 1
    assert "moderation_note_removed" in pending[0].flags
    assert not any(word in pending[0].text for word in ("moderation", "Freischaltung", "freigegeben"))


def test_the_classic_markup_keeps_the_date_under_the_moderation_note():
    """WordPress core's classic comment markup prints the note above the date line."""
    last = _read("wp-core-classic.lynx")[-1]
    assert last.created_at == "2024-03-06T09:10" and last.status == "pending"


@pytest.mark.parametrize("browser", ["lynx", "w3m"])
def test_drupal_subjects_go_to_meta_and_name_the_parent(browser):
    got = _read(f"drupal-bartik-real.{browser}")
    assert [c.meta.get("subject") for c in got[:3]] == ["Klemmhalterung hält", "Wie habt ihr die Module",
                                                        "Re: Wie habt ihr die Module"]
    assert all("subject_removed" in c.flags for c in got)
    assert "inferred_parent" in got[1].flags


@pytest.mark.parametrize("browser", ["lynx", "w3m"])
def test_xenforo_profile_boxes_quotes_and_the_deleted_post(browser):
    got = _read(f"xenforo2.{browser}")
    assert not any(c.author in ("Registriert", "Mitglied") or "Registriert" in c.text or "Beiträge" in c.text for c in got)
    assert "quote_removed" in got[1].flags and "anklicken" not in got[1].text
    assert got[4].status == "deleted" and got[4].text.startswith("Gelöscht von Moderator_Tim")
    assert "Zurück" not in got[-1].text and "Nutzungsbedingungen" not in got[-1].text


def test_a_badge_or_a_glued_says_is_no_part_of_the_name():
    assert _read("wp-twentytwelve.lynx")[5].author == "Sabine Roth"  # "Sabine Roth Post author"
    assert [c.author for c in _read("wp-twentytwenty.w3m")][:2] == ["Martina K.", "Jens"]  # "[0f1e2d]Jenssays:"
    assert _read("genesis.lynx")[0].author == "Martina K."  # "Martina K. says"
