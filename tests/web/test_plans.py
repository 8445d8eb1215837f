"""Plans in the web app: the list, the form with its live derived panel, saving, the
download, the JSON API, the helpers the negotiation page uses, and bad input."""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.web.conftest import Client

from accord.errors import InputError
from accord.plan import load_plan
from accord.plan.derive import check_plan
from accord.store.plans import plan_versions
from accord.web.accounts import LOCAL
from accord.web.plans import default_plan, plan_path
from accord.web.workspace import Workspace, shipped_folder

EXAMPLE = shipped_folder() / "saas_renewal.plan.yaml"


class FormReader(HTMLParser):
    """What a browser would submit from the page's form `plan-form`, and every control's
    id and label, to check the form is usable from the keyboard."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.ids: list[str] = []
        self.labels: set[str] = set()
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._first: tuple[str, str] | None = None
        self._chosen = False
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == "plan-form":
            self._in_form = True
        if tag == "label" and "for" in a:
            self.labels.add(a["for"])
        if not self._in_form:
            return
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.ids.append(a.get("id", ""))
        if tag == "input":
            checkable = a.get("type") in ("checkbox", "radio")
            if not checkable or "checked" in a:
                self.fields.append((a["name"], a.get("value", "on" if checkable else "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""
        elif tag == "select":
            self._select, self._first, self._chosen = a["name"], None, False
        elif tag == "option" and self._select is not None:
            if self._first is None:
                self._first = (self._select, a.get("value", ""))
            if "selected" in a:
                self.fields.append((self._select, a.get("value", "")))
                self._chosen = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._chosen and self._first is not None:
                self.fields.append(self._first)
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data


def read_form(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    return reader


def page_fields(client: Client, url: str) -> dict[str, Any]:
    """The form on `url` as a browser submits it (lists for repeated names)."""
    page = client.get(url)
    assert page.status_code == 200, page.text
    out: dict[str, Any] = {}
    for name, value in read_form(page.text).fields:
        if name in out:
            out[name] = [*([out[name]] if isinstance(out[name], str) else out[name]), value]
        else:
            out[name] = [value] if name in ("bargain.tactics", "keep_for_close") else value
    return out


def workspace(client: Client) -> Workspace:
    found: Workspace = client.app.state.workspaces.get(LOCAL)  # type: ignore[attr-defined]
    return found


def stored(client: Client) -> tuple[list[Path], int]:
    """The person's plan files and the number of plan versions in their store."""
    ws = workspace(client)
    files = sorted(ws.plan_folder.glob("*.plan.yaml")) if ws.plan_folder.is_dir() else []
    return files, len(plan_versions(ws.store))


def new_fields(client: Client, name: str = "renewal", **changes: Any) -> dict[str, Any]:
    fields = page_fields(client, "/plans/new?scenario=saas_renewal")
    fields["name"] = name
    fields.update(changes)
    return fields


# The list -------------------------------------------------------------------------


def test_list_shows_the_examples_and_a_new_plan_form(client: Client) -> None:
    page = client.get("/plans")
    assert page.status_code == 200
    assert 'href="/plans/saas_renewal"' in page.text
    assert 'href="/negotiations/new?plan=saas_renewal"' in page.text
    assert 'action="/plans/new"' in page.text and '<option value="japan_supplier">' in page.text
    chooser = client.get("/plans/new")
    assert chooser.status_code == 200 and 'name="scenario"' in chooser.text


def test_list_shows_a_saved_plan_with_scenario_side_and_time(client: Client) -> None:
    r = client.act("/plans", new_fields(client, "my renewal", side="B"))
    assert r.status_code == 204 and r.headers["HX-Redirect"] == "/plans/my%20renewal?saved=1"
    rows = {p["name"]: p for p in client.get("/api/plans").json()}
    mine = rows["my renewal"]
    assert (mine["scenario"], mine["side"], mine["shipped"]) == ("saas_renewal", "B", False)
    assert mine["saved"] and rows["saas_renewal"]["saved"] is None
    assert 'href="/plans/my%20renewal"' in client.get("/plans").text


