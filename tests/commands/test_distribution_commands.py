"""SPEC §6: the change notice, regional acknowledgements and the training status, on the
bundled manual under control with several quality managers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.commands.test_control_commands import APPROVER, REVIEWER
from tests.conftest import GOLDEN, git, snapshot
from tests.helpers import qes

WANG = "wang.yan@tiankuan.example"  # 浙江
ZHENG = "zheng.yongxiang@tiankuan.example"  # 上海
CHAIR = "lu.xiaofei@tiankuan.example"  # 董事长, not a quality manager


def at(runner: CliRunner, email: str, when: str, *args: str) -> object:
    return qes(runner, *args, env={"GIT_AUTHOR_EMAIL": email, "QES_NOW": when})


def released(root: Path, runner: CliRunner) -> None:
    """QES-007 A/4 (minor, 2026-03-02) and QES-004 B/1 (major, 2026-03-10), QES-012 retired."""
    for doc, args, day in (("QES-007", ["--minor"], "2026-03-02"),
                           ("QES-004", ["--processes", "6"], "2026-03-10")):  # fmt: skip
        when = f"{day}T09:00:00+08:00"
        r = at(runner, WANG, when, "bump", doc, *args, "--reason", f"{doc} 修订", "--date", day)
        assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
        assert at(runner, REVIEWER, when, "review", doc).exit_code == 0  # type: ignore[attr-defined]
        assert at(runner, APPROVER, when, "approve", doc).exit_code == 0  # type: ignore[attr-defined]
    when = "2026-03-20T09:00:00+08:00"
    assert at(runner, WANG, when, "retire", "QES-012", "--reason", "并入 QES-004",
              "--date", "2026-03-20").exit_code == 0  # type: ignore[attr-defined]  # fmt: skip
    assert at(runner, REVIEWER, when, "review", "QES-012").exit_code == 0  # type: ignore[attr-defined]
    assert at(runner, APPROVER, when, "approve", "QES-012").exit_code == 0  # type: ignore[attr-defined]


NOW = "2026-04-01T10:00:00+08:00"


def test_notice_lists_what_came_into_force(controlled: Path, runner: CliRunner) -> None:
    released(controlled, runner)
    r = at(runner, WANG, NOW, "notice", "--since", "2026-01-01", "--format", "json")
    assert r.exit_code == 0  # type: ignore[attr-defined]
    data = json.loads(r.stdout)  # type: ignore[attr-defined]
    assert [(c["number"], c["action"], c["old"], c["new"]) for c in data["changes"]] == [
        ("QES-007-2025", "minor", "A/3", "A/4"),
        ("QES-004-2025", "major", "A/1", "B/1"),
        ("QES-012-2025", "retired", "A/1", None),
    ]
    first = data["changes"][0]
    assert (first["old_vform"], first["new_vform"], first["meeting"]) == ("V1.2", "V1.3", "remote")
    assert first["reviewed_by"].startswith("服务中心总经理助理") and first[
        "approved_by"
    ].startswith("服务中心总经理")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_notice_golden(controlled: Path, runner: CliRunner, fmt: str) -> None:
    released(controlled, runner)
    r = at(runner, WANG, NOW, "notice", "--since", "2026-01-01", "--format", fmt)
    golden = GOLDEN / f"notice.{fmt}"
    if os.environ.get("QES_UPDATE_GOLDEN"):
        golden.write_text(r.stdout, encoding="utf-8")  # type: ignore[attr-defined]
    assert r.stdout == golden.read_text(encoding="utf-8")  # type: ignore[attr-defined]


def test_notice_mark_starts_the_next_one(controlled: Path, runner: CliRunner) -> None:
    released(controlled, runner)
    r = at(runner, WANG, NOW, "notice", "--mark", "--format", "json")
    assert r.exit_code == 0 and "notice/2026-04-01" in git(controlled, "tag", "-l")  # type: ignore[attr-defined]
    again = at(runner, WANG, NOW, "notice", "--mark")
    assert again.exit_code == 2 and "already" in again.stderr  # type: ignore[attr-defined]
    later = at(runner, WANG, "2026-05-01T10:00:00+08:00", "notice", "--format", "json")
    assert json.loads(later.stdout)["changes"] == []  # type: ignore[attr-defined]
    assert json.loads(later.stdout)["since"] == "2026-04-02"  # type: ignore[attr-defined]


def test_ack_and_training_status(controlled: Path, runner: CliRunner) -> None:
    released(controlled, runner)
    status = at(runner, WANG, NOW, "training-status", "--format", "json")
    assert status.exit_code == 1  # type: ignore[attr-defined]
    data = json.loads(status.stdout)  # type: ignore[attr-defined]
    assert len(data["regions"]) == 10 and len(data["outstanding"]) == 20  # 2 versions × 10 regions
    first = data["outstanding"][0]
    assert (first["number"], first["version"], first["days"]) == ("QES-007-2025", "A/4", 30)
    r = at(runner, WANG, NOW, "ack", "QES-007", "--date", "2026-03-05", "--attendees", "12")
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    assert git(controlled, "status", "--porcelain") == ""
    rec = (controlled / "manual/records/QES-007-2025.yaml").read_text(encoding="utf-8")
    assert "region: 浙江" in rec and "attendees: 12" in rec
    zhejiang = json.loads(at(runner, WANG, NOW, "training-status", "--region", "浙江",
                             "--format", "json").stdout)  # type: ignore[attr-defined]  # fmt: skip
    assert [o["number"] for o in zhejiang["outstanding"]] == ["QES-004-2025"]
    assert at(runner, WANG, NOW, "ack", "QES-004").exit_code == 0  # type: ignore[attr-defined]
    done = at(runner, WANG, NOW, "training-status", "--region", "浙江")
    assert done.exit_code == 0  # type: ignore[attr-defined]
    md = at(runner, WANG, NOW, "training-status", "--format", "md").stdout  # type: ignore[attr-defined]
    assert md.startswith("| 区域 | 文档编号 |") and "浙江" not in md
    assert qes(runner, "check").exit_code == 0


@pytest.mark.parametrize(
    ("who", "args", "message"),
    [
        (CHAIR, ["ack", "QES-007"], "not a region's quality manager"),
        (APPROVER, ["ack", "QES-007"], "not a region's quality manager"),
        (WANG, ["ack", "quality-roles"], "no version in force"),
        (
            WANG,
            ["ack", "QES-007", "--date", "2026-03-01"],
            "before QES-007-2025 A/4 came into force",
        ),
        (WANG, ["ack", "QES-007", "--date", "2026-04-02"], "in the future"),
        (WANG, ["ack", "QES-012"], "retired"),
        (ZHENG, ["training-status", "--region", "火星"], "unknown region"),
        (WANG, ["notice", "--since", "no-such-tag"], "neither a date"),
    ],
)
def test_refusals_write_nothing(
    controlled: Path, runner: CliRunner, who: str, args: list[str], message: str
) -> None:
    released(controlled, runner)
    before = snapshot(controlled)
    r = at(runner, who, NOW, *args)
    assert r.exit_code == 2, r.output  # type: ignore[attr-defined]
    assert message in r.stderr  # type: ignore[attr-defined]
    assert snapshot(controlled) == before


def test_second_ack_of_the_same_version_is_refused(controlled: Path, runner: CliRunner) -> None:
    released(controlled, runner)
    assert at(runner, WANG, NOW, "ack", "QES-007").exit_code == 0  # type: ignore[attr-defined]
    before = snapshot(controlled)
    again = at(runner, WANG, NOW, "ack", "QES-007")
    assert again.exit_code == 2 and "already recorded" in again.stderr  # type: ignore[attr-defined]
    assert snapshot(controlled) == before
    # another region's manager records their own
    assert at(runner, ZHENG, NOW, "ack", "QES-007").exit_code == 0  # type: ignore[attr-defined]


def test_bundled_manual_owes_nothing_today(controlled: Path, runner: CliRunner) -> None:
    r = at(runner, WANG, NOW, "training-status")
    assert r.exit_code == 0  # the 2025 versions were learned on paper (before controlled_since)


def test_invalid_records_are_found_by_check(controlled: Path, runner: CliRunner) -> None:
    (controlled / "manual/records").mkdir()
    (controlled / "manual/records/QES-007-2025.yaml").write_text(
        "document: QES-007-2025\nacknowledgements:\n  - {version: A/4, region: 浙江}\n",
        encoding="utf-8",
    )
    r = qes(runner, "check", "--format", "json")
    assert {p["code"] for p in json.loads(r.stdout)["problems"]} == {"QES170"}


def test_notice_page_in_chromium(controlled: Path, runner: CliRunner, tmp_path: Path) -> None:
    from tests.commands.test_build_command import CHROMIUM, _screenshot

    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (.ci/run installs it)")
    from PIL import Image

    released(controlled, runner)
    page = tmp_path / "notice.html"
    page.write_text(at(runner, WANG, NOW, "notice", "--since", "2026-01-01", "--format",
                       "html").stdout, encoding="utf-8")  # type: ignore[attr-defined]  # fmt: skip
    assert "<script" not in page.read_text(encoding="utf-8") and "http" not in page.read_text(
        encoding="utf-8"
    )
    shot = tmp_path / "notice.png"
    _screenshot(page.as_uri(), shot, tmp_path / "profile", "1200,500")
    image = Image.open(shot).convert("RGB")
    gray = image.convert("L")
    # the title and a table of three rows: dark ink (text and borders) in the upper part
    assert sum(gray.crop((0, 0, 1200, 300)).histogram()[:100]) > 5000
    # the retired row is drawn in red (#8a1c1c): reddish pixels exist
    raw = image.tobytes()
    reds = sum(
        1 for i in range(0, len(raw), 3) if raw[i] > 110 and raw[i + 1] < 60 and raw[i + 2] < 60
    )
    assert reds > 50, reds


def test_a_version_approved_after_the_mark_on_the_same_day_is_in_the_next_notice(
    controlled: Path, runner: CliRunner
) -> None:
    morning, afternoon = "2026-03-02T09:00:00+08:00", "2026-03-02T15:00:00+08:00"
    assert at(runner, WANG, morning, "notice", "--mark").exit_code == 0  # type: ignore[attr-defined]
    assert (
        at(runner, WANG, afternoon, "bump", "QES-009", "--minor", "--reason", "下午").exit_code == 0
    )  # type: ignore[attr-defined]
    assert at(runner, REVIEWER, afternoon, "review", "QES-009").exit_code == 0  # type: ignore[attr-defined]
    assert at(runner, APPROVER, afternoon, "approve", "QES-009").exit_code == 0  # type: ignore[attr-defined]
    later = at(runner, WANG, "2026-03-10T09:00:00+08:00", "notice", "--format", "json")
    changes = json.loads(later.stdout)["changes"]  # type: ignore[attr-defined]
    assert [(c["number"], c["new"]) for c in changes] == [("QES-009-2025", "A/2")]


def test_since_after_today_is_refused(controlled: Path, runner: CliRunner) -> None:
    r = at(runner, WANG, NOW, "notice", "--since", "2099-01-01")
    assert r.exit_code == 2 and "after today" in r.stderr  # type: ignore[attr-defined]
