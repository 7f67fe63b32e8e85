"""The read-only parser: plain data, line numbers, and refusal of unsafe YAML."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from qes_cli.errors import InputError
from qes_cli.store.yamlread import Lines, load_yaml
from tests.conftest import BUNDLED


def test_lines_and_values() -> None:
    data, lines = load_yaml("a: 1\nb:\n  - {x: 2025-01-24}\n  - y\n", file="f", line_offset=1)
    assert data == {"a": 1, "b": [{"x": dt.date(2025, 1, 24)}, "y"]}
    assert lines[("a",)] == 2 and lines[("b", 0)] == 4 and lines[("b", 1)] == 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [1\n", "invalid YAML"),
        ("a: 1\na: 2\n", "duplicate key"),
        ("a: !!python/object/apply:os.system ['true']\n", "not allowed"),
        ("a: &x [1]\nb: *x\n", "anchors and aliases"),
        ("<<: {a: 1}\n", "merge keys"),
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


# ---- agreement with PyYAML's own safe loader ---------------------------------------------
# The loader reads PyYAML's event stream itself; the oracle below builds the same answer from
# PyYAML's composed node graph with its SafeConstructor (keys stay text, as qes keeps them;
# `=` and `<<` as values stay text, where PyYAML has no safe constructor for them).

_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the parser the loader uses
_NOT_DATA = {"tag:yaml.org,2002:value", "tag:yaml.org,2002:merge"}
_REJECTED = object()
# what qes refuses although PyYAML reads it
_QES_REFUSALS = re.compile(
    r"anchors and aliases|merge keys|duplicate key|mapping keys must be plain scalars"
    r"|YAML tag .* is not allowed"
)


def _pyyaml(text: str) -> Any:
    """(data, lines) as PyYAML reads `text`, or _REJECTED if PyYAML cannot read it."""
    from yaml.constructor import SafeConstructor
    from yaml.nodes import MappingNode, Node, SequenceNode

    constructor = SafeConstructor()
    lines: Lines = {}

    def build(node: Node, path: tuple[str | int, ...]) -> Any:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            out = {}
            for key, value in node.value:
                lines[(*path, key.value)] = key.start_mark.line + 1
                out[key.value] = build(value, (*path, key.value))
            return out
        if isinstance(node, SequenceNode):
            return [build(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag in _NOT_DATA:
            return node.value
        return constructor.construct_object(node, deep=True)

    try:
        node = yaml.compose(text, Loader=_SAFE)
        if node is None:
            return None, {(): 1}
        return build(node, ()), lines
    except (yaml.YAMLError, ValueError):  # ValueError: an impossible date such as 2025-13-45
        return _REJECTED


def _check(text: str) -> None:
    """load_yaml reads `text` as PyYAML does, or refuses it with a file:line message."""
    expected = _pyyaml(text)
    if expected is _REJECTED:
        with pytest.raises(InputError, match=r"^f\.md(:\d+)?: "):
            load_yaml(text, file="f.md")
        return
    try:
        got = load_yaml(text, file="f.md")
    except InputError as e:  # PyYAML reads it, but it is one of the constructs qes refuses
        assert re.match(r"f\.md:\d+: ", str(e)) and _QES_REFUSALS.search(str(e)), (text, str(e))
        return
    assert repr(got[0]) == repr(expected[0]), text  # repr: .nan equals .nan
    assert got[1] == expected[1], text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_loads_as_pyyaml_reads_it_or_fails_cleanly(text: str) -> None:
    _check(text)


_scalar_text = st.text(
    alphabet=st.sampled_from(list("aAyYnNoO01239-:.,#'\"{}[]&*!|>%@` /_+~=<?质量管理\t")),
    min_size=0,
    max_size=12,
)
_key = st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True)


def _render(top: list[tuple[str, object]]) -> str:
    out = []
    for key, value in top:
        if isinstance(value, list):
            out.append(f"{key}:")
            for item in value:
                if isinstance(item, list):
                    out.append("  - {" + ", ".join(f"{k}: {v}" for k, v in item) + "}")
                else:
                    out.append(f"  - {item}")
        elif isinstance(value, tuple):
            out.append(f"{key}: [" + ", ".join(map(str, value)) + "]")
        else:
            out.append(f"{key}: {value}" + ("  # note" if len(out) % 2 else ""))
    return "\n".join(out) + "\n"


_item = st.one_of(_scalar_text, st.lists(st.tuples(_key, _scalar_text), min_size=1, max_size=4))
_flow = st.lists(_scalar_text, max_size=4).map(tuple)
_doc = st.lists(
    st.tuples(_key, st.one_of(_scalar_text, st.lists(_item, max_size=3), _flow)),
    min_size=1,
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(_doc)
@example([("_", [" 0"])])  # `-  0`: the item is 0, not " 0"
@example([("_", [[("a", " 0"), ("b", " y ")]])])  # `{a:  0, b:  y }` is {a: 0, b: y}
@example([("a", "="), ("b", ["<<"]), ("c", ("=",))])  # `=` and `<<` values are text
def test_front_matter_loads_as_pyyaml_reads_it(doc: list[tuple[str, object]]) -> None:
    _check(_render(doc))


@pytest.mark.parametrize("char", ["\x0b", "\x85", "\u2028", "\u2029", "\r", "\x7f", "\x9f"])
def test_odd_characters_read_as_pyyaml_reads_them(char: str) -> None:
    """Non-printable characters and line breaks other than LF/CRLF mean something else to YAML
    (an error, or a line break inside a scalar)."""
    for text in (f"a: x{char}y\n", f"a:\n  - {{b: x{char}y}}\n", f"a: [x{char}y]\n"):
        _check(text)


def test_values_that_are_not_data_tags_are_text() -> None:
    data, _ = load_yaml("a: =\nb: <<\nc: [=, <<]\n", file="f.md")
    assert data == {"a": "=", "b": "<<", "c": ["=", "<<"]}


def test_bundled_documents_load_as_pyyaml_reads_them() -> None:
    from qes_cli.store.frontmatter import split_front_matter

    for path in sorted((BUNDLED / "documents").glob("*.md")):
        _check(split_front_matter(path.read_text(encoding="utf-8"), file=path.name).yaml)


@pytest.mark.parametrize(
    "text",
    [
        (BUNDLED / "manual.yaml").read_text(encoding="utf-8"),
        "number: QES-015-2025\ncategories: [总纲, 组织架构 , 预案机制及制度]  # order\nfront_pages: 5\n",
    ],
)
def test_manual_yaml_categories(text: str) -> None:
    """manual.yaml is read on every command: block or flow `categories`, in order."""
    _check(text)
    data, lines = load_yaml(text, file="manual.yaml")
    assert data["categories"][:3] == ["总纲", "组织架构", "预案机制及制度"]
    assert lines[("categories", 2)] > lines[("number",)]


@pytest.mark.parametrize("text", ["a: 2025-13-45\n", "a: 2025-02-30\n", "a: " + "9" * 5000 + "\n"])
def test_impossible_scalars_are_input_errors(text: str) -> None:
    with pytest.raises(InputError, match="bad scalar"):
        load_yaml(text, file="f.md")
