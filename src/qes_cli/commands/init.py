"""`qes init`: a new, valid manual with comments that explain every field."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from qes_cli.commands.new import DEFAULT_PREPARED_BY, document_text
from qes_cli.errors import UsageError
from qes_cli.model.numbers import DocNumber, format_number, valid_prefix
from qes_cli.text import reason, tr

DEFAULT_CATEGORIES = ("总纲", "组织架构", "预案机制及制度", "质量日常管理")
DEFAULT_REVIEWER = "服务中心总经理助理"
DEFAULT_APPROVER = "服务中心总经理"


@dataclass(frozen=True, slots=True)
class InitRequest:
    title: str = "服务质量体系手册"
    company: str = "本公司"
    prefix: str = "QES"
    number: str | None = None
    date: dt.date | None = None


def init_manual(target: Path, request: InitRequest, *, today: dt.date) -> list[Path]:
    """Create the manual in `target` (absent or empty); returns the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(
            tr(
                "{target} is not empty: qes init only creates a manual in a new or empty folder",
                target=str(target),
            )
        )
    if not valid_prefix(request.prefix):
        raise UsageError(
            tr("--prefix must be upper-case letters and digits, starting with a letter")
        )
    date = request.date or today
    number = request.number or format_number(request.prefix, 1, date.year)
    try:
        own = DocNumber.parse(number, request.prefix)
    except ValueError as e:
        raise UsageError(reason(e)) from None
    from qes_cli.render import environment

    env = environment(None)
    values = {
        "title": request.title, "company": request.company, "prefix": request.prefix, "number": number,
        "date": date.isoformat(), "categories": DEFAULT_CATEGORIES, "prepared_by": DEFAULT_PREPARED_BY,
        "reviewer": DEFAULT_REVIEWER, "approver": DEFAULT_APPROVER,
    }  # fmt: skip
    doc_number = format_number(request.prefix, own.serial + 1, date.year)
    created = not target.exists()
    written = []
    try:
        (target / "documents").mkdir(parents=True, exist_ok=True)
        files = {
            target / "manual.yaml": env.get_template("init/manual.yaml.j2").render(**values),
            target / "targets.yaml": env.get_template("init/targets.yaml").render(),
            target / "documents" / f"{doc_number}.md": document_text(
                None,
                number=doc_number,
                title="质量管理总纲",
                category=DEFAULT_CATEGORIES[0],
                seq=1,
                date=date,
                pages=1,
                prepared_by=DEFAULT_PREPARED_BY,
                reviewer=DEFAULT_REVIEWER,
                approver=DEFAULT_APPROVER,
                body="本文件正文待编写。",
                comments=True,
            ),
        }
        for path, text in files.items():
            path.write_text(text, encoding="utf-8")
            written.append(path)
        from qes_cli.render import render_toc
        from qes_cli.store.loader import load_valid_manual

        toc = target / "toc.md"
        toc.write_text(render_toc(load_valid_manual(target)), encoding="utf-8")
        written.append(toc)
    except BaseException:
        if created:
            shutil.rmtree(target, ignore_errors=True)
        else:
            for p in written:
                p.unlink(missing_ok=True)
            shutil.rmtree(target / "documents", ignore_errors=True)
        raise
    return written


def next_step(target: Path) -> str:
    """What to run after `qes init`, as a command line that works from here (quoted)."""
    import shlex

    from qes_cli.errors import GitError
    from qes_cli.text import tr

    folder = shlex.quote(str(target))
    try:
        from qes_cli.gitrepo import GitRepo

        GitRepo(target)
    except GitError:
        return tr(
            "next: cd {folder} && git init && git add . && git commit -m 'Quality manual' && "
            "qes check",
            folder=folder,
        )
    return tr(
        "next: git add {folder} && git commit -m 'Quality manual' && qes --manual {folder} check",
        folder=folder,
    )
