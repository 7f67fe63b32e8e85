"""Which PDF engine for `qes build --pdf`: WeasyPrint vs typst vs headless Chromium, measured.

    python bench/pdf_engines.py [--runs 3] [--out bench/out/pdf]

Each engine makes manual.pdf of the bundled manual with the same content — cover, the version
rules, the table of contents with real start pages, the 20 documents, the header block
(文件名称 … 批准) on every page and 第 N 页 共 M 页 at the foot — the way that engine does it best:

- weasyprint: qes's own templates (templates/pdf), `@page` margin boxes, a running element for
  the header block, `target-counter()` for the start pages: one pass.
- typst: a typst document generated from the same data (Markdown converted to typst calls,
  every text a string literal), page header/footer from `query`/`counter(page)`, start pages
  from `locate(<label>).page()`: one pass. Python wheel `typst`, no system packages.
- chromium: the same HTML with the header block as a repeated `<thead>` (Chromium has no
  running elements) and `@page` margin boxes for the footer (Chromium ≥ 131), printed with
  `--print-to-pdf`; no `target-counter()`, so two passes: print, read where each document
  begins, print again with those numbers.

Every run is a fresh subprocess; measured: wall and CPU time (user+sys with children), peak
memory of the whole process tree (sum of PSS from /proc, sampled every 20 ms), PDF size, and
fidelity read back with poppler (header on every page, footer N and M right, start pages in the
table of contents right, fonts embedded, a CJK font). Then the goal of the bench: qes's full
build (manual.pdf + 20 document PDFs) ≤ 10 s and ≤ 500 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MANUAL = REPO / "manual"
TODAY = dt.date(2026, 3, 2)
LABELS = ("文件名称", "文件编号", "版本/次", "实施日期", "编制", "审核", "批准")


# ---- the content, as qes prepares it


def content() -> tuple[object, list[object], list[object]]:
    from qes_cli.commands.pdf import _rows, prepare
    from qes_cli.store.loader import load_valid_manual

    manual = load_valid_manual(MANUAL)
    printed = prepare(manual, None, drafts=False, today=TODAY)
    return manual, printed, _rows(printed)


# ---- weasyprint


def run_weasyprint(out: Path) -> None:
    from qes_cli.commands.build import date_label
    from qes_cli.commands.pdf import STAMPS, manual_header
    from qes_cli.pdfengine import cjk_font, render_pdf
    from qes_cli.render import environment, render

    manual, printed, rows = content()
    env = environment(manual.root, html=True)  # type: ignore[attr-defined]
    html = render(
        env, "pdf/manual.html.j2", rows=rows, documents=printed,
        manual_header=manual_header(manual.meta), vform="V1.0",  # type: ignore[attr-defined]
        effective=date_label(manual.meta.effective), printed=TODAY.isoformat(),  # type: ignore[attr-defined]
        drafts=False, font=cjk_font(), stamps=STAMPS, meta=manual.meta,  # type: ignore[attr-defined]
    )  # fmt: skip
    render_pdf(html, out, root=manual.root, base=manual.documents_dir)  # type: ignore[attr-defined]


# ---- chromium


CHROMIUM_CSS = """
@page { size: A4; margin: 12mm 18mm 20mm 18mm;
  @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-size: 9pt; } }
