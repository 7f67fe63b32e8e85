"""The words of check-targets data (SPEC §4): column names and values, English or Chinese.

Each table maps what a file may hold (English, or the seed's Chinese; matched after trimming
spaces and lower-casing) to the contract's English name. Pure data: the reader, the targets
file and the reports all read these.
"""

from __future__ import annotations

COLUMN_NAMES = {
    "date": "date", "日期": "date",
    "record": "record", "记录类型": "record",
    "domain": "domain", "领域": "domain",
    "level": "level", "等级": "level",
    "business": "business", "业务品类": "business",
    "value": "value", "数值": "value",
    "role": "role", "角色": "role",
    "checked": "checked", "抽检数": "checked",
    "total": "total", "总数": "total",
    "branch": "branch", "分支机构": "branch",
}  # fmt: skip
RECORDS = {"incident": "incident", "事件": "incident", "satisfaction": "satisfaction",
           "满意度": "satisfaction", "inspection": "inspection", "检查": "inspection"}  # fmt: skip
DOMAINS = {"quality": "quality", "质量": "quality", "network_security": "network_security",
           "网络安全": "network_security", "information_security": "information_security",
           "信息安全": "information_security", "ehs": "ehs"}  # fmt: skip
LEVELS = {"redline": "redline", "红线": "redline", "1": "1", "一级": "1", "2": "2", "二级": "2",
          "3": "3", "三级": "3", "4": "4", "四级": "4"}  # fmt: skip
BUSINESSES = {"huawei_asp": "huawei_asp", "华为asp服务业务": "huawei_asp",
              "self_developed": "self_developed", "自研服务业务": "self_developed",
              "operations": "operations", "运营服务业务": "operations",
              "overseas": "overseas", "海外服务业务": "overseas"}  # fmt: skip
ROLES = {"qa": "qa", "质量经理": "qa", "qc": "qc", "质检工程师": "qc"}
NEEDS = {
    "incident": ("domain", "level"),
    "satisfaction": ("business", "value"),
    "inspection": ("role", "checked", "total"),
}
MAJOR_LEVELS = frozenset({"redline", "1"})
GENERAL_LEVELS = ("2", "3", "4")

#: the values a column may hold, for the columns a target's filter may name (branch is free)
VALUES: dict[str, dict[str, str]] = {
    "domain": DOMAINS,
    "level": LEVELS,
    "business": BUSINESSES,
    "role": ROLES,
}
#: which columns describe each kind of record (what a filter or `per` may use)
RECORD_COLUMNS: dict[str, tuple[str, ...]] = {
    "incident": ("domain", "level", "branch"),
    "satisfaction": ("business", "branch"),
    "inspection": ("role", "branch"),
}

# display names, as the seed writes them
BUSINESS_ZH = {"huawei_asp": "华为ASP服务业务", "self_developed": "自研服务业务",
               "operations": "运营服务业务", "overseas": "海外服务业务"}  # fmt: skip
BUSINESS_ORDER = ("huawei_asp", "self_developed", "operations", "overseas")
DOMAIN_ZH = {"quality": "质量", "network_security": "网络安全",
             "information_security": "信息安全", "ehs": "EHS"}  # fmt: skip
DOMAIN_ORDER = ("quality", "network_security", "information_security", "ehs")
LEVEL_ZH = {"redline": "红线", "1": "一级", "2": "二级", "3": "三级", "4": "四级"}
ROLE_ZH = {"qa": "质量经理", "qc": "质检工程师"}

#: first non-empty cell of a totals row (SPEC §4.1), compared trimmed and lower-cased
TOTAL_LABELS = frozenset({"合计", "总计", "小计", "total"})


def key(text: object) -> str:
    """How a cell is matched against the tables above: trimmed, lower-case, no spaces."""
    return str(text).strip().lower().replace(" ", "").replace("\u3000", "")


def canonical(column: str, text: str) -> str | None:
    """The contract's name for `text` in `column` (None if unknown); branch names are free."""
    if column == "branch":
        return text.strip()
    table = VALUES[column]
    return table.get(text) or table.get(key(text))
