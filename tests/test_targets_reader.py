"""The check-targets CSV reader on its own: encodings, line ends, line numbers, strict digits."""

from __future__ import annotations

from pathlib import Path

import pytest

from qes_cli.errors import InputError, MultiInputError
from qes_cli.targets.reader import Totals, parse_date, read_records

HEADER = "date,record,domain,level,business,value,role,checked,total\n"
ROWS = (
    "2025-01-05,incident,quality,1,,,,,\n"
    "2025-02-05,incident,ehs,3,,,,,\n"
    "2025-01-10,satisfaction,,,overseas,90,,,\n"
    "2025/01/20,satisfaction,,,overseas,100%,,,\n"
    "2024-06,inspection,,,,,qa,3,10\n"
)


def write(tmp_path: Path, data: bytes, name: str = "d.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def sums(totals: Totals) -> tuple[object, ...]:
    """The sums as (year, …) totals, whatever month and branch they came from."""
    incidents: dict[tuple[int, str, bool], int] = {}
    for year, _month, domain, level, *_ in totals.incidents:
        key = (year, domain, level in ("redline", "1"))
        incidents[key] = incidents.get(key, 0) + 1
    satisfaction: dict[tuple[int, int, str], list[float]] = {}
    for (year, month, business, _branch), (s, n) in totals.satisfaction.items():
        acc = satisfaction.setdefault((year, month, business), [0.0, 0.0])
        acc[0] += s
        acc[1] += n
    inspection: dict[tuple[int, str], list[int]] = {}
    for (year, _month, role, _branch), (checked, total, _n) in totals.inspection.items():
        acc2 = inspection.setdefault((year, role), [0, 0])
        acc2[0] += checked
        acc2[1] += total
    return (incidents, satisfaction, inspection, totals.years, totals.rows)


EXPECTED = (
    {(2025, "quality", True): 1, (2025, "ehs", False): 1},
    {(2025, 1, "overseas"): [190.0, 2.0]},
    {(2024, "qa"): [3, 10]},
    {2024, 2025},
    5,
)


def errors_of(path: Path, **kwargs: int) -> list[str]:
    """Every message `read_records` raises for `path`, as printed (FILE:LINE: message)."""
    with pytest.raises(InputError) as caught:
        read_records(path, file=path.name, **kwargs)
    if isinstance(caught.value, MultiInputError):
        return [str(e) for e in caught.value.errors]
    return [str(caught.value)]


def test_utf8_reads_every_kind(tmp_path: Path) -> None:
    path = write(tmp_path, (HEADER + ROWS).encode("utf-8"))
    assert sums(read_records(path, file="d.csv")) == EXPECTED


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, ("\ufeff" + HEADER + ROWS).encode(encoding))
    assert sums(read_records(path, file="d.csv")) == EXPECTED


def test_utf16_errors_name_the_right_line(tmp_path: Path) -> None:
    text = "\ufeff" + HEADER + ROWS + "2025-03-01,incident,ehs,9,,,,,\n"
    path = write(tmp_path, text.encode("utf-16-be"))
    assert errors_of(path) == [
        "d.csv:7: column 'level': unknown level '9' (redline/红线, 1–4 or 一级–四级)"
    ]


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_cr_and_crlf_line_ends(tmp_path: Path, newline: str) -> None:
    path = write(tmp_path, (HEADER + ROWS).replace("\n", newline).encode("utf-8"))
    assert sums(read_records(path, file="d.csv")) == EXPECTED
    bad = (HEADER + ROWS + "2025-03-01,incident,fire,2,,,,,\n").replace("\n", newline)
    assert errors_of(write(tmp_path, bad.encode("utf-8"))) == [
        "d.csv:7: column 'domain': unknown domain 'fire' "
        "(quality, network_security, information_security, ehs)"
    ]


def test_gbk_with_chinese_header_and_values(tmp_path: Path) -> None:
    text = (
        "日期,记录类型,领域,等级,业务品类,数值,角色,抽检数,总数,备注\n"
        "2024-03-01,事件,网络安全,一级,,,,,,红线以下\n"
        "2024-03-02,事件,EHS,二级,,,,,,\n"
        "2024-03-05,满意度,,,华为ASP服务业务,97.5%,,,,\n"
        "2024-03-05,检查,,,,,质量经理,1,2,\n"
    )
    path = write(tmp_path, text.encode("gbk"))
    assert sums(read_records(path, file="d.csv")) == (
        {(2024, "network_security", True): 1, (2024, "ehs", False): 1},
        {(2024, 3, "huawei_asp"): [97.5, 1.0]},
        {(2024, "qa"): [1, 2]},
        {2024},
        4,
    )
    bad = text + "2024-03-06,事件,EHS,九级,,,,,,\n"
    assert errors_of(write(tmp_path, bad.encode("gbk"))) == [
        "d.csv:6: column '等级' (level): unknown level '九级' (redline/红线, 1–4 or 一级–四级)"
    ]