# The form and its derived panel ---------------------------------------------------


def test_new_plan_form_starts_from_the_template_with_every_control_labelled(
    client: Client,
) -> None:
    page = client.get("/plans/new?scenario=saas_renewal&side=A")
    assert page.status_code == 200
    form = read_form(page.text)
    fields = dict(form.fields)
    assert fields["name"] == "saas_renewal plan"
    assert fields["scenario"] == "saas_renewal" and fields["side"] == "A"
    assert "What do we want?" in page.text and "Our position: what we want and why." in page.text
    assert 'name="stance.edge"' in page.text and 'name="their_preferences.source"' in page.text
    assert 'hx-post="/plans/check"' in page.text
    assert "input changed delay:400ms" in page.text
    assert form.ids and all(i and i in form.labels for i in form.ids), set(form.ids) - form.labels
    assert "What the plan implies" in page.text  # the derived panel, rendered on the server


def test_example_on_the_form_derives_what_plan_check_derives(client: Client) -> None:
    fields = page_fields(client, "/plans/saas_renewal")
    panel = client.act("/plans/check", fields)
    assert panel.status_code == 200
    assert "<html" not in panel.text  # a fragment for #derived
    report = check_plan(load_plan(EXAMPLE))
    for key, p in report.packages().items():
        assert f'id="derived-{key}"' in panel.text
        assert f"{p.level:.3f}" in panel.text
    assert "price_per_seat: <strong>$120/seat</strong>" in panel.text  # terms with units
    assert f"{report.target:.3f}" in panel.text and "Concession schedule" in panel.text
    assert stored(client) == ([], 0)  # checking saves nothing


def test_live_check_follows_what_is_typed(client: Client) -> None:
    fields = new_fields(client, target="0.7")
    panel = client.act("/plans/check", fields)
    assert panel.status_code == 200
    assert '<td class="num">0.700</td>' in panel.text
    assert "given" in panel.text
    fields["walk_away"] = "0.2"  # below the BATNA: an error among the warnings
    panel = client.act("/plans/check", fields)
    assert 'data-code="walk_away_below_batna"' in panel.text
    fields["batna.utility"] = "abc"
    bad = client.act("/plans/check", fields)
    assert bad.status_code == 422 and "Not a valid plan yet" in bad.text
    assert "batna.utility" in bad.text and 'href="#f-batna-utility"' in bad.text
    assert stored(client) == ([], 0)


def test_check_without_htmx_renders_the_whole_page(client: Client) -> None:
    fields = new_fields(client, target="0.65") | {"csrf": client.csrf()}
    page = client.post("/plans/check", data=fields)
    assert page.status_code == 200 and "<html" in page.text
    assert '<td class="num">0.650</td>' in page.text and 'value="0.65"' in page.text


def test_their_estimate_on_the_form_informs_the_numbers(client: Client) -> None:
    fields = new_fields(client)
    fields["their_preferences.source"] = "estimate"
    for issue, w in (("price_per_seat", "0.5"), ("support", "0.3"), ("term", "0.2")):
        fields[f"their_preferences.weights.{issue}"] = w
    panel = client.act("/plans/check", fields)
    assert panel.status_code == 200, panel.text
    assert 'id="derived-estimated_nash"' in panel.text and "to them" in panel.text
    assert 'data-code="unknown_counterpart"' not in panel.text


# Saving ---------------------------------------------------------------------------


