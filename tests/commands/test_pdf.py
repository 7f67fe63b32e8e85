"""qes build --pdf (SPEC §7): the PDFs read back with poppler (pdftotext, pdfinfo, pdffonts) —
the header block and 第 N 页 共 M 页 on every page, the table of contents' start pages where the
documents really begin, CJK text in an embedded CJK font, 作废 and 草稿 marks, the text in force
read from its release tag, --update-pages agreeing with `qes toc --check`, and a message (exit
2) for every missing system piece."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from qes_cli.cli.common import QesGroup, RunContext
from qes_cli.commands.pdf import PdfResult, build_pdf, pdf
from qes_cli.errors import MissingToolError, UsageError
from qes_cli.store.loader import load_valid_manual
from tests.conftest import BUNDLED, git
from tests.helpers import qes

TODAY = dt.date(2026, 3, 2)
LABELS = ("文件名称", "文件编号", "版本/次", "实施日期", "编制", "审核", "批准")
REVIEWER = "service-center-deputy@tiankuan.example"
APPROVER = "service-center-gm@tiankuan.example"
MANAGER = "wang.yan@tiankuan.example"
NOW = "2026-03-02T09:30:00+08:00"
GM = "服务中心总经理（来源手册未载明姓名）"
DEPUTY = "服务中心总经理助理（来源手册未载明姓名）"


def _need(what: str, ok: bool) -> None:
    """Skip with the reason on a laptop without the tool; fail in CI, which installs it."""
    if ok:
        return
    why = f"{what} (.ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture(autouse=True)
def _tools() -> None:
    _need(
        "poppler-utils is not installed: pdftotext/pdfinfo/pdffonts",
        all(shutil.which(t) for t in ("pdftotext", "pdfinfo", "pdffonts")),
    )
    try:
        from qes_cli.pdfengine import cjk_font, engine

        engine()
        cjk_font()
    except MissingToolError as e:
        _need(str(e), False)


# ---- reading a PDF back


def page_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    m = re.search(r"^Pages:\s+(\d+)", out.stdout, re.M)
    assert m, out.stdout
    return int(m.group(1))


def pages(path: Path) -> list[str]:
    """The text of every page (pdftotext -layout), spaces removed: CJK text extracts with
    spaces between runs that the layout put there, and 第 N 页 reads 第N页."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    texts = out.split("\f")
    if texts and not texts[-1].strip():
        texts.pop()
    return [re.sub(r"[ \t]+", "", t) for t in texts]


def body(page: str) -> list[str]:
    """A page's lines below the header block (which ends with the 编制 … 批准 row)."""
    lines = page.splitlines()
    for i, line in enumerate(lines):
        if "编制" in line and "批准" in line:
            return [x for x in lines[i + 1 :] if x.strip()]
    raise AssertionError(f"no header block on the page:\n{page}")


def toc_start_pages(texts: list[str], front: int) -> list[int]:
    """The 开始页 column of the table of contents, row by row, as printed."""
    found: list[int] = []
    for page in texts[:front]:
        if "开始页" not in page:
            continue
        for line in body(page):
            if "共" in line:  # the footer 第N页共M页
                continue
            found += [int(n) for n in re.findall(r"第(\d+)页", line)]
    return found


def raw_text(path: Path) -> str:
    """The text in content-stream order (pdftotext -raw), all whitespace removed."""
    out = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", "", out)


def destinations(path: Path) -> list[int]:
    """The page of each document's anchor (doc-1, doc-2, …), from the PDF's named destinations."""
    out = subprocess.run(
        ["pdfinfo", "-dests", str(path)], capture_output=True, text=True, check=True
    ).stdout
    found = {int(m[2]): int(m[1]) for m in re.finditer(r'^\s*(\d+)\s.*"doc-(\d+)"', out, re.M)}
    return [found[k] for k in sorted(found)]


def body_header(page: str) -> str:
    """The header block's lines of a page."""
    lines = page.splitlines()
    end = next(i for i, line in enumerate(lines) if "编制" in line and "批准" in line)
    return "\n".join(lines[: end + 1])


def assert_header_and_footer(path: Path) -> list[str]:
    texts = pages(path)
    total = page_count(path)
    assert len(texts) == total
    for n, text in enumerate(texts, 1):
        for label in LABELS:
            assert label in text, f"{path.name} page {n}: no {label}"
        assert f"第{n}页共{total}页" in text, f"{path.name} page {n}: footer\n{text}"
    return texts


