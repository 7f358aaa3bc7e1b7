"""A wheel of the running alignment-cli, for a CI job that installs it by path.

`alignment init --wheel` writes it beside the workflow, so the job installs exactly the version
that wrote the set-up, from the repository itself: no package index is asked for the name
alignment-cli, which this project does not control there. The wheel is built from the files this
copy runs from (a checkout or an installed wheel), with the same layout `pip wheel` gives:
the package, its questionnaires and report templates inside it, and the `alignment` command.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from pathlib import Path

from alignment_cli import __version__
from alignment_cli.resources import PACKAGE_DIR, data_dir

PACKAGE = "alignment-cli"
# What running needs, when this copy carries no metadata to read them from (run from a checkout)
RUNTIME_REQUIRES = [
    "typer>=0.12",
    "rich>=13.7",
    "pyyaml>=6.0",
    "questionary>=2.0",
    "jinja2>=3.1",
    "pydantic>=2.6",
]
_EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed times: the same files give the same wheel, byte for byte


def wheel_name(version: str = __version__) -> str:
    return f"alignment_cli-{version}-py3-none-any.whl"


def _requires() -> list[str]:
    from importlib import metadata

    try:
        found = metadata.requires(PACKAGE)
    except metadata.PackageNotFoundError:
        found = None
    runtime = [r for r in (found or []) if "extra ==" not in r]
    return runtime or RUNTIME_REQUIRES


def _package_files() -> list[tuple[str, Path]]:
    """(name inside the wheel, file on disk) for the package and its data folders."""
    files: list[tuple[str, Path]] = []
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            files.append((f"alignment_cli/{path.relative_to(PACKAGE_DIR).as_posix()}", path))
    names = {name for name, _ in files}
    for folder in ("questionnaires", "report_templates"):
        source = data_dir(folder)
        for path in sorted(source.rglob("*")):
            name = f"alignment_cli/{folder}/{path.relative_to(source).as_posix()}"
            if path.is_file() and "__pycache__" not in path.parts and name not in names:
                files.append((name, path))
    return files


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_wheel(version: str = __version__) -> bytes:
    """The wheel's bytes: the same for the same files."""
    info = f"alignment_cli-{version}.dist-info"
    metadata = "".join(
        [
            "Metadata-Version: 2.1\n",
            f"Name: {PACKAGE}\n",
            f"Version: {version}\n",
            "Summary: A command-line diagnostic of how well Sales and Marketing work together.\n",
            "Requires-Python: >=3.11\n",
            *(f"Requires-Dist: {r}\n" for r in _requires()),
        ]
    )
    extra = {
        f"{info}/METADATA": metadata.encode(),
        f"{info}/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: alignment-cli\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
        f"{info}/entry_points.txt": b"[console_scripts]\nalignment = alignment_cli.cli:main\n",
    }
    buffer = io.BytesIO()
    record: list[str] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, data: bytes) -> None:
            entry = zipfile.ZipInfo(name, date_time=_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)
            record.append(_record_line(name, data))

        for name, path in _package_files():
            add(name, path.read_bytes())
        for name, data in extra.items():
            add(name, data)
        record.append(f"{info}/RECORD,,")
        entry = zipfile.ZipInfo(f"{info}/RECORD", date_time=_EPOCH)
        entry.external_attr = 0o644 << 16
        archive.writestr(entry, "\n".join(record) + "\n")
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