def test_save_writes_the_file_and_a_version_each_time(client: Client) -> None:
    fields = new_fields(client, counterpart="Acme procurement") | {"csrf": client.csrf()}
    r = client.post("/plans", data=fields, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/plans/renewal?saved=1"
    files, versions = stored(client)
    assert [f.name for f in files] == ["renewal.plan.yaml"] and versions == 1
    plan = load_plan(files[0])  # the file reads as accord plan check reads it
    assert plan.counterpart == "Acme procurement" and plan.scenario is not None
    body = yaml.safe_load(files[0].read_text())
    assert Path(body["scenario"]).is_absolute()
    page = client.get(r.headers["location"])
    assert "Saved (version 1)" in page.text
    assert 'href="/negotiations/new?plan=renewal"' in page.text
    assert load_plan(files[0]).elements["our_position"]["why"] == ""
    again = page_fields(client, "/plans/renewal")
    again["our_position.why"] = "line one\r\nline two"  # as a browser sends a text area
    assert again["original"] == "renewal" and again["counterpart"] == "Acme procurement"
    r = client.act("/plans", again | {"target": "0.62"})
    assert r.status_code == 204
    assert stored(client)[1] == 2 and load_plan(files[0]).target == pytest.approx(0.62)
    assert load_plan(files[0]).elements["our_position"]["why"] == "line one\nline two"
    assert "why: |" in files[0].read_text()  # a block, as a person writes it


@pytest.mark.parametrize(
    ("changes", "control", "words"),
    [
        ({"batna.utility": "1.5"}, "batna-utility", "batna.utility"),
        ({"batna.utility": "abc"}, "batna-utility", "batna.utility"),
        ({"walk_away": "0.5", "target": "0.4"}, "target", "at least the walk-away"),
        ({"walk_away": "0.1", "batna.utility": "0.3"}, "walk_away", "at least the BATNA"),
        ({"rounds": "0"}, "rounds", "rounds"),
        ({"stance.edge": "2"}, "stance-edge", "stance.edge"),
        ({"name": "bad/name"}, "name", "cannot name a plan"),
        ({"name": "new"}, "name", "the pages use"),
        ({"name": "saas_renewal"}, "name", "a plan called 'saas_renewal' exists"),
        ({"keep_for_close": []} | {"side": "B"}, None, None),
    ],
)
def test_an_invalid_plan_is_shown_inline_and_nothing_is_stored(
    client: Client, changes: dict[str, Any], control: str | None, words: str | None
) -> None:
    fields = new_fields(client, **changes)
    r = client.act("/plans", fields)
    if control is None:  # the control case: valid, saved
        assert r.status_code == 204
        return
    assert r.status_code == 422
    assert f'id="f-{control}-error"' in r.text and words in html.unescape(r.text)
    assert 'class="error"' in r.text
    assert re.search(f'aria-describedby="[^"]*f-{control}-error"', r.text) or control == "name"
    assert stored(client) == ([], 0)
    assert 'name="counterpart"' in r.text  # the form again, as typed


class Described(HTMLParser):
    """Each control's aria-describedby values, as many times as the tag writes it."""

    def __init__(self) -> None:
        super().__init__()
        self.described: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ids = [v for k, v in attrs if k == "id"]
        if tag in ("input", "select", "textarea") and ids:
            self.described[ids[0] or ""] = [v or "" for k, v in attrs if k == "aria-describedby"]


def test_an_invalid_control_with_help_names_both_in_one_aria_describedby(
    client: Client,
) -> None:
    r = client.act("/plans", new_fields(client, **{"batna.utility": "1.5"}))
    assert r.status_code == 422
    reader = Described()
    reader.feed(r.text)
    assert reader.described["f-batna-utility"] == ["f-batna-utility-help f-batna-utility-error"]
    assert reader.described["f-walk_away"] == ["f-walk_away-help"]  # valid: its help only


def test_add_ons_the_other_side_gives_are_not_kept_for_our_close(client: Client) -> None:
    r = client.act("/plans", new_fields(client, side="B", keep_for_close=["training_days"]))
    assert r.status_code == 204
    files, _ = stored(client)
    assert load_plan(files[0]).keep_for_close == ()
    r = client.act("/plans", new_fields(client, "as A", keep_for_close=["training_days"]))
    assert load_plan(plan_path(workspace(client), "as A")).keep_for_close == ("training_days",)


def test_unknown_scenario_is_refused_naming_the_ones_there_are(client: Client) -> None:
    page = client.get("/plans/new?scenario=nope")
    assert page.status_code == 422 and "no scenario" in page.text
    assert "saas_renewal" in page.text
    r = client.act("/plans", new_fields(client) | {"scenario": "nope"})
    assert r.status_code == 422 and stored(client) == ([], 0)
    assert client.get("/plans/nope").status_code == 422


def test_names_and_texts_are_escaped(client: Client) -> None:
    r = client.act("/plans", new_fields(client, "<script>x</script>"))
    assert r.status_code == 422
    assert "<script>x" not in r.text and "&lt;script&gt;x" in r.text
    evil = "<script>alert(1)</script>"
    r = client.act("/plans", new_fields(client, counterpart=evil, **{"our_position.wants": evil}))
    assert r.status_code == 204
    page = client.get("/plans/renewal")
    assert evil not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert client.get("/plans/<script>").status_code == 422
    assert "<script>" not in client.get("/plans/<script>").text.split("</head>")[1]


def test_saving_needs_the_csrf_token(client: Client) -> None:
    fields = new_fields(client)
    del fields["csrf"]
    assert client.post("/plans", data=fields).status_code == 403
    assert client.post("/plans", data=fields | {"csrf": "wrong"}).status_code == 403
    assert client.post("/plans/check", data=fields).status_code == 403
    assert stored(client) == ([], 0)


# Download -------------------------------------------------------------------------


def test_download_is_a_yaml_attachment_that_plan_check_reads(
    client: Client, tmp_path: Path
) -> None:
    client.act("/plans", new_fields(client, target="0.6"))
    r = client.get("/plans/renewal/yaml")
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="renewal.plan.yaml"'
    assert yaml.safe_load(r.text)["scenario"] == "saas_renewal.yaml"
    out = tmp_path / "dl"
    out.mkdir()
    (out / "renewal.plan.yaml").write_text(r.text)
    shutil.copy(shipped_folder() / "saas_renewal.yaml", out)
    assert load_plan(out / "renewal.plan.yaml").target == pytest.approx(0.6)
    api = client.get("/api/plans/renewal/yaml")
    assert api.text == r.text and "attachment" in api.headers["content-disposition"]
    assert client.get("/plans/nope/yaml").status_code == 422


# The JSON API ---------------------------------------------------------------------


def test_api_reads_a_plan_with_its_packages_and_warnings(client: Client) -> None:
    r = client.get("/api/plans/saas_renewal")
    assert r.status_code == 200
    got = r.json()
    report = check_plan(load_plan(EXAMPLE))
    assert got["scenario"] == "saas_renewal" and got["shipped"] is True
    assert got["report"]["target"] == pytest.approx(report.target)
    assert set(got["report"]["packages"]) == set(report.packages())
    assert got["report"]["terms_shown"]["opening"].startswith("price_per_seat=$120/seat")
    assert got["report"]["warnings"] == [w.to_json() for w in report.warnings]
    assert got["negotiate"] == "/negotiations/new?plan=saas_renewal"
    missing = client.get("/api/plans/nope")
    assert missing.status_code == 400 and missing.json()["error"]["field"] == "plan"


def _plan(**changes: Any) -> dict[str, Any]:
    body = {"side": "A", "batna": {"utility": 0.3, "description": "lapse"}, "walk_away": 0.33}
    return body | changes


def test_api_saves_a_plan_given_as_fields_or_as_yaml(client: Client) -> None:
    r = client.post(
        "/api/plans", json={"name": "api plan", "scenario": "saas_renewal", "plan": _plan()}
    )
    assert r.status_code == 201, r.text
    assert r.json()["versions"] == 1 and r.json()["report"]["walk_away"] == pytest.approx(0.33)
    text = EXAMPLE.read_text()
    r = client.post("/api/plans", json={"name": "from yaml", "yaml": text})
    assert r.status_code == 201, r.text
    assert r.json()["report"]["target"] == pytest.approx(check_plan(load_plan(EXAMPLE)).target)
    names = [p["name"] for p in client.get("/api/plans").json()]
    assert "api plan" in names and "from yaml" in names
    again = client.post(
        "/api/plans", json={"name": "api plan", "scenario": "saas_renewal", "plan": _plan()}
    )
    assert again.status_code == 201 and again.json()["versions"] == 2  # a script updates


def test_api_check_saves_nothing(client: Client) -> None:
    r = client.post("/api/plans/check", json={"scenario": "saas_renewal", "plan": _plan()})
    assert r.status_code == 200
    got = r.json()
    assert got["walk_away"] == pytest.approx(0.33) and "packages" in got and "warnings" in got
    assert got["schedule"][0]["round"] == 0 and got["schedule"][-1]["time"] == 1.0
    assert stored(client) == ([], 0)


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"scenario": "nope", "plan": _plan()}, "scenario"),
        ({"scenario": "/etc/passwd", "plan": _plan()}, "scenario"),
        ({"scenario": "../../../etc/saas_renewal.yaml.x", "plan": _plan()}, "scenario"),
        ({"plan": _plan()}, "scenario"),
        ({"scenario": "saas_renewal", "plan": _plan(batna={"utility": 1.5})}, "batna.utility"),
        ({"scenario": "saas_renewal", "plan": _plan(target=0.2)}, "target"),
        ({"scenario": "saas_renewal", "plan": _plan(walk_away=0.1)}, "walk_away"),
        ({"scenario": "saas_renewal", "plan": _plan(sides="A")}, "sides"),
        ({"yaml": "scenario: [unclosed"}, "yaml"),
        ({"yaml": "- a list"}, "yaml"),
        ({"scenario": "saas_renewal"}, "plan"),
    ],
)
def test_api_refuses_bad_plans_and_stores_nothing(
    client: Client, given: dict[str, Any], field: str
) -> None:
    r = client.post("/api/plans", json={"name": "bad", **given})
    assert r.status_code == 400, r.text
    assert r.json()["error"]["field"] == field
    assert stored(client) == ([], 0)