# ---- one build of the bundled manual, shared by the read-only tests


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PdfResult]:
    root = tmp_path_factory.mktemp("pdf")
    shutil.copytree(BUNDLED, root / "manual")
    manual = load_valid_manual(root / "manual")
    return root, build_pdf(manual, root / "out", today=TODAY)


def test_every_page_of_every_pdf_has_the_header_block_and_its_page_of_pages(
    built: tuple[Path, PdfResult],
) -> None:
    _, result = built
    assert result.manual_pdf.name == "manual.pdf"
    assert len(result.documents) == 20 and len(result.files) == 21
    texts = assert_header_and_footer(result.manual_pdf)
    assert len(texts) == result.total_pages
    for d in result.documents:
        own = assert_header_and_footer(d.file)
        assert d.file.name == f"{d.stem}.pdf" and len(own) == d.file_pages
        assert d.pages == d.file_pages  # each document starts a page: same length in both


def test_header_block_values(built: tuple[Path, PdfResult]) -> None:
    _, result = built
    texts = pages(result.manual_pdf)
    # the cover, the version rules and the table of contents are the manual's own pages
    for page in texts[: result.front_pages]:
        assert "服务质量体系手册" in page and "QES-015-2025" in page
    assert "最新发布日期" in texts[0] and "A/1（V1.0）" in texts[0]
    first = {d.stem: texts[d.start_page - 1] for d in result.documents if d.start_page}
    qes001 = first["QES-001-2025"]
    assert "QES-001-2025" in qes001 and "2025年01月24日" in qes001 and "卢晓飞" in qes001
    assert "质量与安全管理部" in qes001
    # a section prints under its parent's block, as in the seed
    assert "QES-001-2025" in first["quality-roles"]
    assert "QES-007-2025" in first["QES-007-2025"] and "A/3" in first["QES-007-2025"]


def test_the_version_rules_are_the_seeds(built: tuple[Path, PdfResult]) -> None:
    _, result = built
    rules = "\n".join(pages(result.manual_pdf)[: result.front_pages])
    assert "质量文件版本更新管理规定" in rules
    assert "大版本更新规则" in rules and "小版本更新规则" in rules
    assert "审核人：服务中心总经理助理，审批人：服务中心总经理" in rules
    assert "初始版本V1.0，小版本V1.1、V1.2递增" in rules


def test_toc_start_pages_are_the_pages_where_documents_begin(
    built: tuple[Path, PdfResult],
) -> None:
    _, result = built
    texts = pages(result.manual_pdf)
    printed = toc_start_pages(texts, result.front_pages)
    # where each document really begins: its anchor, a named destination of the PDF
    begins = destinations(result.manual_pdf)
    assert len(begins) == len(result.documents)
    for d, n in zip(result.documents, begins, strict=True):
        if not d.number.startswith("QES-"):  # sections share their parent's block; N/A
            continue
        assert d.number in body_header(texts[n - 1]) and d.title in texts[n - 1]
        assert d.number not in body_header(texts[n - 2])  # the page before is another's
    assert printed == begins == [d.start_page for d in result.documents]
    assert begins[0] == result.front_pages + 1
    # each document runs until the next begins; the last one to the end of the file
    ends = [*begins[1:], result.total_pages + 1]
    assert [d.pages for d in result.documents] == [e - b for b, e in zip(begins, ends, strict=True)]


