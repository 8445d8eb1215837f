"""`accord debrief` end to end: a transcript from `accord negotiate --json`, a plan, a moves
file, a stored negotiation (with the relationship it started from), the PNG, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import DEALER, PLAN
from typer.testing import CliRunner

from accord.cli.main import app

runner = CliRunner()
JAPAN = DEALER.parent / "japan_supplier.yaml"


def run(*args: object) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def talks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """`accord negotiate --json` output of diplomat against the panderer, in a file."""
    code, out, err = run("negotiate", DEALER, "--a", "diplomat", "--b", "panderer", "--json")
    assert code == 0, err
    path = tmp_path_factory.mktemp("talks") / "talks.json"
    path.write_text(out)
    return path, json.loads(out)


def test_a_transcript_file_is_debriefed_in_the_terminal(talks: tuple[Path, dict]) -> None:
    code, out, err = run("debrief", talks[0], "--scenario", DEALER)
    assert code == 0, err
    for text in ("Debrief", "Pareto efficiency", "Concessions", "Tactics", "resentment"):
        assert text in out
    assert "Principles:" in out and "P14" in out and "broken" in out


def test_json_numbers_are_the_negotiations_outcome(talks: tuple[Path, dict]) -> None:
    code, out, _ = run("debrief", talks[0], "--scenario", DEALER, "--json")
    assert code == 0
    data = json.loads(out)
    outcome = talks[1]["outcome"]
    assert data["result"]["utilities"] == outcome["utilities"]  # type: ignore[index]
    assert data["result"]["shares"] == outcome["surplus_share"]  # type: ignore[index]
    assert data["efficiency"]["distance_to_frontier"] == outcome["distance_to_pareto"]  # type: ignore[index]
    assert data["concessions"]["total"] == outcome["concessions"]  # type: ignore[index]
    status = {c["principle"]: c["status"] for c in data["checklist"]}
    assert status["P8"] == "broken" and status["P2"] == "kept"


def test_the_plan_names_the_scenario_and_our_walk_away(talks: tuple[Path, dict]) -> None:
    code, out, err = run("debrief", talks[0], "--plan", PLAN, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["side"] == "A" and data["result"]["walk_away"] == 0.32


def test_a_bare_transcript_and_side_b(talks: tuple[Path, dict], tmp_path: Path) -> None:
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(talks[1]["transcript"]))
    code, out, err = run("debrief", bare, "--scenario", DEALER, "--side", "b", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["side"] == "B"
    p14 = next(c for c in data["checklist"] if c["principle"] == "P14")
    assert p14["status"] == "broken" and "resentment" in p14["reason"]


def test_a_finished_moves_file_with_the_plan(tmp_path: Path) -> None:
    moves = tmp_path / "talks.moves.yaml"
    moves.write_text(
        "rounds: 20\n"
        "moves:\n"
        "  - we: {offer: {rebate: 1.0, stock: 2.0, payment_days: 30, term_years: 3}}\n"
        "  - they: {offer: {rebate: 2.0, stock: 1.0, payment_days: 90, term_years: 2}}\n"
        "  - we: {offer: {rebate: 1.0}}\n"
        "  - they: silent\n"
        "  - we: {offer: {rebate: 1.5, payment_days: 45}}\n"
        "  - they: {deadline: the board decides on Friday}\n"
        "  - they: accept\n"
        "  - we: {display: triumphant}\n"
    )
    code, out, err = run("debrief", moves, "--plan", PLAN, "--json")
    assert code == 0, err
    status = {c["principle"]: (c["status"], c["turn"]) for c in json.loads(out)["checklist"]}
    assert status["P5"] == ("broken", 4) and status["P13"][0] == "broken"
    assert json.loads(out)["strategies"] == {"A": "we", "B": "they"}


def test_a_stored_negotiation_continues_its_relationship(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    for b in ("hardliner", "boulware"):
        code, _, err = run(
            "negotiate", DEALER, "--a", "diplomat", "--b", b, "--counterparty", "Co", "--db", db
        )
        assert code == 0, err
    code, out, err = run("debrief", "2", "--db", db, "--json")
    assert code == 0, err
    rel = json.loads(out)["relationship"]
    code, ledger, _ = run("ledger", "--db", db, "--json")
    now = json.loads(ledger)[0]
    assert rel["resentment_after"] == [now["resentment"]["us"], now["resentment"]["them"]]
    assert rel["trust_after"] == now["trust"]
    assert rel["resentment_before"][0] > 0  # the hardliner's refused ultimatum cost us face
    code, out, err = run("debrief", "2", "--db", db, "--plot", tmp_path / "d.png")
    assert code == 0, err
    assert "Plot written" in out
    assert (tmp_path / "d.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_env_variable_names_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "env.db"
    code, _, _ = run("negotiate", DEALER, "--db", db)
    assert code == 0
    monkeypatch.setenv("ACCORD_DB", str(db))
    code, out, err = run("debrief", "1", "--json")
    assert code == 0, err
    assert json.loads(out)["scenario"] == "Dealer rebate renewal"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("{talks}",), ("--scenario", "by name only")),
        (("missing.json",), ("missing.json", "no such file")),
        (("{bad}", "--scenario", DEALER), ("malformed JSON",)),
        (("{talks}", "--scenario", DEALER, "--side", "C"), ("--side", "A or B")),
        (("{talks}", "--scenario", DEALER, "--plot", "{tmp}/x.jpg"), ("--plot", ".png")),
        (("{talks}", "--scenario", "{tmp}/none.yaml"), ("none.yaml", "no such file")),
        (("{talks}", "--plan", PLAN, "--side", "B"), ("side", "plan is for side A")),
        (("{moves}",), ("--plan", "moves file")),
        (("{moves}", "--plan", PLAN), ("has not ended",)),
        (("7", "--db", "{tmp}/empty.db"), ("no negotiation 7",)),
        (("{talks}", "--scenario", JAPAN), ("is of scenario 'Dealer rebate renewal'",)),
    ],
)
def test_bad_input_is_one_paragraph_and_exit_2(
    talks: tuple[Path, dict], tmp_path: Path, args: tuple[object, ...], words: tuple[str, ...]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    names = {
        "talks": talks[0],
        "bad": bad,
        "tmp": tmp_path,
        "moves": DEALER.parent / "dealer_rebate.moves.yaml",
    }
    argv = [str(a).format(**names) for a in args]
    code, out, err = run("debrief", *argv)
    assert code == 2, out
    assert "Traceback" not in err and "\n\n" not in err.strip()  # one paragraph
    for w in words:
        assert w in err, err


def test_the_brief_rendering_a_coach_shows_at_the_end() -> None:
    from rich.console import Console
    from tests.debrief.helpers import OURS, THEIRS, analysis, o, play

    from accord.cli.render_debrief import render_debrief
    from accord.debrief import debrief
    from accord.protocol.moves import Accept, Offer

    t = play(("A", Offer(o(OURS))), ("B", Offer(o(THEIRS))), ("A", Accept()))
    console = Console(record=True, width=120)
    render_debrief(debrief(analysis(), t, "A"), console, brief=True)
    text = console.export_text()
    assert "Debrief" in text and "Principles: " in text and "✗ broken" in text
    assert "Concessions" not in text and "Tactics" not in text
