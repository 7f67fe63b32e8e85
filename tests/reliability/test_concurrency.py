"""Many readers at once, and a second writer while one holds the lock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import git


def test_twenty_parallel_readers_agree(repo: Path) -> None:
    env = {**os.environ, "COLUMNS": "200"}
    commands = [
        [sys.executable, "-m", "qes_cli", "check", "--format", "json"],
        [sys.executable, "-m", "qes_cli", "toc", "--check"],
    ]
    procs = [
        subprocess.Popen(
            commands[i % 2], cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        for i in range(20)
    ]
    results = [(p.args, *p.communicate(timeout=300), p.returncode) for p in procs]
    assert all(rc == 0 for *_, rc in results), [r for r in results if r[-1] != 0][:1]
    for i in (0, 1):
        outputs = {(out, err) for args, out, err, _ in results if args == commands[i]}
        assert len(outputs) == 1


def test_concurrent_bumps_never_interleave(repo: Path) -> None:
    env = {**os.environ}
    cmd = [
        sys.executable,
        "-m",
        "qes_cli",
        "bump",
        "QES-007",
        "--minor",
        "--reason",
        "r",
        "--date",
        "2026-03-02",
        "--allow-dirty",
    ]
    procs = [
        subprocess.Popen(
            cmd, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
        )
        for _ in range(4)
    ]
    results = [(p.communicate(timeout=300), p.returncode) for p in procs]
    winners = [r for r in results if r[1] == 0]
    assert len(winners) >= 1
    for (_out, err), rc in results:
        assert "Traceback" not in err
        assert rc in (0, 2)
    # every success is one complete release; the file and git agree
    count = int(git(repo, "rev-list", "--count", "HEAD"))
    assert count == 1 + len(winners)
    version = "A/" + str(3 + len(winners))
    text = (repo / "manual/documents/QES-007-2025.md").read_text(encoding="utf-8")
    assert f"version: {version}\n" in text
    assert git(repo, "status", "--porcelain") == ""


def test_change_between_plan_and_write_writes_nothing(repo: Path) -> None:
    import datetime as dt

    import pytest

    from qes_cli.commands.bump import BumpRequest, bump
    from qes_cli.errors import ConcurrentChangeError
    from tests.conftest import snapshot

    doc = repo / "manual/documents/QES-007-2025.md"

    def editor_writes(step: str) -> None:  # an editor (not qes: it takes no lock) saves
        if step == "planned":
            doc.write_text(
                doc.read_text(encoding="utf-8") + "\n另一位编辑的修改\n", encoding="utf-8"
            )

    request = BumpRequest(ref="QES-007", reason="r", minor=True, date=dt.date(2026, 3, 2))
    before = snapshot(repo)
    original = doc.read_text(encoding="utf-8")
    with pytest.raises(ConcurrentChangeError):
        bump(repo / "manual", request, today=dt.date(2026, 3, 2), checkpoint=editor_writes)
    # their change kept byte for byte, ours not written; nothing else changed anywhere
    assert doc.read_text(encoding="utf-8") == original + "\n另一位编辑的修改\n"
    assert git(repo, "tag") == "" and int(git(repo, "rev-list", "--count", "HEAD")) == 1
    after = snapshot(repo)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == {"manual/documents/QES-007-2025.md"}
