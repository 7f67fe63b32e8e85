"""Nothing let in: no object construction, no shell, no escape from the manual folder,
escaped HTML, neutralised formula cells in exported reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qes_cli.render import report_cell
from tests.conftest import git
from tests.helpers import qes


def test_shell_metacharacters_stay_text(repo: Path, runner: CliRunner) -> None:
    reason = "$(touch pwned) `touch pwned2`; touch pwned3 | cat && echo"
    result = qes(runner, "bump", "QES-007", "--minor", "--reason", reason, "--date", "2026-03-02")
    assert result.exit_code == 0, result.output
    assert not any((repo / n).exists() for n in ("pwned", "pwned2", "pwned3"))
    assert not any((repo / "manual" / n).exists() for n in ("pwned", "pwned2", "pwned3"))
    assert reason in git(repo, "log", "-1", "--format=%s")
    history = json.loads(qes(runner, "show", "QES-007", "--format", "json").stdout)["history"]
    assert history[-1]["reason"] == reason


def test_yaml_tags_construct_nothing(repo: Path, runner: CliRunner) -> None:
    doc = repo / "manual/documents/QES-007-2025.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace(
            "title: 备品备件管理规定", "title: !!python/object/apply:os.system ['touch pwned']"
        ),
        encoding="utf-8",
    )
    result = qes(runner, "check")
    assert result.exit_code == 2 and "not allowed" in result.stderr
    assert not (repo / "pwned").exists()


@pytest.mark.parametrize(
    "ref",
    [
        "../manual/documents/QES-007-2025",
        "/etc/passwd",
        "..",
        "documents/QES-007-2025",
        "QES-007-2025.md/..",
        "~root",
    ],
)
def test_doc_refs_cannot_leave_the_manual(repo: Path, runner: CliRunner, ref: str) -> None:
    for args in (
        ["show", ref],
        ["history", ref],
        ["bump", ref, "--minor", "--reason", "r"],
        ["diff", ref, "A/1", "A/2"],
    ):
        result = qes(runner, *args)
        assert result.exit_code == 2, (args, result.output)


def test_titles_escaped_in_html(workdir: Path, runner: CliRunner) -> None:
    doc = workdir / "manual/documents/QES-014-2025.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace(
            "title: 服务人员日常行为规范", 'title: "<img src=x onerror=alert(1)>"'
        ),
        encoding="utf-8",
    )
    qes(runner, "toc")
    assert qes(runner, "build", "--out", "site").exit_code == 0
    for page in ("site/index.html", "site/QES-014-2025.html"):
        html = (workdir / page).read_text(encoding="utf-8")
        assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("质量", "质量"),
        ("a=b", "a=b"),
    ],
)
def test_report_cells_neutralise_formulas(cell: str, safe: str) -> None:
    assert report_cell(cell) == safe


def test_markdown_reports_neutralise_titles(workdir: Path, runner: CliRunner) -> None:
    doc = workdir / "manual/documents/QES-014-2025.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace(
            "title: 服务人员日常行为规范", 'title: "=HYPERLINK(\\"http://x\\")"'
        ),
        encoding="utf-8",
    )
    qes(runner, "toc")
    out = qes(runner, "list", "--format", "md").stdout
    assert "| '=HYPERLINK(" in out and "| =HYPERLINK(" not in out


def test_csv_exports_open_safely_in_excel(workdir: Path, runner: CliRunner) -> None:
    import csv
    import io

    doc = workdir / "manual/documents/QES-014-2025.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("title: 服务人员日常行为规范", 'title: "@SUM(A1)"'),
        encoding="utf-8",
    )
    qes(runner, "toc")
    out = qes(runner, "list", "--format", "csv").stdout
    assert out.startswith("\ufeff序号,文档编号,版本/次")  # BOM: Excel reads UTF-8 Chinese correctly
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert len(rows) == 21 and rows[18][4] == "'@SUM(A1)"
    assert rows[11][:4] == ["11", "QES-007-2025", "A/3", "V1.2"]


def test_check_targets_csv(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import csv
    import io

    from tests.conftest import BUNDLED

    monkeypatch.chdir(BUNDLED.parent)
    result = qes(runner, "check-targets", "manual/data/sample-2025.csv", "--format", "csv")
    assert result.exit_code == 1
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    # SPEC §4.1 adds 季度 and 分支机构 (last, so the first eight columns stay where they were)
    assert rows[0] == ["年度", "目标编号", "目标", "实际", "运算", "目标值", "状态", "说明", "季度", "分支机构"]  # fmt: skip
    ehs = next(r for r in rows if r[1] == "ehs-general")
    assert ehs[:7] == ["2025", "ehs-general", "年度一般EHS安全事件≤5起", "6", "≤", "5", "未达成"]
    # a missed incident target names its rows
    assert ehs[7].startswith("manual/data/sample-2025.csv:6 2025-01-07 EHS 三级 上海; ")
    assert len(rows) == 12
