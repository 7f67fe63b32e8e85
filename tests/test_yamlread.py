"""The fast read-only parser: plain data, line numbers, and refusal of unsafe YAML."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from qes_cli.errors import InputError
from qes_cli.store.yamlread import load_yaml


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


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_loads_or_fails_cleanly(text: str) -> None:
    try:
        load_yaml(text, file="f.md")
    except InputError as e:
        assert str(e).startswith("f.md")


# ---- the line-by-line fast path must agree with the full parser wherever it answers ------

from qes_cli.store import yamlread  # noqa: E402
from tests.conftest import BUNDLED  # noqa: E402

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


def _agree(text: str) -> None:
    try:
        fast = yamlread._fast_load(text, 1)
    except yamlread._NotSimple:
        return
    try:
        full = yamlread._event_load(text, file="f", line_offset=1)
    except InputError:
        raise AssertionError(f"fast path accepted what the parser rejects: {text!r}") from None
    assert fast[0] == full[0], text
    for path, line in fast[1].items():
        assert full[1][path] == line, (text, path)


@settings(max_examples=400, deadline=None)
@given(_doc)
@example([("_", [" 0"])])  # `-  0`: the item is 0, not " 0" (found by hypothesis)
@example([("_", [[("a", " 0"), ("b", " y ")]])])  # `{a:  0, b:  y }` is {a: 0, b: y}
def test_fast_path_agrees_with_parser(doc: list[tuple[str, object]]) -> None:
    _agree(_render(doc))


# the same property over texts written by hand rather than by qes: spacing after `:` and
# `-`, inside flow collections, trailing comments, CRLF line ends — the variants that once
# slipped through (`-  0`, `{a:  0}`)
_loose = st.text(
    alphabet=st.sampled_from(list("  0 1.:-#,yYnNoO~ab_+e'\t质2")), min_size=1, max_size=8
)
_gap = st.sampled_from([" ", "  "])
_comment = st.sampled_from(["", " # c", "  #c"])
_flow_map = st.builds(
    lambda pairs, pad: "{" + pad + ", ".join(f"{k}:{gap}{v}" for k, gap, v in pairs) + pad + "}",
    st.lists(st.tuples(_key, _gap, _loose), min_size=1, max_size=3),
    st.sampled_from(["", " "]),
)
_loose_item = st.tuples(_gap, st.one_of(_loose, _flow_map)).map(lambda t: "-" + t[0] + t[1])
_loose_entry = st.one_of(
    st.builds(lambda k, g, v, c: [f"{k}:{g}{v}{c}"], _key, _gap, _loose, _comment),
    st.builds(
        lambda k, c, ind, items: [f"{k}:{c}"] + [ind + item for item in items],
        _key,
        _comment,
        st.sampled_from([" ", "  ", "    "]),
        st.lists(_loose_item, min_size=1, max_size=3),
    ),
    st.builds(
        lambda k, g, vs, c: [f"{k}:{g}[" + ",".join(vs) + "]" + c],
        _key,
        _gap,
        st.lists(_loose, min_size=1, max_size=3),
        _comment,
    ),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_loose_entry, min_size=1, max_size=5), st.sampled_from(["\n", "\r\n"]))
def test_fast_path_agrees_on_hand_written_spacing(entries: list[list[str]], end: str) -> None:
    _agree(end.join(line for entry in entries for line in entry) + end)


@pytest.mark.parametrize("char", ["\x0b", "\x85", "\u2028", "\u2029", "\r", "\x7f", "\x9f"])
def test_fast_path_leaves_odd_characters_to_the_parser(char: str) -> None:
    """Non-printable characters and line breaks other than LF/CRLF mean something else to YAML
    (an error, or a line break inside a scalar): the fast path must not answer."""
    for text in (f"a: x{char}y\n", f"a:\n  - {{b: x{char}y}}\n", f"a: [x{char}y]\n"):
        with pytest.raises(yamlread._NotSimple):
            yamlread._fast_load(text, 0)
        _agree(text)


def test_fast_path_takes_the_bundled_documents() -> None:
    from qes_cli.store.frontmatter import split_front_matter

    taken = 0
    for path in sorted((BUNDLED / "documents").glob("*.md")):
        text = split_front_matter(path.read_text(encoding="utf-8"), file=path.name).yaml
        _agree(text)
        try:
            yamlread._fast_load(text, 1)
            taken += 1
        except yamlread._NotSimple:
            pass
    assert taken == 20


@pytest.mark.parametrize(
    "text",
    [
        (BUNDLED / "manual.yaml").read_text(encoding="utf-8"),
        "number: QES-015-2025\ncategories: [总纲, 组织架构 , 预案机制及制度]  # order\nfront_pages: 5\n",
    ],
)
def test_fast_path_takes_manual_yaml(text: str) -> None:
    """manual.yaml is read on every command: block or flow `categories`, both without yaml."""
    _agree(text)
    data, lines = yamlread._fast_load(text, 0)
    assert data["categories"][:3] == ["总纲", "组织架构", "预案机制及制度"]
    assert lines[("categories", 2)] > lines[("number",)]


def test_resolvers_equal_pyyaml() -> None:
    """The copied implicit resolvers must stay PyYAML's (same tags, patterns, first chars)."""
    from yaml.resolver import Resolver

    theirs = {
        ch: [(tag, rx.pattern, rx.flags) for tag, rx in entries if tag in yamlread._SAFE_TAGS]
        for ch, entries in Resolver.yaml_implicit_resolvers.items()
        if ch
    }
    ours = {
        ch: [(tag, rx.pattern, rx.flags) for tag, rx in e] for ch, e in yamlread._RESOLVERS.items()
    }
    assert ours == {ch: e for ch, e in theirs.items() if e}


@pytest.mark.parametrize("text", ["a: 2025-13-45\n", "a: 2025-02-30\n", "a: " + "9" * 5000 + "\n"])
def test_impossible_scalars_are_input_errors(text: str) -> None:
    with pytest.raises(InputError, match="bad scalar"):
        load_yaml(text, file="f.md")
