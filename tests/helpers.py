"""Small helpers for CLI tests."""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

from qes_cli.cli.app import app


def qes(runner: CliRunner, *args: str, **kwargs: Any) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False, **kwargs)
