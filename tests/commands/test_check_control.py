"""qes check's integrity codes of SPEC §5 (QES160–QES166), each seeded once on an approved
release of the bundled manual; and SSH-signed release tags verified against people.yaml."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.commands.test_control_commands import APPROVER, DOC, REVIEWER, as_, edit_body, open_draft
from tests.conftest import git
from tests.helpers import qes


def codes(runner: CliRunner) -> set[str]:
    result = qes(runner, "check", "--format", "json")
    return {p["code"] for p in json.loads(result.stdout)["problems"]}


def release(root: Path, runner: CliRunner) -> None:
    open_draft(root, runner)
    edit_body(root)
    assert as_(runner, REVIEWER, "review", "QES-007").exit_code == 0  # type: ignore[attr-defined]
    r = as_(runner, APPROVER, "approve", "QES-007")
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    assert codes(runner) == set()


def rewrite(root: Path, old: str, new: str, path: str = DOC, count: int = 1) -> None:
    p = root / path
    text = p.read_text(encoding="utf-8")
    assert old in text, old
    p.write_text(text.replace(old, new, count), encoding="utf-8")


def test_qes160_body_changed_outside_the_flow(controlled: Path, runner: CliRunner) -> None:
    release(controlled, runner)
    edit_body(controlled, "\n发布后私自加的一句。\n")
    assert codes(runner) == {"QES160"}
    open_draft(controlled, runner)  # with a draft open the edit is part of the change
    assert codes(runner) == set()


def test_qes161_version_after_controlled_since_without_records(
    controlled: Path, runner: CliRunner
) -> None:
    rewrite(controlled, "version: A/3", "version: A/4")
    text = (controlled / DOC).read_text(encoding="utf-8")
    line = "  - {version: A/4, date: 2026-02-01, kind: minor, reason: 手工改的, reviewed_by: 某人, approved_by: 某人, meeting: remote}\n"
    (controlled / DOC).write_text(
        text.replace("\n---\n# 备品", "\n" + line.rstrip("\n") + "\n---\n# 备品", 1),
        encoding="utf-8",
    )
    rewrite(controlled, "effective: 2025-01-24", "effective: 2026-02-01")
    assert qes(runner, "toc").exit_code == 0
    assert codes(runner) == {"QES161"}


def test_qes162_signer_without_the_role(controlled: Path, runner: CliRunner) -> None:
    release(controlled, runner)
    rewrite(controlled, "roles: [服务中心总经理]\n", "roles: [顾问]\n", path="manual/people.yaml")
    assert codes(runner) == {"QES162"}


def test_qes163_same_person_twice(controlled: Path, runner: CliRunner) -> None:
    release(controlled, runner)
    fm = (controlled / DOC).read_text(encoding="utf-8")
    review = re.search(r"review: (\{[^}]*\})", fm).group(1)  # type: ignore[union-attr]
    approval = re.search(r"approval: (\{[^}]*\})", fm).group(1)  # type: ignore[union-attr]
    forged = review.replace("服务中心总经理助理}", "服务中心总经理}").replace(
        "role: 服务中心总经理助理", "role: 服务中心总经理"
    )
    rewrite(controlled, approval, forged)
    assert "QES163" in codes(runner)


def test_qes164_recorded_hash_differs_from_the_tagged_text(
    controlled: Path, runner: CliRunner
) -> None:
    release(controlled, runner)
    fm = (controlled / DOC).read_text(encoding="utf-8")
    sha = re.search(r"sha256: ([0-9a-f]{64})", fm).group(1)  # type: ignore[union-attr]
    rewrite(controlled, sha, "f" * 64, count=2)
    found = codes(runner)
    assert "QES164" in found and found <= {"QES160", "QES164"}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "    roles: [质量经理]\n    region: 浙江\n",
            "    roles: [质量经理]\n    region: 浙江\n    phone: 1\n",
        ),
        ("email: wang.yan@tiankuan.example", "email: zheng.yongxiang@tiankuan.example"),
        ("  - name: 王燕\n", "  - name: ''\n"),
        ("email: wang.yan@tiankuan.example", "email: not-an-address"),
    ],
    ids=["unknown-field", "duplicate-email", "missing-name", "bad-email"],
)
def test_qes165_people_yaml(controlled: Path, runner: CliRunner, old: str, new: str) -> None:
    rewrite(controlled, old, new, path="manual/people.yaml")
    assert codes(runner) == {"QES165"}
    # the commands that act on people refuse too (exit 2)
    r = as_(runner, REVIEWER, "review", "QES-007")
    assert r.exit_code == 2  # type: ignore[attr-defined]


# ---- signatures -----------------------------------------------------------------------------


def keypair(folder: Path, name: str) -> tuple[Path, str]:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)],
                   check=True)  # fmt: skip
    return key, (folder / f"{name}.pub").read_text().strip()


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen not installed")
def test_signed_release_verified_and_forgery_found(
    controlled: Path,
    runner: CliRunner,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keys = tmp_path_factory.mktemp("keys")
    approver_key, approver_pub = keypair(keys, "approver")
    other_key, _ = keypair(keys, "other")
    people = controlled / "manual/people.yaml"
    text = people.read_text(encoding="utf-8").replace(
        "    roles: [服务中心总经理]\n",
        f"    roles: [服务中心总经理]\n    signing_key: {approver_pub}\n",
    )
    people.write_text(text, encoding="utf-8")
    rewrite(
        controlled,
        "approval: required\n",
        "approval: required\nsigning: required\n",
        path="manual/manual.yaml",
    )
    git(controlled, "commit", "-qam", "signing required")
    git(controlled, "config", "gpg.format", "ssh")
    git(controlled, "config", "user.signingkey", str(approver_key))
    release(controlled, runner)
    assert git(controlled, "cat-file", "-p", "QES-007-2025/A/4").count("BEGIN SSH SIGNATURE") == 1
    assert codes(runner) == set()
    # someone re-makes the release tag with another key: found
    git(controlled, "config", "user.signingkey", str(other_key))
    git(controlled, "tag", "-f", "-s", "QES-007-2025/A/4", "-m", "forged", "HEAD")
    assert codes(runner) == {"QES166"}
    # an unsigned tag: found
    git(controlled, "tag", "-f", "-a", "QES-007-2025/A/4", "-m", "unsigned", "HEAD")
    assert codes(runner) == {"QES166"}
