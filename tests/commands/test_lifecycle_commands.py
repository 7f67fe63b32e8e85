"""list, show, new, history, diff, review-due and init on temporary git manuals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import git, snapshot
from tests.helpers import qes


def bump(runner: CliRunner, *args: str) -> None:
    result = qes(runner, "bump", *args)
    assert result.exit_code == 0, result.output


# ---- list ---------------------------------------------------------------------------------


def test_list_json_is_the_register(workdir: Path, runner: CliRunner) -> None:
    result = qes(runner, "list", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == 20
    assert rows[10] == {
        "seq": 11, "number": "QES-007-2025", "version": "A/3", "vform": "V1.2", "title": "备品备件管理规定",
        "category": "预案机制及制度", "effective": "2025-01-24", "pages": 11, "start_page": 198,
        "last_change": "2025-01-24", "file": "QES-007-2025", "status": "effective", "draft": None,
    }  # fmt: skip
    assert rows[1]["number"] == "" and rows[1]["vform"] == ""
    assert rows[18]["number"] == "N/A" and rows[18]["version"] == "/"


def test_list_category_and_formats(workdir: Path, runner: CliRunner) -> None:
    rows = json.loads(qes(runner, "list", "--category", "组织架构", "--format", "json").stdout)
    assert [r["title"] for r in rows] == ["质量组织架构", "质量岗位职责"]
    md = qes(runner, "list", "--format", "md").stdout
    assert (
        md.startswith("| 序号 | 文档编号 | 版本/次 | 版本 |")
        and "| 11 | QES-007-2025 | A/3 | V1.2 |" in md
    )
    assert "受控文件清单" in qes(runner, "list").stdout
    bad = qes(runner, "list", "--category", "杂项")
    assert bad.exit_code == 2 and "unknown category" in bad.stderr


# ---- show ---------------------------------------------------------------------------------


def test_show_document(workdir: Path, runner: CliRunner) -> None:
    data = json.loads(qes(runner, "show", "QES-007", "--format", "json").stdout)
    assert (data["version"], data["vform"], data["start_page"]) == ("A/3", "V1.2", 198)
    assert [h["version"] for h in data["history"]] == ["A/1", "A/2", "A/3"]
    assert data["history"][1]["meeting_label"] == "远程"
    assert data["history"][1]["reviewed_by"] == "服务中心总经理助理"
    table = qes(runner, "show", "QES-007-2025").stdout
    assert "V1.2" in table and "修订历史" in table


def test_show_section_and_errors(workdir: Path, runner: CliRunner) -> None:
    data = json.loads(qes(runner, "show", "quality-roles", "--format", "json").stdout)
    assert data["kind"] == "section" and data["parent"] == "QES-001-2025" and data["history"] == []
    for ref, message in [("QES-999", "no document"), ("../etc/passwd", "not a document reference")]:
        result = qes(runner, "show", ref)
        assert result.exit_code == 2 and message in result.stderr


# ---- new ----------------------------------------------------------------------------------


def test_new_document(repo: Path, runner: CliRunner) -> None:
    result = qes(
        runner,
        "new",
        "--title",
        "客户投诉处理规范",
        "--category",
        "预案机制及制度",
        "--pages",
        "6",
        "--date",
        "2026-02-01",
    )
    assert result.exit_code == 0, result.output
    assert "QES-016-2026 A/1" in result.stdout  # 001–014 and the manual's own 015 are taken
    assert "seq 18" in result.stdout
    rows = json.loads(qes(runner, "list", "--format", "json").stdout)
    assert [(r["seq"], r["number"]) for r in rows[16:19]] == [
        (17, "QES-013-2025"),
        (18, "QES-016-2026"),
        (19, "QES-014-2025"),
    ]
    assert rows[17]["start_page"] == 295 and rows[18]["start_page"] == 301 and rows[-1]["seq"] == 21
    assert qes(runner, "check").exit_code == 0
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "2"
    assert git(repo, "tag").split() == ["QES-016-2026/A/1"]
    assert git(repo, "status", "--porcelain") == ""
    shifted = git(repo, "diff", "-U0", "HEAD~1", "--", "manual/documents/QES-014-2025.md")
    assert "-seq: 18\n+seq: 19" in shifted
    data = json.loads(qes(runner, "show", "QES-016", "--format", "json").stdout)
    assert data["history"][0]["kind"] == "initial" and data["effective"] == "2026-02-01"


def test_new_in_empty_category_and_quoting(repo: Path, runner: CliRunner) -> None:
    result = qes(
        runner, "new", "--title", "2026: 年度计划", "--category", "组织架构", "--date", "2026-02-01"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(qes(runner, "show", "QES-016", "--format", "json").stdout)
    assert data["title"] == "2026: 年度计划" and data["seq"] == 6
    assert qes(runner, "check").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", "X", "--category", "杂项"], "unknown category"),
        (["--title", " ", "--category", "总纲"], "must not be empty"),
    ],
)
def test_new_refusals(repo: Path, runner: CliRunner, args: list[str], message: str) -> None:
    before = snapshot(repo)
    result = qes(runner, "new", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert snapshot(repo) == before


def test_new_outside_git_and_dirty(workdir: Path, runner: CliRunner) -> None:
    before = snapshot(workdir)
    result = qes(runner, "new", "--title", "X", "--category", "总纲")
    assert result.exit_code == 2 and "git init" in result.stderr
    assert snapshot(workdir) == before


# ---- history and diff ---------------------------------------------------------------------


def test_history_joins_commits_and_tags(repo: Path, runner: CliRunner) -> None:
    bump(runner, "QES-007", "--minor", "--reason", "x", "--date", "2026-03-02")
    bump(runner, "QES-007", "--major", "--reason", "y", "--date", "2026-04-02")
    data = json.loads(qes(runner, "history", "QES-007", "--format", "json").stdout)
    rows = {r["version"]: r for r in data["history"]}
    first = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    assert rows["A/1"]["commit"] is None and rows["A/2"]["commit"] is None  # released before git
    assert rows["A/3"]["commit"] == first and rows["A/3"]["tag"] is None
    assert (
        rows["A/4"]["tag"] == "QES-007-2025/A/4"
        and rows["A/4"]["commit"] == git(repo, "rev-parse", "HEAD~1").strip()
    )
    assert (
        rows["B/1"]["tag"] == "QES-007-2025/B/1"
        and rows["B/1"]["commit"] == git(repo, "rev-parse", "HEAD").strip()
    )
    assert "QES-007-2025/B/1" in qes(runner, "history", "QES-007").stdout
    result = qes(runner, "history", "quality-roles")
    assert result.exit_code == 2 and "not versioned" in result.stderr


def test_diff_between_released_versions(repo: Path, runner: CliRunner) -> None:
    doc = repo / "manual/documents/QES-007-2025.md"
    doc.write_text(
        doc.read_text(encoding="utf-8") + "\n## 1 目的\n\n规范备品备件的申领与出库。\n",
        encoding="utf-8",
    )
    git(repo, "commit", "-qam", "draft body")
    bump(runner, "QES-007", "--minor", "--reason", "正文补充", "--date", "2026-03-02")
    result = qes(runner, "diff", "QES-007", "A/3", "A/4")
    assert result.exit_code == 0, result.output
    assert "version: A/3 → A/4" in result.stdout
    assert "+规范备品备件的申领与出库。" in result.stdout
    data = json.loads(qes(runner, "diff", "QES-007", "V1.2", "V1.3", "--format", "json").stdout)
    assert data["metadata"]["version"] == {"old": "A/3", "new": "A/4"}
    assert data["history_added"][0]["reason"] == "正文补充"
    assert data["new"]["tag"] == "QES-007-2025/A/4"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("A/2", "A/3", "never released"),
        ("A/3", "A/9", "never released"),
        ("A3", "A/3", "invalid version"),
    ],
)
def test_diff_errors(repo: Path, runner: CliRunner, old: str, new: str, message: str) -> None:
    result = qes(runner, "diff", "QES-007", old, new)
    assert result.exit_code == 2 and message in result.stderr


# ---- review-due ---------------------------------------------------------------------------


def test_review_due(repo: Path, runner: CliRunner) -> None:
    assert qes(runner, "review-due", "--as-of", "2026-01-23").exit_code == 0
    result = qes(runner, "review-due", "--as-of", "2026-01-24", "--format", "json")
    assert result.exit_code == 1
    due = json.loads(result.stdout)["due"]
    assert len(due) == 14 and due[0]["number"] == "QES-001-2025" and due[0]["overdue_days"] == 0
    bump(runner, "QES-007", "--minor", "--reason", "年度审视", "--date", "2026-01-10")
    due = json.loads(qes(runner, "review-due", "--as-of", "2026-06-01", "--format", "json").stdout)[
        "due"
    ]
    assert "QES-007-2025" not in [d["number"] for d in due] and len(due) == 13
    due = json.loads(
        qes(
            runner, "review-due", "--as-of", "2027-03-01", "--months", "12", "--format", "json"
        ).stdout
    )["due"]
    assert due[-1]["number"] == "QES-007-2025"  # oldest first
    assert qes(runner, "review-due", "--as-of", "soon").exit_code == 2


# ---- init ---------------------------------------------------------------------------------


def test_init_creates_a_valid_manual(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = qes(runner, "init", "--company", "示例: 科技", "--date", "2026-02-01")
    assert result.exit_code == 0, result.output
    for name in ("manual.yaml", "targets.yaml", "toc.md", "documents/QES-002-2026.md"):
        assert (tmp_path / "manual" / name).is_file()
    assert "# 类别" in (tmp_path / "manual/manual.yaml").read_text(encoding="utf-8")
    assert qes(runner, "check").exit_code == 0
    assert qes(runner, "toc", "--check").exit_code == 0
    again = qes(runner, "init")
    assert again.exit_code == 2 and "not empty" in again.stderr
    other = qes(runner, "init", "m2", "--number", "QES-15-2025")
    assert other.exit_code == 2 and not (tmp_path / "m2").exists()


def test_chinese_messages_for_lifecycle_commands(repo: Path, runner: CliRunner) -> None:
    result = qes(runner, "--lang", "zh", "review-due", "--as-of", "2026-06-01")
    assert "应进行年度审视" in result.stderr
    result = qes(
        runner,
        "--lang",
        "zh",
        "new",
        "--title",
        "新规范",
        "--category",
        "总纲",
        "--date",
        "2026-02-01",
    )
    assert "已新建 QES-016-2026" in result.stdout and "标签 QES-016-2026/A/1" in result.stdout


def test_list_at_80_columns_keeps_numbers_whole(
    repo: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = qes(runner, "list").stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "QES-007-2025" in out and "第198页" in out  # codes and start pages whole
    assert "备品备件管理规定" in out  # a title of 8 characters fits on one line
    history = qes(runner, "history", "QES-007").stdout
    assert "QES-007-2025" in history
