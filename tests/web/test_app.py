"""The app's frame: health, the front page, the CSRF guard, escaping, errors."""

from __future__ import annotations

from tests.web.conftest import Client


def test_health(client: Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_front_page_links_every_section(client: Client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    for href in ("/scenarios", "/plans", "/negotiations", "/ledger"):
        assert f'href="{href}"' in page.text


def test_state_change_without_token_is_refused(client: Client) -> None:
    assert client.post("/logout", data={}).status_code == 403
    assert client.post("/logout", data={"csrf": "wrong"}).status_code == 403
    ok = client.post("/logout", data={"csrf": client.csrf()}, follow_redirects=False)
    assert ok.status_code == 303


def test_cross_site_origin_is_refused(client: Client) -> None:
    r = client.post(
        "/logout", headers={"X-CSRF-Token": client.csrf(), "Origin": "http://evil.example"}
    )
    assert r.status_code == 403


def test_static_assets_ship_in_the_package(client: Client) -> None:
    js = client.get("/static/htmx.min.js")
    assert js.status_code == 200 and 'version:"2.' in js.text
    assert client.get("/static/htmx-sse.min.js").status_code == 200
    assert '<script src="http' not in client.get("/").text  # no CDN


def test_openapi_lists_the_api(client: Client) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "accord"
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


def test_a_body_too_large_is_refused_before_it_is_read(client: Client) -> None:
    big = b"x" * (client.app.state.settings.max_upload + 100 * 1024)
    r = client.post("/api/scenarios", content=big, headers={"X-CSRF-Token": client.csrf()})
    assert r.status_code == 413 and "too large" in r.json()["error"]["message"]


def test_a_page_told_of_too_large_an_upload_says_so_in_html(client: Client) -> None:
    big = b"x" * (client.app.state.settings.max_upload + 100 * 1024)
    files = {"file": ("big.yaml", big, "application/x-yaml")}
    r = client.post("/scenarios/upload", files=files, data={"csrf": client.csrf()})
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert "The file is over 2 MiB" in r.text and "<h1>" in r.text  # a whole page
    r = client.act("/scenarios/upload", files=files)  # htmx: the fragment into #flash
    assert r.status_code == 422 and r.headers["HX-Retarget"] == "#flash"
    assert r.text.startswith('<div class="error" role="alert">The file is over 2 MiB')
