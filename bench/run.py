"""Performance figures of issue 5, each the median of 5 runs, with its ratio to a baseline
measured in the same run. Prints one line per figure; asserts nothing (tests never time).

Usage: python bench/run.py [--runs 5] [--docs 2000] [--rows 1000000] [--xlsx-rows 200000] [--only-targets]
Needs the inputs bench/make_manual.py and bench/make_data.py generate (made if missing), and
pandas for the check-targets baseline (`make bench` installs it).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PY = sys.executable
QES = [PY, "-m", "qes_cli"]
GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}  # fmt: skip


def timed(cmd: list[str], cwd: Path | None = None, ok: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of `cmd`, measured by a fresh helper process
    so that ru_maxrss holds only that command's peak."""
    probe = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "rc = subprocess.run(json.loads(sys.argv[1]), cwd=sys.argv[2] or None, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)\n"
    )
    import json

    env = {**os.environ, **GIT_ENV}
    out = subprocess.run(
        [PY, "-c", probe, json.dumps(cmd), str(cwd or "")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    seconds, rss, rc = out.stdout.split()
    if int(rc) not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited {rc}")
    return float(seconds), int(rss)


def median(
    cmd: list[str],
    runs: int,
    cwd: Path | None = None,
    ok: tuple[int, ...] = (0,),
    between: object = None,
) -> tuple[float, int]:
    times, peaks = [], []
    for _ in range(runs):
        s, rss = timed(cmd, cwd, ok)
        times.append(s)
        peaks.append(rss)
        if callable(between):
            between()
    return statistics.median(times), max(peaks)


def line(name: str, value: float, unit: str, goal: str, ok: bool, extra: str = "") -> None:
    mark = "ok  " if ok else "MISS"
    print(f"{mark} {name:<44} {value:8.3f} {unit:<3} goal {goal:<22} {extra}", flush=True)


def ensure_manual(n: int, commits: int) -> Path:
    root = OUT / f"manual-{n}"
    if not (root / "manual" / "toc.md").exists():
        subprocess.run([PY, str(HERE / "make_manual.py"), str(n), str(root), "--commits", str(commits)], check=True,
                       stdout=subprocess.DEVNULL, env={**os.environ, **GIT_ENV})  # fmt: skip
    return root


def ensure_data(rows: int) -> Path:
    path = OUT / f"data-{rows}.csv"
    if not path.exists():
        subprocess.run(
            [PY, str(HERE / "make_data.py"), str(rows), str(path)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return path


def paired(cmd: list[str], baseline: list[str], runs: int) -> tuple[float, int, float, int]:
    """Median time and peak of `cmd` (exit 0 or 1) and of the pandas `baseline`, run in turns
    (qes, pandas, qes, pandas …) so that a busy host slows both alike; NaN without pandas."""
    try:
        import pandas  # noqa: F401
    except ImportError:
        t, rss = median(cmd, runs, ok=(0, 1))
        return t, rss, float("nan"), 0
    mine: list[tuple[float, int]] = []
    base: list[tuple[float, int]] = []
    for _ in range(runs):
        mine.append(timed(cmd, ok=(0, 1)))
        base.append(timed(baseline))
    return (statistics.median(t for t, _ in mine), max(r for _, r in mine),
            statistics.median(t for t, _ in base), max(r for _, r in base))  # fmt: skip


def ensure_branches(rows: int) -> Path:
    folder = OUT / f"branches-{rows}"
    if not folder.is_dir():
        subprocess.run([PY, str(HERE / "make_branches.py"), str(rows), str(folder)], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    return folder


def ensure_sheet(rows: int) -> Path:
    path = OUT / f"sheet-{rows}.xlsx"
    if not path.exists():
        subprocess.run([PY, str(HERE / "make_branches.py"), str(rows), str(path), "--xlsx"],
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return path


def branch_figures(runs: int, rows: int, xlsx_rows: int) -> None:
    """Issue 16: the 16 branch exports (GBK, BOM, UTF-16, UTF-8; Excel's empty and totals
    rows) against the pandas script doing the same, and a .xlsx sheet against the fastest
    Python reader's own time to hand its rows over."""
    manual = str(HERE.parent / "manual")
    folder = ensure_branches(rows)
    tq, rss_q, tb, rss_b = paired(
        [*QES, "--manual", manual, "check-targets", str(folder), "--format", "json"],
        [PY, str(HERE / "pandas_branches.py"), str(folder)], runs)  # fmt: skip
    line(f"qes check-targets, 16 files, {rows:,} rows", tq, "s", "≤ 1.0 × pandas script", tq <= tb,
         f"pandas {tb:.3f} s, ratio {tq / tb:.2f}; peak {rss_q / 1024:.0f} MB (pandas {rss_b / 1024:.0f} MB)")  # fmt: skip
    sheet = ensure_sheet(xlsx_rows)
    sys.path.insert(0, str(HERE))
    from xlsx_readers import READERS, measure

    times = {name: measure(code, str(sheet), runs)[0] for name, code in READERS.items()}
    fastest = min(times, key=lambda k: times[k])
    tx, rss_x = median([*QES, "--manual", manual, "check-targets", str(sheet), "--format", "json"],
                       runs, ok=(0, 1))  # fmt: skip
    line(f"qes check-targets, .xlsx {xlsx_rows:,} rows", tx, "s", "≤ 2.0 × fastest reader", tx <= 2 * times[fastest],
         f"{fastest} {times[fastest]:.3f} s, ratio {tx / times[fastest]:.2f}; peak {rss_x / 1024:.0f} MB")  # fmt: skip
    for name, t in times.items():
        print(f"     reader: {name:<44} {t:8.3f} s", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--commits", type=int, default=5000)
    ap.add_argument("--xlsx-rows", type=int, default=200_000)
    ap.add_argument("--only-targets", action="store_true", help="only the issue-16 figures")
    args = ap.parse_args()
    runs = args.runs
    print(f"# qes benchmarks — {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}; median of {runs} runs")  # fmt: skip

    if not args.only_targets:
        manual_figures(args, runs)
    targets_figures(args, runs)
    if shutil.which("git") is None:
        print("(git not found: bump figure skipped)")


def manual_figures(args: argparse.Namespace, runs: int) -> None:
    base, _ = median([PY, "-c", "import typer"], runs)
    print(f"     baseline `python -c 'import typer'`            {base:8.3f} s")
    for flag in ("--help", "--version"):
        t, _ = median([*QES, flag], runs)
        line(
            f"qes {flag}", t, "s", "≤ 1.5 × import typer", t <= 1.5 * base, f"ratio {t / base:.2f}"
        )

    small = ensure_manual(args.docs, args.commits)
    manual = str(small / "manual")
    t2, rss = median([*QES, "--manual", manual, "check"], runs)
    line(
        f"qes check, {args.docs} documents",
        t2,
        "s",
        "≤ 1.0 s",
        t2 <= 1.0,
        f"peak {rss / 1024:.0f} MB (goal ≤ 200)",
    )
    t, _ = median([*QES, "--manual", manual, "toc", "--check"], runs)
    line(f"qes toc --check, {args.docs} documents", t, "s", "≤ 0.8 s", t <= 0.8)

    def undo() -> None:
        subprocess.run(["git", "reset", "-q", "--hard", "HEAD~1"], cwd=small, check=True)
        tags = subprocess.run(
            ["git", "tag", "-l", "QES-500-*"], cwd=small, capture_output=True, text=True
        ).stdout.split()
        if tags:
            subprocess.run(
                ["git", "tag", "-d", *tags], cwd=small, check=True, stdout=subprocess.DEVNULL
            )

    count = subprocess.run(
        ["git", "rev-list", "--count", "HEAD"], cwd=small, capture_output=True, text=True
    ).stdout.strip()
    t, _ = median([*QES, "--manual", manual, "bump", "QES-500", "--minor", "--reason", "bench", "--date", "2026-01-01"],
                  runs, between=undo)  # fmt: skip
    line(f"qes bump, {args.docs} documents, {count} commits", t, "s", "≤ 1.5 s", t <= 1.5)

    big = ensure_manual(2 * args.docs, args.commits)
    t4, _ = median([*QES, "--manual", str(big / "manual"), "check"], runs)
    line(f"qes check growth {2 * args.docs} vs {args.docs}", t4 / t2, "×", "≤ 2.2 × (linear)", t4 / t2 <= 2.2,
         f"{t4:.3f} s vs {t2:.3f} s")  # fmt: skip


def targets_figures(args: argparse.Namespace, runs: int) -> None:
    data = ensure_data(args.rows)
    tq, rss_q, tb, rss_b = paired(
        [*QES, "--manual", str(HERE.parent / "manual"), "check-targets", str(data), "--format", "json"],
        [PY, str(HERE / "pandas_baseline.py"), str(data)], runs)  # fmt: skip
    line(f"qes check-targets, {args.rows:,} rows", tq, "s", "≤ 1.0 × pandas script", tq <= tb,
         f"pandas {tb:.3f} s, ratio {tq / tb:.2f}; peak {rss_q / 1024:.0f} MB (goal ≤ 150; pandas {rss_b / 1024:.0f} MB)")  # fmt: skip
    line(
        f"qes check-targets peak memory, {args.rows:,} rows",
        rss_q / 1024,
        "MB",
        "≤ 150 MB",
        rss_q / 1024 <= 150,
    )
    branch_figures(runs, args.rows, args.xlsx_rows)


if __name__ == "__main__":
    main()
