"""qes check: a clean manual, each kind of error with file and line, exit codes, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import qes

DOC7 = "manual/documents/QES-007-2025.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(runner: CliRunner) -> list[dict[str, object]]:
    result = qes(runner, "check", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is False
    return list(data["problems"])


def test_bundled_manual_is_clean(workdir: Path, runner: CliRunner) -> None:
    result = qes(runner, "check")
    assert result.exit_code == 0, result.output
    assert "20 entries checked: no problems" in result.stderr
    data = json.loads(qes(runner, "check", "--format", "json").stdout)
    assert data == {"ok": True, "documents": 20, "problems": []}


# (file, old text, new text, expected code, expected line)
CASES = [
    (DOC7, "number: QES-007-2025", "number: QES-07-2025", "QES103", 2),
    (
        "manual/documents/QES-008-2025.md",
        "number: QES-008-2025",
        "number: QES-007-2026",
        "QES104",
        2,
    ),
    (
        "manual/documents/QES-008-2025.md",
        "number: QES-008-2025",
        "number: QES-015-2024",
        "QES104",
        2,
    ),
    (DOC7, "category: 预案机制及制度", "category: 杂项", "QES110", 4),
    ("manual/documents/QES-008-2025.md", "seq: 12", "seq: 11", "QES111", 5),
    ("manual/documents/branch-quality-management.md", "seq: 20", "seq: 22", "QES112", 5),
    (DOC7, "version: A/3\n", "version: A3\n", "QES120", 6),
    ("manual/documents/routine-quality-actions.md", "version: /", "version: A/1", "QES121", 6),
    (DOC7, "version: A/3\n", "version: /\n", "QES121", 6),
    ("manual/documents/quality-roles.md", "seq: 5\n", "seq: 5\nversion: A/1\n", "QES122", 6),
    (
        "manual/documents/quality-roles.md",
        "parent: QES-001-2025",
        "parent: QES-099-2025",
        "QES130",
        2,
    ),
    (
        "manual/documents/quality-roles.md",
        "parent: QES-001-2025          # section 五 (5.4–5.5) of 质量管理总纲\n",
        "",
        "QES130",
        2,
    ),
    (
        DOC7,
        "  - {version: A/2, date: 2025-01-24, kind: minor",
        "  - {version: A/2, date: 2025-01-24, kind: major",
        "QES143",
        16,
    ),
    (
        DOC7,
        "  - {version: A/3, date: 2025-01-24",
        "  - {version: A/1, date: 2025-01-24",
        "QES141",
        17,
    ),
    (
        DOC7,
        "  - {version: A/3, date: 2025-01-24",
        "  - {version: A/5, date: 2025-01-24",
        "QES142",
        17,
    ),
    (DOC7, "version: A/3\n", "version: A/2\n", "QES144", 6),
    (
        DOC7,
        "  - {version: A/3, date: 2025-01-24",
        "  - {version: A/3, date: 2024-12-01",
        "QES145",
        17,
    ),
    (DOC7, "effective: 2025-01-24", "effective: 2024-01-24", "QES145", 7),
    (
        DOC7,
        "approved_by: 服务中心总经理, meeting: remote}\n  - {version: A/3",
        "approved_by: 服务中心总经理, meeting: onsite}\n  - {version: A/3",
        "QES146",
        16,
    ),
    (DOC7, "pages: 11\n", "pages: 11\nowner: 张三\n", "QES102", 9),
    (DOC7, "title: 备品备件管理规定\n", "", "QES101", 2),
    (DOC7, "pages: 11\n", "pages: eleven\n", "QES105", 8),
    (DOC7, "prepared_by: 质量与安全管理部\n", "", "QES101", 2),
    ("manual/documents/QES-014-2025.md", "category: 质量日常管理", "category: 总纲", "QES113", 4),
    ("manual/toc.md", "| A/3 |", "| A/9 |", "QES150", 16),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "code", "line"),
    CASES,
    ids=[c[3] + "-" + str(i) for i, c in enumerate(CASES)],
)
def test_each_error_reported_with_file_and_line(
    workdir: Path, runner: CliRunner, file: str, old: str, new: str, code: str, line: int
) -> None:
    edit(workdir / file, old, new)
    found = problems(runner)
    hits = [p for p in found if p["code"] == code]
    assert hits, found
    assert any(p["file"] == file and p["line"] == line for p in hits), hits


def test_all_problems_in_one_run(workdir: Path, runner: CliRunner) -> None:
    edit(workdir / DOC7, "category: 预案机制及制度", "category: 杂项")
    edit(
        workdir / "manual/documents/QES-008-2025.md", "number: QES-008-2025", "number: QES-07-2025"
    )
    edit(workdir / "manual/documents/QES-009-2025.md", "pages: 28\n", "pages: 28\ncolour: red\n")
    codes = {p["code"] for p in problems(runner)}
    assert {"QES110", "QES103", "QES102"} <= codes
    text = qes(runner, "check")
    assert text.exit_code == 1
    assert f"{DOC7}:4: QES110 unknown category '杂项'" in text.stdout


def test_empty_history(workdir: Path, runner: CliRunner) -> None:
    path = workdir / DOC7
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("history:\n")
    path.write_text(head + "history: []\n" + rest[rest.index("---") :], encoding="utf-8")
    hits = [p for p in problems(runner) if p["code"] == "QES140"]
    assert hits == [{"file": DOC7, "line": 14, "code": "QES140", "message": hits[0]["message"]}]


def test_toc_missing(workdir: Path, runner: CliRunner) -> None:
    (workdir / "manual/toc.md").unlink()
    assert [p["code"] for p in problems(runner)] == ["QES151"]


def test_broken_yaml_exits_2_with_file_and_line(workdir: Path, runner: CliRunner) -> None:
    edit(workdir / DOC7, "seq: 11\n", "seq: [11\n")
    result = qes(runner, "check")
    assert result.exit_code == 2
    assert f"{DOC7}:" in result.stderr
    assert "invalid YAML" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("---\nnumber", "number", "no YAML front matter"),
        ("seq: 11\n", "seq: 11\nseq: 12\n", "duplicate key 'seq'"),
        ("seq: 11\n", "seq: !!python/object:os.system 11\n", "not allowed"),
        ("title: 备品备件管理规定\n", "title: &t 备品备件管理规定\nx: *t\n", "anchors and aliases"),
    ],
)
def test_unreadable_documents_exit_2(
    workdir: Path, runner: CliRunner, old: str, new: str, message: str
) -> None:
    edit(workdir / DOC7, old, new)
    result = qes(runner, "check")
    assert result.exit_code == 2, result.output
    assert DOC7 in result.stderr and message in result.stderr


def test_non_utf8_exits_2(workdir: Path, runner: CliRunner) -> None:
    (workdir / DOC7).write_bytes("---\ntitle: 备品\n---\n".encode("gbk"))
    result = qes(runner, "check")
    assert result.exit_code == 2
    assert f"{DOC7}:2: not valid UTF-8" in result.stderr


def test_bad_manual_yaml_exits_2(workdir: Path, runner: CliRunner) -> None:
    edit(workdir / "manual/manual.yaml", "front_pages: 5", "front_pages: five")
    result = qes(runner, "check")
    assert result.exit_code == 2
    assert "manual/manual.yaml:" in result.stderr and "front_pages" in result.stderr


def test_no_manual_found(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = qes(runner, "check")
    assert result.exit_code == 2
    assert "no manual found" in result.stderr


def test_manual_option_and_env(
    workdir: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = workdir / "deep" / "er"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert qes(runner, "check").exit_code == 0  # nearest parent holding manual/
    monkeypatch.chdir(workdir.parent)
    assert qes(runner, "--manual", str(workdir / "manual"), "check").exit_code == 0
    monkeypatch.setenv("QES_MANUAL", str(workdir / "manual"))
    assert qes(runner, "check").exit_code == 0


def test_chinese_messages(workdir: Path, runner: CliRunner) -> None:
    assert "未发现问题" in qes(runner, "--lang", "zh", "check").stderr
    assert "未发现问题" in qes(runner, "check", env={"LANG": "zh_CN.UTF-8"}).stderr


def test_markdown_format(workdir: Path, runner: CliRunner) -> None:
    edit(workdir / DOC7, "category: 预案机制及制度", "category: 杂项")
    out = qes(runner, "check", "--format", "md").stdout
    assert out.startswith("| file | line | code | message |")
    assert "| QES110 |" in out
