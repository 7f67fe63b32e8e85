"""Compare the Python .xlsx readers on one sheet: time to hand every row to Python, peak memory.

Usage: python bench/xlsx_readers.py SHEET.xlsx [--runs 3]
Each reader runs in a fresh process (peak RSS is that process's own); prints the median time.
Readers: python-calamine (Rust; iter_rows and to_python), openpyxl read-only (values only, and
with each cell's number format, which is what telling a percent cell apart needs).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

READERS = {
    "python-calamine iter_rows": (
        "from python_calamine import CalamineWorkbook\n"
        "wb = CalamineWorkbook.from_path(PATH)\n"
        "n = sum(1 for _ in wb.get_sheet_by_index(0).iter_rows())\n"
    ),
    "python-calamine to_python": (
        "from python_calamine import CalamineWorkbook\n"
        "wb = CalamineWorkbook.from_path(PATH)\n"
        "n = len(wb.get_sheet_by_index(0).to_python())\n"
    ),
    "openpyxl read-only, values": (
        "import openpyxl\n"
        "wb = openpyxl.load_workbook(PATH, read_only=True, data_only=True)\n"
        "n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))\n"
    ),
    "openpyxl read-only, values + number formats": (
        "import openpyxl\n"
        "wb = openpyxl.load_workbook(PATH, read_only=True, data_only=True)\n"
        "n = sum(1 for row in wb.worksheets[0].iter_rows() for c in row if c.number_format)\n"
    ),
}
PROBE = (
    "import resource, sys, time\nPATH = sys.argv[1]\nt = time.perf_counter()\n{code}"
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)


def measure(code: str, path: str, runs: int) -> tuple[float, float]:
    times, peaks = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", PROBE.format(code=code), path],
                             capture_output=True, text=True, check=True).stdout.split()  # fmt: skip
        times.append(float(out[0]))
        peaks.append(int(out[1]) / 1024)
    return statistics.median(times), max(peaks)


def fastest(path: str, runs: int) -> float:
    """The fastest reader's median time on `path` (bench/run.py compares qes with it)."""
    return min(measure(code, path, runs)[0] for code in READERS.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sheet")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    for name, code in READERS.items():
        t, mb = measure(code, args.sheet, args.runs)
        print(f"{name:<46} {t:7.3f} s   peak {mb:6.0f} MB", flush=True)


if __name__ == "__main__":
    main()
