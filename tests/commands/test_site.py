"""The HTML site under document control (SPEC §5, §6, §7): the text in force while a draft is
open, states, revision history, retired pages, learning per region, recent changes, and a
full-text search that works offline (tried in headless Chromium)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.commands.test_build_command import CHROMIUM
from tests.commands.test_control_commands import APPROVER, DOC, MANAGER, REVIEWER, as_, open_draft
from tests.conftest import git
from tests.helpers import qes

NOW = "2026-04-01T10:00:00+08:00"


def build(root: Path, runner: CliRunner) -> Path:
    r = qes(runner, "build", "--out", str(root / "site"), env={"QES_NOW": NOW})
    assert r.exit_code == 0, r.output
    return root / "site"


def release_a4(root: Path, runner: CliRunner) -> None:
    open_draft(root, runner)
    with (root / DOC).open("a", encoding="utf-8") as fh:
        fh.write("\nIN-FORCE-TEXT-A4\n")
    assert as_(runner, REVIEWER, "review", "QES-007").exit_code == 0  # type: ignore[attr-defined]
    assert as_(runner, APPROVER, "approve", "QES-007").exit_code == 0  # type: ignore[attr-defined]


def test_a_drafts_text_never_appears_as_the_version_in_force(
    controlled: Path, runner: CliRunner
) -> None:
    release_a4(controlled, runner)
    r = as_(
        runner, MANAGER, "bump", "QES-007", "--minor", "--reason", "再修订", "--date", "2026-03-20"
    )
    assert r.exit_code == 0  # type: ignore[attr-defined]
    with (controlled / DOC).open("a", encoding="utf-8") as fh:
        fh.write("\nDRAFT-ONLY-TEXT\n")
    git(controlled, "commit", "-qam", "draft edit")
    with (controlled / DOC).open("a", encoding="utf-8") as fh:
        fh.write("\nUNCOMMITTED-DRAFT-TEXT\n")
    page = (build(controlled, runner) / "QES-007-2025.html").read_text(encoding="utf-8")
    assert "IN-FORCE-TEXT-A4" in page
    assert "DRAFT-ONLY-TEXT" not in page and "UNCOMMITTED-DRAFT-TEXT" not in page
    assert "<td>A/4</td>" in page and "修订中：A/5（草稿）" in page
    search = (controlled / "site/search.js").read_text(encoding="utf-8")
    assert "DRAFT-ONLY-TEXT" not in search and "IN-FORCE-TEXT-A4" in search


def test_first_draft_of_an_imported_version_shows_the_committed_text(
    controlled: Path, runner: CliRunner
) -> None:
    open_draft(controlled, runner)
    with (controlled / DOC).open("a", encoding="utf-8") as fh:
        fh.write("\nDRAFT-ONLY-TEXT\n")
    page = (build(controlled, runner) / "QES-007-2025.html").read_text(encoding="utf-8")
    assert "DRAFT-ONLY-TEXT" not in page and "本文件正文尚未转录" in page


def test_history_status_learning_and_retired_pages(controlled: Path, runner: CliRunner) -> None:
    release_a4(controlled, runner)
    assert as_(runner, MANAGER, "ack", "QES-007", "--date", "2026-03-02").exit_code == 0  # type: ignore[attr-defined]
    for who, args in ((MANAGER, ["retire", "QES-012", "--reason", "并入 QES-004", "--date", "2026-03-10"]),
                      (REVIEWER, ["review", "QES-012"]), (APPROVER, ["approve", "QES-012"])):  # fmt: skip
        assert as_(runner, who, *args).exit_code == 0  # type: ignore[attr-defined]
    site = build(controlled, runner)
    page = (site / "QES-007-2025.html").read_text(encoding="utf-8")
    assert "<h2>修订历史</h2>" in page and "<td>A/4</td><td>V1.3</td>" in page
    assert "服务中心总经理（来源手册未载明姓名）" in page  # approver by name
    assert "已学习：浙江（2026-03-02）" in page and "尚未学习：" in page
    assert '<span class="state">现行</span>' in page
    retired = (site / "QES-012-2025.html").read_text(encoding="utf-8")
    assert '<p class="stamp obsolete">作废' in retired
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "已作废文件" in index and "QES-012-2025 工时系统2.0履行管理规范" in index
    changes = (site / "changes.html").read_text(encoding="utf-8")
    assert changes.index("QES-012-2025") < changes.index("QES-007-2025")  # newest first


def test_the_site_loads_nothing_from_the_network(workdir: Path, runner: CliRunner) -> None:
    site = build(workdir, runner)
    for page in site.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "//cdn" not in text


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_search_works_offline_in_chromium(workdir: Path, runner: CliRunner, tmp_path: Path) -> None:
    site = build(workdir, runner)
    assert CHROMIUM is not None
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         (site / "index.html").as_uri() + "?q=%E5%8F%8C%E4%BA%BA"],  # 双人? not in the text
        capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    assert '<ol id="hits"><li>没有找到' in dom
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile2'}", "--dump-dom",
         (site / "index.html").as_uri() + "?q=%E8%B4%A8%E9%87%8F%E7%BB%8F%E7%90%86%E7%94%BB%E5%83%8F"],  # 质量经理画像
        capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    hits = dom.split('<ol id="hits">', 1)[1].split("</ol>", 1)[0]
    assert 'href="quality-organization.html"' in hits and "snippet" in hits
