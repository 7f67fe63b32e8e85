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
    # ---- front matter and manual.yaml values (model/, store/loader.py)
    "unknown field '{name}'": "未知字段 '{name}'",
    "{name}: {detail} (got {value!r})": "{name}：{detail}（实际为 {value!r}）",
    "{name}: {detail}": "{name}：{detail}",
    "{code} {message}": "{code} {message}",
    "Input should be a valid date or datetime, {problem}": "应为有效日期（YYYY-MM-DD）：{problem}",
    "control characters (NUL, tab, newline, …) are not allowed here": "此处不允许控制字符（NUL、制表符、换行等）",
    "prefix must be upper-case letters and digits, starting with a letter": "编号前缀须由大写字母和数字组成，并以字母开头",
    "categories must be unique": "类别不能重复",
    "invalid number {text!r}: expected {prefix}-NNN-YYYY (serial of at least 3 digits, 4-digit year), or N/A": "文档编号 {text!r} 无效：应为 {prefix}-NNN-YYYY（流水号至少 3 位，4 位年份）或 N/A",
    "invalid number {text!r}: serial has superfluous leading zeros": "文档编号 {text!r} 无效：流水号有多余的前导零",
    "invalid number {text!r}: serial must be ≥ 1": "文档编号 {text!r} 无效：流水号须 ≥ 1",
    "invalid edition {edition!r}: expected letters A..Z, AA, AB, …": "版次 {edition!r} 无效：应为字母 A..Z、AA、AB……",
    "edition index must be ≥ 1": "版次序号须 ≥ 1",
    "invalid version {text!r}: expected EDITION/REVISION such as A/1": "版本/次 {text!r} 无效：应为“版次/修订次”，如 A/1",
    "revision must be ≥ 1": "修订次须 ≥ 1",
    # ---- finding and reading the manual (store/)
    "no manual found: give --manual DIR, set QES_MANUAL, or run inside a folder holding manual/{file} (create one with `qes init`)": "未找到手册：请用 --manual DIR 指定、设置 QES_MANUAL，或在含有 manual/{file} 的目录中运行（可用 `qes init` 新建）",
    "no {file} in {root}": "{root} 中没有 {file}",
    "cannot read: {reason}": "无法读取：{reason}",
    "file too large (more than {limit} bytes)": "文件过大（超过 {limit} 字节）",
    "not valid UTF-8 text": "不是有效的 UTF-8 文本",
    "{file}: invalid manual.yaml": "{file}：manual.yaml 无效",
    "unreadable manual files": "手册文件无法读取",
    "invalid documents (run `qes check`)": "文档无效（请运行 `qes check`）",
    "the document would be invalid": "修改后的文档将不合规",
    "symbolic link points outside the manual folder": "符号链接指向手册目录之外",
    "{path} is outside the manual folder {root}": "{path} 位于手册目录 {root} 之外",
    "another qes process (pid {pid}) is changing this manual; retry when it finishes, or remove {lock} if none is running": "另一个 qes 进程（pid {pid}）正在修改本手册；请待其完成后重试，如确无此进程，请删除 {lock}",
    # ---- naming a document (lookup.py)
    "{ref!r} is not a document reference: give QES-007, QES-007-2025 or a file stem": "{ref!r} 不是文档引用：请给出 QES-007、QES-007-2025 或文件名（不含扩展名）",
    "no document {ref}; serial {short} is {number}": "没有文档 {ref}；流水号 {short} 对应的是 {number}",
    "no document {ref!r} in {root} (see `qes list`)": "{root} 中没有文档 {ref!r}（见 `qes list`）",
    # ---- releasing a version (rules/bump.py, release.py, transaction.py, gitrepo.py)
    "give only one of --minor and --major": "--minor 与 --major 只能给出其一",
    "--processes must be 0 (annual review) or more": "--processes 须为 0（年度审视）或更大",
    "--minor refused: {processes} processes changed. Rule: {rule}. Use --major, or --force to override.": "拒绝 --minor：本次变更涉及 {processes} 个流程。规则：{rule}。请改用 --major，或加 --force 强制执行。",
    "say what changed: --minor, --major or --processes N": "请说明变更类型：--minor、--major 或 --processes N",
    "{title!r} is a section of {parent}: it is not versioned; bump its parent": "{title!r} 是 {parent} 的章节，不单独管理版本：请升级其所属文档",
    "{title!r} is numbered N/A and has version '/': it is not versioned": "{title!r} 编号为 N/A、版本/次为 '/'，不管理版本",
    "--reason must say why the document changes": "--reason 须说明文件变更的原因",
    "--date {date} is before {number}'s last change {last}: dates cannot go backwards": "--date {date} 早于 {number} 最近一次变更的日期 {last}：日期不能倒退",
    "working tree has uncommitted changes ({files}); commit them or pass --allow-dirty": "工作区有未提交的修改（{files}）；请先提交，或加 --allow-dirty",
    "tag {tag} already exists: was this version released before?": "标签 {tag} 已存在：此版本是否已发布过？",
    "the manual changed while this command was preparing its change (another qes or an editor wrote to it); nothing was written — run the command again": "命令准备修改期间手册被改动（另一个 qes 或编辑器写入了文件）；未写入任何内容，请重新运行命令",
    "{path} is not inside a git work tree: run `git init` there, or pass --no-commit": "{path} 不在 git 工作区中：请在该处运行 `git init`，或加 --no-commit",
    "{path} is in a bare repository": "{path} 位于裸仓库中",
    "git {command} failed: {detail}": "git {command} 失败：{detail}",
    "{name!r} is not a valid tag name": "{name!r} 不是有效的标签名",
}

#: pydantic's own English for the value errors a front matter can hit (exact texts)
ZH_PYDANTIC: dict[str, str] = {
    "Input should be a valid string": "应为文本",
    "Input should be a valid integer": "应为整数",
    "Input should be a valid list": "应为列表",
    "Input should be a valid date": "应为有效日期（YYYY-MM-DD）",
    "Input should be greater than or equal to 0": "应大于或等于 0",
    "Input should be greater than or equal to 1": "应大于或等于 1",
    "String should have at least 1 character": "不能为空",
    "List should have at least 1 item after validation, not 0": "至少应有 1 项",
    "Input should be 'initial', 'minor' or 'major'": "应为 'initial'、'minor' 或 'major'",
    "Input should be 'onsite' or 'remote'": "应为 'onsite'（现场）或 'remote'（远程）",
    "Input should be a valid dictionary or instance of HistoryEntry": "应为一条修订记录 {version: …, date: …, …}",
    "Datetimes provided to dates should have zero time - e.g. be exact dates": "应为日期，不能带时间",
}

#: what Text.localized looks up
ALL: dict[str, str] = {
    **ZH,
    **{
        k.replace("{", "{{").replace("}", "}}"): v.replace("{", "{{").replace("}", "}}")
        for k, v in ZH_PYDANTIC.items()
    },
}
