"""A throwaway PostgreSQL server on loopback, in a temporary folder, for the store's tests.

Uses the server binaries of the machine (Debian's `postgresql` package puts them
in /usr/lib/postgresql/VERSION/bin). `initdb` refuses to run as root, so as root
the server runs as the unprivileged user `nobody` (through `runuser`).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(f"{folder}/initdb", os.X_OK) and os.access(f"{folder}/pg_ctl", os.X_OK):
            return Path(folder)
    return None


def why_not() -> str | None:
    """Why no server can be started here, or None when one can."""
    if binaries() is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl); `.ci/run` installs them"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without `runuser` to start PostgreSQL as another user"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'accord[postgres]')"
    return None


@contextmanager
def server() -> Iterator[str]:
    """Start a server; yield its admin URL (`postgresql+psycopg://postgres@127.0.0.1:PORT/`)."""
    bin_dir = binaries()
    assert bin_dir is not None
    folder = Path(tempfile.mkdtemp(prefix="accord-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(folder, nobody.pw_uid, nobody.pw_gid)
        as_user = ["runuser", "-u", "nobody", "--"]
    data, port = folder / "data", _free_port()
    try:
        _run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
              "-E", "UTF8", "--no-sync", "--no-instructions"])  # fmt: skip
        options = f"-h 127.0.0.1 -p {port} -k {folder} -F -c max_connections=40"
        _run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
              "-l", str(folder / "log"), "-w", "-t", "30", "start"])  # fmt: skip
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/"
        finally:
            _run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast",
                  "-w", "stop"])  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def create_database(admin_url: str, name: str) -> str:
    """A new empty database on the server; its URL."""
    import psycopg

    plain = admin_url.replace("postgresql+psycopg://", "postgresql://") + "postgres"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url + name


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr or done.stdout}")
