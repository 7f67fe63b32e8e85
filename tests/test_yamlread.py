"""The fast read-only parser: plain data, line numbers, and refusal of unsafe YAML."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qes_cli.errors import InputError
from qes_cli.store.yamlread import load_yaml


def test_lines_and_values() -> None:
    data, lines = load_yaml("a: 1\nb:\n  - {x: 2025-01-24}\n  - y\n", file="f", line_offset=1)
    assert data == {"a": 1, "b": [{"x": dt.date(2025, 1, 24)}, "y"]}
    assert lines[("a",)] == 2 and lines[("b", 0, "x")] == 4 and lines[("b", 1)] == 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [1\n", "invalid YAML"),
        ("a: 1\na: 2\n", "duplicate key"),
        ("a: !!python/object/apply:os.system ['true']\n", "not allowed"),
        ("a: &x [1]\nb: *x\n", "anchors and aliases"),
        ("<<: {a: 1}\n", "plain scalars"),
        ("\ta: 1\n", "invalid YAML"),
        ("a: !custom 1\n", "not allowed"),
    ],
)
def test_rejects(text: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        load_yaml(text, file="doc.md")
    assert message in str(info.value)
    assert str(info.value).startswith("doc.md")


def test_billion_laughs_refused_fast() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    with pytest.raises(InputError, match="anchors and aliases"):
        load_yaml(bomb, file="bomb.md")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_loads_or_fails_cleanly(text: str) -> None:
    try:
        load_yaml(text, file="f.md")
    except InputError as e:
        assert str(e).startswith("f.md")
