"""Fast, safe, read-only YAML: plain data plus the line of every key.

Read-only commands never need comments or quoting, so they read the event stream of
PyYAML's parser (libyaml when present) and build plain Python values themselves — no node
graph, no generic constructor. Only the standard scalar tags are accepted, so no YAML tag can
construct an object; anchors and aliases are refused, so no alias bomb can blow up memory;
duplicate keys are an error, not a silent overwrite. Plain scalars resolve exactly as PyYAML's
safe loader resolves them (YAML 1.1: dates, ints, floats, booleans, null).
"""

from __future__ import annotations

import functools
import re
from datetime import date as _date
from typing import Any

from qes_cli.errors import InputError
from qes_cli.text import Text, tr

Lines = dict[tuple[str | int, ...], int]

_STR = "tag:yaml.org,2002:str"
_SAFE_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAGS = {None, "!", "tag:yaml.org,2002:map"}
_SEQ_TAGS = {None, "!", "tag:yaml.org,2002:seq"}
_MAX_EVENTS = 400_000

# PyYAML's YAML 1.1 implicit resolvers (yaml/resolver.py) for the safe tags, in its order and
# indexed by first character like its own table — minus merge keys and `=`. Copied so that the
# fast path never imports yaml; tests/test_yamlread.py checks they still equal PyYAML's.
_IMPLICIT: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "tag:yaml.org,2002:bool",
        re.compile(
            r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""",
            re.X,
        ),
        "yYnNtTfFoO",
    ),
    (
        "tag:yaml.org,2002:float",
        re.compile(
            r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""",
            re.X,
        ),
        "-+0123456789.",
    ),
    (
        "tag:yaml.org,2002:int",
        re.compile(
            r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
            re.X,
        ),
        "-+0123456789",
    ),
    (
        "tag:yaml.org,2002:null",
        re.compile(
            r"""^(?: ~
                    |null|Null|NULL
                    | )$""",
            re.X,
        ),
        "~nN",
    ),
    (
        "tag:yaml.org,2002:timestamp",
        re.compile(
            r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
            re.X,
        ),
        "0123456789",
    ),
)
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _rx, _firsts in _IMPLICIT:
    for _ch in _firsts:
        _RESOLVERS.setdefault(_ch, []).append((_tag, _rx))
_FIRST = frozenset(_RESOLVERS)


@functools.cache
def _scalars() -> Any:
    """PyYAML's own conversions for the rare non-string scalars (floats, bools, times, …);
    imported on first need, so documents of plain text, dates and counts never load yaml."""
    from yaml.constructor import SafeConstructor
    from yaml.nodes import ScalarNode

    class Scalars(SafeConstructor):
        def convert(self, tag: str, value: str) -> Any:
            return self.yaml_constructors[tag](self, ScalarNode(tag, value))

    return Scalars()


def _resolve(value: str, plain: bool) -> str:
    if not plain:
        return _STR
    if value == "":
        return "tag:yaml.org,2002:null"
    first = value[0]
    if first not in _FIRST:
        return _STR
    for tag, rx in _RESOLVERS[first]:
        if rx.match(value):
            return tag
    return _STR


def load_yaml(text: str, *, file: str, line_offset: int = 0) -> tuple[Any, Lines]:
    """Parse one YAML document into plain data and a key-path → line map.

    `line_offset` is added to every line so front matter reports lines of the whole file.
    Raises InputError naming file and line for anything malformed or unsafe.
    """
    try:
        return _fast_load(text, line_offset)
    except _NotSimple:
        return _event_load(text, file=file, line_offset=line_offset)


class _NotSimple(Exception):
    """The text is outside the simple subset: the full parser decides."""