table.page { width: 100%; border-collapse: collapse; }
table.page > thead { display: table-header-group; }
.doc, .front { break-before: page; } .front.first { break-before: auto; }
"""


def chromium_html(starts: list[int] | None) -> str:
    """The same templates' pieces, the header block as a repeated <thead>."""
    from markupsafe import Markup

    from qes_cli.commands.build import date_label
    from qes_cli.commands.pdf import STAMPS, manual_header
    from qes_cli.pdfengine import cjk_font
    from qes_cli.render import environment

    manual, printed, rows = content()
    env = environment(manual.root, html=True)  # type: ignore[attr-defined]
    macros = env.get_template("pdf/macros.html.j2").make_module({"stamps": STAMPS})
    css = env.get_template("pdf/print.css").render()
    css = css.replace("position: running(header);", "")  # no running elements in Chromium
    css = re.sub(r"@page \{.*?\n\}\n", "", css, count=1, flags=re.S)

    def framed(header: object, inner: str) -> str:
        return (f'<table class="page"><thead><tr><td>{header}</td></tr></thead>'
                f"<tbody><tr><td>{inner}</td></tr></tbody></table>")  # fmt: skip

    meta = manual.meta  # type: ignore[attr-defined]
    head = macros.header_block(manual_header(meta))
    toc = "".join(
        f"<tr><td>{r.category}</td><td>{r.seq}</td><td>{r.number}</td><td>{r.version}</td>"
        f"<td>{r.title}</td><td>第{starts[i] if starts else 0}页</td></tr>"
        for i, r in enumerate(rows)  # type: ignore[attr-defined]
    )
    parts = [
        f'<section class="front first">{framed(head, f"<h1>{meta.title}</h1><p>{meta.number} {meta.version} {date_label(meta.effective)}</p>")}</section>',
        f'<section class="front">{framed(head, env.get_template("pdf/rules.html.j2").render(meta=meta))}</section>',
        f'<section class="front">{framed(head, f"<table class=grid>{toc}</table>")}</section>',
    ]
    for i, p in enumerate(printed, 1):
        inner = (f"<p>〔{i}〕</p><article class='body'>{p.body_html}</article>"  # type: ignore[attr-defined]
                 f"{macros.history_table(p)}")  # fmt: skip
        block = str(macros.header_block(p.header, p.mark)).replace('class="running"', "")  # type: ignore[attr-defined]
        parts.append(f'<section class="doc">{framed(Markup(block), inner)}</section>')
    return (f"<!DOCTYPE html><html lang=zh-CN><head><meta charset=utf-8><style>{css}"
            f'{CHROMIUM_CSS} html {{ font-family: "{cjk_font()}"; }}</style></head><body>'
            + "".join(parts) + "</body></html>")  # fmt: skip


