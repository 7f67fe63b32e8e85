"""qes check-targets on hand-computed fixtures, encodings, years, and every bad-input case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import BUNDLED, GOLDEN
from tests.helpers import qes

HEADER = "date,record,domain,level,business,value,role,checked,total\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def run_json(runner: CliRunner, path: Path, *args: str, code: int | None = None) -> dict[str, Any]:
    result = qes(runner, "check-targets", str(path), "--format", "json", *args)
    if code is not None:
        assert result.exit_code == code, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def by_id(year: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in year["targets"]}


FIXTURE = HEADER + "".join(
    [
        # incidents: major = redline or level 1, general = level 2..4
        "2025-01-05,incident,quality,1,,,,,\n",
        "2025-02-05,incident,network_security,2,,,,,\n",
        "2025-02-06,incident,network_security,3,,,,,\n",
        "2025-03-01,incident,information_security,redline,,,,,\n",
        "2025-03-02,incident,information_security,4,,,,,\n",
        "2025-03-03,incident,information_security,2,,,,,\n",
        "2025-03-04,incident,information_security,2,,,,,\n",
        *[f"2025-04-{d:02d},incident,ehs,3,,,,,\n" for d in range(1, 7)],
        # satisfaction: Jan huawei_asp rows 90 and 100 → 95; Feb huawei_asp 99 → annual 97
        "2025-01-10,satisfaction,,,huawei_asp,90,,,\n",
        "2025/01/20,satisfaction,,,huawei_asp,100%,,,\n",
        "2025-02,satisfaction,,,huawei_asp,99,,,\n",
        # overseas: Jan 84 (below 85), Feb 96 → annual 90; overall (97 + 90) / 2 = 93.5
        "2025-01-15,satisfaction,,,overseas,84,,,\n",
        "2025-02-15,satisfaction,,,overseas,96,,,\n",
        # inspection: qa 3/10 + 0/5 = 20%; qc 8/10 = 80%
        "2025-03-31,inspection,,,,,qa,3,10\n",
        "2025-06-30,inspection,,,,,qa,0,5\n",
        "2025-06-30,inspection,,,,,qc,8,10\n",
    ]
)


def test_hand_computed_year(workdir: Path, runner: CliRunner) -> None:
    data = run_json(runner, write(workdir / "d.csv", FIXTURE), code=1)
    assert data["met"] is False and [y["year"] for y in data["years"]] == [2025]
    t = by_id(data["years"][0])
    assert (t["no-major-quality-accident"]["actual"], t["no-major-quality-accident"]["status"]) == (
        1,
        "missed",
    )
    assert (t["no-major-network-security"]["actual"], t["no-major-network-security"]["status"]) == (
        0,
        "met",
    )
    assert (t["network-security-general"]["actual"], t["network-security-general"]["status"]) == (
        2,
        "met",
    )
    assert (
        t["no-major-information-security"]["actual"],
        t["no-major-information-security"]["status"],
    ) == (1, "missed")
    assert (
        t["information-security-general"]["actual"],
        t["information-security-general"]["status"],
    ) == (3, "missed")
    assert (t["no-major-ehs"]["actual"], t["no-major-ehs"]["status"]) == (0, "met")
    assert t["ehs-general"] == {
        "id": "ehs-general",
        "name": "年度一般EHS安全事件≤5起",
        "actual": 6,
        "threshold": 5,
        "op": "<=",
        "status": "missed",
        # SPEC §4.1: an incident count names its rows
        "details": {
            "rows": [
                {
                    "at": f"d.csv:{9 + d}",
                    "date": f"2025-04-{d + 1:02d}",
                    "domain": "ehs",
                    "level": "3",
                }
                for d in range(6)
            ]
        },
    }
    monthly = t["satisfaction-monthly"]
    assert (monthly["actual"], monthly["status"]) == (84.0, "missed")
    assert monthly["details"]["below"] == [
        {"month": "2025-01", "business": "overseas", "score": 84.0}
    ]
    annual = t["satisfaction-annual"]
    assert (annual["actual"], annual["status"]) == (93.5, "missed")
    assert annual["details"]["per_business"] == {"huawei_asp": 97.0, "overseas": 90.0}
    assert (t["qa-spot-check"]["actual"], t["qa-spot-check"]["status"]) == (20.0, "missed")
    assert (t["qc-delivery-check"]["actual"], t["qc-delivery-check"]["status"]) == (80.0, "met")
    assert t["qc-delivery-check"]["details"] == {"checked": 8, "total": 10}


def test_all_met_exits_0(workdir: Path, runner: CliRunner) -> None:
    text = (
        HEADER
        + "2025-01-10,satisfaction,,,operations,96,,,\n2025-01-10,inspection,,,,,qa,4,10\n2025-01-10,inspection,,,,,qc,9,10\n"
    )
    data = run_json(runner, write(workdir / "ok.csv", text), code=0)
    assert data["met"] is True
    assert {t["status"] for t in data["years"][0]["targets"]} == {"met"}
    result = qes(runner, "check-targets", str(workdir / "ok.csv"))
    assert result.exit_code == 0 and "all targets met" in result.stderr


def test_no_data_is_never_met(workdir: Path, runner: CliRunner) -> None:
    data = run_json(
        runner, write(workdir / "i.csv", HEADER + "2025-05-01,incident,ehs,2,,,,,\n"), code=1
    )
    t = by_id(data["years"][0])
    assert t["ehs-general"]["status"] == "met"
    for key in (
        "satisfaction-monthly",
        "satisfaction-annual",
        "qa-spot-check",
        "qc-delivery-check",
    ):
        assert (t[key]["status"], t[key]["actual"]) == ("no-data", None)
    assert data["years"][0]["met"] is False


CHINESE = (
    "日期,记录类型,领域,等级,业务品类,数值,角色,抽检数,总数,备注\n"
    "2024-03-01,事件,网络安全,一级,,,,,,红线以下\n"
    "2024-03-02,事件,EHS,二级,,,,,,\n"
    "2024-03-05,满意度,,,华为ASP服务业务,97.5%,,,,\n"
    "2024-03-05,检查,,,,,质量经理,1,2,\n"
    "2025-01-05,满意度,,,自研服务业务,88,,,,\n"
)


def test_gbk_with_chinese_headers_and_multiple_years(workdir: Path, runner: CliRunner) -> None:
    data = run_json(runner, write(workdir / "gbk.csv", CHINESE, "gbk"), code=1)
    assert [y["year"] for y in data["years"]] == [2024, 2025]
    y2024, y2025 = (by_id(y) for y in data["years"])
    assert y2024["no-major-network-security"]["actual"] == 1
    assert y2024["ehs-general"]["actual"] == 1
    assert y2024["satisfaction-annual"]["actual"] == 97.5
    assert y2024["qa-spot-check"]["actual"] == 50.0
    assert y2025["no-major-network-security"]["actual"] == 0  # judged: the year has rows
    assert y2025["satisfaction-annual"]["actual"] == 88.0
    assert y2025["qa-spot-check"]["status"] == "no-data"
    only = run_json(runner, workdir / "gbk.csv", "--year", "2025")
    assert [y["year"] for y in only["years"]] == [2025]


def test_bom_file(workdir: Path, runner: CliRunner) -> None:
    path = workdir / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + CHINESE.encode("utf-8"))
    data = run_json(runner, path, "--year", "2024")
    assert by_id(data["years"][0])["qa-spot-check"]["actual"] == 50.0


def test_column_order_free_and_extra_columns_ignored(workdir: Path, runner: CliRunner) -> None:
    text = "note,value,business,record,date\nx,91,overseas,satisfaction,2025-03-03\n"
    data = run_json(runner, write(workdir / "o.csv", text))
    assert by_id(data["years"][0])["satisfaction-annual"]["actual"] == 91.0


def test_empty_year(workdir: Path, runner: CliRunner) -> None:
    """SPEC §4.1: --year with no rows in that year is an error listing the years present."""
    result = qes(runner, "check-targets", str(write(workdir / "d.csv", FIXTURE)), "--year", "2023")
    assert result.exit_code == 2 and result.stdout == ""
    assert "no rows in 2023: the data holds 2025" in result.stderr


def test_every_bad_row_reported_and_nothing_judged(workdir: Path, runner: CliRunner) -> None:
    text = HEADER + "".join(
        [
            "2025-13-01,incident,ehs,2,,,,,\n",  # line 2 bad date
            "2025-01-01,accident,ehs,2,,,,,\n",  # line 3 unknown record
            "2025-01-01,incident,fire,2,,,,,\n",  # line 4 unknown domain
            "2025-01-01,incident,ehs,5,,,,,\n",  # line 5 unknown level
            "2025-01-01,satisfaction,,,retail,90,,,\n",  # line 6 unknown business
            "2025-01-01,satisfaction,,,overseas,101,,,\n",  # line 7 value outside 0–100
            "2025-01-01,inspection,,,,,qa,11,10\n",  # line 8 checked > total
            "2025-01-01,inspection,,,,,qa,1,10,extra\n",  # line 9 ragged row
            '2025-01-01,satisfaction,,,overseas,"=HYPERLINK(""x"")",,,\n',  # line 10 formula
        ]
    )
    result = qes(runner, "check-targets", str(write(workdir / "bad.csv", text)))
    assert result.exit_code == 2
    assert result.stdout == ""
    err = result.stderr
    for expected in [
        "bad.csv:2: column 'date'",
        "bad.csv:3: column 'record'",
        "bad.csv:4: column 'domain'",
        "bad.csv:5: column 'level'",
        "bad.csv:6: column 'business'",
        "bad.csv:7: column 'value'",
        "bad.csv:8: column 'checked'",
        "bad.csv:9: row has 10 cells",
        "bad.csv:10: column 'value'",
    ]:
        assert expected in err, expected
    assert "Traceback" not in result.output


def test_missing_column(workdir: Path, runner: CliRunner) -> None:
    text = (
        "date,record,business\n2025-01-01,satisfaction,overseas\n2025-01-02,satisfaction,overseas\n"
    )
    result = qes(runner, "check-targets", str(write(workdir / "m.csv", text)))
    assert result.exit_code == 2
    assert "m.csv:2: column 'value': missing from the header" in result.stderr
    assert result.stderr.count("missing from the header") == 1
    result = qes(runner, "check-targets", str(write(workdir / "h.csv", "when,what\n")))
    assert result.exit_code == 2 and "h.csv:1: header lacks column(s) date, record" in result.stderr


def test_mixed_encoding_and_missing_file(workdir: Path, runner: CliRunner) -> None:
    path = workdir / "mixed.csv"
    path.write_bytes(
        HEADER.encode()
        + b"2025-01-01,incident,ehs,2,,,,,\n" * 70000
        + "2025-01-01,事件,EHS,二级,,,,,\n".encode("gbk")
    )
    result = qes(runner, "check-targets", str(path))
    assert result.exit_code == 2 and "mixed encodings" in result.stderr
    result = qes(runner, "check-targets", str(workdir / "nope.csv"))
    assert result.exit_code == 2 and "not found" in result.stderr


def test_sample_matches_golden(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BUNDLED.parent)
    result = qes(runner, "check-targets", "manual/data/sample-2025.csv", "--format", "json")
    assert result.exit_code == 1  # the sample misses some targets on purpose
    assert json.loads(result.stdout) == json.loads(
        (GOLDEN / "sample-2025.json").read_text(encoding="utf-8")
    )


def test_markdown_for_the_bulletin(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BUNDLED.parent)
    result = qes(runner, "check-targets", "manual/data/sample-2025.csv", "--format", "md")
    assert result.stdout == (GOLDEN / "sample-2025.md").read_text(encoding="utf-8")
    assert "| 年度一般EHS安全事件≤5起 | 6 | ≤ 5 | 未达成 |" in result.stdout


def test_table_shows_status(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BUNDLED.parent)
    result = qes(runner, "check-targets", "manual/data/sample-2025.csv")
    assert result.exit_code == 1
    assert "Quality targets 2025" in result.stdout and "missed" in result.stdout
    zh = qes(runner, "--lang", "zh", "check-targets", "manual/data/sample-2025.csv")
    assert "未达成" in zh.stdout


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        # SPEC §4.1: an id that is not built-in is a custom target, which needs its rule
        ("  - id: ehs-general\n", "  - id: ehs-special\n", 33, "did you mean 'ehs-general'"),
        (
            '    op: "<="\n    threshold: 5\n  # 5.',
            '    op: "=<"\n    threshold: 5\n  # 5.',
            35,
            "op",
        ),
        ("    threshold: 80\n", "", 51, "threshold"),
        ("    threshold: 80\n", "    threshold: 80\n    colour: red\n", 55, "colour"),
    ],
)
def test_bad_targets_file(
    workdir: Path, runner: CliRunner, old: str, new: str, line: int, message: str
) -> None:
    path = workdir / "manual/targets.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = qes(runner, "check-targets", str(write(workdir / "d.csv", FIXTURE)))
    assert result.exit_code == 2
    assert f"manual/targets.yaml:{line}:" in result.stderr and message in result.stderr
