"""What leaves accord for people who do not run it: a debrief or the ledger as CSV
rows (for a spreadsheet) and as one standalone HTML page (for a manager's inbox).

`accord.export.debrief` and `accord.export.ledger` build the rows and the pages;
`accord.export.page` writes them: CSV through the standard library, HTML through
Jinja2 from the templates shipped in this package, with figures embedded as PNG
data so the page opens offline and prints as it shows (docs/debrief.md).
"""
