"""The specification ships with the repository and stays identical to the project's."""

from __future__ import annotations

from conftest import CORPORA, ROOT
import pytest


def test_spec_copy_is_identical_to_the_authority():
    authority = CORPORA.parent / "SPEC.md"
    if not authority.exists():
        pytest.skip(f"the authoritative SPEC is not available: {authority}")
    assert (ROOT / "docs" / "SPEC.md").read_bytes() == authority.read_bytes()


def test_readme_links_only_files_in_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](../" not in readme  # a user cloning the repository has no ../shared/
    assert "docs/SPEC.md" in readme
