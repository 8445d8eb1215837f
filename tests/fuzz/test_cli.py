"""A handful of damaged files through the commands that read them: exit code 2 and one
paragraph on stderr, never a traceback (the library tests above take the thousands)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from tests.fuzz.inputs import INPUTS
from typer.testing import CliRunner

from accord.cli.main import app
from accord.store import open_store

DEEP = b"[" * 5000 + b"]" * 5000


def _talks(**edit: object) -> bytes:
    data = INPUTS.json(INPUTS.transcript)
    data["transcript"]["events"][0].update(edit)
    return json.dumps(data, allow_nan=True).encode()


def _plan() -> bytes:
    """The example plan, naming its scenario by an absolute path (it is written elsewhere)."""
    named = f"scenario: {INPUTS.scenario}".encode()
    return INPUTS.plan.read_bytes().replace(b"scenario: dealer_rebate.yaml", named)


def _results_header(**edit: object) -> bytes:
    first, rest = INPUTS.results.read_bytes().split(b"\n", 1)
    return json.dumps({**json.loads(first), **edit}).encode() + b"\n" + rest


def _laughs_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "genius"
    shutil.copytree(INPUTS.genius[0].parent, folder)
    domain = folder / INPUTS.genius[0].name
    head, _, body = domain.read_bytes().partition(b"?>")
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    doctype = f'<!DOCTYPE r [<!ENTITY l0 "lol">{laughs}]>'.encode()
    domain.write_bytes(head + b"?>" + doctype + body.replace(b'name="rebate"', b'name="&l9;"'))
    return folder


# (file name, its bytes, the command with {file} for its path)
CASES = {
    "scenario not UTF-8": (
        "s.yaml",
        b"\xff" + INPUTS.scenario.read_bytes(),
        ["analyze", "{file}"],
    ),
    "scenario nested deeply": ("s.yaml", b"name: " + DEEP, ["analyze", "{file}"]),
    "plan with a repeated key": (
        "p.plan.yaml",
        _plan() + b"name: a second name\n",
        ["plan", "check", "{file}"],
    ),
    "moves with NaN terms": (
        "m.moves.yaml",
        b"- we: {offer: {rebate: .nan, stock: 2.0, payment_days: 30, term_years: 3}}\n",
        ["advise", str(INPUTS.plan), "{file}"],
    ),
    "transcript with an infinite turn": (
        "t.json",
        _talks(turn=float("inf")),
        ["advise", str(INPUTS.plan), "{file}"],
    ),
    "transcript offering outside the scenario": (
        "t.json",
        _talks(move={"kind": "offer", "outcome": 10**6}),
        ["debrief", "{file}", "--scenario", str(INPUTS.scenario)],
    ),
    "results with a task count in quotes": (
        "r.jsonl",
        _results_header(tasks="1e999"),
        ["report", "{file}", "--no-plots"],
    ),
    "results resumed with a line nested deeply": (
        "r.jsonl",
        INPUTS.results.read_bytes().replace(b"\n", b"\n" + DEEP + b"\n", 1),
        [
            "tournament",
            str(INPUTS.scenario),
            "--strategies",
            "boulware,conceder",
            "--backend",
            "serial",
            "--out",
            "{file}",
        ],
    ),
    "sweep with an integer beyond floats": (
        "sweep.yaml",
        b"- {alpha: 2, kappa: " + b"9" * 400 + b"}\n",
        [
            "tournament",
            str(INPUTS.scenario),
            "--strategies",
            "boulware,conceder",
            "--backend",
            "serial",
            "--series",
            "2",
            "--sweep",
            "{file}",
        ],
    ),
}


def _run(args: list[str], cwd: Path | None = None) -> tuple[int, str]:
    env = {"ACCORD_DB": None, "XDG_DATA_HOME": None if cwd is None else str(cwd)}
    with pytest.MonkeyPatch.context() as patch:
        if cwd is not None:
            patch.chdir(cwd)
        result = CliRunner().invoke(app, args, env=env)
    return result.exit_code, result.output + result.stderr


def _refused(code: int, output: str) -> None:
    assert code == 2, output
    assert "Traceback" not in output and "error" in output, output
    assert "\n\n" not in output.strip(), output  # one paragraph


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_damaged_file_is_one_paragraph_and_exit_2(tmp_path: Path, case: str) -> None:
    name, data, command = CASES[case]
    path = tmp_path / name
    path.write_bytes(data)
    _refused(*_run([a.replace("{file}", str(path)) for a in command]))


LONG = "x" * 5000  # longer than any system allows a file name
#: Each command given a path the system cannot even look up.
LONG_PATHS = [
    ["analyze", f"{LONG}.yaml"],
    ["analyze", LONG],
    ["plan", "check", f"{LONG}.yaml"],
    ["advise", str(INPUTS.plan), f"{LONG}.json"],
    ["debrief", f"{LONG}.json"],
    ["report", f"{LONG}.jsonl"],
    ["ledger", "import", f"{LONG}.json"],
    ["tournament", str(INPUTS.scenario), "--strategies", "boulware,conceder", "--backend",
     "serial", "--out", f"{LONG}.jsonl"],
]  # fmt: skip


@pytest.mark.parametrize("args", LONG_PATHS, ids=lambda args: " ".join(args[:2])[:30])
def test_a_path_too_long_is_no_such_file(tmp_path: Path, args: list[str]) -> None:
    _refused(*_run(args, cwd=tmp_path))


def test_a_genius_folder_with_a_billion_laughs(tmp_path: Path) -> None:
    _refused(*_run(["analyze", str(_laughs_folder(tmp_path))]))


def test_a_refused_ledger_import_leaves_the_database_file_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"  # empty: the damaged negotiation is new to it
    with open_store(str(db)):
        pass
    export = INPUTS.json(INPUTS.export)
    export["negotiations"][0]["outcome"]["metrics"] = {"welfare": float("nan")}
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(export, allow_nan=True), encoding="utf-8")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    _refused(*_run(["ledger", "import", str(path), "--db", str(db)]))
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
