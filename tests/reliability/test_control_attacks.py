"""Attacks on document control found by a hostile review (issue 12/13 hardening): forged
reviews, hand-made releases, one person under two e-mails, illegal drafts, hand-set
obsolete status, odd identities and bytes. Each is refused or reported by `qes check`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from typer.testing import CliRunner

from tests.commands.test_control_commands import (
    APPROVER,
    DOC,
    MANAGER,
    REVIEWER,
    as_,
    open_draft,
)
from tests.conftest import git, snapshot
from tests.helpers import qes


def codes(runner: CliRunner) -> set[str]:
    return {
        p["code"] for p in json.loads(qes(runner, "check", "--format", "json").stdout)["problems"]
    }


def _body_hash(root: Path) -> str:
    text = (root / DOC).read_text(encoding="utf-8")
    return hashlib.sha256(text.split("\n---\n", 1)[1].encode()).hexdigest()


def test_hand_written_review_is_not_accepted(controlled: Path, runner: CliRunner) -> None:
    open_draft(controlled, runner)
    forged = (
        "  review: {name: 服务中心总经理助理（来源手册未载明姓名）, email: "
        f'{REVIEWER}, role: 服务中心总经理助理, at: "2026-03-02T09:00:00+08:00", '
        f"sha256: {_body_hash(controlled)}}}\n"
    )
    text = (controlled / DOC).read_text(encoding="utf-8")
    (controlled / DOC).write_text(
        text.replace("  opened_by: 王燕\n", "  opened_by: 王燕\n" + forged), encoding="utf-8"
    )
    before = snapshot(controlled)
    r = as_(runner, APPROVER, "approve", "QES-007")
    assert r.exit_code == 2 and "not the one `qes review` committed" in r.stderr  # type: ignore[attr-defined]
    assert snapshot(controlled) == before
    # committed by hand, naming someone without the role: refused too
    (controlled / DOC).write_text(
        (controlled / DOC).read_text(encoding="utf-8").replace(REVIEWER, "mallory@evil.example"),
        encoding="utf-8")  # fmt: skip
    git(controlled, "commit", "-qam", "forged review")
    r = as_(runner, APPROVER, "approve", "QES-007")
    assert r.exit_code == 2 and "does not hold the role" in r.stderr  # type: ignore[attr-defined]


def test_release_made_by_hand_without_a_tag_is_found(controlled: Path, runner: CliRunner) -> None:
    open_draft(controlled, runner)
    assert as_(runner, REVIEWER, "review", "QES-007").exit_code == 0  # type: ignore[attr-defined]
    assert as_(runner, APPROVER, "approve", "QES-007").exit_code == 0  # type: ignore[attr-defined]
    git(controlled, "tag", "-d", "QES-007-2025/A/4")
    assert codes(runner) == {"QES164"}


def test_one_person_under_two_emails_cannot_review_and_approve(
    controlled: Path, runner: CliRunner
) -> None:
    people = controlled / "manual/people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + (
        "  - name: 服务中心总经理助理（来源手册未载明姓名）\n    email: deputy.private@mail.example\n"
        "    roles: [服务中心总经理]\n"), encoding="utf-8")  # fmt: skip
    assert codes(runner) == {"QES165"}
    git(controlled, "commit", "-qam", "second e-mail")
    # people.yaml with one name twice is invalid: nobody signs anything until it is fixed
    r = as_(runner, MANAGER, "bump", "QES-007", "--minor", "--reason", "x")
    assert r.exit_code == 2 and "listed twice" in r.stderr  # type: ignore[attr-defined]


def test_draft_edited_to_an_illegal_step_is_found_and_refused(
    controlled: Path, runner: CliRunner
) -> None:
    open_draft(controlled, runner)
    text = (
        (controlled / DOC)
        .read_text(encoding="utf-8")
        .replace("  version: A/4\n", "  version: D/7\n")
    )
    (controlled / DOC).write_text(text, encoding="utf-8")
    git(controlled, "commit", "-qam", "forge")
    assert codes(runner) == {"QES147"}
    assert as_(runner, REVIEWER, "review", "QES-007").exit_code == 2  # type: ignore[attr-defined]


def test_hand_set_obsolete_status_is_found(controlled: Path, runner: CliRunner) -> None:
    path = controlled / "manual/documents/QES-008-2025.md"
    path.write_text(path.read_text(encoding="utf-8").replace("version: A/1\n", "version: A/1\nstatus: obsolete\n"),
                    encoding="utf-8")  # fmt: skip
    assert codes(runner) == {"QES123"}


def test_control_characters_in_people_yaml(controlled: Path, runner: CliRunner) -> None:
    people = controlled / "manual/people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace(
        "  - name: 王燕\n", '  - name: "王燕\\e]0;pwned\\a\\nSigned-off-by: x"\n'), encoding="utf-8")  # fmt: skip
    assert codes(runner) == {"QES165"}


def test_author_identity_is_the_one_git_records(controlled: Path, runner: CliRunner) -> None:
    open_draft(controlled, runner)
    git(controlled, "config", "user.email", REVIEWER)
    git(controlled, "config", "author.email", MANAGER)
    r = qes(
        runner,
        "review",
        "QES-007",
        env={"GIT_AUTHOR_EMAIL": None, "QES_NOW": "2026-03-02T10:00:00+08:00"},
    )  # type: ignore[dict-item]
    assert r.exit_code == 2 and MANAGER in r.stderr  # git would record wang.yan, not the deputy


def test_option_bytes_that_are_not_utf8(repo: Path, runner: CliRunner) -> None:
    before = snapshot(repo)
    r = qes(runner, "bump", "QES-008", "--minor", "--reason", "x\udcff\udcfey")
    assert r.exit_code == 2 and "not valid UTF-8" in r.stderr
    n = qes(runner, "new", "--title", "x\udcffy", "--category", "总纲")
    assert n.exit_code == 2 and "not valid UTF-8" in n.stderr
    assert snapshot(repo) == before


def test_two_unnumbered_entries_can_both_be_retired(repo: Path, runner: CliRunner) -> None:
    for stem in ("routine-quality-actions", "branch-quality-management"):
        r = qes(runner, "retire", stem, "--reason", "合并", "--date", "2026-03-02")
        assert r.exit_code == 0, r.output
        assert stem in r.stdout
    tags = git(repo, "tag", "-l").split()
    assert "routine-quality-actions/retired" in tags and "branch-quality-management/retired" in tags


def test_sections_can_be_retired_and_history_of_retired_documents_shows(
    repo: Path, runner: CliRunner
) -> None:
    blocked = qes(runner, "retire", "QES-001", "--reason", "x")
    assert blocked.exit_code == 2 and "qes retire" in blocked.stderr
    assert (
        qes(runner, "retire", "quality-roles", "--reason", "并入", "--date", "2026-03-02").exit_code
        == 0
    )
    assert qes(runner, "check").exit_code == 0
    assert (
        qes(runner, "retire", "QES-012", "--reason", "并入", "--date", "2026-03-02").exit_code == 0
    )
    assert qes(runner, "history", "QES-012").exit_code == 0
