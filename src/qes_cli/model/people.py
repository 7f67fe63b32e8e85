"""people.yaml: who may act on the manual (SPEC §5). A role is any string; qes acts on the
manual's `reviewer` and `approver` roles and on 质量经理 (a region's quality manager, §6)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator

from qes_cli.model.control import no_control, valid_email
from qes_cli.text import tr

QUALITY_MANAGER = "质量经理"


class Person(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: StrictStr = Field(min_length=1)
    email: StrictStr
    roles: list[StrictStr] = Field(default_factory=list)

    @field_validator("roles", mode="before")
    @classmethod
    def _roles(cls, value: object) -> object:
        for role in value if isinstance(value, list) else []:
            no_control(role)
        return value

    region: StrictStr | None = None
    signing_key: StrictStr | None = None  # an SSH public key (`ssh-ed25519 AAAA… comment`)
    note: StrictStr | None = None

    @field_validator("name", "region", "note", mode="before")
    @classmethod
    def _printable(cls, value: object) -> object:
        return no_control(value)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not valid_email(value):
            raise ValueError(tr("{value!r} is not an e-mail address", value=value))
        return value.lower()

    @field_validator("signing_key")
    @classmethod
    def _key(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("ssh-", "ecdsa-", "sk-")):
            raise ValueError(tr("signing_key must be an SSH public key (ssh-ed25519 AAAA…)"))
        return value

    def holds(self, role: str) -> bool:
        return role in self.roles


class People(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    people: list[Person] = Field(default_factory=list)

    def by_email(self, email: str) -> Person | None:
        email = email.strip().lower()
        for p in self.people:
            if p.email == email:
                return p
        return None

    def by_name(self, name: str) -> list[Person]:
        return [p for p in self.people if p.name == name]