def chromium_print(html: str, out: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "chromium is not installed"
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "manual.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-pdf-header-footer", f"--user-data-dir={tmp}/profile",
             f"--print-to-pdf={out}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip


def run_chromium(out: Path) -> None:
    chromium_print(chromium_html(None), out)  # pass 1: where does each document begin?
    starts = marker_pages(out)
    chromium_print(chromium_html(starts), out)  # pass 2: the numbers in the TOC


# ---- typst


def typst_str(text: str) -> str:
    return '#"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def typst_inline(tokens: list[object]) -> str:
    out: list[str] = []
    for t in tokens:
        kind = t.type  # type: ignore[attr-defined]
        if kind == "text":
            out.append(typst_str(t.content))  # type: ignore[attr-defined]
        elif kind in ("strong_open", "em_open", "s_open"):
            out.append({"strong_open": "#strong[", "em_open": "#emph[", "s_open": "#strike["}[kind])
        elif kind in ("strong_close", "em_close", "s_close"):
            out.append("]")
        elif kind == "code_inline":
            out.append("#raw(" + typst_str(t.content)[1:] + ")")  # type: ignore[attr-defined]
        elif kind == "softbreak":
            out.append(typst_str(" "))
        elif kind == "hardbreak":
            out.append("#linebreak()")
    return "".join(out)


def typst_blocks(tokens: list[object]) -> str:
    """Markdown (markdown-it tokens) as typst function calls; all text in string literals."""
    out: list[str] = []
    i = 0
    stack: list[str] = []
    while i < len(tokens):
        t = tokens[i]
        kind = t.type  # type: ignore[attr-defined]
        if kind == "heading_open":
            level = int(t.tag[1])  # type: ignore[attr-defined]
            out.append(f"#heading(level: {level})[{typst_inline(tokens[i + 1].children)}]\n")  # type: ignore[attr-defined]
            i += 3
            continue
        if kind == "paragraph_open":
            out.append(f"#par[{typst_inline(tokens[i + 1].children)}]\n")  # type: ignore[attr-defined]
            i += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            stack.append("list" if kind == "bullet_list_open" else "enum")
            out.append(f"#{stack[-1]}(")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            stack.pop()
            out.append(")\n")
        elif kind == "list_item_open":
            out.append("[")
        elif kind == "list_item_close":
            out.append("],")
        elif kind == "blockquote_open":
            out.append("#block(inset: (left: 4mm), stroke: (left: 1.2mm + luma(190)))[")
        elif kind == "blockquote_close":
            out.append("]\n")
        elif kind == "table_open":
            j = i
            cells: list[str] = []
            cols = 0
            row = 0
            while tokens[j].type != "table_close":  # type: ignore[attr-defined]
                if tokens[j].type == "tr_open":  # type: ignore[attr-defined]
                    row = 0
                if tokens[j].type == "inline":  # type: ignore[attr-defined]
                    cells.append("[" + typst_inline(tokens[j].children) + "]")  # type: ignore[attr-defined]
                    row += 1
                    cols = max(cols, row)
                j += 1
            out.append(f"#table(columns: {cols}, {', '.join(cells)})\n")
            i = j + 1
            continue
        elif kind in ("fence", "code_block"):
            out.append("#raw(block: true, " + typst_str(t.content)[1:] + ")\n")  # type: ignore[attr-defined]
        elif kind == "hr":
            out.append("#line(length: 100%)\n")
        i += 1
    return "".join(out)


TYPST_PRELUDE = r"""
#let hb(h) = text(9pt, table(columns: (16mm, 40mm, 14mm, 50mm, 16mm, 38mm), stroke: 0.8pt, inset: 1.2mm,
  table.cell(rowspan: 3)[文件名称], table.cell(rowspan: 3, colspan: 3, align: center + horizon)[#text(13pt, weight: "bold", h.title)], [文件编号], h.number,
  [版本/次], h.version, [实施日期], h.effective,
  [编制], h.prepared, [审核], h.reviewed, [批准], h.approved))
#set text(font: FONT, size: 10.5pt, lang: "zh")
#set par(leading: 0.8em)
#set page(paper: "a4", margin: (top: 50mm, bottom: 20mm, x: 18mm), header-ascent: 10%,
  header: context {
    let s = query(<docstart>).filter(m => m.location().page() <= here().page())
    set text(9pt)
    align(bottom, hb(s.last().value))
  },
  footer: context align(center, text(9pt)[第 #counter(page).get().first() 页 共 #counter(page).final().first() 页]))
"""


def typst_source() -> str:
    from markdown_it import MarkdownIt

    from qes_cli.pdfengine import cjk_font

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    manual, printed, rows = content()
    meta = manual.meta  # type: ignore[attr-defined]

    def header(h: object) -> str:
        f = {k: typst_str(getattr(h, k))[1:] for k in ("title", "number", "version", "effective",
                                                      "prepared_by", "reviewed_by", "approved_by")}  # fmt: skip
        return (f"(title: {f['title']}, number: {f['number']}, version: {f['version']}, "
                f"effective: {f['effective']}, prepared: {f['prepared_by']}, "
                f"reviewed: {f['reviewed_by']}, approved: {f['approved_by']})")  # fmt: skip

    from qes_cli.commands.pdf import manual_header

    parts = [TYPST_PRELUDE.replace("FONT", typst_str(cjk_font())[1:])]
    parts.append(f"#metadata({header(manual_header(meta))}) <docstart>\n")
    parts.append(f'#align(center)[#text(28pt, weight: "bold")[{typst_str(meta.title)}]]\n')
    parts.append(f"#align(center)[{typst_str(meta.number + ' ' + meta.version)}]\n#pagebreak()\n")
    from qes_cli.render import environment

    env = environment(manual.root, html=True)  # type: ignore[attr-defined]
    rules_html = env.get_template("pdf/rules.html.j2").render(meta=meta)
    for para in re.findall(r"<(?:h2|h3|p)[^>]*>(.*?)</(?:h2|h3|p)>", rules_html):
        parts.append(f"#par[{typst_str(para)}]\n")
    parts.append(
        "#pagebreak()\n#table(columns: 6, [类别], [序号], [文档编号], [版本/次], [文档名称], [开始页],\n"
    )
    for i, r in enumerate(rows, 1):  # type: ignore[attr-defined]
        cells = [typst_str(str(x)) for x in (r.category, r.seq, r.number, r.version, r.title)]
        parts.append(
            "".join(f"[{c}], " for c in cells) + f"[第#context locate(<doc-{i}>).page()页],\n"
        )
    parts.append(")\n")
    for i, p in enumerate(printed, 1):
        parts.append(
            f"#pagebreak()\n#metadata({header(p.header)}) <docstart>\n#metadata(none) <doc-{i}>\n"
        )  # type: ignore[attr-defined]
        parts.append(f"#par[{typst_str(f'〔{i}〕')}]\n")
        parts.append(typst_blocks(md.parse(p.body)))  # type: ignore[attr-defined]
        hist = [typst_str(x) for r in p.history for x in (r.version, r.date, r.kind, r.reason,  # type: ignore[attr-defined]
                                                           r.reviewed_by, r.approved_by)]  # fmt: skip
        parts.append("#heading(level: 2)[修订记录]\n#table(columns: 6, [版本/次], [日期], [类型], [原因], [审核], [批准], "
                     + "".join(f"[{c}], " for c in hist) + ")\n")  # fmt: skip
    return "".join(parts)


def run_typst(out: Path) -> None:
    import typst

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "manual.typ"
        src.write_text(typst_source(), encoding="utf-8")
        typst.compile(str(src), output=str(out))


# ---- reading a PDF back


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    texts = [re.sub(r"[ \t]+", "", t) for t in out.split("\f")]
    return texts[:-1] if texts and not texts[-1].strip() else texts


def marker_pages(pdf: Path) -> list[int]:
    """Where each document begins, by the 〔N〕 marker the chromium and typst bodies open with."""
    texts = page_texts(pdf)
    found = []
    for i in range(1, 21):
        found.append(next(n for n, t in enumerate(texts, 1) if f"〔{i}〕" in t))
    return found


def fidelity(engine: str, pdf: Path) -> dict[str, object]:
    texts = page_texts(pdf)
    total = len(texts)
    header = sum(all(label in t for label in LABELS) for t in texts)
    footer = sum(f"第{n}页共{total}页" in t for n, t in enumerate(texts, 1))
    if engine == "weasyprint":
        dests = subprocess.run(["pdfinfo", "-dests", str(pdf)], capture_output=True, text=True,
                               check=True).stdout  # fmt: skip
        found = {
            int(m[2]): int(m[1]) for m in re.finditer(r'^\s*(\d+)\s.*"doc-(\d+)"', dests, re.M)
        }
        begins = [found[k] for k in sorted(found)]
    else:
        begins = marker_pages(pdf)
    toc_page = texts[2]  # cover, version rules, then the table of contents
    printed = [int(n) for line in toc_page.splitlines() if "共" not in line
               for n in re.findall(r"第(\d+)页", line)]  # fmt: skip
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]  # fmt: skip
    embedded = all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in fonts)
    cjk = any("CJK" in line for line in fonts)
    return {"pages": total, "header_pages": header, "footer_pages": footer,
            "toc_right": printed == begins, "fonts_embedded": embedded, "cjk_font": cjk}  # fmt: skip


