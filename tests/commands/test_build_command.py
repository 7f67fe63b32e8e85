"""qes build: golden HTML, escaping, print CSS, and a real headless-Chromium screenshot."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import GOLDEN
from tests.helpers import qes

CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)


def build(runner: CliRunner, out: Path) -> None:
    result = qes(runner, "build", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "24 files written" in result.stdout


@pytest.mark.parametrize(
    "page",
    ["index.html", "QES-001-2025.html", "quality-roles.html", "routine-quality-actions.html"],
)
def test_golden_pages(workdir: Path, runner: CliRunner, page: str) -> None:
    build(runner, workdir / "site")
    assert (workdir / "site" / page).read_text(encoding="utf-8") == (
        GOLDEN / "site" / page
    ).read_text(encoding="utf-8")


def test_default_out_is_beside_the_manual(workdir: Path, runner: CliRunner) -> None:
    assert qes(runner, "build").exit_code == 0
    assert (workdir / "site/index.html").is_file() and (workdir / "site/style.css").is_file()


def test_header_block_and_links(workdir: Path, runner: CliRunner) -> None:
    build(runner, workdir / "site")
    index = (workdir / "site/index.html").read_text(encoding="utf-8")
    assert '<a href="QES-007-2025.html">备品备件管理规定</a>' in index
    page = (workdir / "site/QES-001-2025.html").read_text(encoding="utf-8")
    for label in ("文件名称", "文件编号", "版本/次", "实施日期", "编制", "审核", "批准"):
        assert f"<th>{label}</th>" in page or f'<th rowspan="3">{label}</th>' in page
    assert "<td>2025 年 01 月 24 日</td>" in page and "<td>卢晓飞</td>" in page
    section = (workdir / "site/quality-organization.html").read_text(encoding="utf-8")
    assert "<td>QES-001-2025</td>" in section  # a section prints under its parent's block
    assert "<table>" in section and "<td>郑永翔</td>" in section  # Markdown tables rendered
    css = (workdir / "site/style.css").read_text(encoding="utf-8")
    assert "@media print" in css and "table-header-group" in css


def test_titles_and_bodies_are_escaped(workdir: Path, runner: CliRunner) -> None:
    doc = workdir / "manual/documents/QES-014-2025.md"
    text = doc.read_text(encoding="utf-8").replace(
        "title: 服务人员日常行为规范", 'title: "<script>alert(1)</script>"'
    )
    doc.write_text(
        text + '\n<img src=x onerror="alert(2)">\n\n[x](javascript:alert(3))\n', encoding="utf-8"
    )
    assert qes(runner, "toc").exit_code == 0
    build(runner, workdir / "site")
    page = (workdir / "site/QES-014-2025.html").read_text(encoding="utf-8")
    index = (workdir / "site/index.html").read_text(encoding="utf-8")
    for html in (page, index):
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    search = (workdir / "site/search.js").read_text(encoding="utf-8")
    assert "</script>" not in search and "<\\/script>" in search
    assert "<img" not in page and "&lt;img" in page
    assert 'href="javascript:' not in page


def test_invalid_manual_builds_nothing(workdir: Path, runner: CliRunner) -> None:
    doc = workdir / "manual/documents/QES-014-2025.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("pages: 12", "pages: 0"), encoding="utf-8"
    )
    result = qes(runner, "build", "--out", str(workdir / "site"))
    assert result.exit_code == 2 and not (workdir / "site").exists()


def _screenshot(url: str, png: Path, profile: Path, size: str = "1100,1400") -> None:
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--hide-scrollbars", f"--window-size={size}",
         f"--screenshot={png}", url],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_chromium_renders_header_block_and_chinese(
    workdir: Path, runner: CliRunner, tmp_path: Path
) -> None:
    from PIL import Image, ImageChops

    build(runner, workdir / "site")
    shot = tmp_path / "qes-001.png"
    _screenshot((workdir / "site/QES-001-2025.html").as_uri(), shot, tmp_path / "profile")
    image = Image.open(shot).convert("L")
    assert image.size == (1100, 1400)
    # the header block: a bordered table near the top — its row of dark border pixels
    header = image.crop((40, 40, 1060, 260))
    dark = sum(header.histogram()[:100])
    assert dark > 3000, dark
    # CJK glyphs, not tofu: two different characters must render differently
    glyphs = []
    for i, char in enumerate("质量"):
        page = tmp_path / f"glyph{i}.html"
        page.write_text(
            f'<html><body style="margin:0;font-size:300px;font-family:sans-serif">{char}</body></html>',
            encoding="utf-8",
        )
        png = tmp_path / f"glyph{i}.png"
        _screenshot(page.as_uri(), png, tmp_path / f"profile{i}", "400,400")
        glyphs.append(Image.open(png).convert("L"))
    assert ImageChops.difference(glyphs[0], glyphs[1]).getbbox() is not None, (
        "CJK characters render as identical boxes"
    )
    ink = sum(glyphs[0].histogram()[:128])
    assert ink > 2000, ink


def test_progress_is_reported_per_page(workdir: Path) -> None:
    from qes_cli.commands.build import build_site
    from qes_cli.store.loader import load_valid_manual

    seen: list[tuple[int, int]] = []
    build_site(
        load_valid_manual(workdir / "manual"),
        workdir / "out",
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(i, 20) for i in range(1, 21)]
