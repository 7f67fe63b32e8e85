"""Records of learning (SPEC §6, seed: 区域组织学习): `manual/records/NUMBER.yaml`, one file per
document, one entry per (version, region) a region's quality manager acknowledged."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

from qes_cli.model.control import _timestamp
from qes_cli.model.dates import StrictDate
from qes_cli.model.versions import VersionCode


class Acknowledgement(BaseModel):
    """A region organised the learning of one version: when, how many attended, who says so."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: StrictStr
    region: StrictStr = Field(min_length=1)
    date: StrictDate
    attendees: StrictInt | None = Field(default=None, ge=0)
    by: StrictStr = Field(min_length=1)
    email: StrictStr
    at: StrictStr

    @field_validator("version")
    @classmethod
    def _version(cls, value: str) -> str:
        VersionCode.parse(value)
        return value

    @field_validator("at", mode="before")
    @classmethod
    def _at(cls, value: object) -> object:
        return _timestamp(value)


class DocumentRecords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    document: StrictStr
    acknowledgements: list[Acknowledgement] = Field(default_factory=list)

    def learned(self, version: str, region: str) -> Acknowledgement | None:
        for a in self.acknowledgements:
            if a.version == version and a.region == region:
                return a
        return None
