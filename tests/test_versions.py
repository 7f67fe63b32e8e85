from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qes_cli.model.versions import VersionCode, edition_to_index, index_to_edition

codes = st.builds(VersionCode, st.integers(1, 2000).map(index_to_edition), st.integers(1, 500))


def test_seed_table() -> None:
    # 版本演进及版本与版本批次关系
    assert VersionCode.parse("A/1").vform == "V1.0"
    assert VersionCode.parse("A/2").vform == "V1.1"
    assert VersionCode.parse("B/1").vform == "V2.0"
    assert VersionCode.parse("C/2").vform == "V3.1"


def test_z_to_aa() -> None:
    assert str(VersionCode.parse("Z/7").next_major()) == "AA/1"
    assert str(VersionCode.parse("AZ/1").next_major()) == "BA/1"
    assert edition_to_index("AA") == 27


@pytest.mark.parametrize(
    "bad", ["", "A", "a/1", "A/0", "A/01", "A-1", "1/A", "A/1/2", " /1", "Ä/1"]
)
def test_parse_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        VersionCode.parse(bad)


@given(st.integers(1, 100_000))
def test_edition_roundtrip(n: int) -> None:
    assert edition_to_index(index_to_edition(n)) == n


@given(codes)
def test_parse_format_roundtrip(code: VersionCode) -> None:
    assert VersionCode.parse(str(code)) == code
    assert VersionCode.parse_any(code.vform) == code


@given(codes)
def test_steps_strictly_increase(code: VersionCode) -> None:
    minor, major = code.next_minor(), code.next_major()
    assert code < minor < major
    assert minor.edition == code.edition and minor.revision == code.revision + 1
    assert major.revision == 1 and major.edition_index == code.edition_index + 1
    assert code.is_minor_step_to(minor) and code.is_major_step_to(major)


@given(codes, codes)
def test_order_is_edition_then_revision(a: VersionCode, b: VersionCode) -> None:
    assert (a < b) == ((a.edition_index, a.revision) < (b.edition_index, b.revision))
