"""`accord class debrief CASE TRANSCRIPT...`: a class's transcripts debriefed at once, the
same figures as the library, the CSV and JSON, and bad input refused with exit code 2."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from accord.classroom.cases import case
from accord.classroom.class_debrief import COLUMNS, PairNegotiation, class_debrief
from accord.cli.main import app
from accord.protocol.engine import Negotiation
from accord.protocol.transcript import Transcript
from accord.strategies import make

runner = CliRunner()
PLAYS = {"ann_bo": ("diplomat", "hardliner"), "cy_di": ("boulware", "boulware")}


def write(folder: Path, stem: str, a: str, b: str, names: tuple[str, str] | None = None) -> Path:
    t = Negotiation(case("dealer_rebate").scenario, make(a), make(b), seed=0).run()
    if names is not None:  # as the coach stores a person's seat
        t = Transcript(t.scenario, names, t.seed, t.rounds, t.events, t.ending)
    path = folder / f"{stem}.json"
    path.write_text(json.dumps({"transcript": t.to_json()}), encoding="utf-8")
    return path


def test_the_class_debrief_of_transcript_files(tmp_path: Path) -> None:
    files = [write(tmp_path, k, a, b) for k, (a, b) in PLAYS.items()]
    out = tmp_path / "class.csv"
    r = runner.invoke(
        app,
        ["class", "debrief", "dealer_rebate", *map(str, files), "--csv", str(out), "--all-seats"],
    )
    assert r.exit_code == 0, r.output
    assert "Deals: 1 of 2 pairs (50%)" in r.output and "ann_bo" in r.output
    assert "ultimatum refused" in r.output and "Principles broken" in r.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [row["pair"] for row in rows] == ["ann_bo", "cy_di"]
    assert list(rows[0]) == list(COLUMNS)
    assert (rows[0]["student_a"], rows[0]["agreement"]) == ("ann_bo:A", "no")
    j = runner.invoke(
        app, ["class", "debrief", "dealer_rebate", *map(str, files), "--json", "--all-seats"]
    )
    assert j.exit_code == 0, j.output
    pairs = [
        PairNegotiation(
            p.stem,
            Transcript.from_json(json.loads(p.read_text())["transcript"]),
            (f"{p.stem}:A", f"{p.stem}:B"),
        )
        for p in files
    ]
    assert json.loads(j.output) == json.loads(
        json.dumps(class_debrief(case("dealer_rebate").scenario, pairs).to_json())
    )


def test_only_people_are_students_unless_all_seats(tmp_path: Path) -> None:
    robots = write(tmp_path, "robots", "diplomat", "boulware(e=0.2)")
    coached = write(tmp_path, "ann", "diplomat", "diplomat", names=("coach", "diplomat"))
    r = runner.invoke(app, ["class", "debrief", "dealer_rebate", str(robots), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["students"] == 0 and data["principles"] == []
    assert (
        "No student seats"
        in runner.invoke(app, ["class", "debrief", "dealer_rebate", str(robots)]).output
    )
    r = runner.invoke(app, ["class", "debrief", "dealer_rebate", str(coached), "--json"])
    data = json.loads(r.output)
    assert data["students"] == 1 and data["pairs"][0]["students"] == {"A": "ann:A", "B": None}


def test_bad_input_is_one_paragraph_and_exit_2(tmp_path: Path) -> None:
    f = write(tmp_path, "p1", "diplomat", "hardliner")
    cases = [
        (["dealer_rebate", str(f), str(f)], "two transcripts are named 'p1'"),
        (["saas_renewal", str(f)], "p1: the transcript is of scenario"),
        (["no_such_case", str(f)], "no case called 'no_such_case'"),
        (["dealer_rebate", str(tmp_path / "missing.json")], "no such file"),
        (["dealer_rebate", str(f), "--csv", str(tmp_path / "x.txt")], "must be a .csv file"),
    ]
    for args, message in cases:
        r = runner.invoke(app, ["class", "debrief", *args])
        assert r.exit_code == 2, (args, r.output)
        assert message in r.output and "Traceback" not in r.output
    assert not (tmp_path / "x.txt").exists()
