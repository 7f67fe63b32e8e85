"""Everyday frictions of issue 15: global options after the command, shell completion of
document numbers and categories, tables at 80 columns."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tests.helpers import qes


def test_global_options_after_the_command(workdir: Path, runner: CliRunner, tmp_path: Path) -> None:
    os.chdir(tmp_path.parent)  # nowhere near a manual
    rows = json.loads(
        qes(runner, "list", "--manual", str(workdir / "manual"), "--format", "json").stdout
    )
    assert len(rows) == 20
    zh = qes(runner, "list", "--category", "x", "--manual", str(workdir / "manual"), "--lang", "zh")
    assert zh.exit_code == 2 and zh.stderr.startswith("错误: 未知类别")
    eq = qes(runner, "check", f"--manual={workdir / 'manual'}")
    assert eq.exit_code == 0


def test_an_option_value_that_looks_global_stays_a_value(repo: Path, runner: CliRunner) -> None:
    r = qes(runner, "bump", "QES-007", "--minor", "--reason", "--manual", "--date", "2026-03-02")
    assert r.exit_code == 0, r.output
    shown = json.loads(qes(runner, "show", "QES-007", "--format", "json").stdout)
    assert shown["history"][-1]["reason"] == "--manual"


def _complete(cwd: Path, words: str) -> list[str]:
    env = {**os.environ, "_QES_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}  # fmt: skip
    out = subprocess.run([sys.executable, "-c", "from qes_cli.cli.app import main; main()"],
                         cwd=cwd, env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    return out.stdout.split()


def test_shell_completion_of_documents_and_categories(workdir: Path) -> None:
    assert _complete(workdir, "qes show QES-00") == [f"QES-00{i}-2025" for i in range(1, 10)]
    assert "quality-roles" in _complete(workdir, "qes history qual")
    assert _complete(workdir, "qes list --category 预") == ["预案机制及制度"]
    assert _complete(workdir.parent, "qes show QES") == []  # no manual: nothing, no error


def test_new_dry_run_writes_nothing(repo: Path, runner: CliRunner) -> None:
    from tests.conftest import snapshot

    before = snapshot(repo)
    r = qes(
        runner,
        "new",
        "--title",
        "新规范",
        "--category",
        "总纲",
        "--dry-run",
        "--date",
        "2026-02-01",
    )
    assert r.exit_code == 0, r.output
    assert "+title: 新规范" in r.stdout and "QES-016-2026 would be" in r.stderr
    assert snapshot(repo) == before


def test_toc_renumber_closes_the_gap_a_removed_file_left(repo: Path, runner: CliRunner) -> None:
    (repo / "manual/documents/QES-008-2025.md").unlink()
    assert qes(runner, "check").exit_code == 1  # QES112 and a stale TOC
    r = qes(runner, "toc", "--renumber")
    assert r.exit_code == 0, r.output
    assert "QES-009-2025.md: seq 13 → 12" in r.stdout
    assert qes(runner, "check").exit_code == 0
    diff = subprocess.run(["git", "diff", "-U0", "--", "manual/documents/QES-009-2025.md"], cwd=repo,
                          capture_output=True, text=True).stdout  # fmt: skip
    assert "-seq: 13" in diff and "+seq: 12" in diff and diff.count("\n+") == 2
