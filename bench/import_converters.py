"""Which Word → Markdown converter `qes import` uses, measured (README, "Adoption").

Builds the test document of tests/docx_factory.py (headings, bold/italic, lists nested both
ways Word nests them, tables — one with a `|` in a cell, one with a two-paragraph cell — and an
image), converts it with

- mammoth + markdownify (what qes uses: pure Python),
- pandoc through pypandoc-binary (a wheel that ships the pandoc executable), to GitHub
  Markdown without raw HTML (the manual renders Markdown with HTML disabled),

and prints, for each, which constructs came through, the time per conversion (median of 5, a
document of ~40 pages made of 20 copies), and the installed size. `make bench-import`
installs pypandoc-binary first.

Usage: python bench/import_converters.py [--show]   (--show prints both Markdown outputs)
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.docx_factory import sample_docx  # noqa: E402

CHECKS: dict[str, Callable[[str], bool]] = {
    "headings": lambda md: (
        "# 客户投诉处理规范" in md and re.search(r"(?m)^## 1\. 职责", md) is not None
    ),
    "bold / italic / both": lambda md: all(
        s in md for s in ("**所有区域**", "*客户投诉*", "***重大投诉***")
    ),
    "list nested by style (List Bullet 2)": lambda md: (
        re.search(r"- 质量经理\n\s+- 受理投诉", md) is not None
    ),
    "list nested by numbering level": lambda md: (
        re.search(r"- top A\n\s+- child A1\n\s+- grandchild", md) is not None
    ),
    "numbered list keeps counting": lambda md: re.search(r"(?m)^3\.\s+回访", md) is not None,
    "tight lists (no blank lines, no <!-- -->)": lambda md: (
        "<!-- -->" not in md and "&nbsp;" not in md and "- 受理投诉\n\n" not in md
    ),
    "table with header row": lambda md: (
        re.search(r"\|\s*等级\s*\|\s*响应\s*\|\s*闭环\s*\|\n\|\s*-", md) is not None
    ),
    "a pipe inside a cell kept as text": lambda md: "4 \\| 8" in md,
    "two-paragraph cell kept in the table": lambda md: (
        re.search(r"\|\s*升级\s*\|\s*第一段\s+第二段\s*\|", md) is not None
    ),
    "image saved as a file, linked relatively": lambda md: (
        re.search(r"!\[[^\]]*\]\((?!data:)[^)]*image1\.png\)", md) is not None
    ),
}


def mammoth_markdownify(path: Path, media: Path) -> str:
    from qes_cli.store.wordconvert import convert_docx

    converted = convert_docx(path.read_bytes(), file=path.name)
    for name, data in converted.images:
        (media / name).write_bytes(data)
    return converted.with_image_folder(media.name)


def pandoc(path: Path, media: Path) -> str:
    import pypandoc

    text = pypandoc.convert_file(
        str(path), "gfm-raw_html", extra_args=["--wrap=none", f"--extract-media={media}"]
    )
    return str(text).replace(str(media), media.name)


def size(*dists: str) -> int:
    total = 0
    for dist in dists:
        for f in metadata.files(dist) or []:
            p = Path(str(f.locate()))
            if p.is_file():
                total += p.stat().st_size
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    converters = {
        "mammoth + markdownify": (
            mammoth_markdownify,
            ("mammoth", "cobble", "markdownify", "beautifulsoup4", "soupsieve"),
        ),
        "pandoc (pypandoc-binary)": (pandoc, ("pypandoc-binary",)),
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        doc = sample_docx(folder / "sample.docx")
        big = _big(folder / "big.docx", doc)
        results = {}
        for name, (convert, dists) in converters.items():
            media = folder / f"media-{len(results)}"
            media.mkdir()
            try:
                md = convert(doc, media)
            except (ImportError, OSError) as e:
                print(f"{name}: not available ({e}); `make bench-import` installs it")
                continue
            times = []
            for _ in range(5):
                start = time.perf_counter()
                convert(big, media)
                times.append(time.perf_counter() - start)
            results[name] = (md, statistics.median(times), size(*dists))
            if args.show:
                print(f"===== {name}\n{md}\n")
    names = list(results)
    print("| construct | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for check, judge in CHECKS.items():
        print(
            f"| {check} | "
            + " | ".join("yes" if judge(results[n][0]) else "**no**" for n in names)
            + " |"
        )
    print(
        "| time, ~40-page document (median of 5) | "
        + " | ".join(f"{results[n][1]:.2f} s" for n in names)
        + " |"
    )
    print("| installed size | " + " | ".join(f"{results[n][2] / 1e6:.1f} MB" for n in names) + " |")


def _big(path: Path, sample: Path) -> Path:
    """20 copies of the sample's body in one document."""
    from copy import deepcopy

    from docx import Document

    d = Document(str(sample))
    body = d.element.body
    blocks = [deepcopy(b) for b in body if not b.tag.endswith("sectPr")]
    sect = body[-1]
    for _ in range(19):
        for b in blocks:
            sect.addprevious(deepcopy(b))
    d.save(str(path))
    return path


if __name__ == "__main__":
    main()
