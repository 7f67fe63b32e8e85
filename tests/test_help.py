"""Every command has help text with an example; --version works."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qes_cli import __version__
from qes_cli.cli.app import app
from tests.helpers import qes

COMMANDS = sorted(c.name or "" for c in app.registered_commands)


def test_version(runner: CliRunner) -> None:
    result = qes(runner, "--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"qes {__version__}"


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help(runner: CliRunner, name: str) -> None:
    result = qes(runner, name, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout


def test_bad_lang(runner: CliRunner) -> None:
    assert qes(runner, "--lang", "fr", "check").exit_code == 2
