"""`accord ledger ...` and `accord negotiate --db/--resume/--counterparty`, end to end."""

from __future__ import annotations

import json
import re
import shlex
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import DEALER, EXAMPLES, PLAN, ROOT
from typer.testing import CliRunner, Result

from accord.cli.main import app
from accord.store import default_path, negotiations, open_store

runner = CliRunner()
DEAL = ["--utility-us", "0.62", "--utility-them", "0.71", "--reservation-us", "0.4",
        "--reservation-them", "0.5", "--conceded-us", "0.2", "--conceded-them", "0.1"]  # fmt: skip


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The database the commands use through ACCORD_DB."""
    path = tmp_path / "ledger.db"
    monkeypatch.setenv("ACCORD_DB", str(path))
    return path


def accord(*args: str) -> Result:
    return runner.invoke(app, list(args))


def ok(*args: str) -> Result:
    result = accord(*args)
    assert result.exit_code == 0, result.stderr
    return result


def as_json(*args: str) -> Any:
    return json.loads(ok(*args, "--json").stdout)


def test_record_show_resolve_and_list(db: Path, tmp_path: Path) -> None:
    assert "No counterparties" in ok("ledger").stdout
    out = ok("ledger", "record", "Dealer Co", *DEAL, "--scenario", "2025 rebate",
             "--date", "2025-02-01", "--condition", "2% if stock >= 1.5x, else 1%",
             "--if-broken-them", "0.65", "--check-by", "2025-06-30").stdout  # fmt: skip
    assert "Recorded negotiation 1 with Dealer Co" in out
    ok("ledger", "record", "Acme", "--no-agreement", "--reservation-us", "0.3",
       "--reservation-them", "0.4", "--ultimatum-by", "them")  # fmt: skip

    listing = ok("ledger").stdout
    assert "Dealer Co" in listing and "Acme" in listing and "2025-02-01" in listing
    acme, dealer = as_json("ledger")
    assert acme["resentment"]["us"] > 0  # their ultimatum ended the talks: we lost face
    assert dealer["open_conditions"] == 1 and dealer["last"] == "2025-02-01"

    plot = tmp_path / "dealer.png"
    shown = ok("ledger", "show", "Dealer Co", "--plot", str(plot)).stdout
    assert "2025 rebate" in shown and "2% if stock >= 1.5x, else 1%" in shown
    assert "check by 2025-06-30" in shown and "due" in shown
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    data = as_json("ledger", "show", "Dealer Co")
    assert [c["text"] for c in data["open_conditions"]] == ["2% if stock >= 1.5x, else 1%"]
    assert data["history"][0]["record"]["utilities"] == [0.62, 0.71]

    result = accord("ledger", "resolve", "Dealer Co", "0", "--honoured")
    assert result.exit_code == 2 and "no negotiation 0 with 'Dealer Co' (held: 1)" in result.stderr
    assert "the id of one with an open condition: 1" in result.stderr
    resolved = ok("ledger", "resolve", "dealer co", "1", "--honoured").stdout
    assert "Condition of negotiation 1 with Dealer Co honoured: trust now" in resolved
    after = as_json("ledger", "show", "Dealer Co")
    assert after["open_conditions"] == [] and after["health"]["trust"] > data["health"]["trust"]
    assert "No open conditions" in ok("ledger", "show", "Dealer Co").stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["Dealer", "--utility-us", "1.5", "--utility-them", "0.5"], "--utility-us"),
        (["Dealer", "--utility-us", "0.5"], "both sides' utilities"),
        (["Dealer", *DEAL, "--check-by", "2025-01-01"], "no condition"),
        (["Dealer", *DEAL, "--date", "next tuesday"], "'next tuesday' is not a date"),
        (["Dealer", "--no-agreement", "--condition", "x"], "a condition needs an agreement"),
        (["  ", *DEAL], "not a usable name"),
    ],
)
def test_bad_records_are_refused_and_change_nothing(db: Path, args: list[str], words: str) -> None:
    result = accord("ledger", "record", *args)
    assert result.exit_code == 2 and words in result.stderr
    assert "Traceback" not in result.stderr
    assert as_json("ledger") == []


def test_unknown_names_and_bad_databases(db: Path, tmp_path: Path) -> None:
    result = accord("ledger", "show", "Nobody")
    assert result.exit_code == 2 and "no counterparty 'Nobody'" in result.stderr
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a database")
    result = accord("ledger", "--db", str(text_file))
    assert result.exit_code == 2 and str(text_file) in result.stderr
    assert "not an SQLite database" in result.stderr and text_file.read_text() == "not a database"
    result = accord("ledger", "--db", "postgresql+psycopg://me:pw@127.0.0.1:1/x")
    assert result.exit_code == 2 and "me:***@127.0.0.1:1/x" in result.stderr
    assert "Traceback" not in result.stderr and ":pw@" not in result.stderr


def test_export_and_import_move_a_ledger(db: Path, tmp_path: Path) -> None:
    ok("ledger", "record", "Dealer Co", *DEAL)
    ok("ledger", "add", "Quiet Ltd", "--notes", "met at a fair")
    backup = tmp_path / "backup.json"
    assert "Exported" in ok("ledger", "export", str(backup)).stdout
    other = str(tmp_path / "other.db")
    imported = ok("ledger", "import", str(backup), "--db", other).stdout
    assert "2 counterparties, 1 negotiations" in imported
    assert as_json("ledger", "--db", other) == as_json("ledger")

    data = json.loads(backup.read_text())
    data["counterparties"][0]["trust"] = 0.9
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = accord("ledger", "import", str(bad), "--db", str(tmp_path / "third.db"))
    assert result.exit_code == 2
    assert str(bad) in result.stderr and "counterparties.0.trust" in result.stderr
    result = accord("ledger", "export", str(tmp_path / "backup.txt"))
    assert result.exit_code == 2 and "must be a .json file" in result.stderr


def test_negotiate_stores_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ok("negotiate", str(DEALER), "--seed", "1")
    assert not default_path().exists() and not default_path().parent.exists()

    path = tmp_path / "env.db"
    monkeypatch.setenv("ACCORD_DB", str(path))
    result = ok("negotiate", str(DEALER), "--seed", "1", "--counterparty", "Dealer Co", "--json")
    data = json.loads(result.stdout)  # stdout stays pure JSON; the note goes to stderr
    assert f"Storing as negotiation 1 in {path}" in result.stderr
    [health] = as_json("ledger")
    assert health["name"] == "Dealer Co" and health["negotiations"] == 1
    listing = ok("ledger", "negotiations").stdout
    assert "Dealer rebate" in listing and data["transcript"]["ending"]["reason"] in listing


def test_resume_refuses_what_cannot_be_resumed(db: Path) -> None:
    result = accord("negotiate", "--resume", "3")
    assert result.exit_code == 2 and "no negotiation 3 is stored" in result.stderr
    ok("ledger", "record", "Dealer Co", *DEAL)
    result = accord("negotiate", "--resume", "1")
    assert result.exit_code == 2 and "negotiation 1 was entered by hand" in result.stderr
    ok("negotiate", str(DEALER), "--rounds", "3")
    result = accord("negotiate", "--resume", "2")
    assert result.exit_code == 2 and "negotiation 2 has already ended" in result.stderr
    result = accord("negotiate", "--resume", "2", "--a", "conceder", "--db", str(db))
    assert result.exit_code == 2 and "started with diplomat, not conceder" in result.stderr
    result = accord("negotiate")
    assert result.exit_code == 2 and "no scenario given" in result.stderr


def test_an_interrupted_negotiation_says_how_to_resume(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.store import live

    run = live.run

    def interrupted(neg, recorder, on_event=None):  # type: ignore[no-untyped-def]
        for _ in range(5):
            neg.step()
            recorder.flush(neg.transcript)
        raise KeyboardInterrupt

    monkeypatch.setattr(live, "run", interrupted)
    result = accord("negotiate", str(DEALER), "--seed", "2")
    assert result.exit_code == 130
    assert "continue with `accord negotiate --resume 1`" in result.stderr
    listing = ok("ledger", "negotiations", "--open").stdout
    assert "open" in listing and "Dealer rebate" in listing
    monkeypatch.setattr(live, "run", run)
    resumed = json.loads(ok("negotiate", "--resume", "1", "--json").stdout)
    monkeypatch.delenv("ACCORD_DB")
    reference = json.loads(ok("negotiate", str(DEALER), "--seed", "2", "--json").stdout)
    assert resumed["transcript"] == reference["transcript"]
    with open_store(str(db)) as store:
        assert negotiations.listing(store, open_only=True) == []


def test_tournament_standings_are_stored_when_a_database_is_named(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.cli.tournament import store_tournament
    from accord.store.tournaments import tournaments
    from accord.tournament import TournamentPlan, execute

    done = execute(
        TournamentPlan([DEALER], ["boulware", "conceder"], [], repeat=1, seed=1, rounds=5)
    )
    run_id = store_tournament(None, done, {"seed": 1})
    with open_store(str(db)) as store:
        [run] = tournaments(store)
    assert run.id == run_id and run.standings == done.standings
    monkeypatch.delenv("ACCORD_DB")
    assert store_tournament(None, done, {"seed": 1}) is None


def _readme_ledger_commands() -> list[list[str]]:
    """The commands of the README's `# the ledger` block, as typed (continuations joined)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("# the ledger\n", 1)[1].split("\n\n", 1)[0].replace("\\\n", " ")
    commands = []
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        assert words[0] == ".venv/bin/accord", line
        commands.append(words[1:])
    return commands


