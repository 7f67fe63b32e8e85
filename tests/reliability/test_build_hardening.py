"""qes build against hostile manuals and hostile file-system states (SPEC §7 last bullet, §9):
links that cannot become a URL scheme, memory bounded whatever the body's shape, an output
folder that is refused before anything is written, and nothing read outside the manual."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from typer.testing import CliRunner

from qes_cli.commands.build import markdown_to_html, page_names
from tests.conftest import snapshot
from tests.helpers import qes

TEMPLATE = "manual/documents/routine-quality-actions.md"  # an N/A entry, seq 19 of 20
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def add_document(workdir: Path, stem: str | bytes, seq: int, body: str = "# hi\n") -> Path:
    """A valid unnumbered entry at `seq` (after the bundled 20) in documents/`stem`.md."""
    head = (workdir / TEMPLATE).read_text(encoding="utf-8").split("\n---\n", 1)[0]
    text = head.replace("seq: 19", f"seq: {seq}").replace("质量例行管理动作", f"entry {seq}")
    folder = workdir / "manual/documents"
    if isinstance(stem, bytes):
        path = Path(os.fsdecode(os.fsencode(folder) + b"/" + stem + b".md"))
    else:
        path = folder / f"{stem}.md"
    path.write_text(text + "\n---\n" + body, encoding="utf-8")
    return path


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [v for k, v in attrs if k == "href" and v is not None]


def hrefs(page: Path) -> list[str]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.hrefs


def no_traceback(result: object) -> None:
    output = getattr(result, "output", "")
    assert "Traceback" not in output and "unexpected" not in output, output


# ---- 1. file names never become live links -------------------------------------------------

HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(2)",
    "data:text",
    "a b#c?d%20e\"f<g>'h&amp;",
    "%2e%2e",
    "index",  # would replace the table of contents
    "changes",  # would replace the page of recent changes
    "INDEX",  # the same page on a file system that ignores case
    "质量:手册 说明",
    "x" * 250,  # x….html and its temporary name would exceed 255 bytes
]


def test_hostile_file_names_make_relative_links_to_real_pages(
    workdir: Path, runner: CliRunner
) -> None:
    for seq, stem in enumerate(HOSTILE, 21):
        add_document(workdir, stem, seq)
    assert qes(runner, "toc").exit_code == 0
    result = qes(runner, "build", "--out", "site")
    assert result.exit_code == 0, result.output
    site = workdir / "site"
    pages = sorted(site.glob("*.html"))
    assert len(pages) == 20 + len(HOSTILE) + 2  # every entry has its own page, index, changes
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<table class="toc">' in index and "entry 29" in index  # still the TOC, listing all
    seen = set()
    for page in pages:
        for href in hrefs(page):
            assert not SCHEME.match(href), (page.name, href)
            assert "/" not in href and "?" not in href and "#" not in href, (page.name, href)
            assert (site / unquote(href)).is_file(), (page.name, href)
            seen.add(unquote(href))
    assert {p.name for p in pages} <= seen | {"index.html"}  # every page is linked


def test_page_names_never_collide_nor_replace_the_index() -> None:
    names = page_names(["index", "INDEX", "index-2", "a", "A", "style", "y" * 300])
    assert names["index"] == "index-3.html" and names["INDEX"] == "INDEX-4.html"
    assert names["index-2"] == "index-2.html" and names["a"] == "a.html"
    assert names["A"] == "A-2.html" and names["style"] == "style.html"
    assert len(names["y" * 300].encode()) <= 205
    assert len({n.casefold() for n in names.values()}) == len(names)


def test_a_file_name_that_is_not_utf8_is_refused(workdir: Path, runner: CliRunner) -> None:
    add_document(workdir, b"bad\xff", 21)
    qes(runner, "toc")
    result = qes(runner, "build", "--out", "site")
    no_traceback(result)
    assert result.exit_code == 2 and "not valid UTF-8" in result.stderr
    assert not (workdir / "site").exists()


# ---- 2. memory is bounded whatever the body's shape ----------------------------------------


def pathological_body() -> str:
    """~4.8 MB of the shapes that made markdown-it hold gigabytes: small tables whose short
    rows are padded to the header's width (19 KB took 1 GB), a list without blank lines
    (4.8 MB took 2.6 GB), one line of `*` delimiters (4.8 MB: 1.3 GB), code spans (0.6 GB),
    and a giant table."""
    tables = ("|a" * 181 + "|\n" + "|-" * 181 + "|\n" + "x\n" * 362 + "\n") * 40
    listing = "- a\n" * 50_000
    emphasis = "*a " * 800_000 + "\n\n"
    code = "`a " * 700_000 + "\n\n"
    table = "| a | b |\n|---|---|\n" + "| x | y |\n" * 20_000 + "\n"
    return tables + listing + "\n" + emphasis + code + table


def test_a_pathological_body_builds_in_bounded_memory(workdir: Path) -> None:
    body = pathological_body()
    assert 4_500_000 < len(body.encode()) < 5 * 1024 * 1024
    add_document(workdir, "huge", 21, body)
    cmd = [sys.executable, "-m", "qes_cli", "--manual", "manual", "build", "--out", "site"]
    probe = (
        "import json, resource, subprocess, sys\n"
        "rc = subprocess.run(json.loads(sys.argv[1]), capture_output=True).returncode\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)\n"
    )  # a fresh process, so that ru_maxrss is the build's peak alone
    out = subprocess.run(
        [sys.executable, "-c", probe, json.dumps(cmd)],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    peak_kib, rc = (int(v) for v in out.stdout.split())
    assert rc == 0
    assert peak_kib < 1024 * 1024, f"peak {peak_kib // 1024} MB"
    page = (workdir / "site/huge.html").read_text(encoding="utf-8")
    assert page.count("<table>") >= 2 and "<ul>" in page and "<code>a </code>" in page


def test_pieces_render_exactly_as_the_whole_body() -> None:
    """Cut between blocks after blank lines, a long body gives the same HTML as in one go:
    loose and tight lists, code fences and indented code with blank lines inside, quotes,
    tables, setext headings, and reference definitions after their use."""
    blocks = [
        "# Heading {i}\n",
        "Setext {i}\nline two\n===\n",
        "para {i}, *emph* and [ref{j}] and [link](http://x/{i})\nsecond line\n",
        "- a {i}\n- b\n\n- loose c\n",
        "1. one\n2. two\n\n   para in item\n3. three\n",
        "```python\ncode {i}\n\n\nmore code\n```\n",
        "    indented code {i}\n\n    more code\n",
        "> quote {i}\nlazy\n\n> second quote\n",
        "| a | b |\n|---|:-:|\n| {i} | x |\n| short |\n",
        '[ref{i}]: http://example.com/{i} "Title {i}"\n',
        "[ref{i}]:\n  http://multi/{i}\n  'multi\nline title'\n",
        "- x\n  - nested {i}\n\n  continuation\n",
        "para\n- list interrupts\n",
        "text <b>html</b> &amp; ~~strike~~ {i}\n",
    ]
    gaps = ["", "\n", "\n\n", "\n  \n"]
    body = "".join(
        blocks[(i * 7) % len(blocks)].format(i=i, j=(i * 13) % 300) + gaps[(i * 3) % len(gaps)]
        for i in range(300)
    )
    whole = markdown_to_html(body, chunk=len(body))
    for chunk in (400, 1000, 5000):
        assert markdown_to_html(body, chunk=chunk) == whole, chunk


def test_a_table_or_code_block_longer_than_a_piece_goes_on_as_one() -> None:
    table = "| a | b |\n|---|---|\n" + "".join(f"| {i} | x |\n" for i in range(60))
    html = markdown_to_html(table, chunk=300)
    assert all(f"<td>{i}</td>" in html for i in range(60)) and "|" not in html
    assert html.count("<table>") == html.count("<thead>") > 1  # each part under the header
    code = "```\n" + "".join(f"line {i}\n" for i in range(100)) + "```\nafter\n"
    html = markdown_to_html(code, chunk=300)
    assert html.count("line ") == 100 and "<p>line" not in html and "<p>after</p>" in html


# ---- 3. --out is refused before anything is written ----------------------------------------


@pytest.mark.parametrize(
    ("out", "says"),
    [
        ("somefile", "not a folder"),
        ("somefile/site", "not a folder"),
        (".git", ".git"),
        (".git/site", ".git"),
        ("manual/../.git/hooks/site", ".git"),
        ("manual", "manual folder"),
        ("manual/documents", "manual folder"),
        ("manual/documents/site", "manual folder"),
    ],
)
def test_out_that_would_harm_the_repository_is_refused(
    repo: Path, runner: CliRunner, out: str, says: str
) -> None:
    (repo / "somefile").write_text("keep me\n", encoding="utf-8")
    before = snapshot(repo)
    result = qes(runner, "build", "--out", out)
    no_traceback(result)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and out in result.stderr and says in result.stderr
    assert snapshot(repo) == before


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
@pytest.mark.parametrize("out", ["locked", "locked/site"])
def test_out_without_write_permission_is_refused(
    workdir: Path, runner: CliRunner, out: str
) -> None:
    (workdir / "locked").mkdir()
    (workdir / "locked").chmod(0o555)
    try:
        result = qes(runner, "build", "--out", out)
        no_traceback(result)
        assert result.exit_code == 2 and "no permission" in result.stderr and out in result.stderr
        assert list((workdir / "locked").iterdir()) == []
    finally:
        (workdir / "locked").chmod(0o755)


def test_a_failed_build_leaves_the_site_as_it_was(workdir: Path, runner: CliRunner) -> None:
    assert qes(runner, "build", "--out", "site").exit_code == 0
    before = snapshot(workdir / "site")
    (workdir / "manual/templates/html").mkdir(parents=True)
    (workdir / "manual/templates/html/document.html.j2").write_text(
        "{% extends 'html/base.html.j2' %}{% block content %}{{ doc.nope }}{% endblock %}",
        encoding="utf-8",
    )
    result = qes(runner, "build", "--out", "site")
    no_traceback(result)
    assert result.exit_code == 2 and "document.html.j2" in result.stderr
    assert snapshot(workdir / "site") == before and sorted(os.listdir(workdir / "site")) == sorted(
        before
    )


# ---- 4. nothing is read outside the manual -------------------------------------------------

SECRET = "TOKEN=hunter2"


def test_a_document_linking_outside_is_refused(workdir: Path, runner: CliRunner) -> None:
    secret = add_document(workdir, "secret", 21, SECRET + "\n")
    secret = secret.rename(workdir / "secret.md")
    (workdir / "manual/documents/secret.md").symlink_to(secret)
    result = qes(runner, "build", "--out", "site")
    no_traceback(result)
    assert result.exit_code == 2 and "outside the manual" in result.stderr
    assert "secret.md" in result.stderr and SECRET not in result.output
    assert not (workdir / "site").exists()


def test_a_documents_folder_linking_outside_is_refused(workdir: Path, runner: CliRunner) -> None:
    add_document(workdir, "secret", 21, SECRET + "\n")
    (workdir / "manual/documents").rename(workdir / "elsewhere")
    (workdir / "manual/documents").symlink_to(workdir / "elsewhere")
    result = qes(runner, "build", "--out", "site")
    no_traceback(result)
    assert result.exit_code == 2 and "outside the manual" in result.stderr
    assert "documents" in result.stderr and SECRET not in result.output
    assert not (workdir / "site").exists()


def test_a_documents_folder_linking_to_itself_is_refused(workdir: Path, runner: CliRunner) -> None:
    (workdir / "manual/documents").rename(workdir / "elsewhere")
    (workdir / "manual/documents").symlink_to("documents")
    result = qes(runner, "build", "--out", "site")
    no_traceback(result)
    assert result.exit_code == 2 and "documents" in result.stderr


@pytest.mark.parametrize("kind", ["outside-link", "fifo", "device", "folder"])
def test_a_template_that_is_not_a_regular_file_inside_the_manual_is_refused(
    workdir: Path, runner: CliRunner, kind: str
) -> None:
    secret = workdir / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (workdir / "manual/templates/html").mkdir(parents=True)
    template = workdir / "manual/templates/html/index.html.j2"
    if kind == "outside-link":
        template.symlink_to(secret)
    elif kind == "fifo":
        os.mkfifo(template)  # reading it would wait for ever
    elif kind == "device":
        template.symlink_to("/dev/zero")  # reading it would never end
    else:
        template.mkdir()
    result = qes(runner, "build", "--out", "site")
    no_traceback(result)
    assert result.exit_code == 2 and "index.html.j2" in result.stderr, result.output
    assert SECRET not in result.output and not (workdir / "site").exists()


@pytest.mark.parametrize(
    "template",
    [
        "{{ meta.__class__.__mro__ }}",
        "{{ nothing_by_that_name }}",
        "{% if %}",
        "{% include 'html/index.html.j2' %}",
    ],
    ids=["sandbox", "undefined", "syntax", "endless-include"],
)
def test_a_broken_template_is_a_message(workdir: Path, runner: CliRunner, template: str) -> None:
    (workdir / "manual/templates/html").mkdir(parents=True)
    (workdir / "manual/templates/html/index.html.j2").write_text(template, encoding="utf-8")
    result = qes(runner, "build", "--out", "site")
    no_traceback(result)
    assert result.exit_code == 2 and "index.html.j2" in result.stderr, result.output
    assert not (workdir / "site").exists()
