"""qes toc: golden output, the seed's table cell for cell, --check for CI."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import GOLDEN, require_seed, snapshot
from tests.helpers import qes


def table_cells(markdown: str) -> list[list[str]]:
    rows = []
    for line in markdown.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows[1:]  # without the header


def test_golden(workdir: Path, runner: CliRunner) -> None:
    (workdir / "manual/toc.md").unlink()
    result = qes(runner, "toc")
    assert result.exit_code == 0
    assert (workdir / "manual/toc.md").read_text(encoding="utf-8") == (GOLDEN / "toc.md").read_text(
        encoding="utf-8"
    )


def test_reproduces_seed_table_cell_for_cell(workdir: Path) -> None:
    seed = require_seed().read_text(encoding="utf-8").splitlines()
    start = seed.index("服务质量体系手册目录") + 3  # skip the blank line and header row
    expected = []
    for line in seed[start:]:
        if not line.strip():
            break
        expected.append([c.strip() for c in line.split("\t")])
    got = table_cells((workdir / "manual/toc.md").read_text(encoding="utf-8"))
    assert len(expected) == 20
    assert got == expected


def test_check_passes_when_fresh(workdir: Path, runner: CliRunner) -> None:
    result = qes(runner, "toc", "--check")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_check_fails_after_hand_edit_then_passes_after_toc(
    workdir: Path, runner: CliRunner
) -> None:
    doc = workdir / "manual/documents/QES-007-2025.md"
    text = doc.read_text(encoding="utf-8")
    doc.write_text(
        text.replace("version: A/3\n", "version: A/4\n").replace(
            "meeting: remote}\n---",
            "meeting: remote}\n  - {version: A/4, date: 2025-01-24, kind: minor, reason: r, reviewed_by: a, approved_by: b}\n---",
        ),
        encoding="utf-8",
    )
    before = snapshot(workdir)
    result = qes(runner, "toc", "--check")
    assert result.exit_code == 1
    assert "-|  | 11 | QES-007-2025 | A/3 | 备品备件管理规定 | 第198页 |" in result.stdout
    assert "+|  | 11 | QES-007-2025 | A/4 | 备品备件管理规定 | 第198页 |" in result.stdout
    assert snapshot(workdir) == before  # --check writes nothing
    assert qes(runner, "toc").exit_code == 0
    assert qes(runner, "toc", "--check").exit_code == 0
    assert qes(runner, "check").exit_code == 0


def test_pages_move_start_pages(workdir: Path, runner: CliRunner) -> None:
    doc = workdir / "manual/documents/QES-001-2025.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("pages: 5", "pages: 7"), encoding="utf-8"
    )
    qes(runner, "toc")
    rows = table_cells((workdir / "manual/toc.md").read_text(encoding="utf-8"))
    assert rows[0][5] == "第6页" and rows[1][5] == "第13页" and rows[-1][5] == "第312页"


def test_pipe_in_title_is_escaped(workdir: Path, runner: CliRunner) -> None:
    doc = workdir / "manual/documents/QES-014-2025.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("title: 服务人员日常行为规范", "title: 行为|规范"),
        encoding="utf-8",
    )
    qes(runner, "toc")
    assert "行为\\|规范" in (workdir / "manual/toc.md").read_text(encoding="utf-8")


def test_invalid_document_exits_2(workdir: Path, runner: CliRunner) -> None:
    doc = workdir / "manual/documents/QES-014-2025.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("pages: 12", "pages: -1"), encoding="utf-8"
    )
    before = snapshot(workdir)
    result = qes(runner, "toc")
    assert result.exit_code == 2
    assert "manual/documents/QES-014-2025.md:8" in result.stderr
    assert snapshot(workdir) == before


def test_json_and_md_formats(workdir: Path, runner: CliRunner) -> None:
    import json

    toc = workdir / "manual/toc.md"
    fresh = json.loads(qes(runner, "toc", "--check", "--format", "json").stdout)
    assert fresh == {
        "ok": True,
        "stale": False,
        "written": False,
        "entries": 20,
        "path": "manual/toc.md",
        "diff": "",
    }
    toc.write_text(toc.read_text(encoding="utf-8").replace("第198页", "第199页"), encoding="utf-8")
    before = toc.read_bytes()
    stale = qes(runner, "toc", "--check", "--format", "json")
    assert stale.exit_code == 1
    data = json.loads(stale.stdout)  # stdout is the JSON alone
    assert (data["ok"], data["stale"], data["written"]) == (False, True, False)
    assert "-|  | 11 | QES-007-2025 | A/3 | 备品备件管理规定 | 第199页 |" in data["diff"]
    assert toc.read_bytes() == before
    md = qes(runner, "toc", "--check", "--format", "md")
    assert md.exit_code == 1 and md.stdout.startswith("```diff\n--- a/toc.md")
    wrote = json.loads(qes(runner, "toc", "--format", "json").stdout)
    assert (wrote["ok"], wrote["stale"], wrote["written"]) == (True, True, True)
    assert qes(runner, "toc", "--check").exit_code == 0
