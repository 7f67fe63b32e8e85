"""Word documents built with python-docx for the import tests and the converter benchmark
(bench/import_converters.py): headings, bold/italic, nested lists (both ways Word nests them),
a table, an image."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import Path
from typing import Any


def png(width: int = 4, height: int = 3) -> bytes:
    """A tiny red PNG, made without an imaging library."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _w(tag: str, **attrs: object) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def _multilevel_list(document: Any, number_id: int, fmt: str) -> None:
    """A list definition with three levels, as Word writes one (Tab moves an item down)."""
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    abstract = _w("abstractNum", abstractNumId=number_id)
    abstract.append(_w("multiLevelType", val="multilevel"))
    for level in range(3):
        lvl = _w("lvl", ilvl=level)
        lvl.append(_w("start", val=1))
        lvl.append(_w("numFmt", val=fmt))
        lvl.append(_w("lvlText", val="•" if fmt == "bullet" else f"%{level + 1}."))
        indent = _w("pPr")
        indent.append(_w("ind", left=720 * (level + 1), hanging=360))
        lvl.append(indent)
        abstract.append(lvl)
    numbering.find(qn("w:num")).addprevious(abstract)
    num = _w("num", numId=number_id)
    num.append(_w("abstractNumId", val=number_id))
    numbering.append(num)


def _list_item(document: Any, text: str, number_id: int, level: int) -> None:
    paragraph = document.add_paragraph(text, style="List Paragraph")
    props = _w("numPr")
    props.append(_w("ilvl", val=level))
    props.append(_w("numId", val=number_id))
    paragraph._p.get_or_add_pPr().append(props)


def sample_docx(
    path: Path, *, heading: str | None = "客户投诉处理规范", core_title: str = ""
) -> Path:
    """The benchmark document: every construct `qes import` must carry over."""
    from docx import Document
    from docx.shared import Inches

    d = Document()
    d.core_properties.title = core_title
    if heading:
        d.add_heading(heading, level=1)
    p = d.add_paragraph("本规范适用于")
    p.add_run("所有区域").bold = True
    p.add_run("的")
    p.add_run("客户投诉").italic = True
    p.add_run("处理，")
    both = p.add_run("重大投诉")
    both.bold = both.italic = True
    p.add_run("须 24 小时内上报。")
    d.add_heading("1. 职责", level=2)
    d.add_paragraph("质量经理", style="List Bullet")
    d.add_paragraph("受理投诉", style="List Bullet 2")
    d.add_paragraph("跟踪闭环", style="List Bullet 2")
    d.add_paragraph("质检工程师", style="List Bullet")
    d.add_heading("2. 流程", level=2)
    d.add_paragraph("登记", style="List Number")
    d.add_paragraph("分析原因", style="List Number")
    d.add_paragraph("二级步骤", style="List Number 2")
    d.add_paragraph("回访", style="List Number")
    d.add_heading("3. 时限", level=3)
    table = d.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    rows = [["等级", "响应", "闭环"], ["一级", "2 小时", "24 小时"], ["二级", "4 | 8 小时", "3 天"]]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    notes = d.add_table(rows=2, cols=2)
    notes.style = "Table Grid"
    notes.cell(0, 0).text, notes.cell(0, 1).text = "项目", "备注"
    notes.cell(1, 0).text = "升级"
    notes.cell(1, 1).text = "第一段"
    notes.cell(1, 1).add_paragraph("第二段")
    d.add_paragraph("流程图：")
    d.add_picture(BytesIO(png()), width=Inches(1))
    d.add_heading("4. Word nesting", level=2)
    _multilevel_list(d, 90, "bullet")
    _multilevel_list(d, 91, "decimal")
    for text, level in [("top A", 0), ("child A1", 1), ("grandchild", 2), ("top B", 0)]:
        _list_item(d, text, 90, level)
    for text, level in [("step 1", 0), ("step 1.1", 1), ("step 2", 0)]:
        _list_item(d, text, 91, level)
    d.save(str(path))
    return path


def plain_docx(path: Path, text: str, *, core_title: str = "") -> Path:
    """A document without headings: one paragraph, an optional core title."""
    from docx import Document

    d = Document()
    d.core_properties.title = core_title
    d.add_paragraph(text)
    d.save(str(path))
    return path
