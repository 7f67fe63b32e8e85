"""How releases are named in git: the tag of a version and the messages of release commits.

One place, so `bump`, `new`, `approve` and the readers of history (`history`, `diff`, `check`)
always agree on what a release is called.
"""

from __future__ import annotations

from qes_cli.model.versions import VersionCode

MEETING_WORDS = {"onsite": "现场 (onsite)", "remote": "远程 (remote)"}


def tag_name(number: str, version: str | VersionCode) -> str:
    """Release tag: `QES-007-2025/A/4` — document number, then the version code."""
    return f"{number}/{version}"


def split_tag(tag: str) -> tuple[str, str] | None:
    """(number, version) of a release tag, or None when `tag` is not one."""
    number, sep, version = tag.partition("/")
    if not sep:
        return None
    if version == RETIRED:
        return number, version
    try:
        VersionCode.parse(version)
    except ValueError:
        return None
    return number, version


def release_message(
    number: str,
    title: str,
    *,
    old: VersionCode,
    new: VersionCode,
    kind: str,
    reason: str,
    processes: int | None,
    reviewer: str,
    approver: str,
    meeting: str,
) -> str:
    """The commit message of a release: the change on line 1, who signed it after."""
    lines = [
        f"{number} {old} → {new}: {reason}",
        "",
        f"{title}: {kind} version {old} ({old.vform}) → {new} ({new.vform}).",
    ]
    if processes is not None:
        lines.append(f"Processes changed: {processes}.")
    lines += [
        f"Reviewed by: {reviewer}",
        f"Approved by: {approver}",
        f"Meeting: {MEETING_WORDS.get(meeting, meeting)}",
    ]
    return "\n".join(lines) + "\n"


def new_document_message(
    number: str,
    title: str,
    *,
    version: VersionCode,
    category: str,
    seq: int,
    effective: str,
    shifted: int,
    reviewer: str,
    approver: str,
) -> str:
    """The commit message of `qes new`."""
    return (
        f"{number} new: {title} ({version})\n\n"
        f"Category {category}, seq {seq}, effective {effective}."
        + (f" Shifted seq of {shifted} later entries." if shifted else "")
        + f"\nReviewed by: {reviewer}\nApproved by: {approver}\n"
    )


def import_message(
    documents: list[tuple[str, str, str, str]], *, shifted: int, reviewer: str, approver: str
) -> str:
    """The commit message of `qes import`: (number, version, title, source) per document."""
    numbers = ", ".join(f"{n} {v}" for n, v, _, _ in documents[:3])
    more = f" and {len(documents) - 3} more" if len(documents) > 3 else ""
    lines = [f"import {len(documents)} document(s): {numbers}{more}", ""]
    lines += [f"{n} {v} {t} (from {s})" for n, v, t, s in documents]
    lines += [
        "",
        "Approved on paper before qes; in force as imported."
        + (f" Shifted seq of {shifted} later entries." if shifted else ""),
        f"Reviewed by: {reviewer}",
        f"Approved by: {approver}",
    ]
    return "\n".join(lines) + "\n"


def draft_message(number: str, title: str, *, old: VersionCode, new: VersionCode, kind: str,
                  reason: str) -> str:  # fmt: skip
    """The commit that opens a draft (approval required): nothing is in force yet."""
    return (
        f"{number} draft {old} → {new}: {reason}\n\n"
        f"{title}: {kind} version {new} ({new.vform}) opened for review; "
        f"in force: {old} ({old.vform}).\n"
    )


def retire_message(number: str, title: str, *, reason: str, reviewer: str, approver: str) -> str:
    """The commit that retires a document (作废)."""
    return (
        f"{number} retired: {reason}\n\n{title} is withdrawn (作废) and leaves the table of "
        f"contents.\nReviewed by: {reviewer}\nApproved by: {approver}\n"
    )


RETIRED = "retired"  # the version part of a retirement's tag: QES-007-2025/retired
