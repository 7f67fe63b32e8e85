"""Chinese twins of the core's English message templates (see `text.py`).

Keys are the English templates exactly as written in `tr(...)` calls; values use the same
placeholders. Field names, codes, commands and version codes stay as they are written in the
files (they are the contract's names); the words around them are the manual's own terms
(版本/次, 修订记录, 序号, 类别, 大版本/小版本, 现场/远程会议).
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # ---- qes check findings (rules/checks.py)
    "manual number {number!r} is not {prefix}-NNN-YYYY": "手册编号 {number!r} 不符合 {prefix}-NNN-YYYY 格式",
    "serial {short} of {number} is already used by {owner}": "{number} 的流水号 {short} 已被 {owner} 使用",
    "unknown category {category!r} (known: {known})": "未知类别 {category!r}（已有类别：{known}）",
    "an entry without number is a section and needs 'parent'": "无文档编号的条目是章节，须填写 'parent'",
    "parent {parent!r} is not a document of this manual": "parent {parent!r} 不是本手册中的文档",
    "a section is not versioned: remove '{name}'": "章节不单独管理版本：请删除 '{name}'",
    "'parent' is only for sections (entries without number)": "'parent' 仅用于章节（无文档编号的条目）",
    "an N/A document has version '/' (got {version!r})": "编号为 N/A 的文档版本/次应为 '/'（实际为 {version!r}）",
    "an N/A document is not versioned: remove 'history'": "编号为 N/A 的文档不管理版本：请删除 'history'",
    "version '/' is only for documents numbered N/A": "版本/次 '/' 仅用于编号为 N/A 的文档",
    "required field '{name}' is missing": "缺少必填字段 '{name}'",
    "history must list every released version, oldest first": "修订记录（history）须按时间先后列出每个已发布版本",
    "first history entry must be kind 'initial' (got {kind!r})": "第一条修订记录的类型应为 'initial'（实际为 {kind!r}）",
    "history not oldest first: {b} after {a}": "修订记录未按先后排列：{b} 排在 {a} 之后",
    "{a} → {b} is a minor step but kind is {kind!r}": "{a} → {b} 是小版本更新，但类型为 {kind!r}",
    "{a} → {b} is a major step but kind is {kind!r}": "{a} → {b} 是大版本更新，但类型为 {kind!r}",
    "{a} → {b} is not a legal step (minor: {minor}, major: {major})": "{a} → {b} 不是合法的版本升级（小版本应为 {minor}，大版本应为 {major}）",
    "history date {date} is before the previous {previous}": "修订日期 {date} 早于上一条的 {previous}",
    "a {kind} version is released in a {want} meeting, not {meeting}": "{kind} 版本应在 {want} 会议上发布，而不是 {meeting}",
    "version is {code} but the last history entry is {last}": "版本/次为 {code}，但最后一条修订记录为 {last}",
    "effective {effective} is before the last history date {date}": "实施日期 {effective} 早于最后一条修订记录的日期 {date}",
    "seq {seq} is also used by {other}": "序号 {seq} 也被 {other} 使用",
    "seq {seq} follows {previous}: {missing} missing": "序号 {seq} 紧接在 {previous} 之后：缺少 {missing}",
    "category {category!r} comes after {after!r} in seq order, but manual.yaml lists it before": "按序号排列时类别 {category!r} 出现在 {after!r} 之后，但 manual.yaml 中它排在前面",
    "toc.md is missing: run `qes toc`": "缺少 toc.md：请运行 `qes toc`",
    "toc.md is stale: run `qes toc`": "toc.md 已过期：请运行 `qes toc`",
}