def test_api_refuses_an_infinite_number(client: Client) -> None:
    text = EXAMPLE.read_text().replace("  late: 0.85", "  late: 0.85\n  resentment_alert: .inf")
    r = client.post("/api/plans", json={"name": "inf", "yaml": text})
    assert r.status_code == 400 and "infinite" in r.json()["error"]["message"]
    assert stored(client) == ([], 0)


def test_a_batna_by_its_terms_and_their_scenario_estimate_round_trip_the_form(
    client: Client,
) -> None:
    terms = {
        "price_per_seat": 108,
        "seats": 1200,
        "term": 2,
        "uplift_cap": 3,
        "payment_terms": "quarterly",
        "support": "standard",
        "training_days": False,
    }
    plan = {"side": "A", "batna": {"terms": terms}, "their_preferences": "scenario"}
    r = client.post(
        "/api/plans", json={"name": "by terms", "scenario": "saas_renewal", "plan": plan}
    )
    assert r.status_code == 201, r.text
    saved = r.json()["report"]
    fields = page_fields(client, "/plans/by%20terms")
    assert fields["batna.utility"] == "" and "price_per_seat: 108" in fields["batna.terms"]
    assert fields["their_preferences.source"] == "scenario"
    panel = client.act("/plans/check", fields)
    assert panel.status_code == 200
    assert f"{saved['batna']['utility']:.3f}" in panel.text
    assert f"{saved['estimated_nash'][0]:.3f}" in panel.text
    assert client.act("/plans", fields).status_code == 204
    again = client.get("/api/plans/by%20terms").json()
    assert again["plan"]["batna"]["terms"] == terms and again["versions"] == 2
    assert again["report"]["target"] == pytest.approx(saved["target"])


