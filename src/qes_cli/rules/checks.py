"""Every rule of SPEC §1–2 as a function from a loaded manual to findings (no I/O here)."""

from __future__ import annotations

from collections import defaultdict

from qes_cli.model.document import NA_VERSION, Document
from qes_cli.model.manual import DocumentFile, Manual
from qes_cli.model.numbers import NOT_APPLICABLE, DocNumber, parse_doc_ref
from qes_cli.rules.findings import Finding
from qes_cli.text import reason, tr

_EXPECTED_MEETING = {"major": "onsite", "minor": "remote"}


def check_documents(manual: Manual) -> list[Finding]:
    """Per-document and cross-document rules; the TOC is judged apart (needs rendering)."""
    findings: list[Finding] = []
    serials = _serial_owners(manual, findings)
    for entry in manual.documents:
        findings.extend(_check_one(manual, entry, serials))
    findings.extend(_check_seq(manual))
    findings.extend(_check_titles(manual))
    return findings


def _check_titles(manual: Manual) -> list[Finding]:
    """QES114: two entries with one title (a reader of the TOC cannot tell them apart)."""
    out: list[Finding] = []
    seen: dict[str, DocumentFile] = {}
    for entry in manual.documents:
        key = " ".join(entry.doc.title.split()).casefold()
        first = seen.setdefault(key, entry)
        if first is not entry:
            out.append(
                _f(
                    entry,
                    "QES114",
                    tr("title {title!r} is also the title of {other}", title=entry.doc.title,
                       other=first.rel),
                    "title",
                )
            )  # fmt: skip
    return out


def _f(entry: DocumentFile, code: str, message: str, *loc: str | int) -> Finding:
    return Finding(entry.rel, entry.line_of(*loc), code, message)


def _serial_owners(manual: Manual, findings: list[Finding]) -> dict[int, str]:
    """Serial → number of its owner; duplicates (whatever the year) are reported here."""
    prefix = manual.meta.prefix
    owners: dict[int, str] = {}
    try:
        own = DocNumber.parse(manual.meta.number, prefix)
        owners[own.serial] = f"manual.yaml ({manual.meta.number})"
    except ValueError:
        findings.append(
            Finding(
                manual.meta_file,
                manual.meta_lines.get(("number",), 1),
                "QES103",
                tr(
                    "manual number {number!r} is not {prefix}-NNN-YYYY",
                    number=manual.meta.number,
                    prefix=prefix,
                ),
            )
        )
    for entry in manual.documents:
        number = entry.doc.number
        if number is None or number == NOT_APPLICABLE:
            continue
        try:
            parsed = DocNumber.parse(number, prefix)
        except ValueError as e:
            findings.append(_f(entry, "QES103", reason(e), "number"))
            continue
        if parsed.serial in owners:
            findings.append(
                _f(
                    entry,
                    "QES104",
                    tr(
                        "serial {short} of {number} is already used by {owner}",
                        short=parsed.short,
                        number=number,
                        owner=owners[parsed.serial],
                    ),
                    "number",
                )
            )
        else:
            owners[parsed.serial] = f"{entry.rel} ({number})"
    return owners


