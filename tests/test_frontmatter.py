"""Round-trip writing keeps every byte it does not change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qes_cli.errors import InputError
from qes_cli.store.frontmatter import edit_front_matter, split_front_matter
from tests.conftest import BUNDLED

DOCS = sorted((BUNDLED / "documents").glob("*.md"))


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_unchanged_roundtrip_is_byte_identical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert edit_front_matter(text, lambda data: None, file=path.name) == text


@pytest.mark.parametrize(
    "text",
    [
        "---\na: 1\nlist:\n- x\n- y\n---\nbody\n",
        "---\n# top comment\nb:   'quoted'   # trailing\nc: \"dq\"\nlist:\n    - {k: v}\n---\n\nbody  \n\n",
        "---\nmap:\n    inner: 1\n    other: [1, 2]\n---\n",
    ],
)
def test_other_layouts_survive(text: str) -> None:
    assert edit_front_matter(text, lambda data: None, file="t.md") == text


def test_change_touches_only_that_line() -> None:
    text = "---\n# c\nversion: A/1  # keep\nother: 'q'\n---\n# body\n\n| a | b |\n"

    def mutate(data: Any) -> None:
        data["version"] = "A/2"

    assert edit_front_matter(text, mutate, file="t.md") == text.replace("A/1", "A/2")


def test_crlf_body_kept() -> None:
    text = "---\na: 1\n---\r\nline one\r\nline two\r\n"
    assert split_front_matter(text, file="t").body == "line one\r\nline two\r\n"


@pytest.mark.parametrize("text", ["no front matter\n", "---\na: 1\n", ""])
def test_missing_front_matter(text: str) -> None:
    with pytest.raises(InputError):
        split_front_matter(text, file="t.md")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_body_never_changes(body: str) -> None:
    text = "---\nversion: A/1\n---\n" + body

    def mutate(data: Any) -> None:
        data["version"] = "A/2"

    out = edit_front_matter(text, mutate, file="t.md")
    assert out == "---\nversion: A/2\n---\n" + body


def test_change_keeps_odd_spacing_elsewhere() -> None:
    text = "---\nb:   'quoted'   # trailing\nversion: A/1\nlist:\n    - {k:  v}\n---\nbody\n"

    def mutate(data: Any) -> None:
        data["version"] = "A/2"

    assert edit_front_matter(text, mutate, file="t.md") == text.replace("A/1", "A/2")


def test_impossible_date_is_an_input_error() -> None:
    with pytest.raises(InputError):
        edit_front_matter("---\nnumber: 2025-13-45\n---\n", lambda data: None, file="t.md")