def test_text_is_real_cjk_text_in_an_embedded_cjk_font(built: tuple[Path, PdfResult]) -> None:
    _, result = built
    text = "\n".join(pages(result.manual_pdf))
    for phrase in ("第一次把正确的事情做对、做好！", "质量就是使客户满意（戴明）", "郑永翔"):
        assert phrase in text
    fonts = subprocess.run(
        ["pdffonts", str(result.manual_pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and any("CJK" in f or "Hei" in f or "Han" in f for f in fonts), fonts
    for line in fonts:  # every font embedded (emb) and subset (sub), with a ToUnicode map
        cols = line.split()
        assert cols[-5:-2] == ["yes", "yes", "yes"], line
    assert "\ufffd" not in text  # no glyph pdftotext could not map back to a character


def test_each_document_ends_with_its_revision_history(built: tuple[Path, PdfResult]) -> None:
    _, result = built
    by_stem = {d.stem: d for d in result.documents}
    last = pages(by_stem["QES-007-2025"].file)[-1]
    assert "修订记录" in last
    for label in ("版本/次", "日期", "类型", "原因", "审核", "批准"):
        assert label in last
    rows = [line for line in last.splitlines() if re.match(r"^A/\d", line)]
    assert [r[:3] for r in rows] == ["A/1", "A/2", "A/3"]
    assert "首次发布" in rows[0] and "小版本更新" in rows[1] and "服务中心总经理" in last
    section = pages(by_stem["quality-roles"].file)[-1]
    assert "修订记录见该文件" in section and "QES-001-2025" in section
    na = pages(by_stem["routine-quality-actions"].file)[-1]
    assert "不受版本控制" in na


def test_no_marks_on_documents_in_force(built: tuple[Path, PdfResult]) -> None:
    _, result = built
    text = "\n".join(pages(result.manual_pdf))
    assert "作废" not in text and "草稿" not in text and "待生效" not in text
    assert all(d.mark == "" and d.source == "file" for d in result.documents)


# ---- marks: 作废, 草稿, and the text in force


def test_retired_documents_are_printed_only_when_asked_and_marked(
    repo: Path, runner: CliRunner
) -> None:
    r = qes(runner, "retire", "QES-012", "--reason", "并入 QES-004")
    assert r.exit_code == 0, r.output
    manual = load_valid_manual(repo / "manual")
    plain = build_pdf(manual, repo / "plain", today=TODAY)
    assert not (repo / "plain/QES-012-2025.pdf").exists()
    assert "QES-012-2025" not in "\n".join(pages(plain.manual_pdf))
    assert len(plain.documents) == 19
    result = build_pdf(manual, repo / "out", retired=True, today=TODAY)
    retired = [d for d in result.documents if d.stem == "QES-012-2025"]
    assert len(retired) == 1 and retired[0].start_page is None and retired[0].mark == "obsolete"
    texts = assert_header_and_footer(retired[0].file)
    for page in texts:
        assert "作废" in page
    assert "并入QES-004" in texts[-1]  # the retirement closes its history
    assert "作废" not in "\n".join(pages(result.manual_pdf))  # not in force: not in the manual


def as_(runner: CliRunner, email: str, *args: str) -> None:
    r = qes(runner, *args, env={"GIT_AUTHOR_EMAIL": email, "QES_NOW": NOW})
    assert r.exit_code == 0, r.output


DOC = "manual/documents/QES-007-2025.md"


def _edit(root: Path, text: str) -> None:
    with (root / DOC).open("a", encoding="utf-8") as fh:
        fh.write(text)


def test_open_draft_prints_the_release_tag_unless_drafts(
    controlled: Path, runner: CliRunner
) -> None:
    # A/4 released through the flow: its text carries the sentence added in the draft
    as_(runner, MANAGER, "bump", "QES-007", "--minor", "--reason", "备件出库流程调整",
        "--date", "2026-03-02")  # fmt: skip
    _edit(controlled, "\n## 出库\n\n出库须双人复核。\n")
    as_(runner, REVIEWER, "review", "QES-007")
    as_(runner, APPROVER, "approve", "QES-007")
    # then a new draft A/5, its edits on disk (committed with the draft, and more uncommitted)
    as_(
        runner,
        MANAGER,
        "bump",
        "QES-007",
        "--minor",
        "--reason",
        "草稿修订",
        "--date",
        "2026-04-01",
    )
    _edit(controlled, "\n草稿新增的一句。\n")
    manual = load_valid_manual(controlled / "manual")

    result = build_pdf(manual, controlled / "out", today=TODAY)
    doc = next(d for d in result.documents if d.stem == "QES-007-2025")
    assert doc.source == "tag QES-007-2025/A/4" and doc.mark == "" and doc.version == "A/4"
    texts = assert_header_and_footer(doc.file)
    text = "\n".join(texts)
    assert "出库须双人复核。" in text and "草稿新增的一句" not in text and "草稿" not in text
    assert "A/4" in texts[0] and "A/5" not in text
    # signed: reviewer and approver by name in the header block and in the history
    raw = raw_text(doc.file)  # content order: a name wrapped in its cell reads whole
    assert f"审核{DEPUTY}批准{GM}" in raw
    a4 = next(line for line in texts[-1].splitlines() if line.startswith("A/4"))
    assert "小版本更新" in a4 and "备件出库流程调整" in a4
    manual_text = "\n".join(pages(result.manual_pdf))
    assert "出库须双人复核。" in manual_text and "草稿新增的一句" not in manual_text

    drafts = build_pdf(manual, controlled / "drafts", drafts=True, today=TODAY)
    doc = next(d for d in drafts.documents if d.stem == "QES-007-2025")
    assert doc.mark == "draft" and doc.version == "A/5" and doc.source == "file"
    texts = assert_header_and_footer(doc.file)
    for page in texts:
        assert "草稿" in page and "A/5" in page
    assert "草稿新增的一句" in "\n".join(texts)
    assert "（待批准）" in texts[-1]  # the draft's row in the history awaits its approval
    whole = pages(drafts.manual_pdf)
    assert "草稿" in whole[0]  # the cover says the copy holds drafts
    assert doc.start_page is not None and "草稿" in whole[doc.start_page - 1]
    others = [d for d in drafts.documents if d.stem != "QES-007-2025" and d.start_page]
    assert all("草稿" not in whole[d.start_page - 1] for d in others)


def test_a_version_before_qes_is_read_from_its_last_commit(
    controlled: Path, runner: CliRunner
) -> None:
    """A/3 was imported, never tagged: with a draft open, its text is the last commit of it."""
    as_(runner, MANAGER, "bump", "QES-007", "--minor", "--reason", "x", "--date", "2026-03-02")
    _edit(controlled, "\n草稿新增的一句。\n")
    result = build_pdf(load_valid_manual(controlled / "manual"), controlled / "out", today=TODAY)
    doc = next(d for d in result.documents if d.stem == "QES-007-2025")
    first = git(controlled, "rev-list", "--max-parents=0", "HEAD").strip()
    assert doc.source == f"commit {first[:10]}" and doc.version == "A/3"
    assert "草稿新增的一句" not in "\n".join(pages(doc.file))


# ---- --update-pages


def test_update_pages_makes_toc_check_agree_with_the_pdf(repo: Path, runner: CliRunner) -> None:
    root = repo / "manual"
    result, update = pdf(root, repo / "out", update=True, today=TODAY)
    assert update is not None and update.toc and update.front_pages == (5, result.front_pages)
    assert update.pages["QES-002-2025"] == (91, 1)
    # one ordinary change, left for the user to commit: only `pages` lines, front_pages, toc.md
    changed = git(repo, "status", "--porcelain").split("\n")
    assert " M manual/manual.yaml" in changed and " M manual/toc.md" in changed
    diff = git(repo, "diff", "-U0", "--", "manual/documents", "manual/manual.yaml")
    edits = [x for x in diff.splitlines() if x[:1] in "+-" and x[:3] not in ("+++", "---")]
    assert edits and all(re.match(r"^[+-](pages|front_pages): \d+", x) for x in edits), edits
    assert "front_pages: 3 " in (root / "manual.yaml").read_text(encoding="utf-8")  # comment kept
    assert qes(runner, "toc", "--check").exit_code == 0
    assert qes(runner, "check").exit_code == 0
    # toc.md's 开始页 are the PDF's
    toc = [int(n) for n in re.findall(r"第(\d+)页", (root / "toc.md").read_text(encoding="utf-8"))]
    assert toc == [d.start_page for d in result.documents]
    assert toc == toc_start_pages(pages(result.manual_pdf), result.front_pages)
    # the figures do not move the layout: a second build agrees, and there is nothing to write
    again, second = pdf(root, repo / "out", update=True, today=TODAY)
    assert [d.start_page for d in again.documents] == toc
    assert second is not None and not second.written


def test_update_pages_refuses_drafts(workdir: Path) -> None:
    with pytest.raises(UsageError, match="--drafts"):
        pdf(workdir / "manual", workdir / "out", drafts=True, update=True)


# ---- the CLI wiring the lead calls from `qes build --pdf`


def tiny_app() -> typer.Typer:
    from qes_cli.cli.pdf_options import run_pdf

    app = typer.Typer(cls=QesGroup)

    @app.callback()
    def main(ctx: typer.Context, lang: str = "en") -> None:
        ctx.obj = RunContext(None, lang)

    @app.command("build")
    def build(
        ctx: typer.Context,
        out: Annotated[Path | None, typer.Option("--out")] = None,
        drafts: Annotated[bool, typer.Option("--drafts")] = False,
        update_pages: Annotated[bool, typer.Option("--update-pages")] = False,
    ) -> None:
        run_pdf(ctx.find_root().obj, out, drafts, update_pages, today=TODAY)

    return app


def test_qes_build_pdf(repo: Path, runner: CliRunner) -> None:
    from tests.helpers import qes

    r = qes(runner, "build", "--pdf", "--out", str(repo / "copies"))
    assert r.exit_code == 0, r.output
    assert (repo / "copies/manual.pdf").is_file() and (repo / "copies/QES-007-2025.pdf").is_file()
    bad = qes(runner, "build", "--drafts")
    assert bad.exit_code == 2 and "go with --pdf" in bad.stderr


def test_run_pdf_prints_what_it_did(repo: Path, runner: CliRunner) -> None:
    app = tiny_app()
    r = runner.invoke(app, ["build", "--update-pages"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "21 PDF files written to" in r.stdout and "manual.pdf (" in r.stdout
    assert "QES-002-2025: pages 91 → 1" in r.stdout and "front_pages 5 →" in r.stdout
    assert "not committed" in r.stdout
    assert (repo / "pdf/manual.pdf").is_file()  # default: pdf/ beside the manual
    zh = runner.invoke(app, ["--lang", "zh", "build", "--update-pages"], catch_exceptions=False)
    assert zh.exit_code == 0 and "无需更新" in zh.stdout
    bad = runner.invoke(app, ["build", "--drafts", "--update-pages"], catch_exceptions=False)
    assert bad.exit_code == 2 and "versions in force" in bad.stderr


@pytest.mark.parametrize("case", ["no-pango", "no-weasyprint", "no-font", "no-fc-list"])
def test_a_missing_system_piece_is_a_message_naming_the_install(
    workdir: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    import importlib

    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> object:
        if name == "weasyprint":
            if case == "no-pango":
                raise OSError("cannot load library 'libpango-1.0-0': No such file")
            raise ImportError("No module named 'weasyprint'")
        return real(name, package)

    if case in ("no-pango", "no-weasyprint"):
        monkeypatch.setattr(importlib, "import_module", fake)
    elif case == "no-font":
        empty = workdir / "fonts.conf"
        empty.write_text("<?xml version='1.0'?><fontconfig></fontconfig>\n", encoding="utf-8")
        monkeypatch.setenv("FONTCONFIG_FILE", str(empty))
    else:
        monkeypatch.setenv("PATH", str(workdir / "nowhere"))
    r = runner.invoke(tiny_app(), ["build"], catch_exceptions=False)
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    want = {
        "no-pango": "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0",
        "no-weasyprint": "pip install 'weasyprint>=70'",
        "no-font": "apt-get install fontconfig fonts-noto-cjk",
        "no-fc-list": "apt-get install fontconfig fonts-noto-cjk",
    }[case]
    assert want in r.stderr
    assert not (workdir / "pdf").exists()  # nothing written


def test_a_document_cannot_make_the_build_read_outside_the_manual(workdir: Path) -> None:
    secret = workdir / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    doc = workdir / "manual/documents/QES-010-2025.md"
    with doc.open("a", encoding="utf-8") as fh:
        fh.write(
            f"\n![a]({secret.as_uri()})\n\n![b](../../secret.png)\n\n![c](http://127.0.0.1:9/x.png)\n"
        )
    result = build_pdf(load_valid_manual(workdir / "manual"), workdir / "out", today=TODAY)
    assert result.total_pages > 0  # the images are left out, the build goes on
    images = subprocess.run(
        ["pdfimages", "-list", str(result.manual_pdf)], capture_output=True, text=True
    )
    if images.returncode == 0:
        assert len(images.stdout.splitlines()) <= 2  # header lines only: no image embedded


def test_an_approved_version_not_yet_effective_is_marked_pending(
    controlled: Path, runner: CliRunner
) -> None:
    """Approved for 2026-05-01, printed on 2026-03-02: 待生效 in its header (no PDF needed to
    see which mark each entry gets)."""
    from qes_cli.commands.pdf import _repo, prepare

    as_(
        runner,
        MANAGER,
        "bump",
        "QES-007",
        "--minor",
        "--reason",
        "五月起执行",
        "--date",
        "2026-05-01",
    )
    as_(runner, REVIEWER, "review", "QES-007")
    as_(runner, APPROVER, "approve", "QES-007")
    manual = load_valid_manual(controlled / "manual")
    printed = {p.stem: p for p in prepare(manual, _repo(manual.root), drafts=False, today=TODAY)}
    p = printed["QES-007-2025"]
    assert p.mark == "pending" and p.header.version == "A/4"
    assert p.header.effective == "2026 年 05 月 01 日"
    assert (p.header.reviewed_by, p.header.approved_by) == (DEPUTY, GM)  # names, once signed
    assert p.history[-1].reviewed_by == DEPUTY and p.history[-1].approved_by == GM
    later = prepare(manual, _repo(manual.root), drafts=False, today=dt.date(2026, 5, 1))
    assert next(x for x in later if x.stem == "QES-007-2025").mark == ""
    assert all(x.mark == "" for x in printed.values() if x.stem != "QES-007-2025")
