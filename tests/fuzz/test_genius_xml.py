"""The GENIUS XML reader (accord.formats.genius) on damaged files of accord's own export:
the domain file and each profile, with entity bombs and external entities among the damage."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st
from tests.fuzz.checks import sound_preferences
from tests.fuzz.inputs import INPUTS
from tests.fuzz.mutations import DOCTYPES, damaged_xml
from tests.fuzz.outcome import fuzz_settings, read

from accord.errors import InputError
from accord.formats.genius import load_genius_domain, load_genius_profile
from accord.preferences.utility import Preferences

DOMAIN, *PROFILES = (p.read_bytes() for p in INPUTS.genius)
SPACE = load_genius_domain(INPUTS.genius[0])


def _with_entity(data: bytes, doctype: str) -> bytes:
    """`data` with a DOCTYPE and its entity in place of the first issue's name."""
    head, _, body = data.partition(b"?>")
    body = body.replace(b'name="rebate"', b'name="&lol9;"', 1)
    return head + b"?>" + doctype.encode() + body


@fuzz_settings(200)
@given(damaged_xml(DOMAIN))
@example(_with_entity(DOMAIN, DOCTYPES["laughs"]))  # a billion laughs: refused, not expanded
@example(_with_entity(DOMAIN, DOCTYPES["file"]))  # an external entity: never read
@example(_with_entity(DOMAIN, DOCTYPES["internal"]))  # any entity: GENIUS files have none
def test_a_damaged_domain_loads_or_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "domain.xml"
    path.write_bytes(data)
    loaded = read("GENIUS domain", lambda: load_genius_domain(path))
    if b"<!ENTITY" in data:  # never expanded, never fetched
        assert isinstance(loaded, InputError), "a file declaring entities was read"


@fuzz_settings(200)
@given(st.sampled_from(PROFILES).flatmap(damaged_xml))
@example(_with_entity(PROFILES[0], DOCTYPES["url"]))
def test_a_damaged_profile_loads_or_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "profile.xml"
    path.write_bytes(data)
    loaded = read("GENIUS profile", lambda: load_genius_profile(path, SPACE))
    if b"<!ENTITY" in data:
        assert isinstance(loaded, InputError), "a file declaring entities was read"
    if isinstance(loaded, Preferences):
        sound_preferences(loaded)