# ---- measuring a subprocess tree


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def _pss_mb(pids: list[int]) -> float:
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total / 1024


def measure(cmd: list[str]) -> dict[str, float]:
    """Wall time, CPU time (user+sys, children included) and peak PSS of the process tree."""
    before = os.times()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO)
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _pss_mb(_tree(proc.pid)))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    rc = proc.wait()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    after = os.times()
    assert rc == 0, f"{cmd} failed ({rc})"
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return {"wall": wall, "cpu": cpu, "peak_mb": peak[0]}


def network_probe(engine: str) -> str:
    """Can input make the engine reach the network? A template or document that names a URL
    (WeasyPrint, Chromium: an image on a loopback server that counts connections) or, for
    typst, a package import (`@preview/…` is fetched from packages.typst.org)."""
    import socket

    if engine == "typst":
        import typst

        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "t.typ"
            src.write_text('#import "@preview/tablex:0.0.8": tablex\nx\n', encoding="utf-8")
            try:
                typst.compile(str(src), output=str(Path(tmp) / "t.pdf"))
            except Exception as e:  # no network here: the attempt shows in the error
                return "fetches packages" if "download" in str(e) else f"refused ({e})"
            return "fetched packages"
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    html = f'<html><body><img src="http://127.0.0.1:{port}/x.png"><p>x</p></body></html>'
    hits = [0]
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits[0] += 1
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    with tempfile.TemporaryDirectory() as tmp:
        if engine == "weasyprint":
            from qes_cli.pdfengine import render_pdf

            render_pdf(html, Path(tmp) / "t.pdf", root=MANUAL, base=MANUAL)
        else:
            chromium_print(html, Path(tmp) / "t.pdf")
    stop.set()
    thread.join()
    server.close()
    return "connects" if hits[0] else "no request"


