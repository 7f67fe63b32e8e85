"""`qes build`: the manual as a static HTML site — the TOC as index, one page per entry under
the seed's header block (文件名称, 文件编号, 版本/次, 实施日期, 编制, 审核, 批准).

The manual is untrusted input (it arrives by merge request and is built in CI), so building
guards what the manual cannot be trusted with: page names and links come from file names
(percent-encoded, never a URL scheme, never index.html), bodies render in bounded pieces
(memory stays bounded whatever their shape), templates are read only when they are regular
files inside the manual, and the site is staged so that a failed build writes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from qes_cli.errors import InputError, UsageError
from qes_cli.model.manual import DocumentFile, Manual
from qes_cli.model.numbers import NOT_APPLICABLE, parse_doc_ref
from qes_cli.rules.toc import toc_labels, toc_rows
from qes_cli.store.atomic import write_atomic
from qes_cli.store.loader import load_valid_manual, read_body
from qes_cli.store.paths import display_path
from qes_cli.text import tr

Progress = Callable[[int, int], None]


def date_label(day: dt.date | None, lang: str = "zh") -> str:
    """The seed's form, 2025 年 01 月 24 日; ISO (2025-01-24) in an English manual."""
    if day is None:
        return ""
    if lang != "zh":
        return day.isoformat()
    return f"{day.year} 年 {day.month:02d} 月 {day.day:02d} 日"


def site_labels(lang: str) -> dict[str, str]:
    """The fixed words of the site in the manual's label language (the seed's header block:
    文件名称, 文件编号, 版本/次, 实施日期, 编制, 审核, 批准)."""
    from qes_cli.text import translate

    words = {
        "contents": "Contents", "previous": "Previous: ", "next": "Next: ",
        "name": "Document name", "number": "Document no.", "version": "Version",
        "effective": "Effective date", "prepared_by": "Prepared by", "reviewed_by": "Reviewed by",
        "approved_by": "Approved by", "manual_number": "Number", "released": "Latest release",
    }  # fmt: skip
    out = {key: translate(english, lang) for key, english in words.items()}
    out["html_lang"] = "zh-CN" if lang == "zh" else "en"
    return out


@dataclass(frozen=True, slots=True)
class HeaderBlock:
    title: str
    number: str
    version: str
    effective: str
    prepared_by: str
    reviewed_by: str
    approved_by: str


def header_block(manual: Manual, entry: DocumentFile) -> HeaderBlock:
    """A section prints under its parent document's block, as in the seed."""
    d = entry.doc
    owner = entry
    if d.is_section and d.parent:
        serial = parse_doc_ref(d.parent, manual.meta.prefix)
        for e in manual.documents:
            if (
                e.doc.number
                and e.doc.number != NOT_APPLICABLE
                and parse_doc_ref(e.doc.number, manual.meta.prefix) == serial
            ):
                owner = e
                break
    o = owner.doc
    return HeaderBlock(
        title=o.title,
        number=o.number or "",
        version=o.version or "",
        effective=date_label(o.effective or manual.meta.effective, manual.meta.language),
        prepared_by=o.prepared_by or manual.meta.prepared_by or "",
        reviewed_by=o.reviewed_by or "",
        approved_by=o.approved_by or "",
    )


# ---- Markdown in bounded pieces

#: A body longer than this renders piece by piece, no piece longer. markdown-it holds every
#: token of what it renders at once — about 1 KB per table cell and up to ~2 tokens per
#: character otherwise (a 4.8 MB list took 2.6 GB, a 4.8 MB table 3 GB) — so a piece of 64 Ki
#: characters, with at most as many table cells (`TABLE_CELLS`), stays within ~150 MB.
CHUNK_CHARS = 64 * 1024

#: Table cells one piece may hold. markdown-it pads every short row to the header's width (up
#: to 65536 padded cells per table), so 19 KB of small tables with empty rows took 1 GB: once
#: a piece has this many cells, a further table shows as text (never in an ordinary document).
TABLE_CELLS = CHUNK_CHARS
_CELLS_LEFT = "qes_table_cells_left"

_NEWLINES = re.compile(r"\r\n?")