def _check_one(manual: Manual, entry: DocumentFile, serials: dict[int, str]) -> list[Finding]:
    d = entry.doc
    out: list[Finding] = []
    if d.status is not None or d.retired is not None:
        out.append(_f(entry, "QES123", tr(
            "only an approved `qes retire` makes a document obsolete (it then moves to retired/): "
            "remove 'status'/'retired' here"), "status" if d.status else "retired"))  # fmt: skip
    if d.category not in manual.meta.categories:
        known = ", ".join(manual.meta.categories)
        out.append(
            _f(
                entry,
                "QES110",
                tr(
                    "unknown category {category!r} (known: {known})",
                    category=d.category,
                    known=known,
                ),
                "category",
            )
        )

    if d.is_section:
        if d.parent is None:
            out.append(
                _f(entry, "QES130", tr("an entry without number is a section and needs 'parent'"))
            )
        else:
            serial = parse_doc_ref(d.parent, manual.meta.prefix)
            owner = serials.get(serial) if serial is not None else None
            if owner is None or owner.startswith("manual.yaml"):
                out.append(
                    _f(
                        entry,
                        "QES130",
                        tr("parent {parent!r} is not a document of this manual", parent=d.parent),
                        "parent",
                    )
                )
        for name in ("version", "history"):
            if getattr(d, name) is not None:
                out.append(
                    _f(
                        entry,
                        "QES122",
                        tr("a section is not versioned: remove '{name}'", name=name),
                        name,
                    )
                )
        return out

    if d.parent is not None:
        out.append(
            _f(
                entry,
                "QES105",
                tr("'parent' is only for sections (entries without number)"),
                "parent",
            )
        )

    if d.is_not_applicable:
        if d.version != NA_VERSION:
            out.append(
                _f(
                    entry,
                    "QES121",
                    tr("an N/A document has version '/' (got {version!r})", version=d.version),
                    "version",
                )
            )
        if d.history is not None:
            out.append(
                _f(
                    entry,
                    "QES122",
                    tr("an N/A document is not versioned: remove 'history'"),
                    "history",
                )
            )
        return out

    if d.version == NA_VERSION:
        out.append(
            _f(entry, "QES121", tr("version '/' is only for documents numbered N/A"), "version")
        )
        return out
    for name in ("version", "effective", "prepared_by", "reviewed_by", "approved_by"):
        if getattr(d, name) is None:
            out.append(_f(entry, "QES101", tr("required field '{name}' is missing", name=name)))
    out.extend(_check_history(entry, d))
    out.extend(_check_draft(entry, d))
    return out


def _check_draft(entry: DocumentFile, d: Document) -> list[Finding]:
    """QES147: an open draft must be the legal next step, with the kind and meeting it needs
    (a draft edited by hand to `D/7` would otherwise be reviewed and approved as it is)."""
    draft = d.draft
    code = d.code
    if draft is None or draft.action != "revise" or code is None:
        return []
    out: list[Finding] = []
    want = {"minor": code.next_minor(), "major": code.next_major()}
    if draft.version is None or draft.kind not in want:
        out.append(_f(entry, "QES147", tr("a draft needs version and kind (minor or major)"),
                      "draft"))  # fmt: skip
        return out
    if str(want[draft.kind]) != draft.version:
        out.append(_f(entry, "QES147", tr(
            "draft {version} is not the {kind} step from {current} (that is {expected})",
            version=draft.version, kind=draft.kind, current=str(code),
            expected=str(want[draft.kind])), "draft", "version"))  # fmt: skip
    expected_meeting = _EXPECTED_MEETING[draft.kind]
    if draft.meeting is not None and draft.meeting != expected_meeting:
        out.append(_f(entry, "QES147", tr(
            "a {kind} version is released in a {want} meeting, not {meeting}", kind=draft.kind,
            want=expected_meeting, meeting=draft.meeting), "draft", "meeting"))  # fmt: skip
    if d.last_change is not None and draft.date < d.last_change:
        out.append(_f(entry, "QES147", tr(
            "history date {date} is before the previous {previous}", date=str(draft.date),
            previous=str(d.last_change)), "draft", "date"))  # fmt: skip
    return out


