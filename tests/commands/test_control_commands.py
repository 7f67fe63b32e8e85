"""SPEC §5: bump opens a draft, review and approve sign it, retire withdraws a document —
on the bundled manual as shipped (approval: required, people.yaml), with several identities.
Every refusal leaves HEAD, tags, index and files exactly as they were."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import git, snapshot
from tests.helpers import qes

REVIEWER = "service-center-deputy@tiankuan.example"
APPROVER = "service-center-gm@tiankuan.example"
MANAGER = "wang.yan@tiankuan.example"  # a 质量经理: neither role
DOC = "manual/documents/QES-007-2025.md"
NOW = "2026-03-02T09:30:00+08:00"


def as_(runner: CliRunner, email: str, *args: str) -> object:
    return qes(runner, *args, env={"GIT_AUTHOR_EMAIL": email, "QES_NOW": NOW})


def front(root: Path) -> dict[str, object]:
    import yaml

    text = (root / DOC).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])  # type: ignore[no-any-return]


def open_draft(root: Path, runner: CliRunner) -> None:
    r = as_(runner, MANAGER, "bump", "QES-007", "--minor", "--reason", "备件出库流程调整",
            "--date", "2026-03-02")  # fmt: skip
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]


def edit_body(root: Path, text: str = "\n## 出库\n\n出库须双人复核。\n") -> None:
    with (root / DOC).open("a", encoding="utf-8") as fh:
        fh.write(text)


def test_the_whole_flow(controlled: Path, runner: CliRunner) -> None:
    open_draft(controlled, runner)
    # the draft is a commit, no tag; the version in force stays everywhere it is shown
    assert git(controlled, "tag", "-l") == ""
    assert front(controlled)["version"] == "A/3"
    assert "| QES-007-2025 | A/3 |" in (controlled / "manual/toc.md").read_text(encoding="utf-8")
    row = json.loads(qes(runner, "list", "--format", "json").stdout)[10]
    assert (row["version"], row["status"], row["draft"]) == ("A/3", "draft", "A/4")
    shown = json.loads(qes(runner, "show", "QES-007", "--format", "json").stdout)
    assert shown["draft"]["version"] == "A/4" and shown["in_force"] == "effective"
    # the author edits the body: part of the change, no --allow-dirty needed
    edit_body(controlled)
    r = as_(runner, REVIEWER, "review", "QES-007")
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    assert git(controlled, "status", "--porcelain") == ""  # the edit went in with the review
    assert json.loads(qes(runner, "list", "--format", "json").stdout)[10]["status"] == "reviewed"
    r = as_(runner, APPROVER, "approve", "QES-007")
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    assert "tag QES-007-2025/A/4" in r.stdout  # type: ignore[attr-defined]
    fm = front(controlled)
    assert fm["version"] == "A/4" and "draft" not in fm
    last = fm["history"][-1]  # type: ignore[index]
    assert last["review"]["email"] == REVIEWER and last["approval"]["email"] == APPROVER
    assert last["review"]["at"] == NOW and last["review"]["sha256"] == last["approval"]["sha256"]
    assert last["approved_by"] == "服务中心总经理（来源手册未载明姓名）"
    assert "| QES-007-2025 | A/4 |" in (controlled / "manual/toc.md").read_text(encoding="utf-8")
    assert git(controlled, "rev-list", "-n1", "QES-007-2025/A/4") == git(
        controlled, "rev-parse", "HEAD"
    )
    assert git(controlled, "cat-file", "-t", "QES-007-2025/A/4").strip() == "tag"  # annotated
    assert qes(runner, "check").exit_code == 0
    assert git(controlled, "log", "--format=%s").splitlines()[:3] == [
        "QES-007-2025 A/3 → A/4: 备件出库流程调整",
        "QES-007-2025 A/4 reviewed by 服务中心总经理助理（来源手册未载明姓名） (服务中心总经理助理)",
        "QES-007-2025 draft A/3 → A/4: 备件出库流程调整",
    ]


def test_reject_rework_review_again(controlled: Path, runner: CliRunner) -> None:
    open_draft(controlled, runner)
    r = as_(runner, REVIEWER, "review", "QES-007", "--reject", "--reason", "流程图未更新")
    assert r.exit_code == 0 and "sent back" in r.stdout  # type: ignore[attr-defined]
    d = front(controlled)["draft"]
    assert d["rejections"][0]["reason"] == "流程图未更新" and "review" not in d  # type: ignore[index]
    assert as_(runner, APPROVER, "approve", "QES-007").exit_code == 2  # type: ignore[attr-defined]
    edit_body(controlled)
    assert as_(runner, REVIEWER, "review", "QES-007").exit_code == 0  # type: ignore[attr-defined]
    assert as_(runner, APPROVER, "approve", "QES-007").exit_code == 0  # type: ignore[attr-defined]


def _with_both_roles(root: Path) -> str:
    people = root / "manual/people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + (
        "  - {name: 兼任者, email: both@tiankuan.example, roles: [服务中心总经理助理, 服务中心总经理]}\n"
    ), encoding="utf-8")  # fmt: skip
    git(root, "commit", "-qam", "people")
    return "both@tiankuan.example"


@pytest.mark.parametrize(
    ("setup", "who", "args", "message"),
    [
        ("none", REVIEWER, ["review", "QES-007"], "no open draft"),
        ("none", APPROVER, ["approve", "QES-007"], "no open draft"),
        ("draft", "stranger@elsewhere.example", ["review", "QES-007"], "is not in people.yaml"),
        ("draft", MANAGER, ["review", "QES-007"], "does not hold the role 服务中心总经理助理"),
        ("draft", APPROVER, ["approve", "QES-007"], "not reviewed yet"),
        ("reviewed", REVIEWER, ["approve", "QES-007"], "does not hold the role 服务中心总经理"),
        ("reviewed-edited", APPROVER, ["approve", "QES-007"], "text changed after"),
        ("both", "both@tiankuan.example", ["approve", "QES-007"], "may not approve it too"),
        (
            "draft",
            MANAGER,
            ["bump", "QES-007", "--minor", "--reason", "again"],
            "already has an open draft",
        ),
        ("draft", MANAGER, ["retire", "QES-007", "--reason", "x"], "already has an open draft"),
        ("draft", REVIEWER, ["review", "QES-007", "--reject"], "--reject needs --reason"),
    ],
)
def test_refusals_change_nothing(
    controlled: Path, runner: CliRunner, setup: str, who: str, args: list[str], message: str
) -> None:
    if setup != "none":
        open_draft(controlled, runner)
    if setup == "both":
        _with_both_roles(controlled)
        assert as_(runner, "both@tiankuan.example", "review", "QES-007").exit_code == 0  # type: ignore[attr-defined]
    if setup.startswith("reviewed"):
        assert as_(runner, REVIEWER, "review", "QES-007").exit_code == 0  # type: ignore[attr-defined]
    if setup == "reviewed-edited":
        edit_body(controlled, "\n审核后又改了一句。\n")
    before = snapshot(controlled)
    result = as_(runner, who, *args)
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    assert snapshot(controlled) == before


def test_refusal_quotes_the_rule_in_chinese(controlled: Path, runner: CliRunner) -> None:
    open_draft(controlled, runner)
    r = qes(runner, "--lang", "zh", "review", "QES-007",
            env={"GIT_AUTHOR_EMAIL": MANAGER, "QES_NOW": NOW})  # fmt: skip
    assert r.exit_code == 2
    assert "拒绝 review" in r.stderr and "审核人（服务中心总经理助理）" in r.stderr


def test_retire_flow(controlled: Path, runner: CliRunner) -> None:
    r = as_(
        runner, MANAGER, "retire", "QES-012", "--reason", "并入 QES-004", "--date", "2026-03-02"
    )
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    assert (controlled / "manual/documents/QES-012-2025.md").exists()
    assert as_(runner, REVIEWER, "review", "QES-012").exit_code == 0  # type: ignore[attr-defined]
    r = as_(runner, APPROVER, "approve", "QES-012")
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    assert not (controlled / "manual/documents/QES-012-2025.md").exists()
    retired = controlled / "manual/retired/QES-012-2025.md"
    assert retired.exists() and "status: obsolete" in retired.read_text(encoding="utf-8")
    toc = (controlled / "manual/toc.md").read_text(encoding="utf-8")
    assert "QES-012" not in toc
    assert qes(runner, "check").exit_code == 0  # seq closed up, toc current
    assert git(controlled, "status", "--porcelain") == ""
    rows = json.loads(qes(runner, "list", "--all", "--format", "json").stdout)
    assert rows[-1]["number"] == "QES-012-2025" and rows[-1]["status"] == "obsolete"
    assert len(json.loads(qes(runner, "list", "--format", "json").stdout)) == 19
    assert (
        json.loads(qes(runner, "show", "QES-012", "--format", "json").stdout)["status"]
        == "obsolete"
    )
    assert "QES-012-2025/retired" in git(controlled, "tag", "-l")
    # its number is never given again
    assert as_(runner, MANAGER, "bump", "QES-012", "--minor", "--reason", "x").exit_code == 2  # type: ignore[attr-defined]


def test_retire_without_approval_is_one_step(repo: Path, runner: CliRunner) -> None:
    r = qes(runner, "retire", "QES-012", "--reason", "并入 QES-004", "--date", "2026-03-02")
    assert r.exit_code == 0, r.output
    assert (repo / "manual/retired/QES-012-2025.md").exists()
    assert qes(runner, "check").exit_code == 0
    new = qes(
        runner, "new", "--title", "新文件", "--category", "质量日常管理", "--date", "2026-04-01"
    )
    assert "QES-016-2026" in new.stdout


def test_killed_approve_is_finished_by_the_next_writer(controlled: Path, runner: CliRunner) -> None:
    import os
    import subprocess
    import sys

    open_draft(controlled, runner)
    assert as_(runner, REVIEWER, "review", "QES-007").exit_code == 0  # type: ignore[attr-defined]
    env = {**os.environ, "GIT_AUTHOR_EMAIL": APPROVER, "QES_NOW": NOW, "QES_FAULT_AT": "committed"}
    killed = subprocess.run([sys.executable, "-m", "qes_cli", "approve", "QES-007"], cwd=controlled,
                            env=env, capture_output=True)  # fmt: skip
    assert killed.returncode == -9
    assert git(controlled, "tag", "-l") == ""
    assert qes(runner, "toc").exit_code == 0  # any writer finishes it
    assert "QES-007-2025/A/4" in git(controlled, "tag", "-l")
    assert qes(runner, "check").exit_code == 0


def test_new_document_with_approval_is_a_draft_until_approved(
    controlled: Path, runner: CliRunner
) -> None:
    toc = (controlled / "manual/toc.md").read_bytes()
    r = as_(runner, MANAGER, "new", "--title", "客户投诉处理规范", "--category", "预案机制及制度",
            "--date", "2026-03-02")  # fmt: skip
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    assert "draft A/1" in r.stdout  # type: ignore[attr-defined]
    draft = controlled / "manual/drafts/QES-016-2026.md"
    assert draft.exists() and not (controlled / "manual/documents/QES-016-2026.md").exists()
    assert (controlled / "manual/toc.md").read_bytes() == toc and git(controlled, "tag", "-l") == ""
    assert qes(runner, "check").exit_code == 0
    assert len(json.loads(qes(runner, "list", "--format", "json").stdout)) == 20
    assert as_(runner, REVIEWER, "review", "QES-016").exit_code == 0  # type: ignore[attr-defined]
    r = as_(runner, APPROVER, "approve", "QES-016")
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    assert not draft.exists() and (controlled / "manual/documents/QES-016-2026.md").exists()
    rows = json.loads(qes(runner, "list", "--format", "json").stdout)
    assert [x["number"] for x in rows if x["category"] == "预案机制及制度"][-1] == "QES-016-2026"
    assert "QES-016-2026/A/1" in git(controlled, "tag", "-l")
    first = json.loads(qes(runner, "show", "QES-016", "--format", "json").stdout)["history"][0]
    assert first["review"]["email"] == REVIEWER and first["approval"]["email"] == APPROVER
    assert qes(runner, "check").exit_code == 0
    assert git(controlled, "status", "--porcelain") == ""
