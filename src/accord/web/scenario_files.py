"""A person's own scenario files: checked by accord's own loaders before they are kept.

Every new scenario, whether uploaded (accord YAML, or a GENIUS folder as a zip),
posted to the API or built in the form, is first written to a temporary folder
and loaded with `accord.formats.load_scenario`, exactly as the command line
would read it. Only a scenario that loads is moved into the workspace's
scenario folder; a bad one is an `InputError` naming the uploaded file, the
field and what was expected, and nothing is stored.

A zip is read with care: at most `MAX_MEMBERS` entries, no absolute paths, no
`..`, no links, no encryption, every XML file in one folder, and never more
than `ZIP_FACTOR` times the upload limit unpacked (counted as it is read, not
as the zip declares). XML is parsed by the GENIUS loader, which uses defusedxml.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from accord.errors import InputError
from accord.web.workspace import check_name

if TYPE_CHECKING:
    from accord.model.scenario import Scenario
    from accord.web.workspace import ScenarioFile, Workspace

#: Most entries a GENIUS zip may hold.
MAX_MEMBERS = 64
#: A zip may unpack to at most this many times the upload limit.
ZIP_FACTOR = 4
#: A file name inside a GENIUS folder.
XML_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,120}\.xml$", re.IGNORECASE)
YAML_SUFFIXES = (".yaml", ".yml")
#: Names the pages use for themselves (`/scenarios/new`).
RESERVED = ("new", "upload", "form", "check")


def too_big(filename: str, limit: int) -> InputError:
    return InputError(
        "the file is too large",
        source=filename,
        expected=f"at most {limit:,} bytes",
    )


def add_upload(ws: Workspace, filename: str, data: bytes, name: str, limit: int) -> ScenarioFile:
    """Keep the uploaded `data` (from `filename`) as the scenario `name` (the file's stem
    when empty), once it loads; an `InputError` otherwise, with nothing stored."""
    if len(data) > limit:
        raise too_big(filename, limit)
    suffix = PurePosixPath(filename).suffix.lower()
    base = name.strip() or PurePosixPath(filename).stem
    if suffix in YAML_SUFFIXES:
        return add_yaml(ws, base, data, filename)
    if suffix == ".zip":
        return add_genius(ws, base, read_zip(data, filename, limit * ZIP_FACTOR), filename)
    raise InputError(
        f"unknown kind of file '{suffix or filename}'",
        source=filename,
        field="file",
        expected="an accord scenario (.yaml) or a GENIUS folder as a .zip",
    )


def add_yaml(
    ws: Workspace, name: str, text: bytes | str, source: str, *, replace: bool = False
) -> ScenarioFile:
    """Keep YAML `text` as `name`.yaml once it loads as a scenario."""
    name = check_name(name, "scenario")
    data = text.encode() if isinstance(text, str) else text
    with ws.lock, tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / f"{name}.yaml"
        staged.write_bytes(data)
        check_staged(staged, source)
        _free(ws, name, replace)
        ws.scenario_folder.mkdir(parents=True, exist_ok=True)
        target = ws.scenario_folder / f"{name}.yaml"
        _clear(ws.scenario_folder / name)  # a GENIUS folder of that name, when replacing
        shutil.move(staged, target)
        return ws.scenario_file(name)


def add_genius(ws: Workspace, name: str, files: dict[str, bytes], source: str) -> ScenarioFile:
    """Keep the XML `files` as the GENIUS folder `name` once they load as a scenario."""
    name = check_name(name, "scenario")
    with ws.lock, tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / name
        staged.mkdir()
        for file, data in files.items():
            (staged / file).write_bytes(data)
        check_staged(staged, source)
        _free(ws, name, replace=False)
        ws.scenario_folder.mkdir(parents=True, exist_ok=True)
        shutil.move(staged, ws.scenario_folder / name)
        return ws.scenario_file(name)


def check_staged(path: Path, source: str) -> Scenario:
    """`path` loaded as accord loads any scenario; its errors name `source`, not `path`."""
    from accord.formats import load_scenario

    try:
        return load_scenario(path)
    except InputError as e:
        raise _renamed(e, path, source) from None


def check_yaml(text: str, source: str) -> Scenario:
    """`text` loaded as a scenario file, nothing kept (the form's live check)."""
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / "scenario.yaml"
        staged.write_text(text, encoding="utf-8")
        return check_staged(staged, source)


def read_zip(data: bytes, source: str, most: int) -> dict[str, bytes]:
    """The XML files of a GENIUS folder zipped, by file name; refuses anything unsafe."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise InputError(
            "the file is not a readable zip", source=source, expected="a .zip of a GENIUS folder"
        ) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise InputError(
                f"the zip holds {len(members)} entries",
                source=source,
                expected=f"at most {MAX_MEMBERS} (a GENIUS domain and its profiles)",
            )
        wanted = [m for m in members if _check_member(m, source)]
        return _read_members(archive, wanted, source, most)


def _check_member(m: zipfile.ZipInfo, source: str) -> bool:
    """Whether `m` is an XML file to keep; an InputError if it is unsafe."""
    path = m.filename
    parts = PurePosixPath(path.replace("\\", "/")).parts
    unsafe = (
        path.startswith(("/", "\\"))
        or re.match(r"^[A-Za-z]:", path) is not None
        or ".." in parts
        or stat.S_ISLNK(m.external_attr >> 16)
        or m.flag_bits & 0x1  # encrypted
    )
    if unsafe:
        raise InputError(
            f"the zip holds an unsafe entry '{path}'",
            source=source,
            field=path,
            expected="relative paths inside the folder (no '..', no absolute paths, no links)",
        )
    if m.is_dir() or not parts or parts[0] == "__MACOSX" or parts[-1].startswith("."):
        return False
    return parts[-1].lower().endswith(".xml")


def _read_members(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], source: str, most: int
) -> dict[str, bytes]:
    if not members:
        raise InputError(
            "the zip holds no XML file",
            source=source,
            expected="a GENIUS domain and two profiles (.xml)",
        )
    folders = {PurePosixPath(m.filename).parent for m in members}
    if len(folders) > 1:
        raise InputError(
            "the XML files are in several folders: " + ", ".join(sorted(map(str, folders))),
            source=source,
            expected="one folder with the domain and its profiles",
        )
    out: dict[str, bytes] = {}
    left = most
    for m in members:
        file = PurePosixPath(m.filename).name
        if not XML_NAME.match(file):
            raise InputError(
                f"the file name '{file}' cannot be kept",
                source=source,
                field=m.filename,
                expected="letters, digits, spaces, '_', '-' or '.', ending in .xml",
            )
        with archive.open(m) as f:
            data = f.read(left + 1)
        left -= len(data)
        if left < 0:
            raise InputError(
                "the zip unpacks to too much data",
                source=source,
                expected=f"at most {most:,} bytes unpacked",
            )
        out[file] = data
    return out


def delete(ws: Workspace, name: str) -> None:
    """Remove the person's own scenario `name` (a shipped example cannot be)."""
    with ws.lock:
        found = ws.scenario_file(name)
        if found.shipped:
            raise InputError(
                f"'{name}' is a shipped example", field="name", expected="one of your own scenarios"
            )
        _clear(found.path)


def yaml_text(ws: Workspace, name: str) -> str:
    """The scenario `name` as YAML: its own file, or a GENIUS folder written as YAML."""
    found = ws.scenario_file(name)
    if not found.path.is_dir():
        return found.path.read_text(encoding="utf-8")
    from accord.formats.yaml_out import scenario_yaml

    return scenario_yaml(ws.scenario(name))


def _free(ws: Workspace, name: str, replace: bool) -> None:
    """Refuse a name already taken (a shipped example always; one's own unless replacing)."""
    if name.lower() in RESERVED:
        others = ", ".join(RESERVED)
        raise InputError(f"'{name}' names a page", field="name", expected=f"a name but {others}")
    for s in ws.scenarios():
        if s.name.lower() == name.lower() and (s.shipped or not replace or s.name != name):
            raise InputError(
                f"there is already a scenario called '{s.name}'",
                field="name",
                expected="another name" + ("" if s.shipped else ", or delete that one first"),
            )


def _clear(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        os.remove(path)


def _renamed(e: InputError, staged: Path, source: str) -> InputError:
    """`e` with the staging path replaced by the name the person knows."""
    where = source
    if e.source:
        try:
            inner = Path(e.source).relative_to(staged)
        except ValueError:
            inner = None
        if inner is not None and str(inner) not in (".", ""):
            where = f"{source}: {inner}"
    return InputError(e.message, source=where, field=e.field, expected=e.expected)