def child(engine: str, out: Path) -> None:
    {"weasyprint": run_weasyprint, "typst": run_typst, "chromium": run_chromium}[engine](out)


def full_build(out: Path) -> None:
    from qes_cli.commands.pdf import build_pdf
    from qes_cli.store.loader import load_valid_manual

    build_pdf(load_valid_manual(MANUAL), out, today=TODAY)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "bench/out/pdf")
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--full", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        child(args.engine, args.out)
        return
    if args.full:
        full_build(args.out)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    report: dict[str, dict[str, object]] = {}
    for engine in ("weasyprint", "typst", "chromium"):
        pdf = args.out / f"{engine}.pdf"
        runs = [measure([sys.executable, __file__, "--engine", engine, "--out", str(pdf)])
                for _ in range(args.runs)]  # fmt: skip
        report[engine] = {
            "wall_s": round(statistics.median(r["wall"] for r in runs), 2),
            "cpu_s": round(statistics.median(r["cpu"] for r in runs), 2),
            "peak_mb": round(max(r["peak_mb"] for r in runs)),
            "size_kb": round(pdf.stat().st_size / 1024),
            **fidelity(engine, pdf),
            "network": network_probe(engine),
        }
        print(engine, json.dumps(report[engine], ensure_ascii=False), flush=True)
    folder = args.out / "full"
    runs = [measure([sys.executable, __file__, "--full", "--out", str(folder)])
            for _ in range(args.runs)]  # fmt: skip
    walls = sorted(r["wall"] for r in runs)
    full = {"wall_s": round(statistics.median(walls), 2), "wall_range": [round(walls[0], 2), round(walls[-1], 2)],
            "cpu_s": round(statistics.median(r["cpu"] for r in runs), 2),
            "peak_mb": round(max(r["peak_mb"] for r in runs)),
            "files": len(list(folder.glob("*.pdf"))),
            "size_kb": round(sum(p.stat().st_size for p in folder.glob("*.pdf")) / 1024)}  # fmt: skip
    ok = full["wall_s"] <= 10 and full["peak_mb"] <= 500  # type: ignore[operator]
    print("qes build --pdf (manual.pdf + document PDFs)", json.dumps(full), "goal ≤ 10 s, ≤ 500 MB:",
          "met" if ok else "MISSED")  # fmt: skip


if __name__ == "__main__":
    main()
