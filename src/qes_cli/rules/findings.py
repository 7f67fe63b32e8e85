"""A finding: one problem `qes check` reports, with a stable code users can grep and suppress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    file: str
    line: int
    code: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "code": self.code, "message": self.message}

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.code} {self.message}"

    def render(self, lang: str) -> str:
        """The one-line form in the user's language (JSON keeps the English message)."""
        from qes_cli.text import localize

        return f"{self.file}:{self.line}: {self.code} {localize(self.message, lang)}"


#: every code qes check can report, with a one-line meaning (README lists them)
CODES: dict[str, str] = {
    "QES101": "required field missing",
    "QES102": "unknown field",
    "QES103": "invalid document number",
    "QES104": "duplicate document serial",
    "QES105": "invalid field value or type",
    "QES110": "unknown category",
    "QES111": "duplicate seq",
    "QES112": "seq values not contiguous 1..n",
    "QES113": "category out of the order manual.yaml gives",
    "QES114": "duplicate title",
    "QES120": "invalid version code",
    "QES121": "N/A document must have version '/' and only it",
    "QES122": "section or N/A entry carries versioning fields",
    "QES123": "status: obsolete or a retired record on a document in force",
    "QES130": "section parent missing or unknown",
    "QES140": "history missing or empty",
    "QES141": "history not oldest first",
    "QES142": "history step neither a legal minor nor a major step",
    "QES143": "history kind does not match the step",
    "QES144": "last history entry differs from version",
    "QES145": "dates go backwards",
    "QES146": "meeting does not match the kind (major: onsite, minor: remote)",
    "QES147": "an open draft is not the legal next step (version, kind, meeting, date)",
    "QES150": "toc.md is stale",
    "QES151": "toc.md missing",
    "QES160": "body changed outside review and approval (no draft open)",
    "QES161": "a version after controlled_since lacks its review or approval record",
    "QES162": "a signer is not in people.yaml or did not hold the role",
    "QES163": "the same person reviewed and approved one version",
    "QES164": "a recorded hash does not match the text at the release tag",
    "QES165": "people.yaml invalid",
    "QES166": "a release tag's signature is missing or not by the recorded approver",
    "QES170": "records of learning invalid",
}