def test_quoted_line_breaks_count_as_lines(tmp_path: Path) -> None:
    text = (
        "date,record,domain,level,business,value,role,checked,total,note\n"
        '2025-01-05,incident,ehs,2,,,,,,"first line\nsecond line\nthird line"\n'  # lines 2–4
        "2025-01-06,incident,ehs,9,,,,,,\n"  # line 5
        '2025-01-07,incident,ehs,2,,,,,,"a\r\nb"\n'  # lines 6–7
        "2025-01-08,incident,fire,2,,,,,,\n"  # line 8
    )
    path = write(tmp_path, text.encode("utf-8"))
    assert errors_of(path) == [
        "d.csv:5: column 'level': unknown level '9' (redline/红线, 1–4 or 一级–四级)",
        "d.csv:8: column 'domain': unknown domain 'fire' "
        "(quality, network_security, information_security, ehs)",
    ]


@pytest.mark.parametrize(
    ("date", "value", "count"),
    [
        ("٢٠٢٥-01-10", "٩٦", "٤"),  # Arabic-Indic
        ("2025-01-1٠", "9٦.5", "1٠"),  # one foreign digit among ASCII ones
        ("२०२५-01-10", "९६", "४"),  # Devanagari
    ],
)
def test_digits_must_be_ascii(tmp_path: Path, date: str, value: str, count: str) -> None:
    text = HEADER + (
        f"{date},incident,ehs,2,,,,,\n"
        f"2025-01-10,satisfaction,,,overseas,{value},,,\n"
        f"2025-01-10,inspection,,,,,qa,{count},10\n"
        f"2025-01-10,inspection,,,,,qa,1,{count}\n"
    )
    assert errors_of(write(tmp_path, text.encode("utf-8"))) == [
        f"d.csv:2: column 'date': '{date}' is not a date (YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 or YYYY-MM)",
        f"d.csv:3: column 'value': '{value}' is not a percentage between 0 and 100",
        f"d.csv:4: column 'checked': '{count}' is not a whole number ≥ 0",
        f"d.csv:5: column 'total': '{count}' is not a whole number ≥ 0",
    ]
    assert parse_date(date) is None


def test_full_width_ascii_is_normalised(tmp_path: Path) -> None:
    """SPEC §4.1: full-width ASCII (２０２５, ％) reads as ASCII (NFKC); other scripts do not."""
    text = HEADER + (
        "２０２５-０１-１０,incident,ehs,２,,,,,\n"
        "２０２５年１月１０日,satisfaction,,,overseas,９６．５％,,,\n"
        "2025-01-10,inspection,,,,,qa,４,１０\n"
    )
    totals = read_records(write(tmp_path, text.encode("utf-8")), file="d.csv")
    assert sums(totals) == (
        {(2025, "ehs", False): 1},
        {(2025, 1, "overseas"): [96.5, 1.0]},
        {(2025, "qa"): [4, 10]},
        {2025},
        3,
    )
    assert parse_date("２０２５/３/５") == (2025, 3)


def test_underscores_are_not_digits(tmp_path: Path) -> None:
    text = HEADER + (
        "2025-01-10,satisfaction,,,overseas,9_6,,,\n"
        "2025-01-10,satisfaction,,,overseas,9_6%,,,\n"
        "2025-01-10,inspection,,,,,qa,1_0,2_0\n"
    )
    assert errors_of(write(tmp_path, text.encode("utf-8"))) == [
        "d.csv:2: column 'value': '9_6' is not a percentage between 0 and 100",
        "d.csv:3: column 'value': '9_6%' is not a percentage between 0 and 100",
        "d.csv:4: column 'checked': '1_0' is not a whole number ≥ 0",
        "d.csv:4: column 'total': '2_0' is not a whole number ≥ 0",
    ]


def test_ascii_numbers_still_read(tmp_path: Path) -> None:
    text = HEADER + (
        "2025-01-10,satisfaction,,,overseas, 96.5 % ,,,\n"
        "2025-01-11,satisfaction,,,overseas,.5,,,\n"
        "2025-01-12,inspection,,,,,qc, 7 ,007\n"
    )
    totals = read_records(write(tmp_path, text.encode("utf-8")), file="d.csv")
    assert sums(totals)[1:3] == ({(2025, 1, "overseas"): [97.0, 2.0]}, {(2025, "qc"): [7, 7]})
    assert parse_date("2025/1/31") == (2025, 1) and parse_date("2025-02-30") is None


