"""qes bump: version arithmetic on real files, one commit + one tag, all-or-nothing."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qes_cli.commands.bump import BumpRequest, bump
from qes_cli.store.frontmatter import split_front_matter
from qes_cli.store.loader import read_document
from tests.conftest import git, snapshot
from tests.helpers import qes

DOC7 = Path("manual/documents/QES-007-2025.md")
DATE = "2026-03-02"


def front(root: Path) -> dict[str, object]:
    data = read_document(root / DOC7).data
    assert isinstance(data, dict)
    return data


def commits(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD"))


def test_minor_then_major(repo: Path, runner: CliRunner) -> None:
    body_before = split_front_matter((repo / DOC7).read_text(encoding="utf-8"), file="x").body
    result = qes(runner, "bump", "--minor", "QES-007", "--reason", "x", "--date", DATE)
    assert result.exit_code == 0, result.output
    assert "A/3 (V1.2) → A/4 (V1.3)" in result.stdout
    assert "tag QES-007-2025/A/4" in result.stdout
    data = front(repo)
    assert data["version"] == "A/4" and data["effective"] == dt.date(2026, 3, 2)
    history = data["history"]
    assert isinstance(history, list) and len(history) == 4
    assert history[-1] == {
        "version": "A/4",
        "date": dt.date(2026, 3, 2),
        "kind": "minor",
        "reason": "x",
        "reviewed_by": "服务中心总经理助理",
        "approved_by": "服务中心总经理",
        "meeting": "remote",
    }
    assert commits(repo) == 2
    assert git(repo, "tag", "--points-at", "HEAD").split() == ["QES-007-2025/A/4"]
    assert git(repo, "status", "--porcelain") == ""
    diff = git(repo, "diff", "-U0", "HEAD~1", "HEAD")
    changed = [
        ln for ln in diff.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]
    assert changed == [
        "-version: A/3",
        "-effective: 2025-01-24",
        "+version: A/4",
        "+effective: 2026-03-02",
        "+  - {version: A/4, date: 2026-03-02, kind: minor, reason: x, reviewed_by: 服务中心总经理助理, approved_by: 服务中心总经理, meeting: remote}",
        "-|  | 11 | QES-007-2025 | A/3 | 备品备件管理规定 | 第198页 |",
        "+|  | 11 | QES-007-2025 | A/4 | 备品备件管理规定 | 第198页 |",
    ]
    message = git(repo, "log", "-1", "--format=%B")
    assert message.startswith("QES-007-2025 A/3 → A/4: x")
    assert "Reviewed by: 服务中心总经理助理" in message and "Meeting: 远程" in message

    result = qes(runner, "bump", "--major", "QES-007-2025", "--reason", "y", "--date", DATE)
    assert result.exit_code == 0, result.output
    assert front(repo)["version"] == "B/1"
    assert front(repo)["history"][-1]["meeting"] == "onsite"  # type: ignore[index]
    assert commits(repo) == 3
    assert git(repo, "tag", "--points-at", "HEAD").split() == ["QES-007-2025/B/1"]
    # the body and the front-matter comments survive every byte
    text = (repo / DOC7).read_text(encoding="utf-8")
    assert split_front_matter(text, file="x").body == body_before
    assert "# The seed lists QES-007 at A/3" in text
    assert qes(runner, "check").exit_code == 0
    assert qes(runner, "toc", "--check").exit_code == 0


@pytest.mark.parametrize(("n", "version"), [(6, "B/1"), (5, "B/1"), (4, "A/4"), (0, "A/4")])
def test_processes_choose_kind(repo: Path, runner: CliRunner, n: int, version: str) -> None:
    result = qes(runner, "bump", "QES-007", "--processes", str(n), "--reason", "r", "--date", DATE)
    assert result.exit_code == 0, result.output
    assert front(repo)["version"] == version
    assert front(repo)["history"][-1]["processes"] == n  # type: ignore[index]


def test_minor_with_five_processes_refused(repo: Path, runner: CliRunner) -> None:
    before = snapshot(repo)
    result = qes(runner, "bump", "QES-007", "--minor", "--processes", "5", "--reason", "r")
    assert result.exit_code == 2
    assert "5 or more processes" in result.stderr and "大于等于 5 个流程" in result.stderr
    assert snapshot(repo) == before
    result = qes(
        runner,
        "bump",
        "QES-007",
        "--minor",
        "--processes",
        "5",
        "--force",
        "--reason",
        "r",
        "--date",
        DATE,
    )
    assert result.exit_code == 0
    assert front(repo)["version"] == "A/4"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["routine-quality-actions", "--minor"], "N/A"),
        (["quality-roles", "--minor"], "section"),
        (["QES-007"], "--minor, --major or --processes"),
        (["QES-007", "--minor", "--major"], "only one"),
        (["QES-099", "--minor"], "no document"),
        (["QES-007-2024", "--minor"], "no document QES-007-2024"),
        (["../manual/documents/QES-007-2025", "--minor"], "not a document reference"),
        (["/etc/passwd", "--minor"], "not a document reference"),
        (["QES-007", "--minor", "--date", "2024-01-01"], "dates cannot go backwards"),
        (["QES-007", "--minor", "--date", "tomorrow"], "not a date"),
    ],
)
def test_refusals_change_nothing(
    repo: Path, runner: CliRunner, args: list[str], message: str
) -> None:
    before = snapshot(repo)
    result = qes(runner, "bump", *args, "--reason", "r")
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(repo) == before


def test_dirty_tree_refused_unless_allowed(repo: Path, runner: CliRunner) -> None:
    other = repo / "manual/documents/QES-008-2025.md"
    other.write_text(other.read_text(encoding="utf-8") + "\n补充说明\n", encoding="utf-8")
    before = snapshot(repo)
    result = qes(runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE)
    assert result.exit_code == 2
    assert "uncommitted changes" in result.stderr and "QES-008-2025.md" in result.stderr
    assert snapshot(repo) == before
    result = qes(
        runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE, "--allow-dirty"
    )
    assert result.exit_code == 0, result.output
    # the unrelated change stays uncommitted
    assert git(repo, "status", "--porcelain").strip() == "M manual/documents/QES-008-2025.md"
    assert "QES-008" not in git(repo, "show", "--stat", "HEAD")


def test_dry_run_touches_nothing(repo: Path, runner: CliRunner) -> None:
    before = snapshot(repo)
    result = qes(runner, "bump", "QES-007", "--major", "--reason", "r", "--date", DATE, "--dry-run")
    assert result.exit_code == 0
    assert "+version: B/1" in result.stdout and "+|  | 11 | QES-007-2025 | B/1 |" in result.stdout
    assert snapshot(repo) == before


def test_no_commit_writes_files_only(repo: Path, runner: CliRunner) -> None:
    result = qes(
        runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE, "--no-commit"
    )
    assert result.exit_code == 0
    assert front(repo)["version"] == "A/4"
    assert commits(repo) == 1
    assert git(repo, "tag") == ""


def test_outside_git(workdir: Path, runner: CliRunner) -> None:
    before = snapshot(workdir)
    result = qes(runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE)
    assert result.exit_code == 2
    assert "git init" in result.stderr and "--no-commit" in result.stderr
    assert snapshot(workdir) == before
    assert (
        qes(
            runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE, "--no-commit"
        ).exit_code
        == 0
    )


def test_existing_tag_refused(repo: Path, runner: CliRunner) -> None:
    git(repo, "tag", "QES-007-2025/A/4")
    before = snapshot(repo)
    result = qes(runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE)
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert snapshot(repo) == before


def test_failing_git_hook_restores_everything(repo: Path, runner: CliRunner) -> None:
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'policy says no' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = snapshot(repo)
    result = qes(runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE)
    assert result.exit_code == 2
    assert "git commit failed" in result.stderr and "policy says no" in result.stderr
    assert snapshot(repo) == before


class Boom(Exception):
    pass


@pytest.mark.parametrize(
    "step", ["start", "wrote QES-007-2025.md", "wrote toc.md", "committed", "tagged"]
)
def test_failure_at_any_step_leaves_no_trace(repo: Path, step: str) -> None:
    before = snapshot(repo)

    def checkpoint(name: str) -> None:
        if name == step:
            raise Boom(name)

    request = BumpRequest(ref="QES-007", reason="r", minor=True, date=dt.date(2026, 3, 2))
    with pytest.raises(Boom):
        bump(repo / "manual", request, today=dt.date(2026, 3, 2), checkpoint=checkpoint)
    assert snapshot(repo) == before
    assert git(repo, "tag") == ""


def test_second_writer_waits_then_gives_up(
    repo: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    monkeypatch.setenv("QES_LOCK_TIMEOUT", "0.2")
    before = snapshot(repo)
    fd = os.open(repo / "manual", os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another writer holds the manual
        result = qes(
            runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE, "--allow-dirty"
        )
    finally:
        os.close(fd)
    assert result.exit_code == 2 and "another qes process" in result.stderr
    assert snapshot(repo) == before


def test_lock_files_left_by_old_versions_block_nobody(repo: Path, runner: CliRunner) -> None:
    # the PID-file lock of earlier releases: an empty or stale file no longer matters
    (repo / "manual/.qes.lock").write_text("")
    result = qes(
        runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE, "--allow-dirty"
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", ["QES-007-2025/A/4", "QES-1234-2026/AA/12"])
def test_release_tag_names_are_valid_git_refs(repo: Path, name: str) -> None:
    from qes_cli.gitrepo import GitRepo

    GitRepo.check_tag_name(name)
    git(repo, "check-ref-format", f"refs/tags/{name}")  # git agrees


@pytest.mark.parametrize("name", ["a..b", "a/", "x.lock", "a//b", "-x", "a b", "a/.b"])
def test_bad_tag_names_refused(name: str) -> None:
    from qes_cli.errors import GitError
    from qes_cli.gitrepo import GitRepo

    with pytest.raises(GitError):
        GitRepo.check_tag_name(name)
