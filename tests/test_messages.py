"""Messages in two languages: every translatable template has a Chinese twin with the same
placeholders; English stays the plain string everywhere; --lang zh / zh_* locales print Chinese."""

from __future__ import annotations

import ast
import copy
import json
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qes_cli.catalog_zh import ZH
from qes_cli.errors import InputError, MultiInputError
from qes_cli.text import Text, localize, tr
from tests.helpers import qes

SRC = Path(__file__).resolve().parents[1] / "src" / "qes_cli"


def _templates() -> dict[str, str]:
    """Every literal first argument of a tr(...) call in the source, with where it is."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "tr"
            ):
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{path.name}:{node.lineno}: tr() needs a literal template"
                )
                found[first.value] = f"{path.name}:{node.lineno}"
    return found


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_template_has_a_chinese_twin_with_the_same_placeholders() -> None:
    templates = _templates()
    assert len(templates) > 25
    missing = {t: where for t, where in templates.items() if t not in ZH}
    assert not missing, missing
    for template in templates:
        # Chinese needs no plural: an English count noun ({entries}) may go unused there
        assert _fields(ZH[template]) == _fields(template) - ENGLISH_ONLY, template


ENGLISH_ONLY = {"entries"}


def test_no_unused_translations() -> None:
    unused = set(ZH) - set(_templates())
    assert not unused, unused


def test_text_is_its_english_string() -> None:
    msg = tr("seq {seq} is also used by {other}", seq=3, other="a.md")
    assert msg == "seq 3 is also used by a.md"
    assert json.dumps({"m": msg}) == '{"m": "seq 3 is also used by a.md"}'
    assert localize(msg, "en") == msg
    assert localize(msg, "zh") == "序号 3 也被 a.md 使用"
    assert localize("plain", "zh") == "plain"
    back = copy.deepcopy({"m": msg})["m"]  # findings are copied into reports
    assert isinstance(back, Text) and localize(back, "zh") == "序号 3 也被 a.md 使用"


def test_errors_render_in_the_asked_language() -> None:
    e = InputError(tr("toc.md is stale: run `qes toc`"), file="m/toc.md", line=4)
    assert str(e) == "m/toc.md:4: toc.md is stale: run `qes toc`"
    assert e.render("zh") == "m/toc.md:4: toc.md 已过期：请运行 `qes toc`"
    multi = MultiInputError("bad", [e, InputError("raw English", file="x")])
    assert multi.render("zh").splitlines() == [
        "m/toc.md:4: toc.md 已过期：请运行 `qes toc`",
        "x: raw English",
    ]


def _break_version(workdir: Path) -> None:
    doc = workdir / "manual/documents/QES-007-2025.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("version: A/3", "version: A/9", 1),
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("args", "env"),
    [(("--lang", "zh"), None), ((), {"LANG": "zh_CN.UTF-8"})],
)
def test_check_findings_in_chinese(
    workdir: Path, runner: CliRunner, args: tuple[str, ...], env: dict[str, str] | None
) -> None:
    _break_version(workdir)
    result = qes(runner, *args, "check", env=env)
    assert result.exit_code == 1
    assert "QES144 版本/次为 A/9，但最后一条修订记录为 A/3" in result.stdout
    md = qes(runner, *args, "check", "--format", "md", env=env).stdout
    assert "版本/次为 A/9" in md
    # JSON is for scripts: the message stays English whatever the language
    data = json.loads(qes(runner, *args, "check", "--format", "json", env=env).stdout)
    assert data["problems"][0]["message"] == "version is A/9 but the last history entry is A/3"


def test_english_by_default(workdir: Path, runner: CliRunner) -> None:
    _break_version(workdir)
    result = qes(runner, "check", env={"LANG": "C.UTF-8"})
    assert "QES144 version is A/9 but the last history entry is A/3" in result.stdout


def test_error_label_follows_lang(workdir: Path, runner: CliRunner) -> None:
    zh = qes(runner, "--lang", "zh", "show", "QES-999")
    assert zh.exit_code == 2
    assert zh.stderr.startswith("错误: ")
    en = qes(runner, "--lang", "en", "show", "QES-999", env={"LANG": "zh_CN.UTF-8"})
    assert en.stderr.startswith("error: ")


def test_csv_row_errors_in_chinese(workdir: Path, runner: CliRunner) -> None:
    data = workdir / "bad.csv"
    data.write_text(
        "日期,记录类型,领域,等级\n2025-13-01,事件,质量,一级\n2025-02-01,事件,天气,一级\n",
        encoding="utf-8",
    )
    zh = qes(runner, "--lang", "zh", "check-targets", str(data))
    assert zh.exit_code == 2
    assert "bad.csv:2: 列 '日期'（date）：'2025-13-01' 不是日期" in zh.stderr
    assert "bad.csv:3: 列 '领域'（domain）：未知领域 '天气'" in zh.stderr
    en = qes(runner, "check-targets", str(data), env={"LANG": "C"})
    assert "bad.csv:3: column '领域' (domain): unknown domain '天气'" in en.stderr


def test_version_rule_refusal_in_chinese(repo: Path, runner: CliRunner) -> None:
    result = qes(
        runner, "--lang", "zh", "bump", "QES-007", "--minor", "--processes", "5", "--reason", "x"
    )
    assert result.exit_code == 2
    assert "拒绝 --minor：本次变更涉及 5 个流程" in result.stderr
    assert "大于等于 5 个流程的履行规范变动" in result.stderr
    assert "MAJOR" not in result.stderr


def _help_texts() -> list[str]:
    import typer

    from qes_cli.cli.app import app

    group = typer.main.get_command(app)
    texts = [group.help or "", *(getattr(p, "help", None) or "" for p in group.params)]
    for command in group.commands.values():  # type: ignore[attr-defined]
        texts.append(command.help or "")
        texts += [getattr(p, "help", None) or "" for p in command.params]
    return [t for t in texts if t and t != "Show this message and exit."]


def test_every_help_text_has_a_chinese_twin() -> None:
    from qes_cli.catalog_zh import HELP

    missing = [t for t in _help_texts() if t not in HELP]
    assert not missing, missing
    assert not set(HELP) - set(_help_texts()), "help twins no command uses"
