"""The forked second-half readers give exactly the single-process results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qes_cli.store import loader
from qes_cli.targets import reader
from tests.conftest import BUNDLED
from tests.helpers import qes


def test_check_targets_split_equals_single_pass(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BUNDLED.parent)
    single = qes(runner, "check-targets", "manual/data/sample-2025.csv", "--format", "json").stdout
    monkeypatch.setattr(reader, "PARALLEL_FROM_BYTES", 100)
    split = qes(runner, "check-targets", "manual/data/sample-2025.csv", "--format", "json").stdout
    assert json.loads(split) == json.loads(single)


def test_split_reports_lines_of_the_second_half(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BUNDLED.parent)
    rows = ["date,record,domain,level,business,value,role,checked,total"]
    rows += ["2025-01-01,incident,ehs,2,,,,,"] * 300
    rows += ["2025-01-01,incident,ehs,9,,,,,"]  # line 302, in the second half
    path = tmp_path / "d.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(reader, "PARALLEL_FROM_BYTES", 100)
    result = qes(runner, "check-targets", str(path), "--targets", "manual/targets.yaml")
    assert result.exit_code == 2
    assert f"{path}:302: column 'level'" in result.stderr


def test_check_forked_parse_equals_single(
    workdir: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = workdir / "manual/documents/QES-009-2025.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("category: 预案机制及制度", "category: 杂项"),
        encoding="utf-8",
    )
    single = qes(runner, "check", "--format", "json").stdout
    monkeypatch.setattr(loader, "PARALLEL_FROM", 2)
    forked = qes(runner, "check", "--format", "json").stdout
    assert json.loads(forked) == json.loads(single)
    assert json.loads(forked)["problems"][0]["code"] == "QES110"
