"""rules/bump.py: the seed's 5-process rule, refusals, and the next version."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qes_cli.errors import VersionPolicyError
from qes_cli.rules.bump import choose_kind, plan_bump
from tests.core.factory import doc


@given(st.integers(min_value=0, max_value=1000))
def test_processes_alone_decide_by_five(n: int) -> None:
    kind = choose_kind(minor=False, major=False, processes=n, force=False)
    assert kind == ("major" if n >= 5 else "minor")


@pytest.mark.parametrize("n", [5, 6, 40])
def test_minor_with_five_or_more_is_refused_unless_forced(n: int) -> None:
    with pytest.raises(VersionPolicyError, match="MAJOR"):
        choose_kind(minor=True, major=False, processes=n, force=False)
    assert choose_kind(minor=True, major=False, processes=n, force=True) == "minor"


def test_nothing_said_or_both_said_is_refused() -> None:
    with pytest.raises(VersionPolicyError):
        choose_kind(minor=False, major=False, processes=None, force=False)
    with pytest.raises(VersionPolicyError):
        choose_kind(minor=True, major=True, processes=None, force=False)


def test_plan_steps_and_meetings() -> None:
    d = doc(1, "QES-007-2025")
    minor = plan_bump(d.doc, minor=True)
    assert (str(minor.old), str(minor.new), minor.meeting) == ("A/1", "A/2", "remote")
    major = plan_bump(d.doc, processes=6)
    assert (str(major.new), major.kind, major.meeting) == ("B/1", "major", "onsite")


def test_sections_and_na_are_not_versioned() -> None:
    with pytest.raises(VersionPolicyError, match="section"):
        plan_bump(doc(2, parent="QES-007-2025").doc, minor=True)
    with pytest.raises(VersionPolicyError, match="N/A"):
        plan_bump(doc(3, "N/A", version="/").doc, minor=True)
