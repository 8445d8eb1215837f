"""The scenario format as docs/scenarios.md documents it, and `accord scenario check`.

Every YAML block of the page loads (or is refused with the words it shows), the
grid rule refuses a step that misses `high` with the fix, the shorthands read as
their full forms, and no error a scenario or plan reader gives names a schema
class or speaks pydantic's words, whatever shape a field is given in.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.conftest import ROOT
from typer.testing import CliRunner

from accord.cli.main import app
from accord.errors import InputError
from accord.formats import load_scenario
from accord.formats.accord_yaml import load_yaml_scenario
from accord.model.issues import Issue
from accord.model.units import show
from accord.plan import load_plan

DOC = ROOT / "docs" / "scenarios.md"
EXAMPLES = ROOT / "examples"
GENIUS = ROOT / "tests" / "data" / "genius"
SCENARIOS = sorted(
    p for p in EXAMPLES.glob("*.yaml") if not p.name.endswith((".plan.yaml", ".moves.yaml"))
)
#: Words that belong to the schema's code, never to a message about a file.
LEAKS = re.compile(r"Spec\b|instance of|Input should be|Value error|Field required")


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env={"ACCORD_DB": None})
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, tree: Any, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(tree, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def refusal(path: Path, reader: Any = load_yaml_scenario) -> InputError:
    with pytest.raises(InputError) as info:
        reader(path)
    return info.value


# -- the page's examples -------------------------------------------------------------------


def doc_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def merged(base: Any, change: Any) -> Any:
    """`change` on `base` (docs/scenarios.md): mappings merged key by key, a party's
    value functions replaced one by one, issues by name; anything else replaced."""
    if isinstance(base, dict) and isinstance(change, dict):
        out = dict(base)
        for key, value in change.items():
            if key not in base:
                out[key] = value
            elif key == "values" and isinstance(value, dict) and isinstance(base[key], dict):
                out[key] = {**base[key], **value}
            else:
                out[key] = merged(base[key], value)
        return out
    if (
        isinstance(base, list)
        and isinstance(change, list)
        and all(isinstance(i, dict) for i in base + change)
    ):
        names = [i.get("name") for i in change]
        return [i for i in base if i.get("name") not in names] + change
    return change


def test_the_page_has_a_whole_scenario_first_and_fragments() -> None:
    blocks = [yaml.safe_load(b) for b in doc_blocks()]
    assert len(blocks) >= 8
    assert {"name", "parties", "issues"} <= set(blocks[0])


@pytest.mark.parametrize("k", range(len(doc_blocks())))
def test_every_yaml_block_of_the_page_loads_or_is_refused_as_shown(k: int, tmp_path: Path) -> None:
    blocks = doc_blocks()
    tree = yaml.safe_load(blocks[k])
    if "parties" not in tree or "name" not in tree:
        issues = tree.get("issues")
        if isinstance(issues, dict):  # the keyed-by-name shorthand replaces the list
            base = {k: v for k, v in yaml.safe_load(blocks[0]).items() if k != "issues"}
            tree = {**base, "issues": issues}
        else:
            tree = merged(yaml.safe_load(blocks[0]), tree)
    path = write(tmp_path, tree)
    refused = re.match(r"# refused: (.*)\n", blocks[k])
    if refused:
        assert refused.group(1) in refusal(path).message
    else:
        assert load_yaml_scenario(path).space.n_outcomes >= 2


def test_the_page_shows_units_as_accord_shows_them() -> None:
    text = DOC.read_text(encoding="utf-8")
    for value, unit, shown in [
        (102, "$/seat", "$102/seat"),
        (102, "$ per seat", "$102 per seat"),
        (3, "% cap", "3%"),
        (2, "x monthly shipments", "2x"),
        (1200, "seats", "1,200 seats"),
        (12000, "yen per unit", "12,000 yen per unit"),
    ]:
        assert show(value, unit) == shown
        assert f"`{unit}`" in text and f"`{shown}`" in text


def test_the_page_is_linked_from_the_readme_and_the_design_notes() -> None:
    for doc in ("README.md", "docs/design.md"):
        assert "docs/scenarios.md" in (ROOT / doc).read_text(encoding="utf-8"), doc


# -- accord scenario check ------------------------------------------------------------------


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_check_reads_every_example_back(path: Path) -> None:
    scenario = load_scenario(path)
    code, out, err = run("scenario", "check", path)
    assert code == 0, err
    assert f"{scenario.space.n_outcomes:,} outcomes" in out
    for issue in scenario.space.issues:
        assert issue.name in out
        if issue.kind in ("integer", "real"):
            assert show(issue.values[0], issue.unit) in out
            assert show(issue.values[-1], issue.unit) in out
    for party in scenario.parties:
        assert party.name in out
        assert f"BATNA: utility {party.preferences.reservation:.2f}" in out
    assert max(len(line) for line in out.splitlines()[2:]) <= 80  # the name, the file, ...


def test_check_of_the_saas_renewal_in_words() -> None:
    code, out, _ = run("scenario", "check", EXAMPLES / "saas_renewal.yaml")
    assert code == 0
    out = " ".join(out.split())
    assert "$84/seat to $120/seat in steps of $6/seat (7 values)" in out
    assert "annually" in out and "premium 24x7" in out
    assert "the lower the better" in out  # the customer on price
    assert "best at 1,200 seats" in out  # the customer's peak on seats
    assert "12,096 outcomes" in out


def test_check_json_agrees_with_the_scenario() -> None:
    scenario = load_scenario(EXAMPLES / "dealer_rebate.yaml")
    code, out, _ = run("scenario", "check", EXAMPLES / "dealer_rebate.yaml", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["outcomes"] == scenario.space.n_outcomes == 600
    assert [i["name"] for i in data["issues"]] == list(scenario.space.names)
    rebate = data["issues"][0]
    assert (rebate["low"], rebate["high"], rebate["step"]) == (1.0, 2.0, 0.25)
    dealer = data["parties"][1]
    assert dealer["batna"]["utility"] == 0.4
    assert abs(sum(v["weight"] for v in dealer["values"]) - 1) < 1e-9
    term = next(v for v in dealer["values"] if v["issue"] == "term_years")
    assert term["reads"].startswith("best at 2 years")
    assert term["scores"] == {"1": 0.0, "2": 1.0, "3": 0.0}


def test_check_reads_a_genius_folder() -> None:
    code, out, err = run("scenario", "check", GENIUS / "Laptop")
    assert code == 0, err
    assert "27 outcomes" in out and "buyer" in out and "seller" in out
    assert "best to worst: HP 1" in out
    code, out, _ = run("scenario", "check", GENIUS / "Laptop", "--json")
    assert json.loads(out)["parties"][0]["batna"]["utility"] == 0.5


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda t: t["issues"][0].update(step=5), "ends at 119, not 120"),
        (lambda t: t["parties"]["A"].update(batna="walk away"), "parties.A.batna"),
        (lambda t: t["issues"][0].update(stpe=6), "did you mean 'step'"),
        (lambda t: t.update(parties={"A": {}, "C": {}}), "parties"),
    ],
)
def test_check_refuses_a_bad_file_in_one_paragraph(change: Any, words: str, tmp_path: Path) -> None:
    tree = yaml.safe_load(doc_blocks()[0])
    change(tree)
    path = write(tmp_path, tree)
    code, out, err = run("scenario", "check", path)
    assert code == 2 and out == ""
    text = " ".join(err.split())
    assert text.startswith(f"error in {path}") and words in text, text
    assert "Traceback" not in err and not LEAKS.search(text)


def test_check_names_a_plan_given_for_a_scenario_and_a_missing_file(tmp_path: Path) -> None:
    code, _, err = run("scenario", "check", EXAMPLES / "dealer_rebate.plan.yaml")
    assert code == 2 and "this is a plan, not a scenario" in err and "plan check" in err
    code, _, err = run("scenario", "check", tmp_path / "none.yaml")
    assert code == 2 and "no such file" in err


# -- the grid rule -------------------------------------------------------------------------


def test_a_step_that_misses_high_is_refused_with_the_fix() -> None:
    with pytest.raises(InputError) as info:
        Issue.integer("price_per_seat", 84, 120, 5, "$/seat")
    assert info.value.field == "issues.price_per_seat.step"
    assert info.value.message == (
        "84 to 120 in steps of 5 ends at 119, not 120: use a step that divides 36 "
        "(2, 3, 4, 6, 9, 12, 18, 36), or set high: 119"
    )
    with pytest.raises(InputError) as info:
        Issue.real("rebate", 1, 2, 0.3)
    assert "ends at 1.9, not 2" in info.value.message
    assert "0.25" in info.value.message and "set high: 1.9" in info.value.message


@pytest.mark.parametrize(
    ("low", "high", "step"), [(84, 120, 6), (0, 1, 0.1), (1, 2, 0.25), (0.3, 0.9, 0.2)]
)
def test_a_step_that_lands_on_high_keeps_both_bounds(low: float, high: float, step: float) -> None:
    issue = Issue.real("r", low, high, step)
    assert issue.values[0] == low and issue.values[-1] == pytest.approx(high)


def test_a_grid_in_the_file_names_its_issue_and_field(tmp_path: Path) -> None:
    tree = yaml.safe_load(doc_blocks()[0])
    tree["issues"][0]["step"] = 5
    error = refusal(write(tmp_path, tree))
    assert error.field == "issues.price_per_seat.step" and "set high: 119" in error.message
    tree["issues"][0].update(step=6, low=84.5)  # was truncated to 84 without a word
    assert "fractional" in refusal(write(tmp_path, tree)).message


# -- shorthands ----------------------------------------------------------------------------


def test_shorthands_read_as_their_full_forms(tmp_path: Path) -> None:
    full = yaml.safe_load(doc_blocks()[0])
    short = copy.deepcopy(full)
    short["deadline"] = 12
    short["parties"]["A"]["batna"] = 0.3
    short["parties"]["A"]["values"]["support"] = {"standard": 1.0, "premium 24x7": 0.2}
    short["issues"] = {i.pop("name"): i for i in copy.deepcopy(full["issues"])}
    a = load_yaml_scenario(write(tmp_path, full, "full.yaml"))
    b = load_yaml_scenario(write(tmp_path, short, "short.yaml"))
    assert b.deadline_rounds == a.deadline_rounds == 12
    assert b.space.issues == a.space.issues
    assert b.a.preferences.reservation == a.a.preferences.reservation == 0.3
    assert (b.a.preferences.utility.all() == a.a.preferences.utility.all()).all()


def test_giver_in_lower_case_is_the_role(tmp_path: Path) -> None:
    tree = yaml.safe_load((EXAMPLES / "dealer_rebate.yaml").read_text(encoding="utf-8"))
    tree["issues"][3]["giver"] = "a"
    assert load_yaml_scenario(write(tmp_path, tree)).space.issues[3].giver == "A"


@pytest.mark.parametrize("batna", [0.3, "30%"])
def test_a_plan_batna_may_be_just_its_utility(batna: object, tmp_path: Path) -> None:
    for name in ("dealer_rebate.yaml", "dealer_rebate.plan.yaml"):
        (tmp_path / name).write_bytes((EXAMPLES / name).read_bytes())
    plan = tmp_path / "dealer_rebate.plan.yaml"
    tree = yaml.safe_load(plan.read_text(encoding="utf-8"))
    tree["batna"] = batna
    assert load_plan(write(tmp_path, tree, "p.plan.yaml")).batna == pytest.approx(0.3)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda t: t["issues"][0].update(values=[84, 120]), "an integer issue takes no 'values'"),
        (lambda t: t["issues"][1].update(unit="h", giver="A"), "takes no 'giver'"),
        (
            lambda t: t["parties"]["A"]["values"].update(
                price_per_seat={"linear": "high", "low": 90}
            ),
            "'low' and 'high' bound a 'peak' only",
        ),
        (lambda t: t["parties"]["A"]["values"].update(price_per_seat="low"), "{linear: low}"),
    ],
)
def test_what_would_be_ignored_or_guessed_is_asked_for(
    change: Any, words: str, tmp_path: Path
) -> None:
    tree = yaml.safe_load(doc_blocks()[0])
    change(tree)
    error = refusal(write(tmp_path, tree))
    assert words in error.describe()


# -- no internal class names ---------------------------------------------------------------

WRONG_SHAPES: list[Any] = [0.3, "some text", [1, 2], {"x": 1}, None, True]


def node_paths(tree: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here] if here else []
    if isinstance(tree, dict):
        for key, value in tree.items():
            found += node_paths(value, (*here, key))
    elif isinstance(tree, list):
        for k, value in enumerate(tree):
            found += node_paths(value, (*here, k))
    return found


def reshaped(tree: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(tree)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


def assert_in_the_files_terms(error: InputError) -> None:
    text = error.describe()
    assert not LEAKS.search(text), text
    assert error.source and "\n" not in text, text


@pytest.mark.parametrize("value", WRONG_SHAPES, ids=repr)
def test_no_scenario_error_names_a_class_whatever_the_shape(value: Any, tmp_path: Path) -> None:
    tree = yaml.safe_load((EXAMPLES / "saas_renewal.yaml").read_text(encoding="utf-8"))
    for path in node_paths(tree):
        try:
            load_yaml_scenario(write(tmp_path, reshaped(tree, path, value)))
        except InputError as error:
            assert_in_the_files_terms(error)


@pytest.mark.parametrize("value", WRONG_SHAPES, ids=repr)
def test_no_plan_error_names_a_class_whatever_the_shape(value: Any, tmp_path: Path) -> None:
    (tmp_path / "dealer_rebate.yaml").write_bytes((EXAMPLES / "dealer_rebate.yaml").read_bytes())
    tree = yaml.safe_load((EXAMPLES / "dealer_rebate.plan.yaml").read_text(encoding="utf-8"))
    for path in node_paths(tree):
        if path == ("scenario",):
            continue  # another file: its own errors are the scenario's
        try:
            load_plan(write(tmp_path, reshaped(tree, path, value), "p.plan.yaml"))
        except InputError as error:
            assert_in_the_files_terms(error)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (
            lambda t: t["issues"][1].update(values=["standard", {"a": 1}]),
            "issues.support.values.1",
            "got a mapping (expected a single value: text, a number, or true or false)",
        ),
        (
            lambda t: t["parties"]["A"]["batna"].pop("utility"),
            "parties.A.batna.utility",
            "a number",
        ),
        (lambda t: t.update(deadline="soon"), "deadline", "`deadline: {rounds: 20}`"),
        (lambda t: t["issues"][0].update(type="int"), "issues.price_per_seat.type", "'integer'"),
        (
            lambda t: t["parties"]["A"].update(aspiration="85%"),
            "parties.A.aspiration",
            "expected a number: 0.85 for 85%",
        ),
    ],
)
def test_an_error_names_the_key_path_and_the_form_expected(
    change: Any, field: str, words: str, tmp_path: Path
) -> None:
    tree = yaml.safe_load(doc_blocks()[0])
    change(tree)
    error = refusal(write(tmp_path, tree))
    assert error.field == field and words in error.describe(), error.describe()
    assert_in_the_files_terms(error)
