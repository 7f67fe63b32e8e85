"""qes import: Word and Markdown documents brought into a manual in one commit (SPEC §8)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import git, snapshot
from tests.docx_factory import plain_docx, sample_docx
from tests.helpers import qes

DOCS = Path("manual/documents")


def _import(runner: CliRunner, *args: str) -> str:
    result = qes(runner, "import", *args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def _front(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[0]


def _clean(runner: CliRunner) -> None:
    assert qes(runner, "check").exit_code == 0, qes(runner, "check").output
    assert qes(runner, "toc", "--check").exit_code == 0


def test_word_document_is_converted_with_its_image(repo: Path, runner: CliRunner) -> None:
    source = sample_docx(repo / "客户投诉处理规范.docx")
    head = git(repo, "rev-parse", "HEAD")
    out = _import(runner, str(source), "--category", "预案机制及制度", "--date", "2025-06-01")
    assert "QES-016-2025 A/1 客户投诉处理规范 (title from heading)" in out
    assert "1 image(s) in manual/documents/QES-016-2025" in out
    doc = repo / DOCS / "QES-016-2025.md"
    text = doc.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    # the title heading is the document's own, not written twice
    assert body.startswith("# 客户投诉处理规范\n\n本规范适用于**所有区域**的*客户投诉*处理，")
    assert body.count("# 客户投诉处理规范") == 1
    assert "***重大投诉***" in body
    assert "## 1. 职责\n\n- 质量经理\n  - 受理投诉\n  - 跟踪闭环\n- 质检工程师\n" in body
    assert "1. 登记\n2. 分析原因\n   1. 二级步骤\n3. 回访\n" in body
    assert "- top A\n  - child A1\n    - grandchild\n- top B\n" in body
    assert "1. step 1\n   1. step 1.1\n2. step 2" in body
    assert "| 等级 | 响应 | 闭环 |\n| --- | --- | --- |\n| 一级 | 2 小时 | 24 小时 |" in body
    assert "| 二级 | 4 \\| 8 小时 | 3 天 |" in body  # a | in a cell stays text
    assert "![](QES-016-2025/image1.png)" in body
    image = repo / DOCS / "QES-016-2025" / "image1.png"
    assert image.read_bytes().startswith(b"\x89PNG")
    front = _front(doc)
    assert "version: A/1" in front and "effective: 2025-06-01" in front
    assert "kind: initial, reason: 导入（纸面审批）" in front
    assert "reviewed_by: 服务中心总经理助理" in front and "approved_by: 服务中心总经理" in front
    # one commit holding the document, its image and the TOC (and the shifted seq of later
    # entries), one tag
    assert git(repo, "rev-list", "--count", f"{head.strip()}..HEAD").strip() == "1"
    files = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert "manual/documents/QES-016-2025.md" in files
    assert "manual/documents/QES-016-2025/image1.png" in files and "manual/toc.md" in files
    assert git(repo, "tag", "--points-at", "HEAD").split() == ["QES-016-2025/A/1"]
    assert git(repo, "status", "--porcelain", "manual").strip() == ""
    _clean(runner)
    row = next(
        r
        for r in json.loads(qes(runner, "list", "--format", "json").stdout)
        if r["number"] == "QES-016-2025"
    )
    assert row["category"] == "预案机制及制度" and row["seq"] == 18  # last of its category


def test_markdown_with_and_without_front_matter(repo: Path, runner: CliRunner) -> None:
    old = repo / "old"
    old.mkdir()
    (old / "a.md").write_text(
        "---\ntitle: 投诉分级规则\ncategory: 组织架构\npages: 4\n---\n\n## 适用范围\n\n全部区域。\n",
        encoding="utf-8",
    )
    (old / "b.md").write_text("# 值班制度\r\n\r\n每日值班。\r\n", encoding="utf-8")
    out = _import(runner, str(old / "a.md"), str(old / "b.md"), "--date", "2025-03-01",
                  "--category", "总纲")  # fmt: skip
    assert "QES-016-2025 A/1 投诉分级规则 (title from front matter)" in out
    assert "QES-017-2025 A/1 值班制度 (title from heading)" in out
    a = (repo / DOCS / "QES-016-2025.md").read_text(encoding="utf-8")
    # the title heading is written above a body that has none, once
    assert a.endswith("---\n# 投诉分级规则\n\n## 适用范围\n\n全部区域。\n")
    assert "pages: 4" in a and "category: 总纲" in a  # the option wins over the front matter
    b = (repo / DOCS / "QES-017-2025.md").read_bytes()
    assert b.endswith("---\n# 值班制度\n\n每日值班。\n".encode()) and b"\r" not in b
    _clean(runner)


def test_a_folder_imports_every_file_in_name_order(repo: Path, runner: CliRunner) -> None:
    old = repo / "legacy"
    old.mkdir()
    (old / "2-second.md").write_text("# Second\n", encoding="utf-8")
    (old / "10-third.md").write_text("# Third\n", encoding="utf-8")
    sample_docx(old / "1-first.docx", heading="First")
    (old / "notes.txt").write_text("not a document\n", encoding="utf-8")
    (old / "~$1-first.docx").write_bytes(b"Word's lock file")
    head = git(repo, "rev-parse", "HEAD").strip()
    out = _import(runner, str(old), "--category", "质量日常管理", "--date", "2025-02-01")
    created = re.findall(r"from legacy/(\S+):", out)
    assert created == ["1-first.docx", "10-third.md", "2-second.md"]
    assert re.findall(r"QES-0(\d\d)-2025 A/1", out) == ["16", "17", "18"]
    assert git(repo, "rev-list", "--count", f"{head}..HEAD").strip() == "1"
    assert sorted(git(repo, "tag", "--points-at", "HEAD").split()) == [
        "QES-016-2025/A/1", "QES-017-2025/A/1", "QES-018-2025/A/1",
    ]  # fmt: skip
    rows = json.loads(qes(runner, "list", "--format", "json").stdout)
    assert [r["title"] for r in rows[-3:]] == ["First", "Third", "Second"]
    assert [r["seq"] for r in rows[-3:]] == [21, 22, 23]
    _clean(runner)


def test_broken_files_are_refused_together_and_nothing_is_written(
    repo: Path, runner: CliRunner
) -> None:
    old = repo / "old"
    old.mkdir()
    (old / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    (old / "fields.md").write_text(
        "---\ntitle: x\nowner: 张三\nversion: A-1\n---\nbody\n", encoding="utf-8"
    )
    (old / "taken.md").write_text("---\nnumber: QES-007-2024\n---\n# Taken\n", encoding="utf-8")
    (old / "seq.md").write_text("---\nseq: 3\n---\n# With seq\n", encoding="utf-8")
    (old / "category.md").write_text("---\ncategory: 天气\n---\n# Weather\n", encoding="utf-8")
    (old / "yaml.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    (old / "gbk.md").write_bytes("# 旧编码\n".encode("gb18030"))  # read as GBK: fine
    (old / "title.md").write_text("# 备品备件管理规定\n", encoding="utf-8")  # QES-007's title
    before = snapshot(repo)
    result = qes(runner, "import", str(old), "--category", "总纲", "--date", "2025-01-01")
    assert result.exit_code == 2, result.output
    err = result.stderr
    assert "old/broken.docx: not a Word .docx file" in err
    assert "old/fields.md:3: QES102 unknown field 'owner'" in err
    assert "old/fields.md:4: QES120" in err
    assert "old/taken.md:2: serial QES-007 of QES-007-2024 is already used by" in err
    assert "old/seq.md:2: 'seq' is set by qes import" in err
    assert "old/yaml.md:3: invalid YAML" in err
    assert (
        "old/title.md: '备品备件管理规定' is already the title of manual/documents/QES-007" in err
    )
    assert "Traceback" not in result.output
    assert snapshot(repo) == before
    # an unknown category is named with the categories there are
    (old / "category.md").rename(repo / "category.md")
    result = qes(runner, "import", str(repo / "category.md"))
    assert result.exit_code == 2
    assert "category.md:2: unknown category '天气' (known: 总纲, 组织架构" in result.stderr
    moved = {k: v for k, v in before.items() if k != "old/category.md"}
    assert snapshot(repo) == {**moved, "category.md": (repo / "category.md").read_bytes()}


@pytest.mark.parametrize(
    "args",
    [
        ["missing.md"],
        ["old.doc"],
        ["two"],  # --number with two files
    ],
)
def test_bad_paths_and_options(repo: Path, runner: CliRunner, args: list[str]) -> None:
    (repo / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (repo / "two").mkdir()
    (repo / "two" / "a.md").write_text("# A\n", encoding="utf-8")
    (repo / "two" / "b.md").write_text("# B\n", encoding="utf-8")
    before = snapshot(repo)
    result = qes(runner, "import", *args, "--category", "总纲", "--number", "QES-050-2020")
    assert result.exit_code == 2 and result.stderr.startswith("error: ")
    assert snapshot(repo) == before


def test_word_document_that_unpacks_too_large_is_refused(repo: Path, runner: CliRunner) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" + b" " * (41 * 1024 * 1024))
    (repo / "bomb.docx").write_bytes(buffer.getvalue())
    result = qes(runner, "import", "bomb.docx", "--category", "总纲")
    assert result.exit_code == 2
    assert "bomb.docx: the Word document unpacks to more than qes reads" in result.stderr


def test_legacy_number_and_version_are_kept(repo: Path, runner: CliRunner) -> None:
    (repo / "qp07.md").write_text(
        "---\nnumber: QES-042-2019\nversion: B/2\neffective: 2023-09-01\n---\n# 旧规范\n",
        encoding="utf-8",
    )
    out = _import(runner, "qp07.md", "--category", "组织架构")
    assert "QES-042-2019 B/2 旧规范" in out and "in force from 2023-09-01" in out
    front = _front(repo / DOCS / "QES-042-2019.md")
    assert "version: B/2" in front and "effective: 2023-09-01" in front
    assert "{version: B/2, date: 2023-09-01, kind: initial" in front
    assert git(repo, "tag", "--points-at", "HEAD").split() == ["QES-042-2019/B/2"]
    # by option; the next free serial comes after the legacy one
    plain_docx(repo / "x.docx", "text")
    _import(runner, "x.docx", "--category", "总纲", "--number", "QES-100-2018", "--version", "C/4",
            "--date", "2024-01-01")  # fmt: skip
    assert "version: C/4" in _front(repo / DOCS / "QES-100-2018.md")
    (repo / "y.md").write_text("# Y\n", encoding="utf-8")
    out = _import(runner, "y.md", "--category", "总纲", "--date", "2024-02-01")
    assert "QES-101-2024 A/1 Y" in out
    _clean(runner)
    show = json.loads(qes(runner, "show", "QES-100", "--format", "json").stdout)
    assert show["version"] == "C/4" and show["history"][0]["kind"] == "initial"


@pytest.mark.parametrize(
    ("make", "title", "source"),
    [
        (
            lambda p: p.write_text("---\ntitle: 来自文件头\n---\n# 来自标题\n"),
            "来自文件头",
            "front matter",
        ),
        (lambda p: p.write_text("正文\n\n## 来自标题\n"), "来自标题", "heading"),
        (lambda p: plain_docx(p, "正文", core_title="来自属性"), "来自属性", "document title"),
        (lambda p: plain_docx(p, "正文"), "my notes", "file name"),
    ],
)
def test_title_rules(repo: Path, runner: CliRunner, make, title: str, source: str) -> None:  # type: ignore[no-untyped-def]
    path = repo / ("my_notes.docx" if source in ("document title", "file name") else "my_notes.md")
    make(path)
    out = _import(runner, str(path), "--category", "总纲", "--date", "2025-01-01")
    assert f"QES-016-2025 A/1 {title} (title from {source})" in out
    text = (repo / DOCS / "QES-016-2025.md").read_text(encoding="utf-8")
    assert f"title: {title}" in text and len(re.findall(f"(?m)^# {title}$", text)) == 1


def test_dry_run_writes_nothing(repo: Path, runner: CliRunner) -> None:
    sample_docx(repo / "a.docx")
    before = snapshot(repo)
    result = qes(runner, "import", "a.docx", "--category", "总纲", "--dry-run")
    assert result.exit_code == 0
    assert "would create manual/documents/QES-016-" in result.stdout
    assert "dry run: nothing written" in result.stdout
    assert snapshot(repo) == before


def test_approved_on_paper_before_controlled_since(controlled: Path, runner: CliRunner) -> None:
    (controlled / "a.md").write_text("# 旧制度\n", encoding="utf-8")
    before = snapshot(controlled)
    refused = qes(runner, "import", "a.md", "--category", "总纲", "--date", "2026-02-01")
    assert refused.exit_code == 2 and "approval: required since 2026-01-01" in refused.stderr
    assert snapshot(controlled) == before
    _import(runner, "a.md", "--category", "总纲", "--date", "2025-06-01")
    result = qes(runner, "check")
    assert result.exit_code == 0, result.output  # no QES161: signed on paper


def test_stray_files_in_documents_say_how_to_import_them(repo: Path, runner: CliRunner) -> None:
    sample_docx(repo / DOCS / "投诉.docx")
    (repo / DOCS / "notes.md").write_text("# Notes\n\ntext\n", encoding="utf-8")
    result = qes(runner, "check")
    assert result.exit_code == 2
    assert "qes import manual/documents/投诉.docx" in result.stderr
    assert "manual/documents/notes.md:1: no YAML front matter" in result.stderr
    assert "qes import manual/documents/notes.md" in result.stderr
    zh = qes(runner, "--lang", "zh", "check")
    assert "请用 `qes import manual/documents/投诉.docx` 导入" in zh.stderr
    out = _import(runner, str(DOCS / "投诉.docx"), str(DOCS / "notes.md"),
                  "--category", "总纲", "--date", "2025-01-01")  # fmt: skip
    assert "manual/documents/投诉.docx is replaced by its import" in out
    assert not (repo / DOCS / "投诉.docx").exists() and not (repo / DOCS / "notes.md").exists()
    assert git(repo, "status", "--porcelain").strip() == ""
    _clean(runner)


def test_english_manual_and_chinese_messages(repo: Path, runner: CliRunner) -> None:
    meta = repo / "manual/manual.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    assert qes(runner, "toc").exit_code == 0
    git(repo, "commit", "-qam", "English labels")
    (repo / "a.md").write_text("# Handling complaints\n", encoding="utf-8")
    _import(runner, "a.md", "--category", "总纲", "--date", "2025-01-01")
    front = _front(repo / DOCS / "QES-016-2025.md")
    assert "reason: imported (approved on paper)" in front
    zh = qes(runner, "--lang", "zh", "import", "missing.md", "--category", "总纲")
    assert zh.exit_code == 2 and "missing.md: 文件或文件夹不存在" in zh.stderr


@pytest.mark.parametrize(
    "step", ["start", "wrote image1.png", "wrote 投诉.md", "wrote toc.md", "committed", "tagged"]
)
def test_killed_import_is_finished_or_undone(repo: Path, step: str) -> None:
    import os
    import subprocess
    import sys

    def run(*args: str, fault: str | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, **({"QES_FAULT_AT": fault} if fault else {})}
        return subprocess.run([sys.executable, "-m", "qes_cli", *args], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip

    sample_docx(repo / "a.docx")
    (repo / DOCS / "投诉.md").write_text("# 投诉\n", encoding="utf-8")  # a stray file, replaced
    before = snapshot(repo)
    killed = run("import", "a.docx", str(DOCS / "投诉.md"), "--category", "总纲",
                 "--date", "2025-01-01", fault=step)  # fmt: skip
    assert killed.returncode == -9
    # the next writer finishes or undoes it (then, undone, refuses the stray file again)
    recovered = run("toc")
    assert not (repo / "manual/.qes-journal.json").exists()
    tags = git(repo, "tag", "-l").split()
    if step in ("committed", "tagged"):
        assert recovered.returncode == 0, recovered.stderr
        assert tags == ["QES-016-2025/A/1", "QES-017-2025/A/1"]
        assert git(repo, "status", "--porcelain").strip() == "?? a.docx"
        assert not (repo / DOCS / "投诉.md").exists()
        assert run("check").returncode == 0
    else:
        assert (
            recovered.returncode == 2 and "qes import manual/documents/投诉.md" in recovered.stderr
        )
        assert tags == []
        after = snapshot(repo)
        assert {k: v for k, v in after.items() if not k.startswith(".git/")} == {
            k: v for k, v in before.items() if not k.startswith(".git/")
        }
        assert after[".git/index (entries)"] == before[".git/index (entries)"]


def test_an_unnumbered_entry(repo: Path, runner: CliRunner) -> None:
    (repo / "duty-roster.md").write_text("---\nnumber: N/A\n---\n# 值班表\n", encoding="utf-8")
    out = _import(runner, "duty-roster.md", "--category", "质量日常管理", "--date", "2025-01-01")
    assert "created manual/documents/duty-roster.md" in out and "N/A / 值班表" in out
    front = _front(repo / DOCS / "duty-roster.md")
    assert "version: /" in front and "history" not in front and "reviewed_by" not in front
    assert git(repo, "tag", "--points-at", "HEAD").strip() == ""
    _clean(runner)
    (repo / "duty roster.md").write_text("---\nnumber: N/A\n---\n# 又一个\n", encoding="utf-8")
    again = qes(runner, "import", "duty roster.md", "--category", "总纲")
    assert again.exit_code == 2 and "documents/duty-roster.md already exists" in again.stderr
