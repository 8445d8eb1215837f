"""accord in the browser: `accord serve` (FastAPI, Jinja2 pages, HTMX, server-sent events).

The pages are rendered on the server from the same library calls as the CLI; every
static asset ships in `static/` (no CDN, no build step). `create_app(Settings(...))`
makes the app; docs/web.md describes the pages, the API and the security model.
"""
