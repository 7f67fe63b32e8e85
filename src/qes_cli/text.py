"""Messages that can be shown in English or Chinese, and which language to show.

Every user-facing message — core errors, findings, CLI summaries, help and labels — is written
as `tr("English template {x}", x=...)`: the result *is* the English string (JSON reports, logs
and tests see plain English), and it remembers its template and arguments, so the CLI can
print it in Chinese with `localize(msg, "zh")` — the way gettext works, with the English
template as the key. The one catalog of Chinese twins is `catalog_zh`, imported only when
Chinese is asked for; a test checks that every template in the source has a twin there with
the same placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Lang = str


class Text(str):
    """An English message that also knows its template and arguments."""

    template: str
    args: dict[str, Any]

    def __new__(cls, template: str, args: dict[str, Any]) -> Text:
        # without arguments the template is the text itself (it may hold literal braces)
        self = super().__new__(cls, template.format(**args) if args else template)
        self.template = template
        self.args = args
        return self

    def __copy__(self) -> Text:
        return self  # immutable, like the str it is

    def __deepcopy__(self, memo: dict[int, Any]) -> Text:
        return self

    def localized(self, lang: str) -> str:
        if lang != "zh":
            return str(self)
        from qes_cli.catalog_zh import ALL

        template = ALL.get(self.template)
        if template is None:
            return str(self)
        if not self.args:
            return template
        return template.format(**{k: localize(v, lang) for k, v in self.args.items()})


def tr(template: str, **args: Any) -> Text:
    """Mark a message for translation; `template` is str.format syntax, its English text."""
    return Text(template, args)


def word(english: str) -> Text:
    """A fixed word or label (a kind, a meeting, a status, a column) that has a twin in the
    catalog's WORDS; unlike tr() it may be a variable."""
    return Text(english, {})


def localize(value: Any, lang: str) -> Any:
    """`value` in `lang` if it is a translatable message; anything else unchanged."""
    if isinstance(value, Text):
        return value.localized(lang)
    return value


def translate(english: str, lang: str) -> str:
    """A fixed English text (help, a label) in `lang`: its catalog twin, or itself."""
    if lang != "zh":
        return english
    from qes_cli.catalog_zh import ALL

    return ALL.get(english, english)


def reason(error: BaseException) -> str:
    """An exception's message, keeping it translatable when it was raised with tr()."""
    first = error.args[0] if error.args else None
    return first if isinstance(first, str) else str(error)


def entries(n: int) -> str:
    """English count noun: '1 entry', '20 entries' (the Chinese twin needs no plural)."""
    return "entry" if n == 1 else "entries"


def detect_lang(explicit: str | None, env: Mapping[str, str]) -> Lang:
    """`--lang` wins; else LC_ALL / LC_MESSAGES / LANG starting with zh picks Chinese."""
    if explicit:
        return "zh" if explicit.lower().startswith("zh") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