def _check_history(entry: DocumentFile, d: Document) -> list[Finding]:
    out: list[Finding] = []
    if not d.history:
        out.append(
            _f(
                entry,
                "QES140",
                tr("history must list every released version, oldest first"),
                "history",
            )
        )
        return out
    first = d.history[0]
    if first.kind != "initial":
        out.append(
            _f(
                entry,
                "QES143",
                tr("first history entry must be kind 'initial' (got {kind!r})", kind=first.kind),
                "history",
                0,
                "kind",
            )
        )
    for i in range(1, len(d.history)):
        prev, cur = d.history[i - 1], d.history[i]
        a, b = prev.code, cur.code
        if b <= a:
            out.append(
                _f(
                    entry,
                    "QES141",
                    tr("history not oldest first: {b} after {a}", a=str(a), b=str(b)),
                    "history",
                    i,
                    "version",
                )
            )
        elif b == a.next_minor():
            if cur.kind != "minor":
                out.append(
                    _f(
                        entry,
                        "QES143",
                        tr(
                            "{a} → {b} is a minor step but kind is {kind!r}",
                            a=str(a),
                            b=str(b),
                            kind=cur.kind,
                        ),
                        "history",
                        i,
                        "kind",
                    )
                )
        elif b == a.next_major():
            if cur.kind != "major":
                out.append(
                    _f(
                        entry,
                        "QES143",
                        tr(
                            "{a} → {b} is a major step but kind is {kind!r}",
                            a=str(a),
                            b=str(b),
                            kind=cur.kind,
                        ),
                        "history",
                        i,
                        "kind",
                    )
                )
        else:
            out.append(
                _f(
                    entry,
                    "QES142",
                    tr(
                        "{a} → {b} is not a legal step (minor: {minor}, major: {major})",
                        a=str(a),
                        b=str(b),
                        minor=str(a.next_minor()),
                        major=str(a.next_major()),
                    ),
                    "history",
                    i,
                    "version",
                )
            )
        if cur.date < prev.date:
            out.append(
                _f(
                    entry,
                    "QES145",
                    tr(
                        "history date {date} is before the previous {previous}",
                        date=str(cur.date),
                        previous=str(prev.date),
                    ),
                    "history",
                    i,
                    "date",
                )
            )
    for i, h in enumerate(d.history):
        want = _EXPECTED_MEETING.get(h.kind)
        if h.meeting is not None and want is not None and h.meeting != want:
            out.append(
                _f(
                    entry,
                    "QES146",
                    tr(
                        "a {kind} version is released in a {want} meeting, not {meeting}",
                        kind=h.kind,
                        want=want,
                        meeting=h.meeting,
                    ),
                    "history",
                    i,
                    "meeting",
                )
            )
    last = d.history[-1]
    code = d.code
    if code is not None and last.code != code:
        out.append(
            _f(
                entry,
                "QES144",
                tr(
                    "version is {code} but the last history entry is {last}",
                    code=str(code),
                    last=last.version,
                ),
                "version",
            )
        )
    if d.effective is not None and d.effective < last.date:
        out.append(
            _f(
                entry,
                "QES145",
                tr(
                    "effective {effective} is before the last history date {date}",
                    effective=str(d.effective),
                    date=str(last.date),
                ),
                "effective",
            )
        )
    return out


def _check_seq(manual: Manual) -> list[Finding]:
    out: list[Finding] = []
    by_seq: dict[int, list[DocumentFile]] = defaultdict(list)
    for entry in manual.documents:
        by_seq[entry.doc.seq].append(entry)
    for seq, entries in sorted(by_seq.items()):
        for dup in entries[1:]:
            out.append(
                _f(
                    dup,
                    "QES111",
                    tr("seq {seq} is also used by {other}", seq=seq, other=entries[0].rel),
                    "seq",
                )
            )
    expected = 1
    for seq in sorted(by_seq):
        if seq != expected:
            missing = f"{expected}" if seq == expected + 1 else f"{expected}..{seq - 1}"
            out.append(
                _f(
                    by_seq[seq][0],
                    "QES112",
                    tr(
                        "seq {seq} follows {previous}: {missing} missing",
                        seq=seq,
                        previous=expected - 1,
                        missing=missing,
                    ),
                    "seq",
                )
            )
        expected = seq + 1
    order = {name: i for i, name in enumerate(manual.meta.categories)}
    highest = -1
    highest_name = ""
    for entry in manual.documents:
        rank = order.get(entry.doc.category)
        if rank is None:
            continue
        if rank < highest:
            out.append(
                _f(
                    entry,
                    "QES113",
                    tr(
                        "category {category!r} comes after {after!r} in seq order, "
                        "but manual.yaml lists it before",
                        category=entry.doc.category,
                        after=highest_name,
                    ),
                    "category",
                )
            )
        elif rank > highest:
            highest, highest_name = rank, entry.doc.category
    return out


def check_toc(manual: Manual, expected: str, current: str | None) -> list[Finding]:
    """QES150/151: toc.md (`current`, None when absent) must be exactly what `qes toc` renders."""
    rel = manual.toc_file
    if current is None:
        return [Finding(rel, 1, "QES151", tr("toc.md is missing: run `qes toc`"))]
    if current == expected:
        return []
    line = 1
    for i, (a, b) in enumerate(zip(current.splitlines(), expected.splitlines(), strict=False), 1):
        if a != b:
            line = i
            break
    else:
        line = min(len(current.splitlines()), len(expected.splitlines())) + 1
    return [Finding(rel, line, "QES150", tr("toc.md is stale: run `qes toc`"))]
