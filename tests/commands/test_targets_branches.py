"""check-targets on data as branches really export it (SPEC §4.1): several files and folders in
GBK, UTF-8 with BOM, UTF-16 and .xlsx, Excel's empty and totals rows, date and full-width forms,
branches, quarters, custom targets. The expected figures are computed here, from the records
the test generates, by plain loops independent of qes's engine."""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import BUNDLED
from tests.helpers import qes

openpyxl = pytest.importorskip("openpyxl")

BRANCH_FILES = {"上海": "上海.csv", "浙江": "浙江.csv", "江西": "江西.csv", "广西": "广西.xlsx"}
DOMAINS = ["quality", "network_security", "information_security", "ehs"]
DOMAIN_ZH = {"quality": "质量", "network_security": "网络安全", "information_security": "信息安全", "ehs": "EHS"}  # fmt: skip
LEVELS = ["redline", "1", "2", "3", "4"]
LEVEL_ZH = {"redline": "红线", "1": "一级", "2": "二级", "3": "三级", "4": "四级"}
BUSINESSES = ["huawei_asp", "self_developed", "operations", "overseas"]
BUSINESS_ZH = {"huawei_asp": "华为ASP服务业务", "self_developed": "自研服务业务",
               "operations": "运营服务业务", "overseas": "海外服务业务"}  # fmt: skip
ROLE_ZH = {"qa": "质量经理", "qc": "质检工程师"}
GENERAL = {"network_security": "network-security-general",
           "information_security": "information-security-general", "ehs": "ehs-general"}  # fmt: skip
MAJOR = {"quality": "no-major-quality-accident", "network_security": "no-major-network-security",
         "information_security": "no-major-information-security", "ehs": "no-major-ehs"}  # fmt: skip


@dataclass
class Rec:
    day: dt.date
    kind: str
    branch: str
    domain: str = ""
    level: str = ""
    business: str = ""
    value: float = 0.0
    role: str = ""
    checked: int = 0
    total: int = 0
    line: int = 0  # where the file put it


def generate(seed: int = 16) -> list[Rec]:
    rng = random.Random(seed)
    recs = []
    for branch in BRANCH_FILES:
        for _ in range(60):
            day = dt.date(2025, rng.randint(1, 12), rng.randint(1, 28))
            r = rng.random()
            if r < 0.15:
                recs.append(
                    Rec(
                        day,
                        "incident",
                        branch,
                        domain=rng.choice(DOMAINS),
                        level=rng.choice(LEVELS),
                    )
                )
            elif r < 0.75:
                recs.append(Rec(day, "satisfaction", branch, business=rng.choice(BUSINESSES),
                                value=rng.randint(820, 1000) / 10))  # fmt: skip
            else:
                total = rng.randint(5, 40)
                role = rng.choice(["qa", "qc"])
                recs.append(
                    Rec(
                        day,
                        "inspection",
                        branch,
                        role=role,
                        checked=rng.randint(0, total),
                        total=total,
                    )
                )
    # one 2024 row, so the data holds two years
    recs.append(Rec(dt.date(2024, 12, 30), "incident", "上海", domain="ehs", level="3"))
    return recs


# ---- expected figures, computed straight from the records ----------------------------------


def r2(x: float) -> float:
    return round(x, 2)


def expected(recs: list[Rec], year: int, months: set[int] | None = None) -> dict[str, Any]:
    """target id → actual, for the records of `year` (and `months`)."""
    rs = [r for r in recs if r.day.year == year and (months is None or r.day.month in months)]
    out: dict[str, Any] = {}
    for domain in DOMAINS:
        inc = [r for r in rs if r.kind == "incident" and r.domain == domain]
        out[MAJOR[domain]] = sum(1 for r in inc if r.level in ("redline", "1"))
        if domain in GENERAL:
            out[GENERAL[domain]] = sum(1 for r in inc if r.level in ("2", "3", "4"))
    sat = [r for r in rs if r.kind == "satisfaction"]
    monthly: dict[tuple[int, str], float] = {}
    for key in {(r.day.month, r.business) for r in sat}:
        monthly[key] = statistics.mean(r.value for r in sat if (r.day.month, r.business) == key)
    out["satisfaction-monthly"] = r2(min(monthly.values())) if monthly else None
    per = {
        b: statistics.mean(v for (m, bb), v in monthly.items() if bb == b)
        for b in {b for _, b in monthly}
    }
    out["satisfaction-annual"] = r2(statistics.mean(per.values())) if per else None
    for role, tid in (("qa", "qa-spot-check"), ("qc", "qc-delivery-check")):
        ins = [r for r in rs if r.kind == "inspection" and r.role == role]
        total = sum(r.total for r in ins)
        out[tid] = r2(100 * sum(r.checked for r in ins) / total) if total else None
    return out


