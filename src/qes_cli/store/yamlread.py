"""Fast, safe, read-only YAML: plain data plus the line of every key.

Read-only commands never need comments or quoting, so they parse with PyYAML's composer
(libyaml when present) and build plain Python values themselves. Nothing but the standard
scalar tags is accepted, so no YAML tag can construct an object, and anchors/aliases are
refused, so no alias bomb can blow up memory. Duplicate keys are an error, not a silent
overwrite.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from qes_cli.errors import InputError

try:  # libyaml is ~20x faster; the pure-Python loader gives identical nodes
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Lines = dict[tuple[str | int, ...], int]

_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAX_NODES = 200_000


class _Builder:
    def __init__(self, file: str, line_offset: int) -> None:
        self.file = file
        self.offset = line_offset
        self.lines: Lines = {}
        self.seen: set[int] = set()
        self.constructor = SafeConstructor()

    def line(self, node: Node) -> int:
        return int(node.start_mark.line) + 1 + self.offset

    def fail(self, node: Node, message: str) -> InputError:
        return InputError(message, file=self.file, line=self.line(node))

    def build(self, node: Node, path: tuple[str | int, ...]) -> Any:
        if id(node) in self.seen:
            raise self.fail(node, "YAML anchors and aliases are not allowed")
        self.seen.add(id(node))
        if len(self.seen) > _MAX_NODES:
            raise self.fail(node, "YAML document too large")
        self.lines.setdefault(path, self.line(node))
        if isinstance(node, ScalarNode):
            if node.tag not in _SAFE_TAGS:
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed")
            try:
                return self.constructor.construct_object(node)
            except (ConstructorError, ValueError) as e:
                raise self.fail(node, f"bad scalar {node.value!r}: {e}") from e
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed")
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed")
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if (
                    not isinstance(key_node, ScalarNode)
                    or key_node.tag == "tag:yaml.org,2002:merge"
                ):
                    raise self.fail(key_node, "mapping keys must be plain scalars")
                key = str(key_node.value)
                if key in result:
                    raise self.fail(key_node, f"duplicate key {key!r}")
                self.lines[(*path, key)] = self.line(key_node)
                self.seen.add(id(key_node))
                result[key] = self.build(value_node, (*path, key))
                self.lines[(*path, key)] = self.line(key_node)
            return result
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover


def load_yaml(text: str, *, file: str, line_offset: int = 0) -> tuple[Any, Lines]:
    """Parse one YAML document into plain data and a key-path → line map.

    `line_offset` is added to every line so front matter reports lines of the whole file.
    Raises InputError naming file and line for anything malformed.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = int(mark.line) + 1 + line_offset if mark else None
        problem = e.problem or e.context or "invalid YAML"
        raise InputError(f"invalid YAML: {problem}", file=file, line=line) from e
    except yaml.YAMLError as e:
        raise InputError(f"invalid YAML: {e}", file=file) from e
    if node is None:
        return None, {(): 1 + line_offset}
    builder = _Builder(file, line_offset)
    data = builder.build(node, ())
    return data, builder.lines
