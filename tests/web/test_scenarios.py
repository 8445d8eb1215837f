"""Scenarios in the web app: the list, uploads (good and bad), the form, the page, the API."""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import httpx
import numpy as np
import pytest
import yaml
from tests.web.conftest import Client, make_client

from accord.formats import load_scenario
from accord.formats.strict_yaml import parse_yaml
from accord.preferences.utility import LinearAdditiveUtility
from accord.web.workspace import shipped_folder

DEALER = shipped_folder() / "dealer_rebate.yaml"
LAPTOP = Path(__file__).parents[1] / "data" / "genius" / "Laptop"


class FormReader(HTMLParser):
    """What a browser submits from the form `scenario-form`, and each control's id and label."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.ids: list[str] = []
        self.labels: set[str] = set()
        self._on = False
        self._area: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == "scenario-form":
            self._on = True
        if tag == "label" and "for" in a:
            self.labels.add(a["for"])
        if not self._on:
            return
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.ids.append(a.get("id", ""))
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") != "submit":
            self.fields[name] = a.get("value", "")
        elif tag == "textarea":
            self._area, self.fields[name] = name, ""
        elif tag == "select":
            self._select = name
        elif (
            tag == "option"
            and self._select
            and ("selected" in a or self._select not in self.fields)
        ):
            self.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._on = False
        elif tag == "textarea":
            self._area = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._area:
            self.fields[self._area] += data


def text(r: httpx.Response) -> str:
    """The page as a person reads it (entities such as &#39; decoded)."""
    return html.unescape(r.text)


def read_form(page: str) -> FormReader:
    reader = FormReader()
    reader.feed(page)
    return reader


def own(client: Client) -> Path:
    folder: Path = client.app.state.settings.data / "scenarios"
    return folder


def listing(client: Client) -> list[str]:
    folder = own(client)
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def upload(client: Client, filename: str, data: bytes, name: str = "") -> httpx.Response:
    return client.post(
        "/scenarios/upload",
        data={"csrf": client.csrf(), "name": name},
        files={"file": (filename, data)},
        follow_redirects=False,
    )


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buffer.getvalue()


def laptop_zip(folder: str = "Laptop/") -> bytes:
    return zipped({folder + p.name: p.read_bytes() for p in LAPTOP.iterdir()})


# the list and a scenario's page ----------------------------------------------------------


def test_list_shows_the_examples_and_the_upload_form(client: Client) -> None:
    page = client.get("/scenarios")
    assert page.status_code == 200
    for name in ("dealer_rebate", "saas_renewal", "japan_supplier"):
        assert f'href="/scenarios/{name}"' in text(page)
    assert 'enctype="multipart/form-data"' in text(page) and 'for="upload-file"' in text(page)
    assert "Delete" not in text(page)  # examples are read-only


def test_scenario_page_shows_terms_weights_batna_and_links(client: Client) -> None:
    page = client.get("/scenarios/dealer_rebate")
    assert page.status_code == 200
    shown = text(page)
    assert "Dealer rebate renewal" in shown
    assert "1%, 1.25%, 1.5%, 1.75%, 2%" in shown and "30 days, 45 days, 60 days, 90 days" in shown
    assert "35%" in shown and "45%" in shown  # weights
    assert "0.30" in shown and "Move the volume to the second dealer" in shown  # BATNA
    for href in (
        "/scenarios/dealer_rebate/analysis",
        "/plans/new?scenario=dealer_rebate",
        "/negotiations/new?scenario=dealer_rebate",
        "/scenarios/dealer_rebate/yaml",
    ):
        assert f'href="{href}"' in shown


def test_unknown_scenario_is_an_error_naming_the_known_ones(client: Client) -> None:
    page = client.get("/scenarios/nope")
    assert page.status_code == 422 and "no scenario" in text(page) and "dealer_rebate" in text(page)
    api = client.get("/api/scenarios/nope")
    assert api.status_code == 400 and api.json()["error"]["field"] == "scenario"


def test_yaml_download_is_the_file(client: Client) -> None:
    r = client.get("/scenarios/dealer_rebate/yaml")
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="dealer_rebate.yaml"'
    assert r.text == DEALER.read_text()
    assert client.get("/api/scenarios/dealer_rebate/yaml").text == DEALER.read_text()


# uploads -------------------------------------------------------------------------------


def test_upload_yaml_keeps_it_under_its_name(client: Client) -> None:
    r = upload(client, "my deal.yaml", DEALER.read_bytes())
    assert r.status_code == 303 and r.headers["location"] == "/scenarios/my%20deal"
    assert listing(client) == ["my deal.yaml"]
    page = client.get("/scenarios")
    assert 'href="/scenarios/my%20deal"' in text(page) and "Delete my deal" in text(page)
    named = upload(client, "x.yaml", DEALER.read_bytes(), name="renewal 2026")
    assert named.status_code == 303
    assert listing(client) == ["my deal.yaml", "renewal 2026.yaml"]


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda t: t.replace("rounds: 20", "rounds: [20"), "malformed YAML at line"),
        (lambda t: t.replace("    step: 0.25\n", "    stpe: 0.25\n", 1), "stpe"),
        (lambda t: t.replace("utility: 0.30", "utility: 1.5"), "batna"),
        (lambda t: t.replace("step: 0.25", "step: 0.3", 1), "steps of 0.3"),
    ],
    ids=["malformed", "unknown field", "batna above 1", "grid misses high"],
)
def test_a_bad_yaml_upload_names_file_and_field_and_stores_nothing(
    client: Client, edit: Callable[[str], str], says: str
) -> None:
    bad = edit(DEALER.read_text())
    r = upload(client, "bad deal.yaml", bad.encode())
    assert r.status_code == 422
    shown = text(r)
    assert "in bad deal.yaml" in shown and says in shown and 'role="alert"' in shown
    assert listing(client) == []


