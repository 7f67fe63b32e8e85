"""Messages that can be shown in English or Chinese.

The core writes every user-facing message as `tr("English template {x}", x=...)`: the result
*is* the English string (JSON reports, logs and tests see plain English), and it remembers its
template and arguments, so the CLI can print it in Chinese with `localize(msg, "zh")` — the way
gettext works, with the English template as the key. The Chinese templates live in
`catalog_zh`, imported only when Chinese is asked for; a test checks that every template used
in the source has a Chinese twin with the same placeholders.
"""

from __future__ import annotations

from typing import Any


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

    def __reduce__(self) -> tuple[Any, ...]:  # plain data across the forked loader's pipe
        return (Text, (self.template, self.args))

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


def localize(value: Any, lang: str) -> Any:
    """`value` in `lang` if it is a translatable message; anything else unchanged."""
    if isinstance(value, Text):
        return value.localized(lang)
    return value


def reason(error: BaseException) -> str:
    """An exception's message, keeping it translatable when it was raised with tr()."""
    first = error.args[0] if error.args else None
    return first if isinstance(first, str) else str(error)