_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?:[ ]+(.*))?$")
_ITEM_LINE = re.compile(r"([ ]+)- (.*)$")
# a plain scalar that means the same in block and flow context and needs no parser: no
# indicator first, no quotes, brackets, braces, comment, tab or `: ` anywhere, no trailing colon
_UNSAFE_FIRST = frozenset("'\"[]{}&*!|>%@`,?#:-")
_UNSAFE_ANY = re.compile(r"""['"\[\]{}#\t]|: |:$""")
_UNSAFE_FLOW = re.compile(r"""['"\[\]{}#\t]""")
# characters YAML does not read as ordinary text: the non-printable ones (an error for the
# parser) and the line breaks other than \n and \r\n (NEL, LS, PS, a lone CR) — the parser
# decides what a text holding any of them means
_NOT_PLAIN_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)
_LONE_CR = re.compile("\r(?!\n)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DECIMAL = re.compile(r"(?:0|[1-9][0-9]*)$")


@functools.lru_cache(maxsize=4096)
def _plain(value: str) -> Any:
    """A simple plain scalar (already checked for unsafe characters), resolved exactly as the
    full path resolves it; the two commonest non-strings (dates, decimals) are built directly.
    Cached: a manual repeats the same names, roles, kinds and dates in every history, and every
    result is immutable (str, int, float, bool, None, date, datetime)."""
    if not value or value[0] in _UNSAFE_FIRST or value[-1] == ":":
        raise _NotSimple
    if value[0] not in _FIRST:
        return value
    tag = _resolve(value, True)
    if tag == _STR:
        return value
    if tag == "tag:yaml.org,2002:timestamp" and _DATE.match(value):
        try:
            return _date(int(value[:4]), int(value[5:7]), int(value[8:10]))
        except ValueError as e:  # 2025-13-45: the full path reports it with its line
            raise _NotSimple from e
    if tag == "tag:yaml.org,2002:int" and _DECIMAL.match(value) and len(value) < 19:
        return int(value)
    try:
        return _scalars().convert(tag, value)
    except Exception as e:  # the full path reports it with its line
        raise _NotSimple from e


def _fast_load(text: str, line_offset: int) -> tuple[Any, Lines]:
    """Front matter as qes writes it — `key: value` lines and `- {k: v, …}` / `- value` items
    under a key — parsed line by line; anything else raises _NotSimple. Lines are recorded per
    key and per item (a flow mapping's keys share its item's line). A property test checks
    that this and the full parser agree on every text this accepts."""
    if _NOT_PLAIN_TEXT.search(text) or ("\r" in text and _LONE_CR.search(text)):
        raise _NotSimple
    data: dict[str, Any] = {}
    lines: Lines = {}
    current: list[Any] | None = None  # the block sequence being filled
    current_key = ""
    item_indent = ""
    first_line = 0
    key_match = _KEY_LINE.match
    item_match = _ITEM_LINE.match
    for n, line in enumerate(text.split("\n"), 1 + line_offset):
        if line.endswith("\r"):
            line = line[:-1]
        if not line or line[0] == "#":
            continue
        if line[0] != " ":
            m = key_match(line)
            if m is None:
                raise _NotSimple
            key, value = m.group(1), m.group(2)
            if key in data:
                raise _NotSimple
            if not first_line:
                first_line = n
            lines[(key,)] = n
            value = "" if value is None else value
            cut = value.find(" #")
            if cut >= 0:
                value = value[:cut]  # a trailing comment
            value = value.rstrip(" ")
            if not value or value[0] == "#":
                data[key] = current = []
                current_key, item_indent = key, ""
                continue
            current = None
            if value[0] == "[":  # a flow sequence of plain scalars, `categories: [a, b]`
                if value[-1] != "]" or _UNSAFE_FLOW.search(value, 1, len(value) - 1):
                    raise _NotSimple
                items: list[Any] = []
                for part in value[1:-1].split(","):
                    part = part.strip(" ")
                    if ": " in part:
                        raise _NotSimple
                    lines[(key, len(items))] = n
                    items.append(_plain(part))  # an empty part (`[]`, `[a,]`) is not simple
                data[key] = items
                continue
            if _UNSAFE_ANY.search(value):
                raise _NotSimple
            data[key] = _plain(value)
            continue
        m = item_match(line)
        if m is None:
            if line.strip(" ") == "" or line.lstrip(" ")[0] == "#":
                continue
            raise _NotSimple
        if current is None or (item_indent and m.group(1) != item_indent):
            raise _NotSimple
        item_indent = m.group(1)
        body = m.group(2).strip(" ")  # `-   x` is the item `x`
        lines[(current_key, len(current))] = n
        if body[:1] == "{":
            if body[-1] != "}":
                raise _NotSimple
            inner = body[1:-1]
            if _UNSAFE_FLOW.search(inner):
                raise _NotSimple
            entry: dict[str, Any] = {}
            for part in inner.split(","):
                k, sep, v = part.strip(" ").partition(": ")
                if not sep or not k.isidentifier() or not k.isascii() or k in entry or ": " in v:
                    raise _NotSimple
                entry[k] = _plain(v.strip(" "))  # `{a:  0}` is {a: 0}
            current.append(entry)
        else:
            if _UNSAFE_ANY.search(body):
                raise _NotSimple
            current.append(_plain(body))
    if not first_line:
        raise _NotSimple
    for key, value in data.items():
        if value == [] and (key, 0) not in lines:
            data[key] = None  # `key:` with nothing under it is null
    lines[()] = first_line
    return data, lines


def _event_load(text: str, *, file: str, line_offset: int) -> tuple[Any, Lines]:
    import yaml
    import yaml.reader
    from yaml.constructor import ConstructorError
    from yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )

    loader: Any
    try:  # libyaml is ~20x faster; the pure-Python parser gives identical events
        from yaml import CSafeLoader as loader
    except ImportError:  # pragma: no cover - depends on the wheel
        from yaml import SafeLoader as loader
    lines: Lines = {}
    scalars = _scalars()

    def fail(event: Any, message: Text) -> InputError:
        return InputError(message, file=file, line=int(event.start_mark.line) + 1 + line_offset)

    # stack of containers being filled: [container, path, pending key (mappings) or None]
    stack: list[list[Any]] = []
    root: Any = None
    have_root = False
    count = 0
    try:
        events: Any = yaml.parse(text, Loader=loader)
        for event in events:
            count += 1
            if count > _MAX_EVENTS:
                raise fail(event, tr("YAML document too large"))
            cls = event.__class__
            if cls is ScalarEvent or cls is MappingStartEvent or cls is SequenceStartEvent:
                if event.anchor is not None:
                    raise fail(event, tr("YAML anchors and aliases are not allowed"))
                line = int(event.start_mark.line) + 1 + line_offset
                if stack:
                    top = stack[-1]
                    if isinstance(top[0], dict) and top[2] is None:
                        # a mapping key
                        if cls is not ScalarEvent or event.tag not in (None, "!", _STR):
                            raise fail(event, tr("mapping keys must be plain scalars"))
                        key = event.value
                        if key == "<<" and event.implicit[0]:
                            raise fail(event, tr("merge keys (<<) are not allowed"))
                        if key in top[0]:
                            raise fail(event, tr("duplicate key {key!r}", key=key))
                        top[2] = key
                        lines[(*top[1], key)] = line
                        continue
                    path = (*top[1], top[2]) if isinstance(top[0], dict) else (*top[1], len(top[0]))
                else:
                    if have_root:
                        raise fail(event, tr("more than one YAML document"))
                    path = ()
                lines.setdefault(path, line)
                if cls is ScalarEvent:
                    tag = event.tag
                    if tag is None or tag == "!":
                        tag = _resolve(event.value, event.implicit[0])
                    elif tag not in _SAFE_TAGS:
                        raise fail(event, tr("YAML tag {tag!r} is not allowed", tag=tag))
                    if tag == _STR:
                        value: Any = event.value
                    else:
                        try:
                            value = scalars.convert(tag, event.value)
                        except (ConstructorError, ValueError, KeyError) as e:
                            raise fail(
                                event,
                                tr(
                                    "bad scalar {value!r}: {problem}",
                                    value=event.value,
                                    problem=str(e),
                                ),
                            ) from e
                    if stack:
                        _put(stack[-1], value)
                    else:
                        root, have_root = value, True
                else:
                    tags = _MAP_TAGS if cls is MappingStartEvent else _SEQ_TAGS
                    if event.tag not in tags:
                        raise fail(event, tr("YAML tag {tag!r} is not allowed", tag=event.tag))
                    container: Any = {} if cls is MappingStartEvent else []
                    if stack:
                        _put(stack[-1], container)
                    else:
                        root, have_root = container, True
                    stack.append([container, path, None])
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                stack.pop()
            elif cls is AliasEvent:
                raise fail(event, tr("YAML anchors and aliases are not allowed"))
            elif cls is DocumentStartEvent and have_root:
                raise fail(event, tr("more than one YAML document"))
            elif cls is StreamEndEvent:
                break
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = int(mark.line) + 1 + line_offset if mark else None
        problem = e.problem or e.context or "invalid YAML"
        raise InputError(
            tr("invalid YAML: {problem}", problem=problem), file=file, line=where
        ) from e
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, max(0, int(e.position))) + 1 + line_offset
        char = e.character if isinstance(e.character, int) else ord(e.character or "\0")
        raise InputError(
            tr(
                "invalid YAML: unacceptable character #x{char:04x}: {reason}",
                char=char,
                reason=e.reason,
            ),
            file=file,
            line=line,
        ) from e
    except yaml.YAMLError as e:
        raise InputError(tr("invalid YAML: {problem}", problem=str(e)), file=file) from e
    lines.setdefault((), 1 + line_offset)
    return root, lines


def _put(top: list[Any], value: Any) -> None:
    container = top[0]
    if isinstance(container, dict):
        container[top[2]] = value
        top[2] = None
    else:
        container.append(value)
