"""`qes notice [--since DATE|TAG] [--mark]`: the change notice to all staff (更新内容全员通知,
SPEC §6) — every version that came into force, and every retirement, since the last notice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qes_cli.errors import GitError, QesError, UsageError
from qes_cli.model.dates import parse_iso_date
from qes_cli.rules.distribution import Change, changes_since
from qes_cli.store.loader import load_valid_manual
from qes_cli.text import tr

NOTICE_TAG = "notice/"


@dataclass(frozen=True, slots=True)
class Notice:
    title: str
    number: str
    company: str | None
    since: dt.date | None
    until: dt.date
    changes: list[Change]
    marked: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "manual": self.number,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat(),
            "changes": [c.to_json() for c in self.changes],
            "marked": self.marked,
        }


def notice(root: Path, *, since: str | None, today: dt.date, mark: bool = False) -> Notice:
    """The notice since `since` (a date, a tag, or by default the last `notice/DATE` tag's next
    day, else everything); with `mark`, tag today's notice so the next one starts after it."""
    manual = load_valid_manual(root)
    repo = _repo(root, needed=mark or since is None)
    if since is None and repo is not None and (last := _last_notice(repo)) is not None:
        # exactly what the last notice did not announce (a version approved later on the day
        # of the notice is not lost): what the manual held at that notice's commit is known
        announced = _announced(repo, manual, last)
        start = _since(repo, last)
        changes = [c for c in changes_since(manual, None, until=today)
                   if (c.number, c.new, c.action == "retired") not in announced]  # fmt: skip
    else:
        start = _since(repo, since) if since is not None else None
        if start is not None and start > today:
            raise UsageError(
                tr("--since {value} is after today ({today}): nothing can have come into force",
                   value=str(start), today=str(today))
            )  # fmt: skip
        changes = changes_since(manual, start, until=today)
    result = Notice(
        manual.meta.title, manual.meta.number, manual.meta.company, start, today, changes
    )
    if not mark:
        return result
    assert repo is not None
    from qes_cli.store.transaction import writing

    tag = f"{NOTICE_TAG}{today.isoformat()}"
    with writing(root):
        if repo.tag_exists(tag):
            raise GitError(tr("{tag} already exists: today's notice was marked already", tag=tag))
        repo.tag(tag, f"Change notice {today.isoformat()}: {len(changes)} change(s)")
    from dataclasses import replace

    return replace(result, marked=tag)


def _repo(root: Path, *, needed: bool) -> Any:
    from qes_cli.gitrepo import GitRepo

    try:
        return GitRepo(root)
    except GitError:
        if needed:
            raise
        return None


def _last_notice(repo: Any) -> str | None:
    """The newest `notice/DATE` tag, or None."""
    dated = []
    for tag in repo.tags(f"{NOTICE_TAG}*"):
        try:
            dated.append((parse_iso_date(tag.removeprefix(NOTICE_TAG)), tag))
        except ValueError:
            continue
    return max(dated)[1] if dated else None


def _announced(repo: Any, manual: Any, tag: str) -> set[tuple[str, str | None, bool]]:
    """(number, version, retired) of every version the manual held at the notice's commit."""
    from qes_cli.store.frontmatter import split_front_matter
    from qes_cli.store.yamlread import load_yaml

    out: set[tuple[str, str | None, bool]] = set()
    for folder, retired in ((manual.documents_dir, False), (manual.root / "retired", True)):
        for name, text in repo.texts_at(tag, folder).items():
            try:
                parts = split_front_matter(text.replace("\r\n", "\n").removeprefix("\ufeff"),
                                           file=name)  # fmt: skip
                data, _ = load_yaml(parts.yaml, file=name)
            except QesError:
                continue
            if not isinstance(data, dict):
                continue
            number = data.get("number") or name.removesuffix(".md")
            if number == "N/A":
                number = name.removesuffix(".md")
            for h in data.get("history") or []:
                if isinstance(h, dict):
                    out.add((str(number), str(h.get("version")), False))
            if retired:
                out.add((str(number), None, True))
    return out


def _since(repo: Any, since: str) -> dt.date | None:
    try:
        return parse_iso_date(since)
    except ValueError:
        pass
    if repo is None or not repo.tag_exists(since):
        raise UsageError(
            tr("--since {value!r} is neither a date YYYY-MM-DD nor a tag of this repository",
               value=since)
        )  # fmt: skip
    if since.startswith(NOTICE_TAG):
        try:
            return parse_iso_date(since.removeprefix(NOTICE_TAG)) + dt.timedelta(days=1)
        except ValueError:
            pass
    sha = repo.tag_commit(since)
    return dt.date.fromisoformat(repo.commit_date(sha)[:10])


def render_notice(result: Notice, fmt: str) -> str:
    """The notice as Markdown (for a mail or the 质量月报) or one self-contained HTML page."""
    from qes_cli.render import environment, render

    env = environment(None, html=fmt == "html")
    name = "notice.html.j2" if fmt == "html" else "notice.md.j2"
    return render(env, name, notice=result, kinds=KIND_LABELS, meetings=MEETING_LABELS)


KIND_LABELS = {"new": "新发布", "minor": "小版本更新", "major": "大版本更新", "retired": "作废"}
MEETING_LABELS = {"onsite": "现场", "remote": "远程"}
