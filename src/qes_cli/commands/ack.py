"""`qes ack DOC [--date D] [--attendees N]`: a region's quality manager (质量经理) records that
the region learned the version in force (区域组织学习, SPEC §6). One commit; the record goes to
`manual/records/NUMBER.yaml`."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qes_cli.errors import ControlError, UsageError
from qes_cli.model.people import QUALITY_MANAGER
from qes_cli.model.records import Acknowledgement
from qes_cli.rules.lookup import resolve_document
from qes_cli.store.loader import (
    RECORDS_DIR,
    check_writable,
    load_valid_manual,
    load_valid_people,
    load_valid_records,
)
from qes_cli.store.transaction import Checkpoint, apply_changes, read_bytes, writing
from qes_cli.text import tr


@dataclass(frozen=True, slots=True)
class AckResult:
    number: str
    version: str
    region: str
    by: str
    date: dt.date
    commit: str | None


def ack(
    root: Path,
    ref: str,
    *,
    today: dt.date,
    date: dt.date | None = None,
    attendees: int | None = None,
    checkpoint: Checkpoint | None = None,
) -> AckResult:
    from qes_cli.commands.control import now
    from qes_cli.gitrepo import GitRepo

    with writing(root):
        manual = load_valid_manual(root)
        entry = resolve_document(manual, ref)
        d = entry.doc
        repo = GitRepo(root)
        email = repo.author_email()
        people = load_valid_people(root)
        person = people.by_email(email) if people is not None and email else None
        if person is None or not person.holds(QUALITY_MANAGER) or not person.region:
            raise ControlError(
                tr(
                    "ack refused: {who} is not a region's quality manager (质量经理 with a "
                    "region) in people.yaml — each region's 质量经理 records its own learning",
                    who=email or "(no git author e-mail)",
                )
            )
        if not d.is_versioned or d.version is None or d.effective is None or d.number is None:
            raise ControlError(
                tr("{title!r} has no version in force to learn (a section or N/A entry)",
                   title=d.title)
            )  # fmt: skip
        if d.effective > today:
            raise ControlError(
                tr("{number} {version} is not in force yet (from {date})", number=d.number,
                   version=d.version, date=str(d.effective))
            )  # fmt: skip
        day = date or today
        if day < d.effective:
            raise UsageError(
                tr("--date {date} is before {number} {version} came into force ({effective})",
                   date=str(day), number=d.number, version=d.version, effective=str(d.effective))
            )  # fmt: skip
        if day > today:
            raise UsageError(tr("--date {date} is in the future", date=str(day)))
        records = load_valid_records(root).get(d.number)
        if records is not None and records.learned(d.version, person.region) is not None:
            done = records.learned(d.version, person.region)
            assert done is not None
            raise ControlError(
                tr("{region} already recorded learning {number} {version} on {date}",
                   region=person.region, number=d.number, version=d.version, date=str(done.date))
            )  # fmt: skip
        item = Acknowledgement(
            version=d.version, region=person.region, date=day, attendees=attendees,
            by=person.name, email=person.email, at=now().isoformat(timespec="seconds"),
        )  # fmt: skip
        path = root / RECORDS_DIR / f"{d.number}.yaml"
        before = read_bytes(path)
        data = _append(before, d.number, item)
        check_writable(data, file=str(path))
        message = (
            f"{d.number} {d.version} learned in {person.region} ({day}"
            + (f", {attendees} attendees" if attendees is not None else "")
            + f"): {person.name}\n"
        )
        done_commit = apply_changes(
            root, {path: data}, message=message, tag=None, checkpoint=checkpoint,
            based_on={path: before},
        )  # fmt: skip
        return AckResult(d.number, d.version, person.region, person.name, day, done_commit.commit)


def _append(before: bytes | None, number: str, item: Acknowledgement) -> bytes:
    """The records file with `item` appended, every earlier byte kept."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from qes_cli.commands.bump import yaml_text
    from qes_cli.store.frontmatter import flow_map

    entry: dict[str, Any] = {"version": item.version, "region": yaml_text(item.region),
                             "date": item.date}  # fmt: skip
    if item.attendees is not None:
        entry["attendees"] = item.attendees
    entry |= {"by": yaml_text(item.by), "email": yaml_text(item.email),
              "at": DoubleQuotedScalarString(item.at)}  # fmt: skip
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.width = 1_000_000
    y.allow_unicode = True
    y.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    y.dump({"acknowledgements": [flow_map(entry)]}, buf)
    line = buf.getvalue().split("\n", 1)[1]  # the list item only
    if before is None:
        head = (
            f"# 区域组织学习记录 — written by `qes ack`; one entry per (version, region)\n"
            f"document: {number}\nacknowledgements:\n"
        )
        return (head + line).encode("utf-8")
    text = before.decode("utf-8")
    if not text.endswith("\n"):
        text += "\n"
    if "acknowledgements: []" in text:
        text = text.replace("acknowledgements: []", "acknowledgements:", 1)
    return (text + line).encode("utf-8")
