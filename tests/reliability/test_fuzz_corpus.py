"""Broken inputs: each gives a clear message (exit 2 where input is unreadable), never a
traceback, and nothing on disk changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import snapshot
from tests.helpers import qes

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
DOCS = sorted((CORPUS / "documents").iterdir())
CSVS = sorted((CORPUS / "csv").iterdir())
TARGET = "manual/documents/QES-007-2025.md"


def no_traceback(result: object) -> None:
    output = getattr(result, "output", "")
    assert "Traceback" not in output
    assert getattr(result, "exception", None) is None or isinstance(result.exception, SystemExit)  # type: ignore[attr-defined]


@pytest.mark.parametrize("bad", DOCS, ids=[p.name for p in DOCS])
def test_broken_document(repo: Path, runner: CliRunner, bad: Path) -> None:
    shutil.copyfile(bad, repo / TARGET)
    before = snapshot(repo)
    for args in (
        ["toc"],
        ["toc", "--check"],
        ["list"],
        ["show", "QES-001"],
        ["history", "QES-001"],
        ["diff", "QES-001", "A/1", "A/2"],
        ["review-due"],
        ["build", "--out", "site"],
        ["bump", "QES-007", "--minor", "--reason", "r", "--allow-dirty"],
        ["bump", "QES-007", "--minor", "--reason", "r", "--allow-dirty", "--dry-run"],
        ["new", "--title", "x", "--category", "总纲", "--allow-dirty"],
    ):
        result = qes(runner, *args)
        no_traceback(result)
        assert result.exit_code == 2, (args, result.output)
        assert TARGET in result.stderr, (args, result.stderr)
    check = qes(runner, "check")
    no_traceback(check)
    assert check.exit_code in (1, 2)
    assert TARGET in (check.stdout + check.stderr)
    assert snapshot(repo) == before


def test_fifty_megabyte_document(repo: Path, runner: CliRunner) -> None:
    path = repo / TARGET
    with path.open("a", encoding="utf-8") as fh:
        chunk = "质量管理流程规范。" * 1000 + "\n"
        for _ in range(50 * 1024 * 1024 // len(chunk.encode())):
            fh.write(chunk)
    result = qes(runner, "check")
    no_traceback(result)
    assert result.exit_code == 2 and "file too large" in result.stderr and TARGET in result.stderr


def test_symlink_out_of_the_manual_is_refused(
    repo: Path, runner: CliRunner, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text((repo / TARGET).read_text(encoding="utf-8"), encoding="utf-8")
    (repo / "manual/documents/link.md").symlink_to(outside)
    result = qes(runner, "check")
    assert result.exit_code == 2 and "outside the manual folder" in result.stderr


@pytest.mark.parametrize("bad", CSVS, ids=[p.name for p in CSVS])
def test_broken_csv(workdir: Path, runner: CliRunner, bad: Path) -> None:
    data = workdir / bad.name
    shutil.copyfile(bad, data)
    before = snapshot(workdir)
    for fmt in ("table", "json", "md"):
        result = qes(runner, "check-targets", bad.name, "--format", fmt)
        no_traceback(result)
        assert result.exit_code == 2, result.output
        assert bad.name in result.stderr
        assert result.stdout == ""
    assert snapshot(workdir) == before
