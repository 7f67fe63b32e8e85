"""Word (.docx) to Markdown for `qes import`: headings, nested lists, tables, bold/italic,
links, and the embedded images as separate files.

The converter is mammoth (docx → semantic HTML: it maps Word's styles and numbering to
headings and real nested lists) followed by markdownify (HTML → Markdown, GitHub tables).
README "Adoption" gives the measurements against pandoc that chose it.

A .docx is untrusted input, and a ZIP package: before anything is parsed, its declared sizes
are checked (no archive member may unpack to more than the limits below), so a small file
cannot make qes use gigabytes of memory.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from qes_cli.errors import InputError
from qes_cli.text import tr

#: a .docx larger than this is refused (it is read into memory whole)
MAX_DOCX_BYTES = 50 * 1024 * 1024
#: the unpacked text of the document (word/document.xml and its parts) must stay below this
MAX_XML_BYTES = 40 * 1024 * 1024
#: every member together, images included
MAX_UNPACKED_BYTES = 400 * 1024 * 1024

#: where converted image links point until the document's own folder is known
IMAGE_PLACEHOLDER = "qes-import-images"


def _style_map() -> str:
    """Word's Title style and the heading styles under the names WPS gives them become
    headings; the list styles of levels 2–5 (List Bullet 2, List Number 3 …, which carry their
    level in the style rather than in the numbering) become nested lists."""
    lines = ["p[style-name='Title'] => h1:fresh", "p[style-name='标题'] => h1:fresh"]
    lines += [f"p[style-name='标题 {n}'] => h{n}:fresh" for n in range(1, 7)]
    for level in range(2, 6):
        outer = "ul|ol > li > " * (level - 1)
        lines.append(f"p[style-name='List Bullet {level}'] => {outer}ul > li:fresh")
        lines.append(f"p[style-name='List Number {level}'] => {outer}ol > li:fresh")
    return "\n".join(lines)


_IMAGE_TYPES = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/jpg": "jpg",
    "image/gif": "gif",
    "image/bmp": "bmp",
    "image/tiff": "tif",
    "image/svg+xml": "svg",
    "image/webp": "webp",
    "image/x-emf": "emf",
    "image/x-wmf": "wmf",
}

_CORE_NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
}


@dataclass(frozen=True, slots=True)
class Converted:
    """A Word document as Markdown. Image links read `qes-import-images/image1.png` until
    `with_image_folder` names the folder the images go to."""

    markdown: str
    title: str | None  # the document's core title property (File > Properties > Title)
    pages: int | None  # the page count Word recorded when it last saved the file
    images: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, bytes)

    def with_image_folder(self, folder: str) -> str:
        return self.markdown.replace(f"]({IMAGE_PLACEHOLDER}/", f"]({folder}/")


def convert_docx(raw: bytes, *, file: str) -> Converted:
    """`raw` (the bytes of a .docx) as Markdown; InputError naming `file` if it is not a
    readable Word document."""
    if len(raw) > MAX_DOCX_BYTES:
        raise InputError(
            tr("file too large (more than {limit} bytes)", limit=MAX_DOCX_BYTES), file=file
        )
    try:
        package = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise InputError(
            tr(
                "not a Word .docx file (a .docx is a ZIP package): an old .doc or a "
                "password-protected file? Save it as .docx in Word first"
            ),
            file=file,
        ) from None
    with package:
        _check_sizes(package, file)
        if "word/document.xml" not in package.namelist():
            raise InputError(tr("not a Word .docx file: it has no word/document.xml"), file=file)
        title, pages = _properties(package)
    images: list[tuple[str, bytes]] = []
    try:
        html = _to_html(raw, images)
    except InputError:
        raise
    except Exception as e:  # mammoth's and the XML parser's errors: a broken package
        raise InputError(
            tr("cannot convert the Word document: {problem}", problem=_problem(e)), file=file
        ) from e
    return Converted(_to_markdown(html), title, pages, images)


def _check_sizes(package: zipfile.ZipFile, file: str) -> None:
    total = 0
    for info in package.infolist():
        total += info.file_size
        xml = info.filename.endswith((".xml", ".rels"))
        if (xml and info.file_size > MAX_XML_BYTES) or total > MAX_UNPACKED_BYTES:
            raise InputError(
                tr(
                    "the Word document unpacks to more than qes reads ({member}: {size} bytes)",
                    member=info.filename,
                    size=info.file_size,
                ),
                file=file,
            )


def _properties(package: zipfile.ZipFile) -> tuple[str | None, int | None]:
    """The core title and the page count Word recorded, when present and readable."""
    title = None
    pages = None
    names = set(package.namelist())
    try:
        if "docProps/core.xml" in names:
            node = ElementTree.fromstring(package.read("docProps/core.xml")).find(
                "dc:title", _CORE_NS
            )
            if node is not None and node.text and node.text.strip():
                title = " ".join(node.text.split())
        if "docProps/app.xml" in names:
            node = ElementTree.fromstring(package.read("docProps/app.xml")).find(
                "ep:Pages", _CORE_NS
            )
            if node is not None and node.text and node.text.strip().isdigit():
                pages = int(node.text.strip()) or None
    except (ElementTree.ParseError, zipfile.BadZipFile, KeyError, OSError):
        pass  # properties are a convenience: a broken one is not worth refusing the file
    return title, pages


def _to_html(raw: bytes, images: list[tuple[str, bytes]]) -> str:
    import mammoth

    def save_image(image: Any) -> dict[str, str]:
        extension = _IMAGE_TYPES.get(str(image.content_type).lower(), "bin")
        with image.open() as stream:
            data = stream.read(MAX_UNPACKED_BYTES + 1)
        name = f"image{len(images) + 1}.{extension}"
        images.append((name, data))
        return {"src": f"{IMAGE_PLACEHOLDER}/{name}"}

    result = mammoth.convert_to_html(
        io.BytesIO(raw),
        style_map=_style_map(),
        convert_image=mammoth.images.img_element(save_image),
    )
    return str(result.value)


def _to_markdown(html: str) -> str:
    from markdownify import MarkdownConverter

    class Converter(MarkdownConverter):
        """GitHub tables whose cells keep a literal `|` as text."""

        def convert_td(self, el: Any, text: str, *args: Any, **kwargs: Any) -> str:
            base: Any = super()  # the stubs leave the per-tag methods out
            return str(base.convert_td(el, _cell(text), *args, **kwargs))

        def convert_th(self, el: Any, text: str, *args: Any, **kwargs: Any) -> str:
            base: Any = super()
            return str(base.convert_th(el, _cell(text), *args, **kwargs))

    text = Converter(
        heading_style="ATX",
        bullets="-",
        table_infer_header=True,
        keep_inline_images_in=["td", "th", "li", "a"],
        escape_underscores=False,
    ).convert(html)
    lines = [line.rstrip() for line in str(text).replace("\r\n", "\n").split("\n")]
    out: list[str] = []
    for line in lines:  # at most one blank line between blocks
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


def _cell(text: str) -> str:
    return text.replace("\\|", "|").replace("|", "\\|")


def _problem(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