def test_new_plan_for_side_b_starts_from_b(client: Client) -> None:
    fields = page_fields(client, "/plans/new?scenario=dealer_rebate&side=B")
    assert fields["side"] == "B"
    assert client.act("/plans", fields).status_code == 204
    got = client.get("/api/plans/dealer_rebate%20plan").json()
    assert got["plan"]["side"] == "B" and got["report"]["side"] == "B"


def test_api_refuses_a_missing_or_bad_name(client: Client) -> None:
    body = {"scenario": "saas_renewal", "plan": _plan()}
    assert client.post("/api/plans", json=body).json()["error"]["field"] == "name"
    r = client.post("/api/plans", json=body | {"name": "<b>"})
    assert r.status_code == 400 and r.json()["error"]["field"] == "name"
    assert stored(client) == ([], 0)


def test_api_check_of_a_yaml_plan_with_warnings(client: Client) -> None:
    text = EXAMPLE.read_text().replace("walk_away: 0.33", "walk_away: 0.2")
    got = client.post("/api/plans/check", json={"yaml": text}).json()
    codes = [w["code"] for w in got["warnings"]]
    assert "walk_away_below_batna" in codes  # a check shows it; a save refuses it
    assert client.post("/api/plans", json={"name": "x", "yaml": text}).status_code == 400


