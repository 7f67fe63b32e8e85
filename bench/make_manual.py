"""Generate a valid manual of N documents in a git repository with a few thousand commits.

Realistic front matter (histories of 1–6 versions with legal steps, sections, N/A entries)
and Markdown bodies of a few KB with tables; the history is written with `git fast-import`
so thousands of commits take seconds. Deterministic for a given N.

Usage: python bench/make_manual.py N [DIR] [--commits C]     (default DIR bench/out/manual-N)
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from qes_cli.model.versions import VersionCode

CATEGORIES = ["总纲", "组织架构", "预案机制及制度", "质量日常管理"]
WORDS = ["质量", "管理", "流程", "规范", "服务", "交付", "客户", "满意度", "检查", "抽检", "整改", "闭环", "培训", "考核", "安全", "网络", "信息", "隐私", "备件", "工单", "升级", "通报", "评审", "改进", "记录", "审核", "批准", "实施", "责任", "区域", "分支", "机构", "项目", "工程师"]  # fmt: skip
REVIEWER, APPROVER = "服务中心总经理助理", "服务中心总经理"


def paragraph(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(WORDS) for _ in range(n)) + "。"


def body(rng: random.Random, title: str) -> str:
    parts = [f"# {title}\n"]
    for s in range(1, rng.randint(3, 6)):
        parts.append(
            f"\n## {s} 条款\n\n"
            + "\n\n".join(paragraph(rng, rng.randint(30, 80)) for _ in range(3))
            + "\n"
        )
    parts.append("\n| 项目 | 要求 | 责任人 |\n|---|---|---|\n")
    parts += [f"| {rng.choice(WORDS)} | {paragraph(rng, 8)} | 质量经理 |\n" for _ in range(5)]
    return "".join(parts)


def history(rng: random.Random, year: int) -> tuple[str, list[str]]:
    code = VersionCode("A", 1)
    month, day = 1, 24
    lines = [
        f"  - {{version: A/1, date: {year}-01-24, kind: initial, reason: 首次发布, reviewed_by: {REVIEWER}, approved_by: {APPROVER}}}"
    ]
    for _ in range(rng.randint(0, 5)):
        major = rng.random() < 0.25
        code = code.next_major() if major else code.next_minor()
        month = min(12, month + rng.randint(0, 2))
        kind, meeting = ("major", "onsite") if major else ("minor", "remote")
        lines.append(f"  - {{version: {code}, date: {year}-{month:02d}-{day:02d}, kind: {kind}, reason: {paragraph(rng, 6)}, "
                     f"reviewed_by: {REVIEWER}, approved_by: {APPROVER}, meeting: {meeting}}}")  # fmt: skip
    return str(code), lines


def documents(n: int, rng: random.Random) -> dict[str, str]:
    """file name → text, with seq 1..n grouped by category in manual order."""
    per = [n // 4 + (1 if i < n % 4 else 0) for i in range(4)]
    files: dict[str, str] = {}
    seq = serial = 0
    last_number = ""
    for cat, count in zip(CATEGORIES, per, strict=True):
        for _ in range(count):
            seq += 1
            title = f"{rng.choice(WORDS)}{rng.choice(WORDS)}管理规定{seq}"
            kind = rng.random()
            if kind < 0.05 and last_number:
                files[f"section-{seq:05d}.md"] = (
                    f"---\nparent: {last_number}\ntitle: {title}\ncategory: {cat}\nseq: {seq}\npages: {rng.randint(1, 9)}\n---\n"
                    + body(rng, title)
                )
                continue
            if kind < 0.08:
                files[f"na-{seq:05d}.md"] = (
                    f"---\nnumber: N/A\ntitle: {title}\ncategory: {cat}\nseq: {seq}\nversion: /\neffective: 2025-01-24\n"
                    f"pages: {rng.randint(1, 9)}\nprepared_by: 质量与安全管理部\n---\n"
                    + body(rng, title)
                )
                continue
            serial += 1
            if serial == 15:
                serial += 1  # the manual's own number
            year = rng.choice([2023, 2024, 2025])
            number = f"QES-{serial:03d}-{year}"
            version, hist = history(rng, year)
            last_date = hist[-1].split("date: ")[1].split(",")[0]
            files[f"{number}.md"] = (
                f"---\nnumber: {number}\ntitle: {title}\ncategory: {cat}\nseq: {seq}\nversion: {version}\n"
                f"effective: {last_date}\npages: {rng.randint(1, 40)}\nprepared_by: 质量与安全管理部\n"
                f"reviewed_by: {REVIEWER}\napproved_by: {APPROVER}\nhistory:\n"
                + "\n".join(hist)
                + "\n---\n"
                + body(rng, title)
            )
            last_number = number
    return files


MANUAL_YAML = """number: QES-015-2025
title: 集团服务质量体系手册
version: A/1
effective: 2025-01-24
company: 基准测试集团
prefix: QES
categories: [总纲, 组织架构, 预案机制及制度, 质量日常管理]
front_pages: 5
prepared_by: 质量与安全管理部
reviewer: 服务中心总经理助理
approver: 服务中心总经理
"""


def fast_import(repo: Path, files: dict[str, str], commits: int, rng: random.Random) -> None:
    """One commit with everything, then commits that each revise one document's body."""
    names = [n for n in files if n.startswith("QES-")]
    current = dict(files)
    out: list[bytes] = []
    mark = 0

    def blob(text: str) -> int:
        nonlocal mark
        mark += 1
        data = text.encode()
        out.append(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")
        return mark

    def commit(msg: str, changes: dict[str, str], t: int) -> None:
        marks = {path: blob(text) for path, text in changes.items()}
        m = msg.encode()
        out.append(
            b"commit refs/heads/main\ncommitter Bench <bench@example.invalid> %d +0800\ndata %d\n"
            % (t, len(m))
            + m
            + b"\n"
        )
        for path, bm in marks.items():
            out.append(b"M 100644 :%d %s\n" % (bm, path.encode()))
        out.append(b"\n")

    t0 = 1_700_000_000
    commit(
        "import manual",
        {
            "manual/manual.yaml": MANUAL_YAML,
            **{f"manual/documents/{k}": v for k, v in files.items()},
        },
        t0,
    )
    for k in range(1, commits):
        name = names[k % len(names)]
        current[name] += f"\n修订说明 {k}：{paragraph(rng, 12)}\n"
        commit(f"edit {name} ({k})", {f"manual/documents/{name}": current[name]}, t0 + k * 60)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=b"".join(out), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("dir", nargs="?")
    ap.add_argument("--commits", type=int, default=5000)
    args = ap.parse_args()
    root = Path(args.dir or f"bench/out/manual-{args.n}")
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    rng = random.Random(args.n)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    fast_import(root, documents(args.n, rng), args.commits, rng)
    from qes_cli.render import render_toc
    from qes_cli.store.loader import load_valid_manual

    manual_dir = root / "manual"
    (manual_dir / "toc.md").write_text(render_toc(load_valid_manual(manual_dir)), encoding="utf-8")
    env = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}  # fmt: skip
    import os

    subprocess.run(["git", "add", "manual/toc.md"], cwd=root, check=True)
    subprocess.run(
        ["git", "commit", "-q", "-m", "toc"], cwd=root, check=True, env={**os.environ, **env}
    )
    print(root)


if __name__ == "__main__":
    main()
