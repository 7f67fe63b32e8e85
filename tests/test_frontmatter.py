"""Round-trip writing keeps every byte it does not change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qes_cli.errors import InputError
from qes_cli.store.frontmatter import edit_front_matter, flow_map, split_front_matter
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


# ---- edits in the file's own layout ----------------------------------------------------------
# (mapping indent, sequence indent, dash offset) of hand-written or other tools' front matter
LAYOUTS = [(2, 4, 2), (2, 2, 0), (4, 4, 2), (2, 4, 0), (4, 6, 4), (4, 4, 0), (3, 5, 2)]
_word = st.sampled_from(["A/1", "A/2", "2025-01-24", "初版", "r", "'quoted'", "x y"])
_entry = st.dictionaries(st.sampled_from(["version", "date", "kind", "reason"]), _word, min_size=1)
_plain_word = st.sampled_from(["A/2", "初版", "r", "x y"])  # a str that ruamel writes unquoted
_new_entry = st.dictionaries(
    st.sampled_from(["version", "kind", "reason"]), _plain_word, min_size=1
)


def _layout_text(
    layout: tuple[int, int, int], version: str, owner: dict[str, str], history: list[dict[str, str]]
) -> str:
    m, s, o = layout
    lines = ["---", f"version: {version}  # keep", "owner:"]
    lines += [" " * m + f"{k}: {v}" for k, v in owner.items()]
    lines.append("history:")
    for item in history:
        flow = "{" + ", ".join(f"{k}: {v}" for k, v in item.items()) + "}"
        lines.append(" " * o + "-" + " " * (s - o - 1) + flow)
    return "\n".join([*lines, "---", "# body", ""])


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(LAYOUTS),
    st.dictionaries(st.sampled_from(["dept", "role"]), _word, min_size=1),
    st.lists(_entry, min_size=1, max_size=3),
    _new_entry,
)
def test_edit_keeps_the_file_layout(
    layout: tuple[int, int, int],
    owner: dict[str, str],
    history: list[dict[str, str]],
    new: dict[str, str],
) -> None:
    """A bump-like edit (a changed value, a key added to a nested mapping, an appended history
    entry) writes the new lines in the file's own indentation and changes nothing else."""
    text = _layout_text(layout, "A/1", owner, history)

    def mutate(data: Any) -> None:
        data["version"] = "A/2"
        data["owner"]["deputy"] = "r"
        data["history"].append(flow_map(new))

    want = _layout_text(layout, "A/2", {**owner, "deputy": "r"}, [*history, new])
    assert edit_front_matter(text, mutate, file="t.md") == want
    assert edit_front_matter(text, lambda data: None, file="t.md") == text


@pytest.mark.parametrize("text", ["---\na:\n  --\n---\n", "---\na:\n  - # note\n    x\n---\n"])
def test_odd_but_valid_front_matter_saves_unchanged(text: str) -> None:
    assert edit_front_matter(text, lambda data: None, file="t.md") == text
