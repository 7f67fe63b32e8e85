"""Property tests over generated front matter: it loads, or fails with exit 2 and a
file:line message — never a traceback; an unchanged file saves byte for byte.

Example counts come from the hypothesis profile: `default` in `make test`, `fuzz` (many
more) in `make fuzz`."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from qes_cli.store.frontmatter import edit_front_matter
from tests.conftest import BUNDLED
from tests.helpers import qes

FIELDS = ["number", "title", "category", "seq", "version", "effective", "pages", "prepared_by",
          "reviewed_by", "approved_by", "parent", "history", "owner"]  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(["QES-007-2025", "N/A", "A/3", "/", "2025-01-24", "11", "-1", "0", "预案机制及制度", "yes", "~", "null",
                     "[1, 2]", "{a: 1}", "'quoted'", "\"dq\"", "!!str x", "&a x", "*a", "|", ">", "2025-13-45", "1e5"]),
    st.text(max_size=20),
)  # fmt: skip
HISTORY = st.lists(
    st.dictionaries(st.sampled_from(["version", "date", "kind", "reason", "reviewed_by", "approved_by", "meeting", "x"]),
                    st.sampled_from(["A/1", "A/2", "B/1", "2025-01-24", "initial", "minor", "major", "remote", "onsite", "r", ""]),
                    max_size=8),
    max_size=4,
)  # fmt: skip


def render(fields: dict[str, Any]) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [
                "  - {" + ", ".join(f"{k}: {v}" for k, v in item.items()) + "}" for item in value
            ]
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n---\n# 正文\n"


documents = st.dictionaries(st.sampled_from(FIELDS), st.one_of(VALUES, HISTORY), max_size=12).map(
    render
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_generated_front_matter_never_crashes(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(BUNDLED, root / "manual")
        (root / "manual/documents/QES-007-2025.md").write_text(text, encoding="utf-8")
        runner = CliRunner()
        for args in (
            ["--manual", str(root / "manual"), "list"],
            ["--manual", str(root / "manual"), "check"],
        ):
            result = runner.invoke(__import__("qes_cli.cli.app", fromlist=["app"]).app, args)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                result.exception
            )
            assert "Traceback" not in result.output
            if args[-1] == "list":
                assert result.exit_code in (0, 2)
                if result.exit_code == 2:
                    assert re.search(r"QES-007-2025\.md:\d+: ", result.stderr), result.stderr
            else:
                assert result.exit_code in (0, 1, 2)


@settings(deadline=None)
@given(documents)
def test_unchanged_save_is_byte_identical(text: str) -> None:
    try:
        out = edit_front_matter(text, lambda data: None, file="t.md")
    except Exception as e:  # unreadable YAML is refused, never rewritten
        assert type(e).__name__ == "InputError"
        return
    assert out == text


def test_bundled_manual_saves_byte_identical() -> None:
    for path in sorted((BUNDLED / "documents").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert edit_front_matter(text, lambda data: None, file=path.name) == text


def test_qes_runner_smoke(workdir: Path, runner: CliRunner) -> None:
    assert qes(runner, "list").exit_code == 0