def test_upload_refuses_other_files_a_shipped_name_and_no_file(client: Client) -> None:
    r = upload(client, "notes.txt", b"hello")
    assert r.status_code == 422 and "unknown kind of file" in text(r)
    r = upload(client, "dealer_rebate.yaml", DEALER.read_bytes())
    assert r.status_code == 422 and "already a scenario called" in text(r)
    r = client.post("/scenarios/upload", data={"csrf": client.csrf()})
    assert r.status_code == 422 and "no file chosen" in text(r)
    r = upload(client, "x.yaml", DEALER.read_bytes(), name="../evil")
    assert r.status_code == 422 and "cannot name a scenario" in text(r)
    assert listing(client) == []


def test_too_big_an_upload_is_refused(tmp_path: Path) -> None:
    with make_client(tmp_path, max_upload=1000) as c:
        r = upload(c, "big.yaml", b"#" * 1001)
        assert r.status_code == 422 and "too large" in text(r)
        assert listing(c) == []


def test_genius_zip_is_kept_as_a_folder(client: Client) -> None:
    r = upload(client, "Laptop.zip", laptop_zip())
    assert r.status_code == 303
    folder = own(client) / "Laptop"
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in LAPTOP.iterdir())
    page = client.get("/scenarios/Laptop")
    assert page.status_code == 200 and "GENIUS" not in text(page)
    assert "GENIUS folder" in client.get("/scenarios").text
    as_yaml = client.get("/scenarios/Laptop/yaml").text  # written as YAML
    assert parse_yaml(as_yaml)["name"] == "Laptop"


