"""SPEC §9, one test per class of guarantee: all or nothing even when killed, one writer,
never someone else's work, bytes kept, text in options, refusing early, manual content
untrusted, every failure a message."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import git, snapshot
from tests.helpers import qes

DATE = "2026-03-02"
DOC = "manual/documents/QES-007-2025.md"
QES = [sys.executable, "-m", "qes_cli"]


def run(
    repo: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*QES, *args], cwd=repo, capture_output=True, text=True, env={**os.environ, **(env or {})},
        timeout=120,
    )  # fmt: skip


def state(repo: Path) -> tuple[str, str, str, str]:
    """HEAD, tags, index entries and work-tree status: what a release may change."""
    return (
        git(repo, "rev-parse", "HEAD").strip(),
        git(repo, "tag", "-l"),
        git(repo, "ls-files", "-s"),
        git(repo, "status", "--porcelain", "--untracked-files=all"),
    )


def assert_whole_or_nothing(repo: Path, start: tuple[str, str, str, str], tag: str) -> str:
    """Either nothing happened, or exactly one complete release: commit + tag + clean tree."""
    head, tags, _, status = state(repo)
    assert status == "", status
    if head == start[0]:
        assert tags == start[1]
        return "nothing"
    assert git(repo, "rev-parse", "HEAD~1").strip() == start[0]
    assert tag in tags.split()
    assert git(repo, "rev-parse", f"{tag}^{{commit}}").strip() == head
    assert run(repo, "toc", "--check").returncode == 0
    return "whole"


# ---- all or nothing, even when killed ------------------------------------------------------

STEPS = ["planned", "start", "wrote QES-007-2025.md", "wrote toc.md", "committed", "tagged"]


@pytest.mark.parametrize("step", STEPS)
def test_killed_at_each_step_then_finished_or_undone(repo: Path, step: str) -> None:
    start = state(repo)
    killed = run(repo, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE,
                 env={"QES_FAULT_AT": step})  # fmt: skip
    assert killed.returncode == -9
    pending = (repo / "manual/.qes-journal.json").exists()
    if pending:  # readers refuse to answer from a half state
        read = run(repo, "check")
        assert read.returncode == 2 and "interrupted change" in read.stderr
    writer = run(repo, "toc")  # any writing command recovers first
    assert writer.returncode == 0, writer.stderr
    outcome = assert_whole_or_nothing(repo, start, "QES-007-2025/A/4")
    assert outcome == ("whole" if step in ("committed", "tagged") else "nothing")
    assert not (repo / "manual/.qes-journal.json").exists()
    assert run(repo, "check").returncode == 0


def test_kill_at_random_moments(repo: Path) -> None:
    """`make faults` runs many; CI a few. Whatever the moment, the next writer leaves either
    nothing or one complete release, and never a duplicate serial."""
    rounds = int(os.environ.get("QES_FAULT_ROUNDS", "4"))
    rng = random.Random(20261125)
    for i in range(rounds):
        start = state(repo)
        cmd = ["bump", "QES-007", "--minor", "--reason", f"r{i}", "--date", DATE]
        proc = subprocess.Popen([*QES, *cmd], cwd=repo, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            proc.wait(timeout=rng.uniform(0.2, 1.2))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        assert run(repo, "toc").returncode == 0
        version = git(repo, "show", f"HEAD:{DOC}").split("version: ", 1)[1].split("\n", 1)[0]
        assert_whole_or_nothing(repo, start, f"QES-007-2025/{version}")
    serials = [p.name[:7] for p in (repo / "manual/documents").glob("QES-*.md")]
    assert len(serials) == len(set(serials))


# ---- one writer per manual ------------------------------------------------------------------


def test_two_releases_at_once_both_land_in_the_committed_toc(repo: Path) -> None:
    a = subprocess.Popen(
        [*QES, "bump", "QES-007", "--minor", "--reason", "a", "--date", DATE],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    b = subprocess.Popen([*QES, "bump", "QES-008", "--minor", "--reason", "b", "--date", DATE],
                         cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    for p in (a, b):
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    toc = git(repo, "show", "HEAD:manual/toc.md")
    assert "| QES-007-2025 | A/4 |" in toc and "| QES-008-2025 | A/2 |" in toc
    assert git(repo, "status", "--porcelain") == ""
    clone = repo.parent / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    assert run(clone, "toc", "--check").returncode == 0


# ---- never someone else's work --------------------------------------------------------------


def test_undo_keeps_a_commit_someone_made_meanwhile(repo: Path) -> None:
    from qes_cli.commands.bump import BumpRequest, bump

    other = repo / "manual/documents/QES-008-2025.md"

    def someone_commits_then_we_fail(step: str) -> None:
        if step == "committed":
            other.write_text(other.read_text(encoding="utf-8") + "\n同事的修改\n", encoding="utf-8")
            git(repo, "commit", "-qam", "colleague")
            raise RuntimeError("signing failed")

    with pytest.raises(RuntimeError):
        bump(repo / "manual", BumpRequest("QES-007", "r", minor=True, date=dt.date(2026, 3, 2)),
             today=dt.date(2026, 3, 2), checkpoint=someone_commits_then_we_fail)  # fmt: skip
    assert git(repo, "log", "-1", "--format=%s") == "colleague\n"
    assert "colleague" in git(repo, "reflog", "-n", "5")  # the reflog was not rewritten
    assert "同事的修改" in other.read_text(encoding="utf-8")
    assert git(repo, "tag", "-l") == ""
    assert git(repo, "status", "--porcelain") == ""


# ---- bytes kept -----------------------------------------------------------------------------


def _crlf(repo: Path) -> bytes:
    path = repo / DOC
    data = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(data)
    git(repo, "commit", "-qam", "crlf")
    return data


def test_crlf_document_stays_crlf(repo: Path, runner: CliRunner) -> None:
    before = _crlf(repo)
    result = qes(runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE)
    assert result.exit_code == 0, result.output
    after = (repo / DOC).read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n")
    old, new = before.split(b"\r\n"), after.split(b"\r\n")
    assert len(new) == len(old) + 1  # one history line more, nothing else moved
    assert [line for line in new if line not in old] == [
        b"version: A/4", b"effective: 2026-03-02",
        new[next(i for i, x in enumerate(new) if x.startswith(b"  - {version: A/4"))],
    ]  # fmt: skip


def test_crlf_document_unchanged_when_release_fails(repo: Path, runner: CliRunner) -> None:
    before = _crlf(repo)
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    assert qes(runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE).exit_code == 2
    assert (repo / DOC).read_bytes() == before


def test_bom_document_is_checked_and_released_alike(repo: Path, runner: CliRunner) -> None:
    path = repo / DOC
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    git(repo, "commit", "-qam", "bom")
    assert qes(runner, "check").exit_code == 0
    result = qes(runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE)
    assert result.exit_code == 0, result.output
    assert path.read_bytes().startswith(b"\xef\xbb\xbf---\n")


def test_symlinked_document_stays_a_link(repo: Path, runner: CliRunner) -> None:
    store = repo / "manual/store"
    store.mkdir()
    target = store / "QES-007-2025.md"
    (repo / DOC).rename(target)
    (repo / DOC).symlink_to("../store/QES-007-2025.md")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "link")
    result = qes(runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE)
    assert result.exit_code == 0, result.output
    assert (repo / DOC).is_symlink() and "version: A/4" in target.read_text(encoding="utf-8")


def test_write_over_the_size_limit_is_refused(repo: Path, runner: CliRunner) -> None:
    from qes_cli.store.loader import MAX_FILE_BYTES

    path = repo / DOC
    path.write_text(path.read_text(encoding="utf-8") + "x" * (MAX_FILE_BYTES - path.stat().st_size - 10),
                    encoding="utf-8")  # fmt: skip
    git(repo, "commit", "-qam", "big")
    before = snapshot(repo)
    result = qes(runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE)
    assert result.exit_code == 2 and "larger than the limit" in result.stderr
    assert snapshot(repo) == before


# ---- text in options ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["a\nb", "a\tb", "a\rb", "a\x1b[31mb", "a\x85b", "a\u2028b"])
def test_control_characters_in_options_are_refused(
    repo: Path, runner: CliRunner, text: str
) -> None:
    before = snapshot(repo)
    r = qes(runner, "bump", "QES-007", "--minor", "--reason", text, "--date", DATE)
    assert r.exit_code == 2 and "one line of printable text" in r.stderr
    n = qes(runner, "new", "--title", text, "--category", "总纲", "--date", DATE)
    assert n.exit_code == 2 and "one line of printable text" in n.stderr
    assert snapshot(repo) == before


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "12:30", "1e3", "null", "~"])
def test_yaml_words_as_reason_read_back_as_text(repo: Path, runner: CliRunner, word: str) -> None:
    result = qes(runner, "bump", "QES-007", "--minor", "--reason", word, "--date", DATE)
    assert result.exit_code == 0, result.output
    assert qes(runner, "check").exit_code == 0
    shown = qes(runner, "show", "QES-007", "--format", "json")
    import json

    assert json.loads(shown.stdout)["history"][-1]["reason"] == word


# ---- refusing early -------------------------------------------------------------------------


def test_bump_refuses_a_manual_check_rejects(repo: Path, runner: CliRunner) -> None:
    dup = repo / "manual/documents/QES-008-2025.md"
    dup.write_text(dup.read_text(encoding="utf-8").replace("QES-008-2025", "QES-007-2026"),
                   encoding="utf-8")  # fmt: skip
    git(repo, "commit", "-qam", "dup serial")
    before = snapshot(repo)
    result = qes(runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE)
    assert result.exit_code == 2 and "QES104" in result.stderr
    assert snapshot(repo) == before


def test_dry_run_refuses_what_the_real_command_refuses(repo: Path, runner: CliRunner) -> None:
    git(repo, "tag", "QES-007-2025/A/4")
    r = qes(runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE, "--dry-run")
    assert r.exit_code == 2 and "already exists" in r.stderr
    git(repo, "tag", "-d", "QES-007-2025/A/4")
    other = repo / "manual/documents/QES-008-2025.md"
    other.write_text(other.read_text(encoding="utf-8") + "x\n", encoding="utf-8")
    r = qes(runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE, "--dry-run")
    assert r.exit_code == 2 and "uncommitted changes" in r.stderr


def test_new_never_reuses_a_released_serial(repo: Path, runner: CliRunner) -> None:
    first = qes(
        runner, "new", "--title", "甲", "--category", "质量日常管理", "--date", "2026-02-01"
    )
    assert first.exit_code == 0, first.output
    git(repo, "rm", "-q", "manual/documents/QES-016-2026.md")
    assert qes(runner, "toc").exit_code == 0
    git(repo, "commit", "-qam", "retire QES-016 by hand")
    again = qes(
        runner, "new", "--title", "乙", "--category", "质量日常管理", "--date", "2026-03-01"
    )
    assert again.exit_code == 0, again.output
    assert "QES-017-2026" in again.stdout
    later = qes(
        runner, "new", "--title", "丙", "--category", "质量日常管理", "--date", "2027-01-05"
    )
    assert "QES-018-2027" in later.stdout


def test_untracked_document_does_not_enter_a_release(repo: Path, runner: CliRunner) -> None:
    stray = repo / "manual/documents/QES-099-2026.md"
    stray.write_text((repo / DOC).read_text(encoding="utf-8").replace("QES-007-2025", "QES-099-2026")
                     .replace("seq: 11", "seq: 21").replace("category: 预案机制及制度", "category: 质量日常管理")
                     .replace("备品备件管理规定", "临时文件"),
                     encoding="utf-8")  # fmt: skip
    result = qes(runner, "bump", "QES-008", "--minor", "--reason", "r", "--date", DATE)
    assert result.exit_code == 2 and "untracked" in result.stderr


def test_manual_never_committed_is_refused(workdir: Path, runner: CliRunner) -> None:
    git(workdir, "init", "-q", "-b", "main")
    git(workdir, "commit", "-q", "--allow-empty", "-m", "empty")
    result = qes(runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE)
    assert result.exit_code == 2 and "not committed yet" in result.stderr


# ---- manual content is untrusted ------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('touch pwned').read() }}",
        "{% import 'os' as os %}",
        "{% include '/etc/passwd' %}",
    ],
)
def test_template_in_the_manual_cannot_escape(
    workdir: Path, runner: CliRunner, payload: str
) -> None:
    (workdir / "manual/templates").mkdir()
    (workdir / "manual/templates/toc.md.j2").write_text(payload, encoding="utf-8")
    result = qes(runner, "check")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not (workdir / "pwned").exists()
    assert "root:" not in result.output


@pytest.mark.parametrize("kind", ["folder", "fifo", "outside-link", "device"])
def test_toc_that_is_not_a_regular_file_is_refused(
    workdir: Path, runner: CliRunner, kind: str
) -> None:
    toc = workdir / "manual/toc.md"
    toc.unlink()
    if kind == "folder":
        toc.mkdir()
    elif kind == "fifo":
        os.mkfifo(toc)
    elif kind == "outside-link":
        secret = workdir / "secret.txt"
        secret.write_text("TOKEN=hunter2\n")
        toc.symlink_to(secret)
    else:
        toc.symlink_to("/dev/zero")
    for args in (["check"], ["toc", "--check"]):
        result = qes(runner, *args)
        assert result.exit_code == 2, (args, result.output)
        assert "toc.md" in result.stderr and "hunter2" not in result.output


def test_documents_folder_linking_outside_is_refused(workdir: Path, runner: CliRunner) -> None:
    outside = workdir / "elsewhere"
    (workdir / "manual/documents").rename(outside)
    (workdir / "manual/documents").symlink_to(outside)
    result = qes(runner, "check")
    assert result.exit_code == 2 and "outside the manual" in result.stderr


# ---- every failure is a message -------------------------------------------------------------


def test_shallow_clone_history_says_what_to_do(repo: Path, runner: CliRunner) -> None:
    qes(runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE)
    shallow = repo.parent / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True
    )
    result = run(shallow, "history", "QES-007")
    assert result.returncode == 2 and "git fetch --unshallow" in result.stderr


def test_review_due_after_a_release_dated_9999(repo: Path, runner: CliRunner) -> None:
    assert (
        qes(runner, "bump", "QES-007", "--minor", "--reason", "r", "--date", "9999-06-30").exit_code
        == 0
    )
    result = qes(runner, "review-due", "--as-of", "9999-12-30")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "QES-007" not in result.stdout


def test_init_next_step_works_as_printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(tmp_path, "init", "my handbook")
    assert result.returncode == 0
    step = result.stderr.strip().removeprefix("next: ")
    done = subprocess.run(["sh", "-c", step.replace("qes ", f"{sys.executable} -m qes_cli ")],
                          cwd=tmp_path, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr


# ---- found by a hostile review -------------------------------------------------------------


@pytest.mark.parametrize("how", ["file-link", "include-link", "folder-link"])
def test_manual_templates_cannot_read_outside(workdir: Path, runner: CliRunner, how: str) -> None:
    secret = workdir / "secret.txt"
    secret.write_text("SECRET=hunter2\n", encoding="utf-8")
    templates = workdir / "manual/templates"
    if how == "folder-link":
        outside = workdir / "elsewhere"
        outside.mkdir()
        (outside / "toc.md.j2").write_text("SECRET=hunter2\n", encoding="utf-8")
        templates.symlink_to(outside)
    else:
        templates.mkdir()
        if how == "file-link":
            (templates / "toc.md.j2").symlink_to(secret)
        else:
            (templates / "toc.md.j2").write_text('{% include "leak.j2" %}\n', encoding="utf-8")
            (templates / "leak.j2").symlink_to(secret)
    for args in (["toc"], ["check"]):
        r = qes(runner, *args)
        assert r.exit_code == 2, (args, r.output)
        assert "outside the manual" in r.stderr and "hunter2" not in r.output
    assert "hunter2" not in (workdir / "manual/toc.md").read_text(encoding="utf-8")
    if how == "file-link":  # the site's templates are guarded the same way
        (templates / "html").mkdir()
        (templates / "html/style.css").symlink_to(secret)
        r = qes(runner, "build", "--out", str(workdir / "site"))
        assert r.exit_code == 2 and "hunter2" not in r.output


@pytest.mark.parametrize(
    "payload",
    ["{{ 'x' * 2000000000 }}", "{% for i in range(10**7) %}x{% endfor %}", "{{ 9 ** 99999999 }}"],
)
def test_template_cannot_exhaust_memory(workdir: Path, runner: CliRunner, payload: str) -> None:
    (workdir / "manual/templates").mkdir()
    (workdir / "manual/templates/toc.md.j2").write_text(payload, encoding="utf-8")
    r = qes(runner, "toc", "--check")
    assert r.exit_code == 2 and "toc.md.j2" in r.stderr and "bug in qes" not in r.stderr


def test_records_folder_linking_outside_is_refused_and_nothing_sticks(
    controlled: Path, runner: CliRunner
) -> None:
    outside = controlled.parent / "outdir"
    outside.mkdir()
    (controlled / "manual/records").symlink_to(outside)
    git(controlled, "add", "-A")
    git(controlled, "commit", "-qm", "link")
    r = qes(runner, "ack", "QES-007", env={"GIT_AUTHOR_EMAIL": "wang.yan@tiankuan.example"})
    assert r.exit_code == 2 and "bug in qes" not in r.stderr
    assert list(outside.iterdir()) == []
    assert not (controlled / "manual/.qes-journal.json").exists()
    assert qes(runner, "list").exit_code in (0, 2)  # never stuck on a pending change
    assert "interrupted" not in qes(runner, "list").stderr


def test_recovery_is_told_and_keeps_a_commit_made_after_the_kill(repo: Path) -> None:
    killed = run(repo, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE,
                 env={"QES_FAULT_AT": "wrote toc.md"})  # fmt: skip
    assert killed.returncode == -9
    git(repo, "add", "manual/documents", "manual/toc.md")  # the user commits what they see
    git(repo, "commit", "-qm", "my commit")
    mine = (repo / DOC).read_bytes()
    writer = run(repo, "toc")
    assert writer.returncode == 0
    assert "note: an interrupted change" in writer.stderr and "moved on" in writer.stderr
    assert (repo / DOC).read_bytes() == mine  # their commit's files left as they are
    assert not (repo / "manual/.qes-journal.json").exists()


def test_recovery_note_is_printed(repo: Path) -> None:
    assert run(repo, "bump", "QES-007", "--minor", "--reason", "r", "--date", DATE,
               env={"QES_FAULT_AT": "start"}).returncode == -9  # fmt: skip
    writer = run(repo, "toc")
    assert writer.returncode == 0 and "note: undid an interrupted change" in writer.stderr
