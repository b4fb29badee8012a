"""Heading slugs: GitHub's algorithm against github-slugger's own vectors, and the other sites."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks.slugs import Slugger, github_slug, pandoc_slug, python_markdown_slug

VECTORS = Path(__file__).parent / "fixtures" / "shared" / "github_slugger_fixtures.json"


def test_all_github_slugger_vectors_in_sequence() -> None:
    cases = json.loads(VECTORS.read_text(encoding="utf-8"))
    assert len(cases) == 78
    slugger = Slugger("github")
    failures = [(c["name"], c["expected"], got) for c in cases if (got := slugger.slug(c["input"])) != c["expected"]]
    assert not failures


@pytest.mark.parametrize(("func", "text", "expected"), [
    (github_slug, "4.1: How concerned should I be?", "41-how-concerned-should-i-be"),
    (pandoc_slug, "4.1: How concerned should I be?", "how-concerned-should-i-be"),
    (python_markdown_slug, "4.1: How concerned should I be?", "41-how-concerned-should-i-be"),
    (github_slug, "Dose: 1.5 mg/m² BSA", "dose-15-mgm-bsa"),
    (python_markdown_slug, "Vitamin D₃ (cholecalciferol)", "vitamin-d3-cholecalciferol"),
    (github_slug, "A -- B", "a----b"),
    (python_markdown_slug, "A -- B", "a-b"),
    (github_slug, "What’s the right dose?", "whats-the-right-dose"),
    (pandoc_slug, "1234", "section"),
])
def test_site_algorithms(func, text: str, expected: str) -> None:
    assert func(text) == expected


def test_duplicate_suffix_per_site() -> None:
    gh, md = Slugger("github"), Slugger("python-markdown")
    assert [gh.slug("Notes") for _ in range(3)] == ["notes", "notes-1", "notes-2"]
    assert [md.slug("Notes") for _ in range(2)] == ["notes", "notes_1"]


def test_reserved_explicit_id_is_not_reused() -> None:
    s = Slugger("github")
    s.reserve("notes")
    assert s.slug("Notes") == "notes-1"


def test_unknown_slugger() -> None:
    with pytest.raises(ValueError, match="unknown slugger"):
        Slugger("hugo-ish")
