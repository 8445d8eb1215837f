"""Recognising an SQLite file as accord's before it is opened: not SQLite, damaged,
another program's database, or one from a newer accord are each an `InputError`.

Only `sqlite3` and the revision list are needed, so both ways of opening the
store use it: `database.open_store` and the read-only `quick` overview.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from accord.errors import InputError
from accord.store import migrate

MAGIC = b"SQLite format 3\x00"
#: Files up to this size get a full `PRAGMA quick_check` when opened.
QUICK_CHECK_LIMIT = 256 * 2**20
EXPECTED_FILE = "an accord database, or a new file"


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not SQLite, is damaged, or is another program's database.

    Reads only: nothing is written to a file this refuses.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as f:
        head = f.read(len(MAGIC))
    if head != MAGIC:
        raise InputError(
            f"not an SQLite database (it begins with {head[:8]!r})",
            source=str(path),
            expected=EXPECTED_FILE,
        )
    try:
        with closing(sqlite3.connect(path)) as conn:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if path.stat().st_size <= QUICK_CHECK_LIMIT:
                problems = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
                if problems != ["ok"]:
                    raise sqlite3.DatabaseError("; ".join(problems))
            revision = None
            if "alembic_version" in tables:
                revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            return  # another process is writing it: it is a live database, checked by them
        raise damaged(str(path), e) from None
    except sqlite3.DatabaseError as e:
        raise damaged(str(path), e) from None
    check_known(str(path), tables, None if revision is None else revision[0])


def check_known(source: str, tables: set[str], revision: str | None) -> None:
    ours = {t for t in tables if not t.startswith("sqlite_")}
    if not ours:
        return  # a new, empty database
    if "alembic_version" not in ours or (revision is None and ours != {"alembic_version"}):
        listed = ", ".join(sorted(ours)[:6])
        raise InputError(
            f"a database, but not accord's (its tables: {listed})",
            source=source,
            expected=EXPECTED_FILE,
        )
    if revision is not None and revision not in migrate.revisions():
        raise InputError(
            f"a database of schema revision '{revision}', which this accord does not know "
            f"(it knows {', '.join(migrate.revisions())}); a newer accord or another program "
            "wrote it",
            source=source,
            expected="an accord database of a known revision",
        )


def damaged(source: str, cause: object) -> InputError:
    return InputError(
        f"a damaged SQLite database ({cause}); nothing was changed. Restore it from a "
        "backup (`accord ledger export` makes one) or move it aside to start afresh",
        source=source,
        expected=EXPECTED_FILE,
    )
