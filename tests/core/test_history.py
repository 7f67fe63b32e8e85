"""commands/history.py called directly on a temporary git repository (no CLI)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qes_cli.commands.bump import BumpRequest, bump
from qes_cli.commands.history import diff, history
from qes_cli.errors import UsageError


def test_history_joins_tags_and_first_commits(repo: Path) -> None:
    root = repo / "manual"
    bump(root, BumpRequest("QES-007", "调整", minor=True, date=dt.date(2026, 3, 2)),
         today=dt.date(2026, 3, 2))  # fmt: skip
    result = history(root, "QES-007")
    by_version = {r["version"]: r for r in result.rows}
    assert by_version["A/4"]["tag"] == "QES-007-2025/A/4"
    assert by_version["A/3"]["tag"] is None and by_version["A/3"]["commit"]  # the import commit
    assert by_version["A/1"]["commit"] is None  # recorded before the manual entered git
    assert result.to_json()["document"] == "QES-007-2025"


def test_diff_between_released_versions(repo: Path) -> None:
    root = repo / "manual"
    bump(root, BumpRequest("QES-007", "调整", minor=True, date=dt.date(2026, 3, 2)),
         today=dt.date(2026, 3, 2))  # fmt: skip
    d = diff(root, "QES-007", "V1.2", "A/4")
    assert d.metadata["version"] == ("A/3", "A/4")
    assert [h["version"] for h in d.history_added] == ["A/4"]
    assert d.body_diff == ""
    with pytest.raises(UsageError, match="never released"):
        diff(root, "QES-007", "A/1", "A/4")