def test_every_bad_row_is_reported_together(tmp_path: Path) -> None:
    text = HEADER + (
        "2025-13-01,incident,ehs,2,,,,,\n"  # 2
        "2025-01-01,accident,ehs,2,,,,,\n"  # 3
        "2025-01-01,incident,ehs,2,,,,,\n"  # 4: fine
        "2025-01-01,incident,fire,5,,,,,\n"  # 5: two bad cells
        "\n"  # 6: blank, skipped
        "2025-01-01,satisfaction,,,retail,101,,,\n"  # 7: two bad cells
        "2025-01-01,inspection,,,,,qa,11,10\n"  # 8
        "2025-01-01,inspection,,,,,qa,1,10,extra\n"  # 9
        '2025-01-01,satisfaction,,,overseas,"=HYPERLINK(""x"")",,,\n'  # 10
    )
    path = write(tmp_path, text.encode("utf-8"))
    with pytest.raises(MultiInputError) as caught:
        read_records(path, file="d.csv")
    assert [str(e) for e in caught.value.errors] == [
        "d.csv:2: column 'date': '2025-13-01' is not a date (YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 or YYYY-MM)",
        "d.csv:3: column 'record': unknown record type 'accident' "
        "(incident/事件, satisfaction/满意度, inspection/检查)",
        "d.csv:5: column 'domain': unknown domain 'fire' "
        "(quality, network_security, information_security, ehs)",
        "d.csv:5: column 'level': unknown level '5' (redline/红线, 1–4 or 一级–四级)",
        "d.csv:7: column 'business': unknown business 'retail' "
        "(huawei_asp, self_developed, operations, overseas)",
        "d.csv:7: column 'value': '101' is not a percentage between 0 and 100",
        "d.csv:8: column 'checked': checked 11 is more than total 10",
        "d.csv:9: row has 10 cells but the header has 9",
        "d.csv:10: column 'value': '=HYPERLINK(\"x\")' is not a percentage between 0 and 100",
    ]


def test_only_year_keeps_its_sums_but_checks_every_row(tmp_path: Path) -> None:
    path = write(tmp_path, (HEADER + ROWS).encode("utf-8"))
    assert sums(read_records(path, file="d.csv", only_year=2024)) == (
        {},
        {},
        {(2024, "qa"): [3, 10]},
        {2024},
        5,
    )
    bad = write(tmp_path, (HEADER + ROWS + "2023-01-01,inspection,,,,,qc,5,4\n").encode())
    assert errors_of(bad, only_year=2024) == [
        "d.csv:7: column 'checked': checked 5 is more than total 4"
    ]


def test_mixed_encodings_name_the_line_of_the_bad_bytes(tmp_path: Path) -> None:
    good = b"2025-01-01,incident,ehs,2,,,,,\n"  # 40,000 of them: the first MiB is UTF-8
    data = HEADER.encode() + good * 40000 + "2025-01-01,事件,EHS,二级,,,,,\n".encode("gbk") + good
    assert errors_of(write(tmp_path, data)) == [
        "d.csv:40002: not valid utf-8 text (mixed encodings?): "
        "save the file as UTF-8 or GBK throughout"
    ]
    odd = ("\ufeff" + HEADER + ROWS).encode("utf-16-le") + b"\x32"  # half a UTF-16 unit
    assert errors_of(write(tmp_path, odd)) == [
        "d.csv:7: not valid utf-16 text (mixed encodings?): save the file as UTF-8 or GBK throughout"
    ]


def test_header_problems(tmp_path: Path) -> None:
    assert errors_of(write(tmp_path, b"")) == ["d.csv:1: empty file: a header row is required"]
    assert errors_of(write(tmp_path, b"  \r\n")) == [
        "d.csv:1: empty file: a header row is required"
    ]
    assert errors_of(write(tmp_path, b"date,rec\xffrd\n2025-01-01,incident\n")) == [
        "d.csv:1: not valid gb18030 text in the header"
    ]
    assert errors_of(write(tmp_path, "\ufeffwhen,what\n".encode("utf-16-be"))) == [
        "d.csv:1: header lacks column(s) date, record "
        "(English or Chinese names: date/日期, record/记录类型, …)"
    ]


def test_malformed_csv_names_the_line_where_the_record_starts(tmp_path: Path) -> None:
    good = "2025-01-01,incident,ehs,2,,,,,\n"
    text = HEADER + good * 3 + '2025-01-01,incident,"ehs,2,,,,,\n' + good * 10000  # line 5
    assert errors_of(write(tmp_path, text.encode("utf-8"))) == [
        "d.csv:5: malformed CSV: field larger than field limit (131072)"
    ]
