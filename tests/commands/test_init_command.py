"""qes init: a generic manual in Chinese or English labels, with the organisation's own
categories and roles (SPEC §8)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qes_cli.targets.config import load_targets
from tests.conftest import git
from tests.helpers import qes

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def _no_chinese(where: str, text: str) -> None:
    found = CJK.search(text)
    assert found is None, (
        f"{where}: {found.group()!r} in …{text[max(0, found.start() - 40) : found.end() + 40]}…"
    )


ENGLISH = ["--lang", "en", "--company", "Example Ltd", "--date", "2026-02-01"]


def test_english_manual_has_no_chinese_anywhere(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    outputs = {}
    result = qes(runner, "--lang", "en", "init", "handbook", *ENGLISH)
    assert result.exit_code == 0, result.output
    outputs["init"] = result.output
    root = tmp_path / "handbook"
    files = _files(root)
    assert set(files) == {"manual.yaml", "targets.yaml", "toc.md", "documents/QES-002-2026.md"}
    for name, text in files.items():
        _no_chinese(name, text)
    assert "language: en" in files["manual.yaml"]
    assert files["toc.md"].splitlines()[1:4] == [
        "# Quality Manual — Contents",
        "",
        "| Category | No. | Document number | Version | Title | Start page |",
    ]
    assert "| Policy | 1 | QES-002-2026 | A/1 | Quality policy | p. 4 |" in files["toc.md"]
    for args in (
        ["check"], ["check", "--format", "md"], ["check", "--format", "json"], ["toc"],
        ["toc", "--check"], ["list"], ["list", "--format", "md"], ["list", "--format", "csv"],
        ["list", "--format", "json"], ["show", "QES-002"], ["new", "--title", "Complaints",
        "--category", "Procedures", "--no-commit", "--date", "2026-03-01"],
    ):  # fmt: skip
        result = qes(runner, "--lang", "en", "--manual", "handbook", *args)
        assert result.exit_code == 0, (args, result.output)
        outputs[" ".join(args)] = result.output
    site = qes(runner, "--lang", "en", "--manual", "handbook", "build", "--out", "site")
    assert site.exit_code == 0, site.output
    outputs["build"] = site.output
    for name, text in [*outputs.items(), *_files(root).items(), *_files(tmp_path / "site").items()]:
        _no_chinese(name, text)
    page = (tmp_path / "site/QES-002-2026.html").read_text(encoding="utf-8")
    assert "<th>Effective date</th><td>2026-02-01</td>" in page and '<html lang="en">' in page
    assert "reason: First issue" in (root / "documents/QES-003-2026.md").read_text()
    # dates in generated files are ISO, never 2026 年 02 月 01 日
    assert "effective: 2026-02-01" in files["manual.yaml"]


def test_options_are_written_and_the_manual_is_valid(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = qes(
        runner, "init", "m", "--lang", "en", "--prefix", "QM", "--company", "Acme: Widgets",
        "--title", "Acme Quality Manual", "--category", "Policy", "--category", "Sales: orders",
        "--category", "Production", "--reviewer", "Head of Quality", "--approver", "CEO",
        "--date", "2026-02-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    meta = (tmp_path / "m/manual.yaml").read_text(encoding="utf-8")
    for line in ("number: QM-001-2026", "title: Acme Quality Manual", 'company: "Acme: Widgets"',
                 "prefix: QM", "language: en", "  - Policy", '  - "Sales: orders"',
                 "  - Production", "reviewer: Head of Quality", "approver: CEO"):  # fmt: skip
        assert line in meta.splitlines(), line
    doc = (tmp_path / "m/documents/QM-002-2026.md").read_text(encoding="utf-8")
    assert "reviewed_by: Head of Quality" in doc and "approved_by: CEO" in doc
    assert qes(runner, "--manual", "m", "check").exit_code == 0
    assert qes(runner, "--manual", "m", "toc", "--check").exit_code == 0
    # the printed next step works (git init, commit, check), and the manual releases
    git(tmp_path / "m", "init", "-q", "-b", "main")
    git(tmp_path / "m", "add", "-A")
    git(tmp_path / "m", "commit", "-q", "-m", "manual")
    new = qes(runner, "--manual", "m", "new", "--title", "Order handling", "--category",
              "Sales: orders", "--date", "2026-03-01")  # fmt: skip
    assert new.exit_code == 0, new.output
    assert "QM-003-2026 A/1 (V1.0) Order handling: seq 2" in new.stdout


def test_chinese_defaults_are_generic(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert qes(runner, "init", "--date", "2026-02-01").exit_code == 0
    files = _files(tmp_path / "manual")
    meta = files["manual.yaml"]
    assert "language: zh" in meta and "title: 质量手册" in meta
    assert re.findall(r"(?m)^  - (.+)$", meta) == ["总纲", "组织与职责", "制度", "作业指导"]
    assert "reviewer: 质量负责人" in meta and "approver: 总经理" in meta
    assert "# 质量手册目录" in files["toc.md"] and "第4页" in files["toc.md"]
    assert "reason: 首次发布" in files["documents/QES-002-2026.md"]
    for text in files.values():  # nothing of the seed company
        assert "服务中心" not in text and "华为" not in text and "天宽" not in text
    assert qes(runner, "check").exit_code == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_targets_file_is_valid_with_commented_custom_examples(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert qes(runner, "init", "--lang", lang).exit_code == 0
    path = tmp_path / "manual/targets.yaml"
    targets = load_targets(path)
    assert [t.id for t in targets] == ["no-major-quality-accident"]
    text = path.read_text(encoding="utf-8")
    comments = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    for word in ("record:", "measure: count", "measure: ratio", "measure: monthly-min",
                 "measure: annual-mean", "op:", "threshold:"):  # fmt: skip
        assert word in comments
    assert "huawei" not in text.lower() and "华为" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--category", "A", "--category", "A"], "each category once"),
        (["--reviewer", "Boss", "--approver", "Boss"], "two different roles"),
        (["--prefix", "q-1"], "--prefix must be upper-case"),
        (["--lang", "fr"], "Invalid value"),
        (["--category", " "], "--category must not be empty"),
    ],
)
def test_refusals_create_nothing(
    tmp_path: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = qes(runner, "init", "m", *args)
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "m").exists()


def test_the_commented_custom_targets_of_a_new_manual_load(
    tmp_path: Path, runner: CliRunner
) -> None:
    import re

    from qes_cli.targets.config import load_targets

    for lang in ("en", "zh"):
        folder = tmp_path / f"m-{lang}"
        assert qes(runner, "init", str(folder), "--lang", lang).exit_code == 0
        text = (folder / "targets.yaml").read_text(encoding="utf-8")
        examples = re.sub(r"^#(  - id:|    )", r"\1", text, flags=re.M)
        (folder / "targets.yaml").write_text(examples, encoding="utf-8")
        ids = [t.id for t in load_targets(folder / "targets.yaml")]
        assert "quality-incidents-general" in ids and "qa-spot-check-40" in ids