# ---- the files, as each branch's Excel writes them -----------------------------------------


def _cells_zh(r: Rec, value: str) -> list[str]:
    return ["事件" if r.kind == "incident" else "满意度" if r.kind == "satisfaction" else "检查",
            DOMAIN_ZH.get(r.domain, ""), LEVEL_ZH.get(r.level, ""), BUSINESS_ZH.get(r.business, ""),
            value, ROLE_ZH.get(r.role, ""), str(r.checked) if r.role else "",
            str(r.total) if r.role else "", r.branch, "备注"]  # fmt: skip


def _csv(
    path: Path, recs: list[Rec], encoding: str, date: Any, value: Any, english: bool = False
) -> None:
    header = ("date,record,domain,level,business,value,role,checked,total,branch,note" if english
              else "日期,记录类型,领域,等级,业务品类,数值,角色,抽检数,总数,分支机构,备注")  # fmt: skip
    lines = [header]
    for i, r in enumerate(recs):
        if i == 7:
            lines.append(",,,,,,,,,,")  # Excel's formatted but empty row
        if english:
            cells = [r.kind, r.domain, r.level, r.business, value(r) if r.kind == "satisfaction" else "",
                     r.role, str(r.checked) if r.role else "", str(r.total) if r.role else "", r.branch, "n"]  # fmt: skip
        else:
            cells = _cells_zh(r, value(r) if r.kind == "satisfaction" else "")
        lines.append(",".join([date(r.day), *cells]))
        r.line = len(lines)
    lines.append("合计,,,,,,,,,,")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def _xlsx(path: Path, recs: list[Rec]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "数据"
    sheet.append(
        [
            "日期",
            "记录类型",
            "领域",
            "等级",
            "业务品类",
            "数值",
            "角色",
            "抽检数",
            "总数",
            "分支机构",
            "备注",
        ]
    )
    for i, r in enumerate(recs):
        if i == 5:
            sheet.append([None] * 11)
        cells: list[Any] = _cells_zh(r, "")
        row: list[Any] = [dt.datetime(r.day.year, r.day.month, r.day.day), *cells]
        if r.kind == "satisfaction":
            row[5] = round(r.value / 100, 4)  # a percent cell holds the fraction
        if r.kind == "inspection":
            row[7], row[8] = r.checked, r.total  # numbers, not text
        sheet.append(row)
        n = sheet.max_row
        sheet.cell(n, 1).number_format = "yyyy/m/d"
        if r.kind == "satisfaction":
            sheet.cell(n, 6).number_format = "0.0%"
        r.line = n
    sheet.append(["合计", None, None, None, None, None, None, None, None, None, None])
    book.save(path)


def write_branches(folder: Path, recs: list[Rec]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    by = {b: [r for r in recs if r.branch == b] for b in BRANCH_FILES}
    _csv(
        folder / "上海.csv",
        by["上海"],
        "gbk",
        lambda d: f"{d.year}/{d.month}/{d.day}",
        lambda r: f"{r.value}%",
    )
    _csv(folder / "浙江.csv", by["浙江"], "utf-8-sig", lambda d: f"{d.year}.{d.month}.{d.day}",
         lambda r: f"{r.value}％".translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}), english=True)  # fmt: skip
    _csv(
        folder / "江西.csv",
        by["江西"],
        "utf-16",
        lambda d: f"{d.year}年{d.month}月{d.day}日",
        lambda r: f"{r.value}",
    )
    _xlsx(folder / "广西.xlsx", by["广西"])
    (folder / "~$广西.xlsx").write_bytes(b"Excel's lock file")  # never read
    return folder


