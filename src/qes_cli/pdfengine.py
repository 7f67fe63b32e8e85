"""The one place qes turns HTML into PDF: WeasyPrint, on the system's Pango and fontconfig.

WeasyPrint was chosen by measurement over typst and headless Chromium (README, "Controlled
copies as PDF"): it lays out CSS paged media itself — `@page` margin boxes, `counter(page)` /
`counter(pages)`, running elements (the header block on every page) and `target-counter()`
(the table of contents' start pages) — and writes real, searchable text with subset fonts.

What the system must provide is checked before anything is rendered, and a missing piece is a
`MissingToolError` (exit 2) that names the command which installs it:

- Pango (WeasyPrint's text layout, loaded through cffi): `apt-get install libpango-1.0-0
  libpangoft2-1.0-0 libharfbuzz-subset0`;
- a font with Chinese glyphs known to fontconfig (`fc-list :lang=zh`): `apt-get install
  fontconfig fonts-noto-cjk`.

Building reads only the manual (SPEC §7): the URL fetcher hands WeasyPrint `data:` URLs and
regular files inside the manual folder, and refuses everything else (no network, no file
outside the manual), so a Markdown image cannot make qes read `/etc/passwd` or fetch a URL.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from qes_cli.errors import MissingToolError
from qes_cli.text import tr

APT_PANGO = "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
APT_FONTS = "apt-get install fontconfig fonts-noto-cjk"
PIP_ENGINE = "pip install 'weasyprint>=70'"

#: CJK families in the order qes prefers them when several are installed
PREFERRED_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "AR PL UMing CN",
)
_SAFE_FAMILY = re.compile(r"[\w .\-]+")


@dataclass(frozen=True, slots=True)
class Rendered:
    """A PDF written to `path`: its page count and the first page (1-based) of each anchor."""

    path: Path
    pages: int
    anchors: dict[str, int]


def engine() -> Any:
    """The `weasyprint` module, or MissingToolError saying what to install."""
    import importlib

    try:
        return importlib.import_module("weasyprint")
    except ImportError as e:
        raise MissingToolError(
            tr(
                "the PDF engine WeasyPrint is not installed: run `{pip}` (and `{apt}` for "
                "the Pango library it uses)",
                pip=PIP_ENGINE,
                apt=APT_PANGO,
            )
        ) from e
    except OSError as e:  # cffi could not load libpango / libgobject / libharfbuzz
        raise MissingToolError(
            tr(
                "the PDF engine WeasyPrint cannot load the Pango library ({problem}): run "
                "`{apt}` (Debian/Ubuntu; other systems: WeasyPrint's installation guide)",
                problem=str(e).splitlines()[0] if str(e) else type(e).__name__,
                apt=APT_PANGO,
            )
        ) from e


def cjk_font() -> str:
    """The CSS family of an installed font with Chinese glyphs; MissingToolError when
    fontconfig knows none (the PDF would show empty boxes instead of 文件名称)."""
    return _cjk_font(os.environ.get("FONTCONFIG_FILE", ""), os.environ.get("PATH", ""))


@cache
def _cjk_font(_config: str, _path: str) -> str:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise MissingToolError(
            tr(
                "fontconfig's fc-list is not installed, so no Chinese font can be found for "
                "the PDF: run `{apt}`",
                apt=APT_FONTS,
            )
        )
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError) as e:
        raise MissingToolError(
            tr("fc-list failed ({problem}): run `{apt}`", problem=str(e), apt=APT_FONTS)
        ) from e
    families = {name.strip() for line in out.splitlines() for name in line.split(",")}
    families = {f for f in families if f and _SAFE_FAMILY.fullmatch(f)}
    if not families:
        raise MissingToolError(
            tr(
                "no font with Chinese glyphs is installed (fc-list :lang=zh lists none), so "
                "the PDF would show empty boxes: run `{apt}`",
                apt=APT_FONTS,
            )
        )
    for name in PREFERRED_FONTS:
        if name in families:
            return name
    return sorted(families)[0]


def _fetcher(root: Path) -> Any:
    """A WeasyPrint URL fetcher that serves `data:` URLs and regular files inside `root`."""
    from urllib.parse import unquote, urlparse

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    from qes_cli.errors import QesError
    from qes_cli.store.loader import read_raw

    base = root.resolve()

    class ManualOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parsed = urlparse(url)
            if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
                raise ValueError(f"qes reads only files inside the manual, not {url}")
            path = Path(unquote(parsed.path)).resolve()
            if base not in path.parents:
                raise ValueError(f"qes reads only files inside the manual, not {url}")
            try:  # a regular file, bounded by the size limit of every manual file
                data = read_raw(path, file=str(path), root=base)
            except QesError as e:
                raise ValueError(str(e)) from e
            return URLFetcherResponse(path.as_uri(), body=data)

    return ManualOnly(allowed_protocols=("data", "file"))


@cache
def _font_config() -> Any:
    """One font configuration for the whole run: Pango loads each font file once (a new one
    per document would load the 20 MB CJK collection again for every PDF)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(html: str, out: Path, *, root: Path, base: Path) -> Rendered:
    """Lay out `html` (relative URLs resolve against the folder `base`) and write the PDF to
    `out` atomically; returns its page count and where each `id` anchor first appears."""
    weasyprint = engine()
    from qes_cli.store.atomic import write_bytes_atomic

    document = weasyprint.HTML(
        string=html, base_url=base.resolve().as_uri() + "/", url_fetcher=_fetcher(root)
    ).render(font_config=_font_config())
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for name in page.anchors:
            anchors.setdefault(name, number)
    data = document.write_pdf()
    write_bytes_atomic(out, data)
    return Rendered(out, len(document.pages), anchors)


@dataclass(frozen=True, slots=True)
class Job:
    """One PDF to make: its HTML, where it goes, the folder its relative URLs start from."""

    html: str
    out: Path
    base: Path


def _run(job: Job, root: Path) -> Rendered:
    return render_pdf(job.html, job.out, root=root, base=job.base)


def workers() -> int:
    """Processes that render PDFs side by side: one per core, at most 4 (each holds its own
    layout, ~100 MB); `QES_PDF_JOBS` overrides, 1 renders everything in this process."""
    wanted = os.environ.get("QES_PDF_JOBS", "")
    if wanted.isdigit() and int(wanted) >= 1:
        return int(wanted)
    return max(1, min(os.cpu_count() or 1, 4))  # each worker holds its own layout: memory


def render_all(first: Job, rest: list[Job], *, root: Path) -> tuple[Rendered, list[Rendered]]:
    """Render `first` here and `rest` in forked worker processes meanwhile (layout and font
    subsetting are CPU-bound and WeasyPrint is single-threaded: on two cores the manual and its
    documents take about half the time). Without fork, or with one worker, one after the other;
    a worker that dies makes the remaining ones render here."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    count = min(workers(), len(rest))
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return _run(first, root), [_run(job, root) for job in rest]
    engine()
    _font_config()  # loaded once, inherited by every worker
    order = sorted(range(len(rest)), key=lambda i: -len(rest[i].html))  # longest first
    done: dict[int, Rendered] = {}
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {i: pool.submit(_run, rest[i], root) for i in order}
        main = _run(first, root)
        for i, future in futures.items():
            try:
                done[i] = future.result()
            except BrokenProcessPool:
                done[i] = _run(rest[i], root)
    return main, [done[i] for i in range(len(rest))]
