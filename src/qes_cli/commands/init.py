"""`qes init`: a new, valid manual with comments that explain every field."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from qes_cli.commands.new import document_text
from qes_cli.errors import UsageError
from qes_cli.model.numbers import DocNumber, format_number, valid_prefix
from qes_cli.rules.text import option_text
from qes_cli.text import reason, tr


@dataclass(frozen=True, slots=True)
class Defaults:
    """What `qes init` writes where no option says otherwise, per label language: a generic
    organisation, not the seed company (its manual ships as manual/)."""

    title: str
    company: str
    categories: tuple[str, ...]
    prepared_by: str
    reviewer: str
    approver: str
    first_title: str
    first_body: str


DEFAULTS = {
    "zh": Defaults(
        title="质量手册",
        company="本公司",
        categories=("总纲", "组织与职责", "制度", "作业指导"),
        prepared_by="质量管理部",
        reviewer="质量负责人",
        approver="总经理",
        first_title="质量管理总纲",
        first_body="本文件正文待编写。",
    ),
    "en": Defaults(
        title="Quality Manual",
        company="Our organisation",
        categories=("Policy", "Organisation", "Procedures", "Work instructions"),
        prepared_by="Quality department",
        reviewer="Quality Manager",
        approver="General Manager",
        first_title="Quality policy",
        first_body="The text of this document is to be written.",
    ),
}
LANGUAGES = tuple(DEFAULTS)


@dataclass(frozen=True, slots=True)
class InitRequest:
    """Options of `qes init`; None takes the default of `language`."""

    title: str | None = None
    company: str | None = None
    prefix: str = "QES"
    number: str | None = None
    date: dt.date | None = None
    language: str = "zh"
    categories: tuple[str, ...] = ()
    reviewer: str | None = None
    approver: str | None = None


def init_manual(target: Path, request: InitRequest, *, today: dt.date) -> list[Path]:
    """Create the manual in `target` (absent or empty); returns the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(
            tr(
                "{target} is not empty: qes init only creates a manual in a new or empty folder",
                target=str(target),
            )
        )
    if request.language not in DEFAULTS:
        raise UsageError(tr("--lang must be zh or en (got {value!r})", value=request.language))
    if not valid_prefix(request.prefix):
        raise UsageError(
            tr("--prefix must be upper-case letters and digits, starting with a letter")
        )
    base = DEFAULTS[request.language]
    title = option_text(request.title or base.title, "--title")
    company = option_text(request.company or base.company, "--company")
    reviewer = option_text(request.reviewer or base.reviewer, "--reviewer")
    approver = option_text(request.approver or base.approver, "--approver")
    categories = tuple(option_text(c, "--category") for c in request.categories) or base.categories
    if len(set(categories)) != len(categories):
        raise UsageError(
            tr("--category: each category once (got {given})", given=", ".join(categories))
        )
    if reviewer == approver:
        raise UsageError(
            tr(
                "--reviewer and --approver must be two different roles (both {role!r})",
                role=reviewer,
            )
        )
    date = request.date or today
    number = request.number or format_number(request.prefix, 1, date.year)
    try:
        own = DocNumber.parse(number, request.prefix)
    except ValueError as e:
        raise UsageError(reason(e)) from None
    from qes_cli.render import environment, render

    env = environment(None)
    values = {
        "title": title, "company": company, "prefix": request.prefix, "number": number,
        "date": date.isoformat(), "categories": categories, "prepared_by": base.prepared_by,
        "reviewer": reviewer, "approver": approver, "language": request.language,
        "zh": request.language == "zh",
    }  # fmt: skip
    doc_number = format_number(request.prefix, own.serial + 1, date.year)
    created = not target.exists()
    written = []
    try:
        (target / "documents").mkdir(parents=True, exist_ok=True)
        files = {
            target / "manual.yaml": render(env, "init/manual.yaml.j2", **values),
            target / "targets.yaml": render(env, "init/targets.yaml.j2", **values),
            target / "documents" / f"{doc_number}.md": document_text(
                None,
                number=doc_number,
                title=base.first_title,
                category=categories[0],
                seq=1,
                date=date,
                pages=1,
                prepared_by=base.prepared_by,
                reviewer=reviewer,
                approver=approver,
                body=base.first_body,
                comments=True,
                language=request.language,
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