def _markdown() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    table = md.block.ruler.__rules__[md.block.ruler.__find__("table")]
    plain = table.fn

    def bounded(state: Any, start: int, end: int, silent: bool) -> bool:
        """markdown-it's table rule, given only as many rows as the piece's cells allow."""
        if silent:
            return bool(plain(state, start, end, silent))
        left = state.env.get(_CELLS_LEFT, TABLE_CELLS)
        header = state.src[state.bMarks[start] : state.eMarks[start]]
        rows = left // (header.count("|") + 1)  # the header's columns are at most its | + 1
        if rows < 1:
            return False
        first = len(state.tokens)
        if not plain(state, start, min(end, start + 1 + rows), silent):
            return False
        cells = sum(t.type in ("th_open", "td_open") for t in state.tokens[first:])
        state.env[_CELLS_LEFT] = left - cells
        return True

    md.block.ruler.at("table", bounded, {"alt": list(table.alt)})
    return md


def markdown_to_html(text: str, *, chunk: int = CHUNK_CHARS) -> str:
    """CommonMark + tables; raw HTML in a body is shown as text, never executed.

    A body longer than `chunk` characters is rendered in pieces cut between top-level blocks
    after a blank line, which gives the same HTML as rendering it whole (link reference
    definitions are collected first and shared by every piece). Only a single block longer
    than `chunk` is cut inside: a table or fenced code block goes on in the next piece under
    its header row or opening fence again; a list or paragraph goes on as a new one."""
    md = _markdown()
    text = _NEWLINES.sub("\n", text).replace("\0", "\ufffd")  # markdown-it's normalisation
    if len(text) <= chunk:
        return str(md.render(text))
    pieces, references = _pieces(md, text, chunk)
    env: dict[str, Any] = {"references": references}
    html = []
    for start, end, head in pieces:
        env[_CELLS_LEFT] = TABLE_CELLS
        html.append(str(md.render(head + text[start:end], env)))
        env.pop("duplicate_refs", None)  # the collected definitions, met again: not kept
    return "".join(html)


Piece = tuple[int, int, str]  # text[start:end], rendered after `head` (lines it continues)


def _pieces(md: Any, text: str, chunk: int) -> tuple[list[Piece], dict[str, Any]]:
    """`text` cut into pieces of at most `chunk` characters, and its link reference
    definitions (the first definition of a label wins, as in one pass)."""
    pieces: list[Piece] = []
    references: dict[str, Any] = {}
    pos, head = 0, ""
    while pos < len(text):
        room = chunk - len(head)
        last = len(text) - pos <= room
        part = text[pos:] if last else text[pos : pos + room]
        if not last:
            end = part.rfind("\n") + 1
            if end == 0:  # one line longer than a piece: cut it at a space if there is one
                space = max(part.rfind(" "), part.rfind("\t"))
                cut = space + 1 if space >= room // 2 else room
                pieces.append((pos, pos + cut, head))
                pos, head = pos + cut, ""
                continue
            part = part[:end]
        window = head + part
        blocks, lines, defined = _blocks(md, window)
        cut, carry = (len(window), "") if last else _cut(window, blocks, lines, len(head), chunk)
        for label, ref, ends in defined:
            if ends <= cut:  # a definition cut off at the window's end is read again
                references.setdefault(label, ref)
        pieces.append((pos, pos + cut - len(head), head))
        pos, head = pos + cut - len(head), carry
    return pieces, references


def _blocks(md: Any, window: str) -> tuple[list[Any], list[int], list[tuple[str, Any, int]]]:
    """Block-level parse of `window` alone: its top-level blocks (opening tokens, with their
    lines), the offset of each line (and of the end), and its reference definitions with the
    offset where each ends."""
    env: dict[str, Any] = {}
    tokens = md.block.parse(window, md, env, []) or []
    blocks = [t for t in tokens if t.level == 0 and t.nesting >= 0 and t.map]
    lines = [0, *(m.end() for m in re.finditer("\n", window))]
    if lines[-1] != len(window):
        lines.append(len(window))
    defined = [
        (
            label,
            {"href": ref["href"], "title": ref["title"]},
            lines[min(ref["map"][1], len(lines) - 1)],
        )
        for label, ref in env.get("references", {}).items()
    ]
    return blocks, lines, defined