@pytest.fixture
def branches(workdir: Path) -> tuple[Path, list[Rec]]:
    recs = generate()
    return write_branches(workdir / "exports", recs), recs


def run_json(runner: CliRunner, *args: str, code: int | None = None) -> dict[str, Any]:
    result = qes(runner, "check-targets", *args, "--format", "json")
    if code is not None:
        assert result.exit_code == code, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def by_id(targets: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in targets}


# ---- the tests -----------------------------------------------------------------------------


def test_a_folder_of_branch_exports_is_judged_as_computed(
    branches: tuple[Path, list[Rec]], runner: CliRunner
) -> None:
    folder, recs = branches
    data = run_json(runner, str(folder))
    assert [y["year"] for y in data["years"]] == [2024, 2025]
    got = by_id(data["years"][1]["targets"])
    want = expected(recs, 2025)
    assert {k: got[k]["actual"] for k in want} == want
    # the breakdown by branch, for every target
    for branch in BRANCH_FILES:
        mine = expected([r for r in recs if r.branch == branch], 2025)
        assert {k: got[k]["details"]["by_branch"][branch] for k in want} == mine, branch
    # the totals rows were skipped and reported, each in its own file and line
    skipped = {(s["file"], s["cell"]) for s in data["skipped"]}
    assert skipped == {(f"exports/{name}", "合计") for name in BRANCH_FILES.values()}
    xlsx_total = next(s for s in data["skipped"] if s["file"].endswith(".xlsx"))
    assert xlsx_total["line"] == max(r.line for r in recs if r.branch == "广西") + 1


def test_incident_details_name_their_rows(
    branches: tuple[Path, list[Rec]], runner: CliRunner
) -> None:
    folder, recs = branches
    got = by_id(run_json(runner, str(folder), "--year", "2025")["years"][0]["targets"])
    rows = got["ehs-general"]["details"]["rows"]
    want = sorted(
        (r.day.isoformat(), f"exports/{BRANCH_FILES[r.branch]}", r.line, r.level, r.branch)
        for r in recs
        if r.kind == "incident"
        and r.domain == "ehs"
        and r.level in ("2", "3", "4")
        and r.day.year == 2025
    )
    assert [(x["date"], *x["at"].rsplit(":", 1), x["level"], x["branch"]) for x in rows] == [
        (d, f, str(n), lv, b) for d, f, n, lv, b in want
    ]
    assert all(x["domain"] == "ehs" for x in rows)


def test_files_given_one_by_one_equal_the_folder(
    branches: tuple[Path, list[Rec]], runner: CliRunner
) -> None:
    folder, _ = branches
    files = [str(folder / name) for name in BRANCH_FILES.values()]
    one_by_one = run_json(runner, *files, files[0])  # a file named twice is read once
    assert one_by_one["years"] == run_json(runner, str(folder))["years"]


def test_by_branch_judges_each_branch_on_its_own(
    branches: tuple[Path, list[Rec]], runner: CliRunner
) -> None:
    folder, recs = branches
    data = run_json(runner, str(folder), "--year", "2025", "--by", "branch")
    year = data["years"][0]
    # branches in the order the data names them: the folder's files in name order
    assert [b["branch"] for b in year["branches"]] == ["上海", "广西", "江西", "浙江"]
    for b in year["branches"]:
        want = expected([r for r in recs if r.branch == b["branch"]], 2025)
        got = by_id(b["targets"])
        assert {k: got[k]["actual"] for k in want} == want
        assert b["met"] == all(t["status"] == "met" for t in b["targets"])
    table = qes(runner, "check-targets", str(folder), "--year", "2025", "--by", "branch")
    assert "Quality targets 2025 by branch" in table.stdout and "广西" in table.stdout


@pytest.mark.parametrize("quarter", [1, 3])
def test_quarter(branches: tuple[Path, list[Rec]], runner: CliRunner, quarter: int) -> None:
    folder, recs = branches
    data = run_json(runner, str(folder), "--year", "2025", "--quarter", str(quarter))
    assert data["years"][0]["quarter"] == quarter
    got = by_id(data["years"][0]["targets"])
    want = expected(recs, 2025, set(range(3 * quarter - 2, 3 * quarter + 1)))
    assert {k: got[k]["actual"] for k in want} == want