def test_the_readmes_ledger_examples_work_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # ledger.db, dealer.png and backup.json land here
    (tmp_path / "examples").symlink_to(EXAMPLES)
    commands = _readme_ledger_commands()
    assert any(c[:2] == ["ledger", "resolve"] for c in commands)
    printed: list[str] = []
    for command in commands:
        if "--resume" in command:  # only after an interruption (tested above)
            continue
        printed.append(ok(*command).stdout)
    text = "\n".join(printed)
    stored = re.search(r"Recorded negotiation (\d+) with Dealer Co", text)
    assert stored is not None
    resolve = next(c for c in commands if c[:2] == ["ledger", "resolve"])
    assert resolve[3] == stored.group(1)  # the README resolves the id `record` printed
    assert f"Condition of negotiation {stored.group(1)} with Dealer Co honoured" in text
    assert (tmp_path / "dealer.png").exists() and (tmp_path / "backup.json").exists()


def test_one_number_per_negotiation(db: Path) -> None:
    ok("negotiate", str(DEALER), "--rounds", "3", "--counterparty", "Dealer Co")
    out = ok("ledger", "record", "Dealer Co", *DEAL, "--condition", "on time").stdout
    assert "Recorded negotiation 2 with Dealer Co" in out
    shown = as_json("ledger", "show", "Dealer Co")
    assert [h["negotiation"] for h in shown["history"]] == [1, 2]
    assert [c["negotiation"] for c in shown["open_conditions"]] == [2]
    table = ok("ledger", "show", "Dealer Co").stdout
    assert re.search(r"^\s*1\s+\S+\s+Dealer rebate", table, re.M)
    assert "#2 on time" in table
    result = accord("ledger", "resolve", "Dealer Co", "1", "--broken")
    assert result.exit_code == 2
    assert "negotiation 1 with 'Dealer Co' has no condition" in result.stderr
    assert "open condition: 2" in result.stderr
    ok("ledger", "record", "Acme", *DEAL)
    result = accord("ledger", "resolve", "Acme", "2", "--broken")
    assert result.exit_code == 2 and "no negotiation 2 with 'Acme' (held: 3)" in result.stderr
    assert "no condition with 'Acme' is open" in result.stderr
    ok("ledger", "resolve", "Dealer Co", "2", "--broken")
    assert "condition of #2 checked" in ok("ledger", "show", "Dealer Co").stdout
    result = accord("ledger", "resolve", "Dealer Co", "2", "--honoured")
    assert result.exit_code == 2 and "a condition already checked" in result.stderr