def _cut(
    window: str, blocks: list[Any], lines: list[int], floor: int, chunk: int
) -> tuple[int, str]:
    """Where to end the piece that `window` (whole lines, more text after it) begins, beyond
    `floor` (the head it starts with), and the head of the next piece.

    Safe: the start of a top-level block that follows a blank line and is not on the window's
    last two lines. Every block before it was decided on lines inside the window (whatever
    looks ahead — a paragraph, a table, a reference title — stops at a blank line; a list or
    code block looks at the next line that is not blank), and the block parser restarts there
    as at the beginning of a document. Failing that, one block fills the window: a table or
    fenced code block is cut before its last line and goes on under its header or opening fence;
    anything else is cut as late as possible, at a block start, else before a line that is not
    indented, else at the end."""
    count = len(lines) - 1
    text = window.split("\n")
    safe = [
        t.map[0]
        for t in blocks
        if 0 < t.map[0] <= count - 2
        and lines[t.map[0]] > floor
        and not text[t.map[0] - 1].strip(" \t")
    ]
    if safe:
        return lines[max(safe)], ""
    if len(blocks) == 1 and blocks[0].map[0] == 0 and blocks[0].type in ("table_open", "fence"):
        first = blocks[0]
        closing = first.type == "fence" and _closes(text[count - 1], first.markup)
        if first.map[1] < count or closing:  # it ends in the window
            return len(window), ""
        carry = window[: lines[2 if first.type == "table_open" else 1]]
        if len(carry) <= chunk // 4 and lines[count - 1] > max(floor, len(carry)):
            return lines[count - 1], carry
    half = max(len(window) // 2, floor + 1)
    late = [t.map[0] for t in blocks if 0 < t.map[0] < count and lines[t.map[0]] >= half]
    if late:
        return lines[max(late)], ""
    for line in range(count - 1, 0, -1):
        if lines[line] < half:
            break
        if text[line][:1] not in ("", " ", "\t"):
            return lines[line], ""
    return len(window), ""


def _closes(line: str, markup: str) -> bool:
    """Whether `line` closes a code fence opened with `markup` (``` or ~~~, or longer)."""
    fence = line.lstrip(" ")
    return (
        len(line) - len(fence) < 4
        and fence.rstrip(" \t") == markup[0] * len(fence.rstrip(" \t"))
        and len(fence.rstrip(" \t")) >= len(markup)
    )


# ---- pages and links


#: A page name (without .html) longer than this in UTF-8 is shortened: with ".html" and the
#: temporary name write_atomic builds around it, it must fit the file system's 255 bytes.
PAGE_STEM_BYTES = 200
RESERVED_PAGES = ("index.html", "style.css", "changes.html", "search.js")


def page_names(stems: list[str]) -> dict[str, str]:
    """Each document's page file name: its stem + .html, except that no page may replace the
    index or the style sheet (index.md) or another page (names differing in case only, on a
    file system that ignores case), nor be too long for the file system; those get a suffix."""

    def fit(stem: str) -> str:
        raw = stem.encode("utf-8")
        if len(raw) <= PAGE_STEM_BYTES:
            return stem
        digest = hashlib.sha256(raw).hexdigest()[:12]
        return raw[: PAGE_STEM_BYTES - 13].decode("utf-8", "ignore") + "-" + digest

    taken = {name.casefold() for name in RESERVED_PAGES}
    names: dict[str, str] = {}
    clashes = []
    for stem in stems:
        name = fit(stem) + ".html"
        if name.casefold() in taken:
            clashes.append(stem)
        else:
            taken.add(name.casefold())
            names[stem] = name
    for stem in clashes:
        n = 2
        while (name := f"{fit(stem)}-{n}.html").casefold() in taken:
            n += 1
        taken.add(name.casefold())
        names[stem] = name
    return names


def href(name: str) -> str:
    """The link to a page of the site: the file name percent-encoded, so that it is one
    relative path segment (`:` becomes %3A: `javascript:x.html` cannot be read as a scheme,
    `#`, `?`, `%`, quotes and spaces cannot change what it points to)."""
    return quote(name, safe="")


def check_names(manual: Manual) -> None:
    """A page is named after its file; a file name that is not UTF-8 cannot name a page."""
    for entry in manual.documents:
        try:
            entry.stem.encode("utf-8")
        except UnicodeEncodeError as e:
            raise InputError(
                tr("the file name is not valid UTF-8 and cannot name a web page; rename the file"),
                file=entry.rel,
            ) from e


# ---- where the site goes


def check_out(root: Path, out: Path) -> None:
    """Refuse an output folder that would harm the repository or cannot be written, before
    anything is written: inside .git, the manual itself, a file, no permission."""
    shown = str(out)
    try:
        resolved = out.resolve()
        manual = root.resolve()
    except (OSError, RuntimeError) as e:  # a symbolic link loop
        raise InputError(
            tr("cannot write the site here: {reason}", reason=getattr(e, "strerror", None) or e),
            file=shown,
        ) from e
    if any(
        part.casefold() == ".git" for part in (*Path(os.path.abspath(out)).parts, *resolved.parts)
    ):
        raise UsageError(
            tr(
                "--out {path} is inside a .git folder; choose a folder outside git's own data",
                path=shown,
            )
        )
    if resolved == manual or manual in resolved.parents:
        raise UsageError(
            tr(
                "--out {path} is inside the manual folder {manual}; building there would "
                "overwrite the manual's files (default: site/ beside the manual)",
                path=shown,
                manual=display_path(root),
            )
        )
    existing = resolved
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(
            tr(
                "cannot write the site here: {blocker} is not a folder",
                blocker=display_path(existing),
            ),
            file=shown,
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(
            tr(
                "cannot write the site here: no permission to write in {folder}",
                folder=display_path(existing),
            ),
            file=shown,
        )


def _make_folder(out: Path) -> list[Path]:
    """Create `out` and its missing parents; returns those created, outermost first."""
    missing = []
    folder = out
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    made: list[Path] = []
    try:
        for folder in reversed(missing):
            folder.mkdir()
            made.append(folder)
    except OSError as e:
        _remove_folders(made)
        raise InputError(
            tr("cannot write the site here: {reason}", reason=e.strerror or e), file=str(folder)
        ) from e
    return made


def _remove_folders(made: list[Path]) -> None:
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


# ---- the build


def build(
    root: Path, out: Path | None, *, progress: Progress | None = None
) -> tuple[Path, list[Path]]:
    """`qes build`: the site of the manual at `root` in `out` (default: site/ beside the
    manual); returns the folder and the files written."""
    folder = out if out is not None else root.resolve().parent / "site"
    check_out(root, folder)
    manual = load_valid_manual(root)
    return folder, build_site(manual, folder, progress=progress)


def build_site(manual: Manual, out: Path, *, progress: Progress | None = None) -> list[Path]:
    """Render every page into `out` (created if needed); returns the files written.

    Pages are rendered into a temporary folder inside `out` and moved into place once all of
    them are done: a build that fails leaves `out` as it was."""
    check_names(manual)
    made = _make_folder(out)
    try:
        stage = Path(tempfile.mkdtemp(prefix=".qes-build-", dir=out))
    except OSError as e:
        _remove_folders(made)
        raise InputError(
            tr("cannot write the site here: {reason}", reason=e.strerror or e), file=str(out)
        ) from e
    try:
        names = _render_site(manual, stage, progress)
        written = []
        for name in names:
            try:
                os.replace(stage / name, out / name)
            except OSError as e:
                raise InputError(
                    tr("cannot write: {reason}", reason=e.strerror or e),
                    file=display_path(out / name),
                ) from e
            written.append(out / name)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        _remove_folders(made)
        raise
    shutil.rmtree(stage, ignore_errors=True)
    return written


def _render_site(manual: Manual, stage: Path, progress: Progress | None) -> list[str]:
    """Every file of the site written into `stage`; returns their names."""
    from markupsafe import Markup

    from qes_cli.render import environment, render

    env = environment(manual.root, html=True)
    rows = toc_rows(manual)
    everything = [*manual.documents, *manual.retired]
    names = page_names([e.stem for e in everything])
    links = {e.stem: href(names[e.stem]) for e in everything}
    pages = {r.stem: links[e.stem] for r, e in zip(rows, manual.documents, strict=True)}
    extras = SiteExtras.read(manual)
    lang = manual.meta.language
    common: dict[str, Any] = {
        "meta": manual.meta,
        "effective": date_label(manual.meta.effective, lang),
        "labels": site_labels(lang),
        "w": site_words(lang),
        "toc": toc_labels(manual.meta.title, lang),
    }

    def write(name: str, text: str) -> str:
        try:
            write_atomic(stage / name, text)
        except OSError as e:
            raise InputError(
                tr("cannot write: {reason}", reason=e.strerror or e),
                file=display_path(stage.parent / name),
            ) from e
        return name

    retired = [
        (e.doc.number or "", e.doc.title, links[e.stem], e.doc.retired) for e in manual.retired
    ]
    written = [
        write("style.css", render(env, "html/style.css")),
        write("index.html", render(env, "html/index.html.j2", rows=rows, pages=pages,
                                   status=extras.statuses(manual), retired=retired, **common)),
        write("changes.html", render(env, "html/changes.html.j2", changes=extras.changes(manual),
                                     links=links, **common)),
    ]  # fmt: skip
    search: list[dict[str, str]] = []
    total = len(everything)
    toc_by_stem = {r.stem: r for r in rows}
    for i, entry in enumerate(everything, 1):
        in_toc = i <= len(manual.documents)
        previous = manual.documents[i - 2] if in_toc and i > 1 else None
        following = manual.documents[i] if in_toc and i < len(manual.documents) else None
        body = extras.body_in_force(entry)
        html = render(
            env,
            "html/document.html.j2",
            doc=entry.doc,
            row=toc_by_stem.get(entry.stem),
            stem=entry.stem,
            header=header_block(manual, entry),
            body=Markup(markdown_to_html(body)) if body is not None else None,
            page=extras.page(manual, entry),
            previous=(previous.doc.title, links[previous.stem]) if previous else None,
            following=(following.doc.title, links[following.stem]) if following else None,
            **common,
        )
        written.append(write(names[entry.stem], html))
        search.append(search_entry(entry, links[entry.stem], body))
        if progress is not None:
            progress(i, total)
    written.append(write("search.js", search_script(search)))
    return written


SEARCH_TEXT = 20_000  # characters of each page the offline search index keeps


def search_entry(entry: DocumentFile, link: str, body: str | None) -> dict[str, str]:
    """One page in the offline search index: title, number, link, and its plain text."""
    import re as _re

    text = _re.sub(r"[#>*_`|\[\]()!]+|^\s*-+\s", " ", body or "", flags=_re.M)
    text = " ".join(text.split())[:SEARCH_TEXT]
    return {"t": entry.doc.title, "n": entry.doc.number or "", "u": link, "x": text}


def search_script(entries: list[dict[str, str]]) -> str:
    """search.js: the index as a script the pages load from the site itself (no network)."""
    import json

    data = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    return "window.QES_SEARCH = " + data.replace("</", "<\\/") + ";\n"


@dataclass
class SiteExtras:
    """What a page shows beyond its file: the state, the text in force (from its release tag
    when a draft is open), the revision history and which regions learned the version."""

    today: dt.date
    repo: Any
    records: dict[str, Any]
    people: Any

    @classmethod
    def read(cls, manual: Manual) -> SiteExtras:
        from qes_cli.errors import GitError
        from qes_cli.gitrepo import GitRepo
        from qes_cli.store.loader import load_people, load_records

        try:
            repo: Any = GitRepo(manual.root)
        except GitError:
            repo = None
        today = dt.date.today()
        fixed = os.environ.get("QES_NOW")
        if fixed:
            with contextlib.suppress(ValueError):
                today = dt.datetime.fromisoformat(fixed).date()
        return cls(today, repo, load_records(manual.root)[0], load_people(manual.root)[0])

    def statuses(self, manual: Manual) -> dict[str, str]:
        from qes_cli.rules.control import state

        labels = STATE_LABELS if manual.meta.language == "zh" else STATE_EN
        return {e.stem: labels[state(e.doc, self.today)] for e in manual.documents}

    def changes(self, manual: Manual) -> list[Any]:
        from qes_cli.rules.distribution import changes_since

        return list(reversed(changes_since(manual, None, until=self.today)))

    def body_in_force(self, entry: DocumentFile) -> str | None:
        """The text in force. With a draft open the file holds the draft, so the text comes
        from git: the release tag, else the last commit that carried the version without a
        draft. None when git cannot give it (never the draft's text in its place)."""
        d = entry.doc
        if d.draft is None or d.status == "obsolete":
            return read_body(entry)
        if self.repo is None or d.number is None or d.version is None:
            return None
        from qes_cli.model.naming import tag_name
        from qes_cli.store.frontmatter import split_front_matter

        ref = tag_name(d.number, d.version)
        text = self.repo.read_at(ref, entry.path) if self.repo.tag_exists(ref) else None
        if text is None:
            from qes_cli.commands.history import releases

            with contextlib.suppress(Exception):
                sha = releases(self.repo, entry)[d.version].commit
                text = self.repo.read_at(sha, entry.path) if sha else None
        if text is None:
            return None
        try:
            return split_front_matter(text.replace("\r\n", "\n").removeprefix("\ufeff"),
                                      file=entry.rel).body  # fmt: skip
        except InputError:
            return None

    def page(self, manual: Manual, entry: DocumentFile) -> dict[str, Any]:
        from qes_cli.rules.control import in_force_state, state
        from qes_cli.rules.distribution import learned_by, owed, regions

        d = entry.doc
        zh = manual.meta.language == "zh"
        states, kinds = (STATE_LABELS, KIND_LABELS) if zh else (STATE_EN, KIND_EN)
        history = [
            {"version": h.version, "vform": h.code.vform, "date": h.date.isoformat(),
             "kind": kinds.get(h.kind, h.kind), "reason": h.reason,
             "reviewed_by": h.review.name if h.review else h.reviewed_by,
             "approved_by": h.approval.name if h.approval else h.approved_by}
            for h in d.history or []
        ]  # fmt: skip
        learned: list[tuple[str, str]] = []
        waiting: list[str] = []
        if d.number and d.version and owed(manual, entry, self.today):
            done = learned_by(self.records.get(d.number), d.version)
            for region in sorted(regions(self.people)):
                if region in done:
                    learned.append((region, done[region].isoformat()))
                else:
                    waiting.append(region)
        return {
            "state": states[in_force_state(d, self.today)],
            "draft": None if d.draft is None else {
                "version": d.draft.version, "state": states[state(d, self.today)],
                "retire": d.draft.action == "retire"},
            "obsolete": d.status == "obsolete",
            "retired": d.retired,
            "history": history,
            "learned": learned,
            "waiting": waiting,
        }  # fmt: skip


STATE_LABELS = {"draft": "草稿", "reviewed": "已审核", "approved": "待生效", "effective": "现行",
                "obsolete": "作废"}  # fmt: skip
KIND_LABELS = {"initial": "首次发布", "minor": "小版本", "major": "大版本"}
STATE_EN = {"draft": "draft", "reviewed": "reviewed", "approved": "approved, not yet effective",
            "effective": "effective", "obsolete": "obsolete"}  # fmt: skip
KIND_EN = {"initial": "initial", "minor": "minor", "major": "major"}

#: the site's own words beyond the header block: (Chinese, English), by the manual's language
SITE_WORDS = {
    "status": ("状态：", "Status: "), "revising": ("修订中：", "Under revision: "),
    "retirement": ("作废申请", "retirement"), "below": ("，下面是现行版本的正文", "; the text below is the version in force"),
    "history": ("修订历史", "Revision history"), "learning": ("区域组织学习", "Learning by region"),
    "learned": ("已学习：", "Learned: "), "waiting": ("尚未学习：", "Not yet learned: "),
    "version": ("版本/次", "Version"), "vform": ("版本", "V-form"), "date": ("日期", "Date"),
    "kind": ("类型", "Kind"), "reason": ("原因", "Reason"), "reviewed": ("审核", "Reviewed by"),
    "approved": ("批准", "Approved by"), "search": ("全文搜索", "Search"),
    "placeholder": ("输入关键词，如：备件、出库、EHS", "a word or phrase"),
    "changes": ("最近更新（更新内容全员通知）", "Recent changes (notice to all staff)"),
    "retired": ("已作废文件", "Retired documents"), "state": ("状态", "Status"),
    "obsolete": ("作废", "obsolete"), "none": ("没有找到", "Nothing found for"),
    "unavailable": ("现行版本的正文无法从 git 取得（草稿修订中）：请查阅受控纸质版本或发布标签。",
                    "The text in force cannot be read from git while a draft is open: see the "
                    "controlled paper copy or the release tag."),
    "changes_intro": ("生效的版本与作废的文件，最新的在前。", "Versions that came into force and retired documents, newest first."),
    "number": ("文档编号", "Number"), "title": ("文档名称", "Title"),
    "effective_date": ("实施日期", "Effective"), "nothing": ("暂无更新。", "No changes yet."),
    "new": ("新发布", "new"), "minor": ("小版本更新", "minor"), "major": ("大版本更新", "major"),
    "lp": ("（", " ("), "rp": ("）", ")"), "colon": ("：", ": "), "sep": ("、", ", "),
}  # fmt: skip


def site_words(lang: str) -> dict[str, str]:
    return {k: (zh if lang == "zh" else en) for k, (zh, en) in SITE_WORDS.items()}
