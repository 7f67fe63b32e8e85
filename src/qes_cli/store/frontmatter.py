"""Split a document file into YAML front matter and Markdown body, and edit the front matter
in place with ruamel.yaml round-trip so comments, key order, quoting and the body's bytes stay.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qes_cli.errors import InputError, MissingFrontMatterError
from qes_cli.text import tr

_OPEN = re.compile(r"---(?:\r\n|\n|\r|$)")
# a line that is exactly `---` or `...` (the newline before it belongs to the front matter)
_CLOSE = re.compile(r"\n(?:---|\.\.\.)(?:\r\n|\n|\r(?!\n)|$)")


@dataclass(frozen=True, slots=True)
class SplitFile:
    """`head` is the opening fence line, `yaml` the front matter, `tail` the closing fence line."""

    head: str
    yaml: str
    tail: str
    body: str
    yaml_first_line: int  # 1-based line of the first front-matter line in the file

    def join(self, yaml_text: str | None = None) -> str:
        return self.head + (self.yaml if yaml_text is None else yaml_text) + self.tail + self.body


def split_front_matter(text: str, *, file: str) -> SplitFile:
    """Find the `---` fenced front matter at the top; InputError if there is none."""
    m = _OPEN.match(text)
    if m is None:
        raise MissingFrontMatterError(
            tr("no YAML front matter: the file must start with a '---' line"), file=file, line=1
        )
    start = m.end()
    close = _CLOSE.search(text, start - 1)
    if close is None:
        raise InputError(tr("front matter is not closed by a '---' line"), file=file, line=1)
    begin = close.start() + 1  # the closing fence starts after the newline
    return SplitFile(
        head=text[:start],
        yaml=text[start:begin],
        tail=text[begin : close.end()],
        body=text[close.end() :],
        yaml_first_line=2,
    )


# (mapping, sequence, offset) layouts tried when re-emitting; the one that reproduces the
# unchanged text byte for byte is the file's own style. Not ruamel's load_yaml_guess_indent:
# it guesses one indent for mappings and sequences alike, so an edit of qes's own 2/4/2 layout
# with a nested mapping re-indents that mapping, and it raises IndexError on `a:\n  --`
# (tests/test_frontmatter.py: test_edit_keeps_the_file_layout and the test after it).
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (2, 4, 0), (4, 6, 4), (4, 4, 0), (3, 5, 2))


def _make_yaml(layout: tuple[int, int, int]) -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1_000_000
    y.allow_unicode = True
    y.allow_duplicate_keys = False
    y.indent(mapping=layout[0], sequence=layout[1], offset=layout[2])
    # a value used twice (the same date in `effective` and history) must not become an alias
    y.representer.ignore_aliases = lambda *_: True
    return y


def _dump(y: Any, data: Any) -> str:
    buf = io.StringIO()
    y.dump(data, buf)
    return buf.getvalue()


def edit_front_matter(text: str, mutate: Callable[[Any], None], *, file: str) -> str:
    """Return `text` with its front matter changed by `mutate(commented_map)`.

    The body and every byte of the front matter that `mutate` does not touch are preserved.
    """
    from ruamel.yaml.error import YAMLError

    parts = split_front_matter(text, file=file)
    layout = _LAYOUTS[0]
    data: Any = None
    for candidate in _LAYOUTS:
        y = _make_yaml(candidate)
        try:
            data = y.load(parts.yaml)
        except (YAMLError, ValueError, TypeError) as e:  # ruamel raises ValueError for 2025-13-45
            raise InputError(tr("invalid YAML: {problem}", problem=str(e)), file=file) from e
        if _dump(y, data) == parts.yaml:
            layout = candidate
            break
    y = _make_yaml(layout)
    data = y.load(parts.yaml)
    base = _dump(y, data)
    mutate(data)
    new = _dump(y, data)
    return parts.join(_merge(parts.yaml, base, new, file=file))


def _merge(orig: str, base: str, new: str, *, file: str) -> str:
    """Apply the change base → new (both ruamel's output) to the original text line by line.

    ruamel normalises a few things (extra spaces after a colon, some comment spacing); lines
    the change does not touch are taken from the original, so they keep every byte. The result
    is checked to mean exactly what ruamel wrote; if it does not, ruamel's text is used.
    """
    if new == base:
        return orig
    if base == orig:
        return new
    from difflib import SequenceMatcher

    o, b, n = (t.splitlines(keepends=True) for t in (orig, base, new))
    chunks: list[list[str]] = [[] for _ in b]
    lead: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, b, o, autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for k in range(i2 - i1):
                chunks[i1 + k] = [o[j1 + k]]
        elif tag == "replace":
            chunks[i1] = o[j1:j2]
        elif tag == "insert":
            (chunks[i1 - 1] if i1 > 0 else lead).extend(o[j1:j2])
    out = list(lead)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, b, n, autojunk=False).get_opcodes():
        if tag == "equal":
            for k in range(i1, i2):
                out.extend(chunks[k])
        else:
            out.extend(n[j1:j2])
    merged = "".join(out)
    from qes_cli.store.yamlread import load_yaml

    try:
        same = load_yaml(merged, file=file)[0] == load_yaml(new, file=file)[0]
    except InputError:
        same = False
    return merged if same else new


def flow_map(items: dict[str, Any]) -> Any:
    """A mapping that ruamel emits in flow style, `{a: 1, b: 2}`, like the manual's history."""
    from ruamel.yaml.comments import CommentedMap

    m = CommentedMap(items)
    m.fa.set_flow_style()
    return m


def edit_yaml_text(text: str, mutate: Callable[[Any], None], *, file: str) -> str:
    """`edit_front_matter` for a whole YAML file (manual.yaml): the same byte-keeping edit."""
    body = text if text.endswith("\n") else text + "\n"
    edited = edit_front_matter("---\n" + body + "---\n", mutate, file=file)
    return edited.removeprefix("---\n").removesuffix("---\n")