def test_quarter_and_year_refusals(branches: tuple[Path, list[Rec]], runner: CliRunner) -> None:
    folder, _ = branches
    result = qes(runner, "check-targets", str(folder), "--quarter", "2")
    assert result.exit_code == 2 and "--quarter needs --year" in result.stderr
    result = qes(runner, "check-targets", str(folder), "--year", "2025", "--quarter", "5")
    assert result.exit_code == 2 and "--quarter is 1, 2, 3 or 4" in result.stderr
    result = qes(runner, "check-targets", str(folder), "--year", "2023")
    assert result.exit_code == 2 and "no rows in 2023: the data holds 2024, 2025" in result.stderr
    result = qes(runner, "check-targets", str(folder), "--year", "2024", "--quarter", "1")
    assert (
        result.exit_code == 2 and "no rows in 2024 Q1: the data holds Q4 of 2024" in result.stderr
    )


def test_totals_rows_reported_in_the_table(
    branches: tuple[Path, list[Rec]], runner: CliRunner
) -> None:
    folder, _ = branches
    result = qes(runner, "check-targets", str(folder / "上海.csv"))
    assert "exports/上海.csv:" in result.stderr and "totals row skipped (合计)" in result.stderr


# ---- fractions, digits, bad files ----------------------------------------------------------

HEADER = "date,record,business,value\n"


def test_fractions_where_percentages_are_expected_are_refused(
    workdir: Path, runner: CliRunner
) -> None:
    path = workdir / "frac.csv"
    path.write_text(
        HEADER + "2025-01-05,satisfaction,overseas,0.965\n2025-02-05,satisfaction,overseas,0.93\n"
    )
    result = qes(runner, "check-targets", str(path))
    assert result.exit_code == 2 and result.stdout == ""
    assert (
        "frac.csv:2: column 'value': every satisfaction value in this file lies between 0 and 1"
        in result.stderr
    )
    # one real percentage in the file: judged as written (a 0.93 score is just low)
    path.write_text(
        HEADER + "2025-01-05,satisfaction,overseas,96.5\n2025-02-05,satisfaction,overseas,0.93\n"
    )
    assert qes(runner, "check-targets", str(path)).exit_code == 1


def test_xlsx_fractions_without_percent_format_are_refused(
    workdir: Path, runner: CliRunner
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["date", "record", "business", "value"])
    sheet.append(
        [dt.datetime(2025, 3, 5), "satisfaction", "overseas", 0.965]
    )  # General: a fraction
    book.save(workdir / "general.xlsx")
    result = qes(runner, "check-targets", str(workdir / "general.xlsx"))
    assert result.exit_code == 2
    assert "general.xlsx:2: column 'value': every satisfaction value" in result.stderr


def test_xlsx_percent_general_and_text_cells_read_as_shown(
    workdir: Path, runner: CliRunner
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "汇总"
    other = book.create_sheet("明细")
    for s in (sheet, other):
        s.append([])  # the table starts on row 3
        s.append([])
        s.append(["日期", "记录类型", "业务品类", "数值"])
    sheet.append([dt.datetime(2025, 3, 5, 9, 30), "满意度", "海外服务业务", 0.9])
    sheet.cell(4, 4).number_format = "0.00%"
    sheet.append(["2025年3月6日", "满意度", "海外服务业务", 95])  # General cell: 95
    sheet.append([dt.date(2025, 3, 7), "满意度", "海外服务业务", "97%"])  # a text cell
    sheet.cell(6, 1).number_format = "yyyy-mm-dd"
    sheet.append([dt.datetime(2025, 3, 8), "满意度", "海外服务业务", "abc"])  # bad, on Excel row 7
    other.append(["2025-04-01", "满意度", "海外服务业务", 0.5])
    other.cell(4, 4).number_format = '0.0"%"'  # a quoted % is text, not a percent format
    book.save(workdir / "mixed.xlsx")
    result = qes(runner, "check-targets", str(workdir / "mixed.xlsx"))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: mixed.xlsx:7: column '数值' (value): 'abc' is not a percentage between 0 and 100"
    ]
    sheet.delete_rows(7)
    book.save(workdir / "mixed.xlsx")
    data = run_json(runner, str(workdir / "mixed.xlsx"))
    assert (
        by_id(data["years"][0]["targets"])["satisfaction-annual"]["actual"] == 94.0
    )  # (90+95+97)/3
    result = qes(runner, "check-targets", str(workdir / "mixed.xlsx"), "--sheet", "明细")
    assert (
        result.exit_code == 2
        and "mixed.xlsx:4: column '数值' (value): every satisfaction" in result.stderr
    )
    result = qes(runner, "check-targets", str(workdir / "mixed.xlsx"), "--sheet", "Sheet9")
    assert result.exit_code == 2
    assert "mixed.xlsx: no sheet 'Sheet9' in this workbook (sheets: 汇总, 明细)" in result.stderr


