"""Safe, read-only YAML: plain data plus the line of every key.

Read-only commands never need comments or quoting, so they read the event stream of
PyYAML's parser (libyaml when present) and build plain Python values themselves — no node
graph, no generic constructor. Only the standard scalar tags are accepted, so no YAML tag can
construct an object; anchors and aliases are refused, so no alias bomb can blow up memory;
duplicate keys are an error, not a silent overwrite. Plain scalars resolve with PyYAML's own
resolver, exactly as its safe loader resolves them (YAML 1.1: dates, ints, floats, booleans,
null).
"""

from __future__ import annotations

import functools
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


@functools.cache
def _scalars() -> Any:
    """PyYAML's own conversions for the non-string scalars (ints, floats, bools, dates, …)."""
    from yaml.constructor import SafeConstructor
    from yaml.nodes import ScalarNode

    class Scalars(SafeConstructor):
        def convert(self, tag: str, value: str) -> Any:
            return self.yaml_constructors[tag](self, ScalarNode(tag, value))

    return Scalars()


@functools.cache
def _resolver() -> Any:
    """PyYAML's own implicit resolver (YAML 1.1), the one its safe loader uses."""
    from yaml.resolver import Resolver

    return Resolver()


def load_yaml(text: str, *, file: str, line_offset: int = 0) -> tuple[Any, Lines]:
    """Parse one YAML document into plain data and a key-path → line map.

    `line_offset` is added to every line so front matter reports lines of the whole file.
    Raises InputError naming file and line for anything malformed or unsafe.
    """
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
    from yaml.nodes import ScalarNode

    loader: Any
    try:  # libyaml is ~20x faster; the pure-Python parser gives identical events
        from yaml import CSafeLoader as loader
    except ImportError:  # pragma: no cover - depends on the wheel
        from yaml import SafeLoader as loader
    lines: Lines = {}
    scalars = _scalars()
    resolve = _resolver().resolve

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
                        # as PyYAML's composer does; its two tags that are not data (`<<`
                        # merge, `=` value) have no safe constructor: as values they are text
                        tag = resolve(ScalarNode, event.value, event.implicit)
                        if tag not in _SAFE_TAGS:
                            tag = _STR
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