def test_names_match_in_any_case(db: Path) -> None:
    ok("ledger", "record", "Dealer Co", *DEAL)
    again = ok("ledger", "record", "dealer  CO", *DEAL).stdout
    assert "Recorded negotiation 2 with Dealer Co" in again
    [health] = as_json("ledger")
    assert health["name"] == "Dealer Co" and health["negotiations"] == 2
    assert as_json("ledger", "show", "DEALER CO")["health"] == health
    result = accord("ledger", "add", "dealer co")
    assert result.exit_code == 2 and "'Dealer Co' is already in the ledger" in result.stderr
    ok("negotiate", str(DEALER), "--rounds", "3", "--counterparty", "DEALER co")
    assert [h["name"] for h in as_json("ledger")] == ["Dealer Co"]

    with sqlite3.connect(db) as conn:  # a store from before names matched in any case
        conn.execute("INSERT INTO counterparties (name, notes, created_at) "
                     "VALUES ('DEALER CO', '', '2025-01-01 00:00:00')")  # fmt: skip
    conn.close()
    result = accord("ledger", "show", "dealer co")
    assert result.exit_code == 2
    assert "'dealer co' matches 2 counterparties: 'DEALER CO', 'Dealer Co'" in result.stderr
    assert as_json("ledger", "show", "Dealer Co")["health"]["negotiations"] == 3  # exact wins


