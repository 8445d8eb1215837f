"""The case library: every shipped case loads and agrees with its scenario, its briefs
keep each side's private figures to that side, bad case files are refused with the
file and the field, and `accord case list|show` print what each reader may see."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from accord.analysis.report import analyse
from accord.classroom.cases import (
    BATNA_TOLERANCE,
    SHIPPED,
    Case,
    case,
    dominated,
    figures,
    load_case,
    mentions,
    shipped_cases,
    view,
)
from accord.cli.main import app
from accord.doctrine import PRINCIPLES
from accord.errors import InputError
from accord.model.issues import ROLES, Role, other
from accord.model.units import show_terms

ROOT = Path(__file__).resolve().parents[2]
#: One case per situation issue 16 lists.
SITUATIONS = {
    "dealer_rebate",  # seed 001
    "japan_supplier",  # seed 004
    "saas_renewal",
    "crisis_renegotiation",  # kiki, seed 004
    "strong_vendor",  # seed 002
    "resentful_partner",  # seed 003
    "scope_misunderstanding",  # seed 000
    "procurement_addons",  # seed 004
}
CASES = shipped_cases()
IDS = [c.slug for c in CASES]
#: A figure as briefs write them: $1.2M, 9,800 yen, 1.5x, 4%, $60k.
FIGURE = re.compile(r"[$¥€£]?\d[\d,]*(?:\.\d+)?(?:k|M)?(?:\s?(?:%|yen|x))?")


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env={"ACCORD_DB": None})
    return result.exit_code, result.stdout, result.stderr


def test_eight_cases_ship_one_per_situation() -> None:
    assert set(IDS) == SITUATIONS
    assert case("dealer_rebate") is next(c for c in CASES if c.slug == "dealer_rebate")


def test_the_cases_are_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["accord"]
    package = ROOT / "src" / "accord"
    for c in CASES:
        for name in ("case.yaml", "scenario.yaml"):
            relative = (c.folder / name).relative_to(package).as_posix()
            assert any(fnmatch(relative, p) for p in patterns), relative


@pytest.mark.parametrize("c", CASES, ids=IDS)
def test_the_scenario_is_small_and_has_the_zone_the_case_says(c: Case) -> None:
    space = c.scenario.space
    assert len(space.issues) <= 7 and space.n_outcomes <= 15_000
    zone = analyse(c.scenario).zopa
    assert zone.exists is c.settings.zopa
    assert c.settings.deadline_rounds == c.scenario.deadline_rounds
    assert 10 <= c.settings.time_limit_minutes <= 60


@pytest.mark.parametrize("c", CASES, ids=IDS)
@pytest.mark.parametrize("role", ROLES)
def test_the_brief_batna_is_the_scenario_batna(c: Case, role: Role) -> None:
    prefs = (c.scenario.a if role == "A" else c.scenario.b).preferences
    worth = prefs.utility.at(c.scenario.space.index_of(c.brief(role).batna.terms))
    assert abs(worth - prefs.reservation) <= BATNA_TOLERANCE


@pytest.mark.parametrize("c", CASES, ids=IDS)
def test_the_notes_cite_real_principles_and_true_deals(c: Case) -> None:
    assert c.notes.principles and all(p in PRINCIPLES for p in c.notes.principles)
    assert len(c.notes.questions) >= 3
    f = figures(c)
    front = analyse(c.scenario).frontier
    ra, rb = c.scenario.reservations
    # The efficient deal is on the frontier and in the zone; the other leaves value.
    assert f.efficient_is_efficient and not dominated(front, f.efficient)
    assert f.efficient[0] >= ra and f.efficient[1] >= rb
    assert dominated(front, f.inefficient)
    assert f.better is not None and min(f.gains) > 0


@pytest.mark.parametrize("c", CASES, ids=IDS)
@pytest.mark.parametrize("role", ROLES)
def test_a_brief_is_written_for_a_student(c: Case, role: Role) -> None:
    assert 150 <= c.brief(role).words() <= 300


def _grid_numbers(c: Case) -> set[float]:
    return {
        float(v)
        for i in c.scenario.space.issues
        for v in i.values
        if isinstance(v, int | float) and not isinstance(v, bool)
    }


def _number(figure: str) -> float:
    digits = re.sub(r"[^\d.]", "", figure.replace(",", ""))
    scale = 1000.0 if re.search(r"\dk", figure) else 1e6 if re.search(r"\dM", figure) else 1.0
    return float(digits) * scale


@pytest.mark.parametrize("c", CASES, ids=IDS)
@pytest.mark.parametrize("role", ROLES)
def test_a_brief_never_holds_the_other_sides_private_numbers(c: Case, role: Role) -> None:
    mine, theirs = c.brief(role), c.brief(other(role))
    text = mine.text()
    # What the other side marks private, its BATNA in words and as terms.
    for figure in theirs.private:
        assert not mentions(text, figure), figure
    assert " ".join(theirs.batna.text.split()) not in " ".join(text.split())
    assert show_terms(c.scenario.space.issues, theirs.batna.terms) not in text
    # Every figure of their brief that is neither public (the situation) nor a value of
    # the deal's grid is theirs alone: their money, costs and limits.
    public = _grid_numbers(c)
    for figure in FIGURE.findall(theirs.text()):
        if _number(figure) in public or mentions(c.situation, figure):
            continue
        assert not mentions(text, figure), f"{figure} of side {other(role)} in side {role}'s brief"
    # The view a side is given holds nothing of the other side's brief.
    shown = json.dumps(view(c, (role,)), ensure_ascii=False)
    for figure in theirs.private:
        assert not mentions(shown, figure), figure
    for part in (theirs.who, theirs.wants, theirs.authority, theirs.history, theirs.role):
        assert json.dumps(part, ensure_ascii=False)[1:-1] not in shown


# Bad case files ------------------------------------------------------------------------


def _copy(tmp_path: Path, edit: Any) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(SHIPPED / "dealer_rebate", folder)
    path = folder / "case.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder


def _side(role: Role, key: str, value: Any) -> Any:
    return lambda d: d["sides"][role].__setitem__(key, value)


BAD = {
    "missing": (lambda d: d["notes"].pop("questions"), "notes.questions", "missing"),
    "principle": (
        lambda d: d["notes"].__setitem__("principles", ["P2", "P99"]),
        "notes.principles",
        "P99",
    ),
    "batna": (
        lambda d: d["sides"]["B"]["batna"]["terms"].__setitem__("rebate", 2.0),
        "sides.B.batna.terms",
        "worth",
    ),
    "issue": (
        lambda d: d["notes"]["efficient_deal"].__setitem__("discount", 1),
        "notes.efficient_deal.discount",
        "unknown issue",
    ),
    "value": (
        lambda d: d["notes"]["inefficient_deal"].__setitem__("rebate", 7.0),
        "notes.inefficient_deal.rebate",
        "7",
    ),
    "leak": (
        lambda d: d["sides"]["A"].__setitem__("history", "The dealer lost $250k last year."),
        "sides.B.private.1",
        "also in side A's brief",
    ),
    "unwritten": (_side("A", "private", ["$9M"]), "sides.A.private.0", "not in side A's brief"),
    "rounds": (
        lambda d: d["settings"].__setitem__("deadline_rounds", 12),
        "settings.deadline_rounds",
        "12 rounds",
    ),
    "batna shape": (_side("A", "batna", "move to the other dealer"), "sides.A.batna", "text"),
    "side": (lambda d: d["sides"].pop("B"), "sides", "both"),
    "unknown": (lambda d: d.__setitem__("difficulty", "hard"), "difficulty", "difficulty"),
}


@pytest.mark.parametrize("name", BAD)
def test_a_bad_case_file_names_the_file_and_the_field(name: str, tmp_path: Path) -> None:
    edit, field, words = BAD[name]
    folder = _copy(tmp_path, edit)
    with pytest.raises(InputError) as e:
        load_case(folder)
    assert e.value.source == str(folder / "case.yaml")
    assert e.value.field == field
    assert words in e.value.describe()
    assert "Spec" not in e.value.describe()


def test_a_folder_without_a_case_or_a_scenario_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such case") as e:
        load_case(tmp_path)
    assert e.value.source == str(tmp_path / "case.yaml")
    folder = _copy(tmp_path, lambda d: None)
    (folder / "scenario.yaml").unlink()
    with pytest.raises(InputError, match="no scenario") as e:
        load_case(folder / "case.yaml")
    assert e.value.source == str(folder / "scenario.yaml")
    (folder / "scenario.yaml").write_text("name: x\nissues: []\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_case(folder)
    assert e.value.source == str(folder / "scenario.yaml")
    (folder / "scenario.yaml").unlink()
    shutil.copy(SHIPPED / "dealer_rebate" / "scenario.yaml", folder)
    (folder / "case.yaml").write_text("- a list\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a YAML mapping"):
        load_case(folder)


def test_an_unknown_case_names_the_shipped_ones() -> None:
    with pytest.raises(InputError) as e:
        case("dealer")
    assert e.value.field == "case"
    assert all(slug in e.value.describe() for slug in SITUATIONS)


# The command line ----------------------------------------------------------------------


def test_case_list_names_every_case() -> None:
    code, out, _ = run("case", "list")
    assert code == 0
    for c in CASES:
        assert c.slug in out
    code, out, _ = run("case", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and {r["name"] for r in rows} == SITUATIONS
    assert all(r["outcomes"] == case(r["name"]).scenario.space.n_outcomes for r in rows)


def _flat(text: str) -> str:
    """Rich's panels wrap and frame lines: the words alone, in order."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


