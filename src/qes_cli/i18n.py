"""CLI messages in English (default) and Chinese (`--lang zh` or a zh_* locale).

Generated documents always keep the manual's own Chinese labels; only messages change here.
"""

from __future__ import annotations

from collections.abc import Mapping

Lang = str

MESSAGES: dict[str, dict[str, str]] = {
    "error": {"en": "error", "zh": "错误"},
    "check.clean": {
        "en": "{n} {entries} checked: no problems",
        "zh": "已检查 {n} 个条目：未发现问题",
    },
    "check.problems": {
        "en": "{count} problem(s) in {n} {entries}",
        "zh": "{n} 个条目中发现 {count} 个问题",
    },
    "toc.written": {"en": "toc.md written ({n} {entries})", "zh": "已生成 toc.md（{n} 个条目）"},
    "toc.same": {
        "en": "toc.md is up to date ({n} {entries})",
        "zh": "toc.md 已是最新（{n} 个条目）",
    },
    "toc.stale": {"en": "toc.md is stale: run `qes toc`", "zh": "toc.md 已过期：请运行 `qes toc`"},
    "bump.done": {
        "en": "{number} {old} ({oldv}) → {new} ({newv}), {kind} version, {meeting} meeting, effective {date}",
        "zh": "{number} {old}（{oldv}）→ {new}（{newv}），{kind_zh}，{meeting_zh}会议，{date} 实施",
    },
    "bump.commit": {"en": "commit {sha}, tag {tag}", "zh": "提交 {sha}，标签 {tag}"},
    "bump.nocommit": {
        "en": "files written; not committed (--no-commit)",
        "zh": "已写入文件，未提交（--no-commit）",
    },
    "bump.dry": {"en": "dry run: nothing written", "zh": "试运行：未写入任何文件"},
    "new.done": {
        "en": "{number} A/1 (V1.0) {title}: seq {seq}, {file}",
        "zh": "已新建 {number} A/1（V1.0）{title}：序号 {seq}，{file}",
    },
    "new.shifted": {
        "en": "seq shifted in {n} later {entries}",
        "zh": "其后 {n} 个条目的序号已顺延",
    },
    "build.done": {"en": "{n} files written to {out}", "zh": "已生成 {n} 个文件：{out}"},
    "init.created": {"en": "created {path}", "zh": "已创建 {path}"},
    "init.next": {
        "en": "next: cd {parent} && git init && git add {name} && qes check",
        "zh": "下一步：cd {parent} && git init && git add {name} && qes check",
    },
    "review.count": {
        "en": "{n} document(s) due for review as of {day}",
        "zh": "截至 {day}，{n} 个文件应进行年度审视",
    },
    "review.title": {
        "en": "Review due as of {day} ({months} months)",
        "zh": "截至 {day} 应审视的文件（周期 {months} 个月）",
    },
    "diff.same_body": {"en": "(body unchanged)", "zh": "(正文无变化)"},
    "targets.met": {"en": "all targets met", "zh": "全部目标达成"},
    "targets.missed": {"en": "{n} target(s) missed", "zh": "{n} 项目标未达成"},
}


def detect_lang(explicit: str | None, env: Mapping[str, str]) -> Lang:
    """`--lang` wins; else LC_ALL / LC_MESSAGES / LANG starting with zh picks Chinese."""
    if explicit:
        return "zh" if explicit.lower().startswith("zh") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def message(lang: Lang, key: str, **kwargs: object) -> str:
    entry = MESSAGES[key]
    if "n" in kwargs:  # English counts: "1 entry", "20 entries"
        kwargs.setdefault("entries", "entry" if kwargs["n"] == 1 else "entries")
    return entry.get(lang, entry["en"]).format(**kwargs)
