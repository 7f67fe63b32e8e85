"""What review, approve and retire share: who is acting, the draft being signed, and the one
commit each step makes (through the shared write path: lock, journal, all or nothing)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qes_cli.errors import ControlError
from qes_cli.gitrepo import GitRepo
from qes_cli.model.control import Draft, Signature
from qes_cli.model.manual import DocumentFile, Manual
from qes_cli.model.people import People
from qes_cli.rules.lookup import resolve_document
from qes_cli.store.frontmatter import flow_map, split_front_matter
from qes_cli.store.loader import check_writable, load_valid_manual, load_valid_people
from qes_cli.store.textfile import TextFile, read_text_file
from qes_cli.text import tr


def now() -> dt.datetime:
    """The time a signature records, with the local UTC offset. `QES_NOW` (ISO 8601 with an
    offset) fixes it, for reproducible tests and demos."""
    fixed = os.environ.get("QES_NOW")
    if fixed:
        when = dt.datetime.fromisoformat(fixed)
        if when.tzinfo is not None:
            return when
    return dt.datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True)
class Context:
    """A document about to be signed: the manual, people.yaml, git, and who is acting."""

    root: Path
    manual: Manual
    people: People | None
    repo: GitRepo
    email: str | None
    entry: DocumentFile
    file: TextFile

    @property
    def body(self) -> str:
        """The text a signature covers: a document's Markdown body; for the manual itself,
        its table of contents (what is in force, in which version)."""
        if self.entry.path.name == "manual.yaml":
            from qes_cli.store.loader import read_optional

            toc = self.manual.toc_path
            return read_optional(toc, file=self.manual.toc_file, root=self.manual.root) or ""
        return split_front_matter(self.file.text, file=self.entry.rel).body

    @property
    def draft(self) -> Draft:
        d = self.entry.doc.draft
        if d is None:
            raise ControlError(
                tr(
                    "{doc} has no open draft: `qes bump {doc}` opens one (or `qes retire {doc}`)",
                    doc=self.entry.label,
                )
            )
        return d


def load_context(root: Path, ref: str) -> Context:
    manual = load_valid_manual(root)
    from qes_cli.commands.bump import manual_or_document
    from qes_cli.errors import UnknownDocumentError

    try:
        entry = manual_or_document(manual, ref)
    except UnknownDocumentError:
        entry = resolve_document(manual, ref, retired=True)  # drafts/ (new documents) too
    repo = GitRepo(root)
    return Context(
        root, manual, load_valid_people(root), repo, repo.author_email(), entry,
        read_text_file(entry.path, file=entry.rel),
    )  # fmt: skip


def signature_map(sig: Signature) -> Any:
    """A signature as the flow mapping written into the front matter (timestamp quoted, so
    YAML 1.1 reads it back as text)."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from qes_cli.commands.bump import yaml_text

    data: dict[str, Any] = {
        "name": yaml_text(sig.name),
        "email": yaml_text(sig.email),
        "role": yaml_text(sig.role),
        "at": DoubleQuotedScalarString(sig.at),
        "sha256": yaml_text(sig.sha256),
    }
    if sig.reason is not None:
        data["reason"] = yaml_text(sig.reason)
    return flow_map(data)


def edited(ctx: Context, mutate: Callable[[Any], None]) -> tuple[bytes, str]:
    """The document's bytes after `mutate`, in its own line ends and BOM, validated."""
    from qes_cli.commands.bump import edit_entry, validate_entry

    text = edit_entry(ctx.entry, ctx.file.text, mutate)
    data = ctx.file.encode(text)
    check_writable(data, file=ctx.entry.rel)
    validate_entry(ctx.entry, text)
    return data, text
