"""qes report: the 服务质量简报 as one self-contained HTML page with inline SVG charts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.commands.test_build_command import CHROMIUM, _screenshot
from tests.conftest import BUNDLED
from tests.helpers import qes

SAMPLE = BUNDLED / "data/sample-2025.csv"


def report(runner: CliRunner, out: Path, *args: str, code: int = 1) -> str:
    result = qes(runner, "report", *args, "--out", str(out))
    assert result.exit_code == code, result.output
    assert "briefing written to" in result.stdout
    return (out / "report.html").read_text(encoding="utf-8")


def test_sample_briefing(workdir: Path, runner: CliRunner) -> None:
    html = report(runner, workdir / "out", str(SAMPLE))  # exit 1: the sample misses targets
    assert html.startswith("<!DOCTYPE html>") and "服务质量简报 · 2025年度" in html
    assert "数据：1 个文件，287 条记录" in html
    # self-contained: no script, nothing loaded from anywhere
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert html.count("<svg") == 2 + 4 + 4  # satisfaction, QA/QC; four domains; four per branch
    for label in (
        "月度目标 85%",
        "年度目标 95%",
        "年度上限 5 起",
        "年度上限 2 起",
        "QA 目标 30%",
        "QC 目标 80%",
    ):
        assert label in html, label
    for business in ("华为ASP服务业务", "自研服务业务", "运营服务业务", "海外服务业务"):
        assert business in html
    assert "年度一般EHS安全事件≤5起" in html and 'class="missed"' in html
    assert "manual/data/sample-2025.csv:6 2025-01-07 EHS 三级 上海" in html  # the incidents named
    assert "服务研究院" in html  # per branch


def test_report_year_and_no_branches(workdir: Path, runner: CliRunner) -> None:
    data = workdir / "two-years.csv"
    data.write_text(
        "date,record,business,value,role,checked,total\n"
        "2024-05-01,satisfaction,operations,97,,,\n"
        "2025-05-01,satisfaction,operations,99,,,\n"
        "2025-05-01,inspection,,,qa,4,10\n",
        encoding="utf-8",
    )
    html = report(runner, workdir / "o1", str(data))  # default: the latest year
    assert "2025年度" in html and "2024年度" not in html
    assert "分支机构" not in html  # no branch column: no branch charts
    html = report(runner, workdir / "o2", str(data), "--year", "2024")
    assert "2024年度" in html
    result = qes(runner, "report", str(data), "--year", "2020", "--out", str(workdir / "o3"))
    assert result.exit_code == 2 and "no rows in 2020: the data holds 2024, 2025" in result.stderr
    assert not (workdir / "o3").exists()  # a failed command writes nothing


def test_data_is_escaped(workdir: Path, runner: CliRunner) -> None:
    data = workdir / "evil.csv"
    data.write_text(
        "date,record,business,value,branch\n2025-01-01,satisfaction,overseas,96,<script>alert(1)</script>\n",
        encoding="utf-8",
    )
    html = report(runner, workdir / "o", str(data))
    assert "<script" not in html and "&lt;script&gt;" in html


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_chromium_renders_the_briefing(workdir: Path, runner: CliRunner, tmp_path: Path) -> None:
    from PIL import Image

    report(runner, workdir / "out", str(SAMPLE))
    shot = tmp_path / "report.png"
    _screenshot((workdir / "out/report.html").as_uri(), shot, tmp_path / "profile", "1280,2600")
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 2600)
    colours = image.getcolors(1 << 24) or []

    def near(rgb: tuple[int, int, int], tol: int = 40) -> int:
        return sum(
            n for n, c in colours if all(abs(a - b) <= tol for a, b in zip(c, rgb, strict=True))
        )

    assert near((0x1F, 0x6F, 0xB2)) > 5000, "no blue chart ink (lines, bars)"  # series 1
    assert near((0xE0, 0x7B, 0x00)) > 3000, "no orange chart ink"  # series 2, QC bars
    assert near((0xC0, 0x39, 0x2B), 30) > 200, "no red (missed status, target lines)"
    white = near((255, 255, 255), 3)
    assert white < 0.97 * 1280 * 2600, "the page is blank"


def test_help_mentions_no_network(runner: CliRunner) -> None:
    result = qes(runner, "report", "--help")
    assert result.exit_code == 0 and "No script and nothing fetched" in result.stdout