@pytest.mark.parametrize("c", CASES, ids=IDS)
def test_show_side_a_prints_a_brief_and_not_b(c: Case) -> None:
    code, out, _ = run("case", "show", c.slug, "--side", "A")
    assert code == 0
    words = _flat(out)
    a, b = c.brief("A"), c.brief("B")
    assert " ".join(a.who.split())[:60] in words
    assert " ".join(b.who.split())[:60] not in words
    for figure in b.private:
        assert not mentions(words, figure)
    assert "Teaching notes" not in words


def test_show_side_b_in_json_and_the_notes() -> None:
    c = case("saas_renewal")
    code, out, _ = run("case", "show", "saas_renewal", "--side", "b", "--json")
    shown = json.loads(out)
    assert code == 0 and list(shown["sides"]) == ["B"] and "notes" not in shown
    assert shown["sides"]["B"]["batna"]["terms"]["price_per_seat"] == 102
    code, out, _ = run("case", "show", "saas_renewal", "--notes", "--json")
    assert list(json.loads(out)["sides"]) == ["A", "B"]  # the instructor reads both
    notes = json.loads(out)["notes"]
    assert notes["principles"]["P8"] == PRINCIPLES["P8"][0]
    assert notes["figures"]["zopa_outcomes"] == analyse(c.scenario).zopa.n_outcomes
    code, out, _ = run("case", "show", "saas_renewal", "--notes")
    assert code == 0 and "Teaching notes" in out and "Nash deal" in _flat(out)
    code, out, _ = run("case", "show", "saas_renewal", "--notes", "--side", "A", "--json")
    assert list(json.loads(out)["sides"]) == ["A"] and "notes" in json.loads(out)
    code, out, _ = run("case", "show", "saas_renewal", "--json")
    assert json.loads(out)["sides"] == {} and "notes" not in json.loads(out)


def test_show_refuses_a_bad_side_or_case_and_reads_a_folder(tmp_path: Path) -> None:
    code, _, err = run("case", "show", "saas_renewal", "--side", "C")
    assert code == 2 and "--side" in err and "A or B" in err
    code, _, err = run("case", "show", "no_such_case")
    assert code == 2 and "dealer_rebate" in err
    folder = _copy(tmp_path, lambda d: d.__setitem__("title", "Our own rebate case"))
    code, out, _ = run("case", "show", folder, "--side", "B")
    assert code == 0 and "Our own rebate case" in out
    bad = _copy(tmp_path / "bad", BAD["principle"][0])
    code, _, err = run("case", "show", bad)
    assert code == 2 and "notes.principles" in _flat(err)


def test_the_docs_list_every_case_with_its_principles() -> None:
    text = (ROOT / "docs" / "cases.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \|.*\| ([P\d ]+) \|$", text, flags=re.MULTILINE))
    assert set(rows) == SITUATIONS
    for c in CASES:
        assert rows[c.slug].split() == sorted(c.notes.principles, key=lambda p: int(p[1:]))
