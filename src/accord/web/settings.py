"""How the server runs: where it listens, where it keeps data, whether it needs accounts.

The rule of P-safe defaults: on a loopback address one person uses the app with the
ledger `accord` uses everywhere (`--db`, `ACCORD_DB` or the default file), no login.
On any other address the app needs accounts, and each account has a workspace of
its own (its own SQLite ledger and files under `data/users/ID`), so nothing one
user stores can be read or changed by another.

The rooms store (rooms and classroom sessions) is server-wide: `data/rooms.db` unless
`--rooms-db` / `ACCORD_ROOMS_DB` names another file or a PostgreSQL database, which
several server processes then share (docs/rooms.md, "Several processes").
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from pathlib import Path

from accord.errors import InputError

#: Largest upload accepted (a scenario YAML, or a GENIUS folder as a zip).
MAX_UPLOAD = 2 * 1024 * 1024
#: Failed logins from one address (or for one name) within LOGIN_WINDOW seconds before
#: the login answers 429.
LOGIN_ATTEMPTS = 5
LOGIN_WINDOW = 60.0


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and `localhost`.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Settings:
    """What `accord serve` was told (or a test): the address, the ledger, the data folder,
    the rooms store."""

    data: Path
    db: str | None = None
    rooms_db: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    accounts: bool = False
    secure_cookies: bool = False
    max_upload: int = MAX_UPLOAD

    @classmethod
    def for_host(
        cls,
        host: str,
        port: int,
        db: str | None,
        data: Path | None,
        *,
        secure: bool = False,
        rooms_db: str | None = None,
    ) -> Settings:
        """Accounts exactly when the address is not loopback; the data folder beside the
        SQLite ledger unless given; the rooms store checked to be a file or a URL."""
        from accord.store.location import default_path, sqlite_file

        if data is None:
            try:
                ledger = sqlite_file(db)
            except InputError:
                ledger = None
            data = (ledger or default_path()).parent / "web"
        accounts = not is_loopback(host)
        if accounts and db is not None and sqlite_file(db) is None:
            raise InputError(
                "with accounts each user keeps their own ledger in the data folder",
                field="--db",
                expected="no --db when serving beyond loopback (use --data for the folder)",
            )
        return cls(
            data=data,
            db=db,
            rooms_db=checked_rooms_db(rooms_db),
            host=host,
            port=port,
            accounts=accounts,
            secure_cookies=secure,
        )

    @property
    def rooms_store(self) -> Path | str:
        """Where the rooms are kept: `rooms_db` (a file or a PostgreSQL URL), else
        `data/rooms.db`."""
        return self.rooms_db or self.data / "rooms.db"

    def secret(self) -> str:
        """The key that signs session cookies: made once, kept in the data folder (0600),
        so sessions survive a restart."""
        path = self.data / "secret.key"
        if not path.exists():
            self.data.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(32))
        return path.read_text().strip()


def checked_rooms_db(text: str | None) -> str | None:
    """`--rooms-db` as given (None when empty), once it names an SQLite file in an existing
    folder or a PostgreSQL URL; otherwise an `InputError` naming the option."""
    from accord.store.location import resolve

    if text is None or not text.strip():
        return None
    try:
        resolve(text.strip())
    except InputError as e:
        raise InputError(
            e.message, source=e.source, field="--rooms-db", expected=e.expected
        ) from None
    return text.strip()
