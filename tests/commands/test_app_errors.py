"""The one error handler: messages and exit codes, never a traceback unless --debug."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import qes


def _explode(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("boom")


def test_unexpected_error_is_one_line_and_exit_2(
    workdir: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qes_cli.commands.check as check

    monkeypatch.setattr(check, "check_manual", _explode)
    result = qes(runner, "check")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: unexpected RuntimeError: boom")
    assert "--debug" in result.stderr


def test_debug_shows_the_traceback(
    workdir: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qes_cli.commands.check as check

    monkeypatch.setattr(check, "check_manual", _explode)
    result = qes(runner, "--debug", "check")
    assert result.exit_code == 2
    assert "Traceback" in result.stderr and "RuntimeError: boom" in result.stderr


def test_qes_error_with_debug_still_exits_with_its_code(workdir: Path, runner: CliRunner) -> None:
    result = qes(runner, "--debug", "show", "QES-999")
    assert result.exit_code == 2
    assert "UnknownDocumentError" in result.stderr and "error: no document" in result.stderr


def test_help_follows_lang(runner: CliRunner) -> None:
    zh = qes(runner, "--lang", "zh", "--help")
    assert zh.exit_code == 0
    en = qes(runner, "--help")
    assert "Document control" in en.stdout
    assert "Document control" not in zh.stdout
    sub = qes(runner, "--lang", "zh", "check", "--help")
    assert "Validate every document" not in sub.stdout
