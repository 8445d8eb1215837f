"""Local accounts for a server beyond loopback: names and argon2 password hashes.

Accounts live in their own small SQLite file (`data/accounts.db`), apart from any
ledger: a user's ledger is in their own workspace and never holds another's rows.
A login that keeps failing is slowed by `Throttle` (per address and per name).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select
from sqlalchemy.exc import IntegrityError

from accord.errors import InputError

_META = MetaData()
_USERS = Table(
    "users",
    _META,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), unique=True, nullable=False),
    Column("hash", String(200), nullable=False),
)
MIN_PASSWORD = 10
_HASHER = PasswordHasher()


@dataclass(frozen=True)
class User:
    """Who is signed in: `id` names their workspace folder."""

    id: int
    name: str


#: The one person of a loopback server (no login): their workspace is the data folder.
LOCAL = User(0, "local")


class Accounts:
    """The users of one server, with hashed passwords."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._engine = create_engine(f"sqlite:///{path}")
        _META.create_all(self._engine)

    def create(self, name: str, password: str) -> User:
        """A new account; InputError if the name is taken or the password too short."""
        name = name.strip()
        if not 1 <= len(name) <= 80:
            raise InputError("a user name is needed", field="name", expected="1-80 characters")
        if len(password) < MIN_PASSWORD:
            raise InputError(
                "the password is too short",
                field="password",
                expected=f"at least {MIN_PASSWORD} characters",
            )
        try:
            with self._engine.begin() as c:
                row = c.execute(insert(_USERS).values(name=name, hash=_HASHER.hash(password)))
        except IntegrityError:
            raise InputError(
                f"the name '{name}' is taken", field="name", expected="another name"
            ) from None
        key = row.inserted_primary_key
        assert key is not None
        return User(int(key[0]), name)

    def verify(self, name: str, password: str) -> User | None:
        """The user if the password is theirs, else None (the same time either way)."""
        with self._engine.connect() as c:
            row = c.execute(select(_USERS).where(_USERS.c.name == name.strip())).first()
        stored = row.hash if row is not None else _DUMMY
        try:
            _HASHER.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        return None if row is None else User(row.id, row.name)

    def count(self) -> int:
        with self._engine.connect() as c:
            return len(c.execute(select(_USERS.c.id)).all())

    def close(self) -> None:
        self._engine.dispose()


_DUMMY = _HASHER.hash("not a password of anyone")


class Throttle:
    """At most `attempts` failures per key within `window` seconds."""

    def __init__(self, attempts: int, window: float) -> None:
        self.attempts, self.window = attempts, window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(len(self._recent(k, now)) >= self.attempts for k in keys)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._recent(k, now).append(now)

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._failures.setdefault(key, deque())
        while q and now - q[0] > self.window:
            q.popleft()
        return q