@pytest.mark.parametrize(
    ("files", "says"),
    [
        ({"../evil.xml": b"<x/>"}, "unsafe entry '../evil.xml'"),
        ({"/etc/evil.xml": b"<x/>"}, "unsafe entry"),
        ({"a/../../evil.xml": b"<x/>"}, "unsafe entry"),
        ({"C:/evil.xml": b"<x/>"}, "unsafe entry"),
        ({"readme.txt": b"hi"}, "no XML file"),
        ({f"f{k}.xml": b"<x/>" for k in range(70)}, "70 entries"),
        ({"a/d.xml": b"<x/>", "b/p.xml": b"<x/>"}, "several folders"),
        ({"d.xml": b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;</x>"}, "entities"),
    ],
    ids=["dotdot", "absolute", "nested dotdot", "drive", "no xml", "many", "folders", "entity"],
)
def test_an_unsafe_or_bad_zip_stores_nothing(
    client: Client, files: dict[str, bytes], says: str
) -> None:
    r = upload(client, "evil.zip", zipped(files))
    assert r.status_code == 422, r.text
    assert "evil.zip" in text(r) and says in text(r)
    assert listing(client) == []
    assert not (own(client).parent / "evil.xml").exists()


def test_a_zip_that_unpacks_too_far_is_refused(tmp_path: Path) -> None:
    with make_client(tmp_path, max_upload=20_000) as c:
        bomb = zipped({"d.xml": b"<x>" + b" " * 200_000 + b"</x>"})
        assert len(bomb) < 20_000
        r = upload(c, "bomb.zip", bomb)
        assert r.status_code == 422 and "unpacks to too much" in text(r)
        assert listing(c) == []
        r = upload(c, "junk.zip", b"PK not a zip")
        assert r.status_code == 422 and "not a readable zip" in text(r)


def test_a_scenario_named_script_renders_as_text(client: Client) -> None:
    evil = DEALER.read_text().replace(
        "name: Dealer rebate renewal", "name: \"<script>alert('x')</script>\""
    )
    evil = evil.replace("name: Dealer\n", 'name: "<img src=x onerror=alert(1)>"\n')
    assert upload(client, "xss.yaml", evil.encode()).status_code == 303
    for url in ("/scenarios", "/scenarios/xss", "/scenarios/xss/analysis", "/scenarios/xss/edit"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "<script>alert" not in page.text and "<img src=x" not in page.text, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in page.text, url
        if not url.endswith("/edit"):  # the form names the file, not the title
            assert "&lt;script&gt;alert(" in page.text, url


# the form -------------------------------------------------------------------------------


def test_blank_form_has_a_label_for_every_control(client: Client) -> None:
    page = client.get("/scenarios/new")
    assert page.status_code == 200
    form = read_form(page.text)
    assert form.ids and all(form.ids), "every control has an id"
    assert not [i for i in form.ids if i not in form.labels]
    assert "issue-1-name" in form.fields and "issue-2-name" not in form.fields


def test_each_weight_slider_is_labelled_by_its_issue(client: Client) -> None:
    page = client.get("/scenarios/new?start=saas_renewal").text
    labels = dict(re.findall(r'<label for="(weight-[AB]-\d+-slider)">([^<]*)</label>', page))
    assert labels and len(labels) == len(re.findall(r'type="range"', page))
    assert labels["weight-A-0-slider"] == "Weight of price_per_seat", labels
    assert len(set(labels.values())) == len(labels) // 2  # one name per issue, on each side


def test_the_dealer_example_can_be_built_in_the_form(client: Client) -> None:
    """A demanding scenario (real grids, ordered numbers with a table, an add-on, a peak)
    goes through the form's controls and saves as the same scenario."""
    form = read_form(client.get("/scenarios/new?start=dealer_rebate").text)
    fields = form.fields | {"name": "dealer again", "action": "save"}
    assert fields["fn-B-4"] == "peak" and fields["peak-B-4"] == "2"
    assert fields["score-A-2-1"] == "0.8" and fields["issue-3-kind"] == "addon"
    r = client.act("/scenarios/new", fields, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/scenarios/dealer%20again"
    built = load_scenario(own(client) / "dealer again.yaml")
    same_scenario(built, load_scenario(DEALER))
    assert (
        "description: Annual sales rebate paid to the dealer."
        in (own(client) / "dealer again.yaml").read_text()
    )


def same_scenario(a: object, b: object) -> None:
    from accord.model.scenario import Scenario

    assert isinstance(a, Scenario) and isinstance(b, Scenario)
    assert a.space.issues == b.space.issues and a.reservations == b.reservations
    assert a.context == b.context and a.deadline_rounds == b.deadline_rounds
    for pa, pb in zip(a.parties, b.parties, strict=True):
        ua, ub = pa.preferences.utility, pb.preferences.utility
        assert isinstance(ua, LinearAdditiveUtility) and isinstance(ub, LinearAdditiveUtility)
        assert np.allclose(ua.weights, ub.weights)
        assert all(np.allclose(x, y) for x, y in zip(ua.tables, ub.tables, strict=True))
        assert pa.preferences.batna.strip() == pb.preferences.batna.strip()


def small_form(**changes: str) -> dict[str, str]:
    """A two-issue scenario typed into the blank form."""
    fields = {
        "name": "Seats",
        "rounds": "12",
        "issue-0-name": "price",
        "issue-0-kind": "integer",
        "issue-0-low": "84",
        "issue-0-high": "120",
        "issue-0-step": "6",
        "issue-0-unit": "$/seat",
        "issue-1-name": "support",
        "issue-1-kind": "categorical",
        "issue-1-values": "standard, premium 24x7",
        "A-name": "Vendor",
        "A-batna": "0.3",
        "A-aspiration": "0.9",
        "B-name": "Customer",
        "B-batna": "0.35",
        "B-aspiration": "",
        "weight-A-0": "70",
        "weight-A-1": "30",
        "fn-A-0": "high",
        "fn-A-1": "table",
        "scorefor-A-1-0": "standard",
        "score-A-1-0": "1",
        "scorefor-A-1-1": "premium 24x7",
        "score-A-1-1": "0.2",
        "weight-B-0": "60",
        "weight-B-1": "40",
        "fn-B-0": "low",
        "fn-B-1": "table",
        "scorefor-B-1-0": "standard",
        "score-B-1-0": "0",
        "scorefor-B-1-1": "premium 24x7",
        "score-B-1-1": "1",
    }
    return fields | changes


def test_a_scenario_typed_from_scratch_saves_and_downloads(client: Client) -> None:
    r = client.act("/scenarios/new", small_form(action="download"))
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="Seats.yaml"'
    data = yaml.safe_load(r.text)
    assert data["issues"][0] == {
        "name": "price",
        "type": "integer",
        "low": 84,
        "high": 120,
        "step": 6,
        "unit": "$/seat",
    }
    assert listing(client) == []  # a download stores nothing
    r = client.act("/scenarios/new", small_form(action="save"), follow_redirects=False)
    assert r.status_code == 303
    s = load_scenario(own(client) / "Seats.yaml")
    assert s.space.n_outcomes == 14 and s.reservations == (0.3, 0.35)
    assert s.a.preferences.utility.at(s.space.index_of({"price": 120, "support": "standard"})) == 1


@pytest.mark.parametrize(
    ("change", "says", "control"),
    [
        ({"issue-0-step": "5"}, "steps of 5 ends at 119", "issue-0-step"),
        ({"score-A-1-1": ""}, "no score for 'premium 24x7'", "score-A-1-1"),
        ({"weight-B-1": "lots"}, "'lots' is not a number", "weight-B-1"),
        ({"A-batna": "2"}, "batna", "A-batna"),
        ({"name": "<script>"}, "cannot name a scenario", "name"),
        ({"issue-1-values": "standard, standard"}, "lists a value twice", "issue-1-values"),
    ],
)
def test_a_bad_form_is_shown_inline_and_stores_nothing(
    client: Client, change: dict[str, str], says: str, control: str
) -> None:
    check = client.act("/scenarios/check", small_form(**change))
    assert check.status_code == 200 and says in text(check), check.text
    if control != "name":  # the name is checked when saving
        assert f'href="#{control}"' in text(check)
    r = client.act("/scenarios/new", small_form(action="save", **change))
    assert r.status_code == 422 and says in text(r)
    assert "the scenario form" in text(r) or "name" in text(r)
    assert listing(client) == []
    form = read_form(r.text)  # what was typed is kept
    for k, v in change.items():
        assert form.fields[k] == v


def test_check_says_what_a_good_form_makes(client: Client) -> None:
    r = client.act("/scenarios/check", small_form())
    assert r.status_code == 200 and "The scenario loads: 2 issues, 14 outcomes" in text(r)


def test_issues_are_added_and_removed(client: Client) -> None:
    added = client.act("/scenarios/form", small_form(action="add-issue"))
    fields = read_form(added.text).fields
    assert "issue-2-name" in fields and fields["weight-A-2"] == "10"
    assert fields["issue-0-low"] == "84"  # the rest kept as typed
    removed = client.act("/scenarios/form", small_form(action="remove-issue-0"))
    fields = read_form(removed.text).fields
    assert fields["issue-0-name"] == "support" and "issue-1-name" not in fields
    assert fields["weight-A-0"] == "30" and fields["score-B-0-1"] == "1"


def test_changing_values_and_functions_rerenders_the_score_tables(client: Client) -> None:
    r = client.act(
        "/scenarios/form", small_form(**{"issue-1-values": "standard, gold, premium 24x7"})
    )
    fields = read_form(r.text).fields
    assert fields["scorefor-A-1-1"] == "gold" and fields["score-A-1-1"] == ""
    assert fields["score-A-1-2"] == "0.2"  # kept by value, not by position
    r = client.act("/scenarios/form", small_form(**{"fn-A-0": "table"}))
    assert read_form(r.text).fields["scorefor-A-0-6"] == "120"
    r = client.act("/scenarios/form", small_form(**{"fn-A-0": "peak"}))
    assert "peak-A-0" in read_form(r.text).fields


def test_edit_replaces_ones_own_scenario(client: Client) -> None:
    client.act("/scenarios/new", small_form(action="save"))
    page = client.get("/scenarios/Seats/edit")
    fields = read_form(page.text).fields
    assert fields["original"] == "Seats" and fields["name"] == "Seats"
    fields |= {"B-batna": "0.4", "action": "save"}
    r = client.act("/scenarios/new", fields, follow_redirects=False)
    assert r.status_code == 303
    assert load_scenario(own(client) / "Seats.yaml").reservations[1] == 0.4
    again = client.act("/scenarios/new", small_form(action="save"))
    assert again.status_code == 422 and "already a scenario called 'Seats'" in text(again)


def test_a_shipped_example_opens_as_a_copy(client: Client) -> None:
    fields = read_form(client.get("/scenarios/dealer_rebate/edit").text).fields
    assert fields["original"] == "" and fields["name"] == "dealer_rebate (copy)"


def test_delete_ones_own_but_not_an_example(client: Client) -> None:
    upload(client, "mine.yaml", DEALER.read_bytes())
    r = client.post("/scenarios/mine/delete", data={"csrf": client.csrf()}, follow_redirects=False)
    assert r.status_code == 303 and listing(client) == []
    r = client.post("/scenarios/dealer_rebate/delete", data={"csrf": client.csrf()})
    assert r.status_code == 422 and "shipped example" in text(r)
    assert DEALER.exists()
    assert client.post("/scenarios/mine/delete", data={}).status_code == 403  # no CSRF token


# the API ---------------------------------------------------------------------------------


def test_api_lists_gets_creates_and_deletes(client: Client) -> None:
    listed = client.get("/api/scenarios").json()
    dealer = next(s for s in listed if s["name"] == "dealer_rebate")
    assert dealer == {
        "name": "dealer_rebate",
        "shipped": True,
        "kind": "YAML",
        "title": "Dealer rebate renewal",
        "parties": "Manufacturer (A) and Dealer (B)",
        "issues": 5,
        "outcomes": 600,
    }
    got = client.get("/api/scenarios/dealer_rebate").json()
    assert got["n_outcomes"] == 600 and got["scenario"]["parties"]["B"]["batna"]["utility"] == 0.4
    assert got["scenario"]["issues"][0]["unit"] == "% of annual sales"

    made = client.post("/api/scenarios", json={"name": "api one", "yaml": DEALER.read_text()})
    assert made.status_code == 201 and made.json()["name"] == "api one"
    assert listing(client) == ["api one.yaml"]
    bad = client.post(
        "/api/scenarios",
        json={"name": "api two", "yaml": DEALER.read_text().replace("step:", "stpe:")},
    )
    assert bad.status_code == 400
    error = bad.json()["error"]
    assert error["source"] == "api two.yaml" and "stpe" in error["text"]
    assert client.post("/api/scenarios", json={"name": "x"}).status_code == 400
    again = client.post("/api/scenarios", json={"name": "api one", "yaml": DEALER.read_text()})
    assert again.status_code == 400 and "already" in again.json()["error"]["message"]
    assert listing(client) == ["api one.yaml"]

    assert client.delete("/api/scenarios/api one").status_code == 403  # no token
    gone = client.delete("/api/scenarios/api one", headers={"X-CSRF-Token": client.csrf()})
    assert gone.status_code == 200 and listing(client) == []


def test_api_refuses_too_large_a_yaml(tmp_path: Path) -> None:
    with make_client(tmp_path, max_upload=2000) as c:
        r = c.post("/api/scenarios", json={"name": "big", "yaml": "#" * 3000})
        assert r.status_code == 400 and "too large" in r.json()["error"]["message"]


def test_the_page_lists_names_in_url_form(client: Client) -> None:
    upload(client, "two words.yaml", DEALER.read_bytes())
    page = client.get("/scenarios/two words")
    assert page.status_code == 200
    assert re.search(r'href="/scenarios/two%20words/analysis"', page.text)


def test_the_check_says_a_bad_grid_first_and_htmx_may_send_a_half_filled_form(
    client: Client,
) -> None:
    r = client.act("/scenarios/check", small_form(**{"issue-0-step": "5", "A-batna": ""}))
    assert "steps of 5 ends at 119" in text(r)
    page = client.get("/scenarios/new").text
    assert re.search(r'<form id="scenario-form"[^>]* novalidate', page)  # else no live check


def test_a_genius_scenario_opens_in_the_form_and_saves_as_yaml(client: Client) -> None:
    upload(client, "Laptop.zip", laptop_zip())
    form = read_form(client.get("/scenarios/Laptop/edit").text)
    fields = form.fields | {"name": "Laptop as yaml", "action": "save"}
    r = client.act("/scenarios/new", fields, follow_redirects=False)
    assert r.status_code == 303, text(r)
    same_scenario(load_scenario(own(client) / "Laptop as yaml.yaml"), load_scenario(LAPTOP))


def test_a_zip_with_a_link_stores_nothing(client: Client) -> None:
    import stat

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        link = zipfile.ZipInfo("Laptop/buyer.xml")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/passwd")
    r = upload(client, "link.zip", buffer.getvalue())
    assert r.status_code == 422 and "unsafe entry 'Laptop/buyer.xml'" in text(r)
    assert listing(client) == []


def test_a_peak_with_its_zeros_is_written(client: Client) -> None:
    peak = {"fn-B-0": "peak", "peak-B-0": "102", "peaklow-B-0": "90", "peakhigh-B-0": "114"}
    r = client.act("/scenarios/new", small_form(action="download", **peak))
    assert r.status_code == 200, text(r)
    values = yaml.safe_load(r.text)["parties"]["B"]["values"]
    assert values["price"] == {"peak": 102.0, "low": 90.0, "high": 114.0}
    client.act("/scenarios/new", small_form(action="save", **peak))
    fields = read_form(client.get("/scenarios/Seats/edit").text).fields
    assert (fields["peak-B-0"], fields["peaklow-B-0"], fields["peakhigh-B-0"]) == (
        "102",
        "90",
        "114",
    )


def test_a_long_grid_is_previewed_by_its_ends_and_not_scored_one_by_one(client: Client) -> None:
    long = {"issue-0-low": "0", "issue-0-high": "100000", "issue-0-step": "1"}
    r = client.act("/scenarios/form", small_form(**long, **{"fn-A-0": "table"}))
    page = text(r)
    assert "100,001 values: $0/seat, $1/seat" in page and "…, $99,999/seat, $100,000/seat" in page
    assert "too many to score one by one" in page and "scorefor-A-0-0" not in r.text
    check = client.act("/scenarios/check", small_form(**long, **{"fn-A-0": "table"}))
    assert "100,001 values are too many to score one by one" in text(check)
    assert 'href="#fn-A-0"' in check.text
    fine = client.act("/scenarios/check", small_form(**long))
    assert "200,002 outcomes" in text(fine)  # times the 2 support levels
