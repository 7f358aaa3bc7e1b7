"""A folder of wheels of alignment-cli's dependencies, made from the ones installed here.

It stands in for the package index in tests that install into a clean virtual environment with
`pip --no-index`: pip is pointed at this folder (PIP_FIND_LINKS) for typer, rich, pydantic and
the rest, exactly the versions the test run itself uses. Each wheel is put back together from the
installed files its RECORD lists, with the tags its WHEEL file kept.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement

SKIP_INFO = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


def _closure(names: list[str]) -> list[metadata.Distribution]:
    env = default_environment()
    seen: dict[str, metadata.Distribution] = {}
    todo = list(names)
    while todo:
        req = Requirement(todo.pop())
        key = re.sub(r"[-_.]+", "-", req.name).lower()
        if key in seen:
            continue
        dist = metadata.distribution(req.name)
        seen[key] = dist
        for raw in dist.requires or []:
            sub = Requirement(raw)
            if sub.marker is None or sub.marker.evaluate({**env, "extra": ""}):
                todo.append(raw)
    return list(seen.values())


def _repack(dist: metadata.Distribution, folder: Path) -> Path:
    info = Path(str(dist._path))  # type: ignore[attr-defined]
    site = info.parent
    tags = [
        line.split(":", 1)[1].strip()
        for line in (info / "WHEEL").read_text().splitlines()
        if line.startswith("Tag:")
    ] or ["py3-none-any"]
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    parts = [sorted({t.split("-")[i] for t in tags}) for i in range(3)]
    target = folder / f"{name}-{dist.version}-{'-'.join('.'.join(p) for p in parts)}.whl"
    record: list[str] = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in dist.files or []:
            rel = entry.as_posix()
            if rel.startswith("..") or "__pycache__" in rel or rel.endswith(".pyc"):
                continue
            if rel.startswith(info.name + "/") and rel.split("/", 1)[1] in SKIP_INFO:
                continue
            data = (site / rel).read_bytes()
            archive.writestr(rel, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.append(f"{rel},sha256={digest.decode()},{len(data)}")
        record.append(f"{info.name}/RECORD,,")
        archive.writestr(f"{info.name}/RECORD", "\n".join(record) + "\n")
    return target


def dependency_wheels(folder: Path) -> Path:
    """Wheels of everything alignment-cli needs to run, into `folder`."""
    from alignment_cli.commands.wheel import RUNTIME_REQUIRES

    folder.mkdir(parents=True, exist_ok=True)
    for dist in _closure(list(RUNTIME_REQUIRES)):
        _repack(dist, folder)
    return folder