# The helpers other pages use ---------------------------------------------------------


def test_plan_path_finds_own_and_shipped_plans(client: Client) -> None:
    ws = workspace(client)
    assert plan_path(ws, "saas_renewal") == EXAMPLE
    client.act("/plans", new_fields(client, "saas_renewal", original="saas_renewal"))
    own = plan_path(ws, "saas_renewal")
    assert own == ws.plan_folder / "saas_renewal.plan.yaml" and own.exists()
    with pytest.raises(InputError, match="no plan 'nope'"):
        plan_path(ws, "nope")


def test_default_plan_is_written_once_from_the_template(client: Client) -> None:
    ws = workspace(client)
    path = default_plan(ws, "dealer_rebate", "b")
    assert path.name == "dealer_rebate practice B.plan.yaml"
    plan = load_plan(path)
    assert plan.side == "B" and plan.scenario is not None and plan.scenario.name
    assert "# Preparation plan (P1)" in path.read_text()  # the commented template
    assert len(plan_versions(ws.store, "dealer_rebate practice B")) == 1
    path.write_text(path.read_text().replace("counterpart:", "counterpart: 'kept' #"))
    assert default_plan(ws, "dealer_rebate", "B") == path
    assert "'kept'" in path.read_text()  # an edited plan is kept
    assert len(plan_versions(ws.store, "dealer_rebate practice B")) == 1
    assert plan_path(ws, "dealer_rebate practice B") == path
    assert client.get("/plans/dealer_rebate%20practice%20B").status_code == 200
    with pytest.raises(InputError):
        default_plan(ws, "nope", "A")
    with pytest.raises(InputError, match="side"):
        default_plan(ws, "dealer_rebate", "C")


def test_a_damaged_plan_file_is_listed_with_its_problem(client: Client) -> None:
    ws = workspace(client)
    ws.plan_folder.mkdir(parents=True)
    (ws.plan_folder / "broken.plan.yaml").write_text("scenario: [unclosed")
    rows = {p["name"]: p for p in client.get("/api/plans").json()}
    assert "malformed YAML" in rows["broken"]["problem"]
    assert client.get("/plans").status_code == 200
    assert client.get("/plans/broken").status_code == 422
    assert json.loads(client.get("/api/plans/broken").text)["error"]["source"]
