"""The store: relationships, plans, negotiations and tournaments that survive crashes,
concurrent use and upgrades. SQLite by default, PostgreSQL by URL.

- `open_store(db)`: open (create, upgrade) the database named by `db`, the
  `ACCORD_DB` environment variable, or `~/.local/share/accord/accord.db`.
- `negotiations`: start a negotiation, `append_event` (one committed
  transaction per event), `finish`, read back `transcript`s.
- `live`: `Recorder` and `run` (store each event as the engine makes it),
  `resume` (rebuild an interrupted negotiation from its events); `prepare` and
  `play` a negotiation of a scenario file, new or resumed, as `accord negotiate --db`.
- `coached`: a coached negotiation's session record, its claims and undo.
- `ledger`: counterparties, relationship states, `health`, `open_conditions`
  (P12), `record_entered`, `resolve`; `manual.Entered` for outcomes typed in.
- `plans`, `tournaments`: plan versions, tournament standings.
- `backup`: export to and import from one JSON document.

>>> import tempfile, pathlib
>>> from accord.store import open_store, ledger
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with open_store(str(folder / "accord.db")) as store:
...     ledger.add_counterparty(store, "Dealer Co")
...     [h.name for h in ledger.health(store)]
['Dealer Co']
>>> import shutil; shutil.rmtree(folder)
"""

from typing import TYPE_CHECKING

from accord.lazy import lazy_names

if TYPE_CHECKING:
    from accord.store.database import Store, StoreBusyError, open_store
    from accord.store.location import ENV, Location, default_path, resolve

__all__ = ["ENV", "Location", "Store", "StoreBusyError", "default_path", "open_store", "resolve"]

#: Where each public name lives, loaded on first use (PEP 562): `accord.store.quick`
#: reads the ledger's overview without SQLAlchemy, which `database` imports.
_HOMES = {
    "ENV": "location",
    "Location": "location",
    "Store": "database",
    "StoreBusyError": "database",
    "default_path": "location",
    "open_store": "database",
    "resolve": "location",
}


__getattr__, __dir__ = lazy_names(__name__, _HOMES)