def test_coached_and_practice_negotiations_are_in_the_ledger(db: Path) -> None:
    from accord.coach import CoachSession

    with open_store(str(db)) as store:
        practice = CoachSession.start(store, PLAN, against="hardliner", counterparty="Dealer Co")
        practice.handle("we offer rebate=1 stock=2 payment_days=30 term_years=3")
    [health] = as_json("ledger")
    assert health["negotiations"] == 0 and health["open_negotiations"] == 1
    assert "0 +1 open" in ok("ledger").stdout
    shown = ok("ledger", "show", "dealer co").stdout
    assert f"Open: #{practice.negotiation_id} (practice" in shown
    assert f"accord coach --resume {practice.negotiation_id}" in shown
    assert as_json("ledger", "show", "Dealer Co")["open_negotiations"] == [1]
    listing = ok("ledger", "negotiations").stdout
    assert "practice" in listing and "Dealer Co" in listing and "open" in listing

    with open_store(str(db)) as store:
        coached = CoachSession.start(store, PLAN, counterparty="dealer co")
    assert "coached" in ok("ledger", "negotiations").stdout
    with open_store(str(db)) as store:
        practice = CoachSession.resume(store, practice.negotiation_id)
        while not practice.ended:
            reply = practice.handle("we accept")
            if reply.question is not None:
                practice.handle("yes")
        practice.finish()
    [health] = as_json("ledger")
    assert health["negotiations"] == 1 and health["open_negotiations"] == 1
    history = as_json("ledger", "show", "Dealer Co")
    assert [h["negotiation"] for h in history["history"]] == [practice.negotiation_id]
    assert history["open_negotiations"] == [coached.negotiation_id]


def test_a_deal_made_in_accord_shows_its_terms(db: Path) -> None:
    """`ledger show` lists each deal in prices and terms, not only as utilities."""
    played = json.loads(
        ok("negotiate", str(DEALER), "--counterparty", "Dealer Co", "--json").stdout
    )
    assert played["outcome"]["agreement"]
    data = as_json("ledger", "show", "Dealer Co")
    [(neg, terms)] = data["agreed_terms"].items()
    assert terms.startswith("rebate=") and "%" in terms and "days" in terms
    assert f"#{neg} Terms: {terms}" in ok("ledger", "show", "Dealer Co").stdout.replace("\n", " ")


def test_terms_with_a_plan_that_knows_nothing_of_them_take_their_utility_as_given(
    db: Path, tmp_path: Path
) -> None:
    """A plan without `their_preferences` values the terms for us; what they are worth to
    them is the user's `--utility-them`, said to be given; with an estimate, not both."""
    import yaml

    data = yaml.safe_load(PLAN.read_text())
    data.pop("their_preferences", None)
    data["scenario"] = str(DEALER)
    bare = tmp_path / "bare.plan.yaml"
    bare.write_text(yaml.safe_dump(data))
    terms = ["--terms", "rebate=1.5, stock=2, payment_days=60, co_marketing=yes, term_years=2"]
    refused = accord("ledger", "record", "Acme", "--plan", str(bare), *terms)
    assert refused.exit_code == 2 and "--utility-them with the terms" in refused.stderr
    out = ok("ledger", "record", "Acme", "--plan", str(bare), *terms, "--utility-them", "0.45")
    assert "0.450 to them as given" in out.stdout
    assert as_json("ledger", "show", "Acme")["terms"]["1"]["utilities"][1] == 0.45
    both = accord("ledger", "record", "Acme", "--plan", str(PLAN), *terms, "--utility-them", "0.4")
    assert both.exit_code == 2 and "field '--utility-them'" in both.stderr


def test_a_deal_whose_scenario_changed_shows_no_terms_but_no_error(
    db: Path, tmp_path: Path
) -> None:
    scenario = tmp_path / "dealer.yaml"
    scenario.write_text(DEALER.read_text())
    ok("negotiate", str(scenario), "--counterparty", "Dealer Co")
    assert as_json("ledger", "show", "Dealer Co")["agreed_terms"]
    scenario.write_text("not: a scenario\n")  # edited since: the deal is not in it
    assert as_json("ledger", "show", "Dealer Co")["agreed_terms"] == {}
    scenario.unlink()  # or gone
    assert "Relationship with Dealer Co" in ok("ledger", "show", "Dealer Co").stdout
