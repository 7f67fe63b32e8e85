"""`qes bump --all` (SPEC §8): the annual review of every versioned document in one step."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests.commands.test_control_commands import MANAGER, as_
from tests.conftest import git, snapshot
from tests.helpers import qes


def test_annual_review_releases_every_document_in_one_commit(repo: Path, runner: CliRunner) -> None:
    r = qes(
        runner,
        "bump",
        "--all",
        "--processes",
        "0",
        "--reason",
        "2026 年度审视",
        "--date",
        "2026-01-20",
    )
    assert r.exit_code == 0, r.output
    assert int(git(repo, "rev-list", "--count", "HEAD")) == 2
    tags = git(repo, "tag", "-l").split()
    assert len(tags) == 14 and "QES-007-2025/A/4" in tags and "QES-001-2025/A/2" in tags
    assert all(git(repo, "rev-list", "-n1", t) == git(repo, "rev-parse", "HEAD") for t in tags)
    assert qes(runner, "check").exit_code == 0
    assert git(repo, "status", "--porcelain") == ""
    # review-due is satisfied for every document
    assert qes(runner, "review-due", "--as-of", "2026-06-01").exit_code == 0


def test_annual_review_with_approval_opens_drafts(controlled: Path, runner: CliRunner) -> None:
    r = as_(runner, MANAGER, "bump", "--all", "--processes", "0", "--reason", "2026 年度审视")
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    assert git(controlled, "tag", "-l") == ""
    assert int(git(controlled, "rev-list", "--count", "HEAD")) == 2
    assert "draft:" in (controlled / "manual/documents/QES-003-2025.md").read_text(encoding="utf-8")
    before = snapshot(controlled)
    again = as_(runner, MANAGER, "bump", "--all", "--processes", "0", "--reason", "again")
    assert again.exit_code == 2 and "open draft" in again.stderr  # type: ignore[attr-defined]
    assert snapshot(controlled) == before


def test_doc_or_all_but_not_both(repo: Path, runner: CliRunner) -> None:
    assert qes(runner, "bump", "--processes", "0", "--reason", "x").exit_code == 2
    both = qes(runner, "bump", "QES-007", "--all", "--processes", "0", "--reason", "x")
    assert both.exit_code == 2 and "--all" in both.stderr


def test_dry_run_of_the_annual_review_writes_nothing(repo: Path, runner: CliRunner) -> None:
    before = snapshot(repo)
    r = qes(
        runner,
        "bump",
        "--all",
        "--processes",
        "0",
        "--reason",
        "x",
        "--dry-run",
        "--date",
        "2026-01-20",
    )
    assert r.exit_code == 0 and "+  - {version: A/2" in r.stdout
    assert snapshot(repo) == before


def test_the_manual_itself_is_versioned(repo: Path, runner: CliRunner) -> None:
    r = qes(runner, "bump", "QES-015", "--minor", "--reason", "年度审视", "--date", "2026-01-20")
    assert r.exit_code == 0, r.output
    assert "QES-015-2025/A/2" in git(repo, "tag", "-l")
    meta = (repo / "manual/manual.yaml").read_text(encoding="utf-8")
    assert "version: A/2" in meta and "- {version: A/1, date: 2025-01-24, kind: initial" in meta
    assert "- {version: A/2, date: 2026-01-20, kind: minor, reason: 年度审视" in meta
    assert "# 服务质量体系手册 — the manual itself" in meta  # comments kept
    assert qes(runner, "check").exit_code == 0
    assert git(repo, "status", "--porcelain") == ""


def test_the_manual_is_reviewed_and_approved_like_a_document(
    controlled: Path, runner: CliRunner
) -> None:
    from tests.commands.test_control_commands import APPROVER, REVIEWER

    assert as_(runner, MANAGER, "bump", "QES-015", "--minor", "--reason", "年度审视").exit_code == 0  # type: ignore[attr-defined]
    assert "draft:" in (controlled / "manual/manual.yaml").read_text(encoding="utf-8")
    assert as_(runner, REVIEWER, "review", "QES-015").exit_code == 0  # type: ignore[attr-defined]
    r = as_(runner, APPROVER, "approve", "QES-015")
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    meta = (controlled / "manual/manual.yaml").read_text(encoding="utf-8")
    assert "version: A/2" in meta and "draft:" not in meta and "approval: {name:" in meta
    assert "QES-015-2025/A/2" in git(controlled, "tag", "-l")
    assert qes(runner, "check").exit_code == 0