def test_other_scripts_digits_are_errors(workdir: Path, runner: CliRunner) -> None:
    path = workdir / "digits.csv"
    path.write_text(
        HEADER + "٢٠٢٥-01-05,satisfaction,overseas,96\n2025-01-05,satisfaction,overseas,٩٦\n"
    )
    result = qes(runner, "check-targets", str(path))
    assert result.exit_code == 2
    assert (
        "digits.csv:2: column 'date'" in result.stderr
        and "digits.csv:3: column 'value'" in result.stderr
    )


def test_bad_files_in_a_folder_each_name_their_file(workdir: Path, runner: CliRunner) -> None:
    folder = workdir / "in"
    folder.mkdir()
    (folder / "a.csv").write_text(HEADER + "2025-13-01,satisfaction,overseas,96\n")
    (folder / "b.xlsx").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)  # an .xls renamed
    (folder / "c.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "d.csv").write_text("when,what\n")
    result = qes(runner, "check-targets", str(folder))
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert any(line.startswith("error: in/a.csv:2: column 'date'") for line in lines)
    assert any(line.startswith("error: in/b.xlsx: an .xls workbook") for line in lines)
    assert any(line.startswith("error: in/c.xlsx: not a readable .xlsx workbook") for line in lines)
    assert any(
        line.startswith("error: in/d.csv:1: header lacks column(s) date, record") for line in lines
    )
    (workdir / "empty").mkdir()
    result = qes(runner, "check-targets", str(workdir / "empty"))
    assert result.exit_code == 2 and "empty: no .csv or .xlsx files in this folder" in result.stderr


# ---- custom targets ------------------------------------------------------------------------

CUSTOM = """\
targets:
  - id: europe-satisfaction          # one branch's own KPI
    name: 欧洲年度满意度≥96%
    record: satisfaction
    filter: {branch: 欧洲}
    measure: annual-mean
    per: business
    op: ">="
    threshold: 96
  - id: no-level-1
    name: 无一级事件
    record: incident
    filter: {level: 一级}
    measure: count
    op: "=="
    threshold: 0
  - id: surveys
    name: 满意度回访不少于200次
    record: satisfaction
    measure: count
    op: ">="
    threshold: 200
  - id: qc-zhejiang
    name: 浙江质检比例≥85%
    record: inspection
    filter: {role: 质检工程师, branch: [浙江]}
    measure: ratio
    op: ">="
    threshold: 85
"""


def test_custom_targets(workdir: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    (workdir / "kpi.yaml").write_text(CUSTOM, encoding="utf-8")
    data = run_json(
        runner, str(BUNDLED / "data/sample-2025.csv"), "--targets", str(workdir / "kpi.yaml")
    )
    got = by_id(data["years"][0]["targets"])
    rows = [
        line.split(",")
        for line in (BUNDLED / "data/sample-2025.csv").read_text(encoding="utf-8").splitlines()[1:]
    ]
    sat = [r for r in rows if r[1] == "satisfaction"]
    europe: dict[tuple[str, str], list[float]] = {}
    for r in sat:
        if r[9] == "欧洲":
            europe.setdefault((r[0][:7], r[4]), []).append(float(r[5]))
    per_business: dict[str, list[float]] = {}
    for (_, business), values in europe.items():
        per_business.setdefault(business, []).append(statistics.mean(values))
    assert got["europe-satisfaction"]["actual"] == r2(
        statistics.mean(statistics.mean(v) for v in per_business.values())
    )
    assert got["no-level-1"]["actual"] == sum(1 for r in rows if r[1] == "incident" and r[3] == "1")
    assert got["surveys"]["actual"] == len(sat)
    qc = [r for r in rows if r[1] == "inspection" and r[6] == "qc" and r[9] == "浙江"]
    assert got["qc-zhejiang"]["actual"] == r2(
        100 * sum(int(r[7]) for r in qc) / sum(int(r[8]) for r in qc)
    )
    assert got["qc-zhejiang"]["details"]["checked"] == sum(int(r[7]) for r in qc)


def _spelled_out(text: str) -> str:
    """The bundled targets.yaml with every built-in rule written out under a new id."""
    import yaml

    from qes_cli.targets.config import BUILTIN_RULES

    targets = yaml.safe_load(text)["targets"]
    for t in targets:
        rule = BUILTIN_RULES[t["id"]]
        t["id"] = "my-" + t["id"]
        t.update(record=rule.record, measure=rule.measure,
                 filter={k: list(v) for k, v in rule.filter.items()})  # fmt: skip
        if rule.per:
            t["per"] = rule.per
    return yaml.safe_dump({"targets": targets}, allow_unicode=True)


def test_the_eleven_built_in_targets_are_expressible_as_rules(
    workdir: Path, runner: CliRunner
) -> None:
    """SPEC §4.1: the built-in targets spelled out as custom ones judge exactly the same."""
    mine = workdir / "spelled.yaml"
    mine.write_text(
        _spelled_out((BUNDLED / "targets.yaml").read_text(encoding="utf-8")), encoding="utf-8"
    )
    sample = str(BUNDLED / "data/sample-2025.csv")
    builtin = run_json(runner, sample)["years"][0]["targets"]
    custom = run_json(runner, sample, "--targets", str(mine))["years"][0]["targets"]
    for b, c in zip(builtin, custom, strict=True):
        assert c["id"] == "my-" + b["id"]
        assert {**c, "id": b["id"]} == b


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  - {id: x1, name: n, op: '==', threshold: 0}", "targets.yaml:2: 'x1' is not a built-in target: give its rule"),
        ("  - {id: x1, name: n, op: '==', threshold: 0, record: incident, measure: ratio}",
         "targets.yaml:2: measure 'ratio' reads inspection records, not incident"),
        ("  - {id: x1, name: n, op: '==', threshold: 0, record: incident, measure: count, filter: {domain: 天气}}",
         "targets.yaml:2: filter 'domain': unknown value(s) 天气"),
        ("  - {id: x1, name: n, op: '==', threshold: 0, record: incident, measure: count, filter: {role: qa}}",
         "targets.yaml:2: filter column 'role' is not a column of incident records (domain, level, branch)"),
        ("  - {id: ehs-general, name: n, op: '<=', threshold: 5, record: incident, measure: count, filter: {domain: quality}}",
         "targets.yaml:2: 'ehs-general' is a built-in target with a fixed rule"),
        ("  - {id: X 1, name: n, op: '==', threshold: 0, record: incident, measure: count}",
         "targets.yaml:2: a target id is lower-case letters"),
    ],
)  # fmt: skip
def test_bad_custom_targets(workdir: Path, runner: CliRunner, entry: str, message: str) -> None:
    (workdir / "targets.yaml").write_text("targets:\n" + entry + "\n", encoding="utf-8")
    result = qes(
        runner, "check-targets", str(BUNDLED / "data/sample-2025.csv"), "--targets", "targets.yaml"
    )
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr


def test_built_in_target_spelled_out_with_its_own_rule_is_accepted(
    workdir: Path, runner: CliRunner
) -> None:
    (workdir / "targets.yaml").write_text(
        "targets:\n  - {id: ehs-general, name: n, op: '<=', threshold: 5, record: incident,"
        " measure: count, filter: {domain: EHS, level: [二级, '3', 4]}}\n",
        encoding="utf-8",
    )
    data = run_json(runner, str(BUNDLED / "data/sample-2025.csv"), "--targets", "targets.yaml")
    assert data["years"][0]["targets"][0]["actual"] == 6
