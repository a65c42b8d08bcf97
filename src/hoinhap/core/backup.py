"""``hoinhap backup`` and ``hoinhap restore``: every record (as Django fixtures, natural keys) and
every uploaded file in one .tar.gz with a manifest of counts and checksums, for SQLite and
PostgreSQL alike. A restore goes into an empty database (or ``--force`` empties it first), loads in
one transaction, copies the files back, checks the counts against the manifest and rebuilds the
search index."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from hoinhap.core.errors import Conflict, UnreadableInput

EXCLUDED = {"contenttypes", "sessions", "admin"}  # rebuilt by migrate, or transient
FORMAT = 1


@dataclass
class BackupSummary:
    records: int
    files: int
    counts: dict[str, int]


def _models() -> list[type]:
    return [m for m in apps.get_models() if m._meta.app_label not in EXCLUDED
            and not (m._meta.app_label == "auth" and m._meta.model_name == "permission")]


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def backup(target: Path) -> BackupSummary:
    """Write the backup: ``dumpdata`` of every app (natural keys for users and permissions) read in
    one transaction, the uploaded files, and a manifest of counts and checksums."""
    labels = sorted({m._meta.label for m in _models()})
    out = io.StringIO()
    with transaction.atomic():
        call_command("dumpdata", *labels, natural_foreign=True, stdout=out, verbosity=0)
    data = out.getvalue().encode()
    counts = dict(Counter(row["model"] for row in json.loads(data)))
    root = Path(settings.MEDIA_ROOT)
    files = {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in _media_files()}
    manifest = {"format": FORMAT, "created": datetime.now(UTC).isoformat(), "counts": counts, "files": files,
                "data_sha256": hashlib.sha256(data).hexdigest()}
    with tarfile.open(target, "w:gz") as archive:
        _add(archive, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        _add(archive, "data.json", data)
        for name in files:
            archive.add(root / name, arcname=f"media/{name}")
    return BackupSummary(sum(counts.values()), len(files), counts)


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def restore(source: Path, *, force: bool = False) -> BackupSummary:
    """Load a backup with ``loaddata`` (one transaction; sequences reset on PostgreSQL)."""
    manifest, data, media = _read(source)
    if not force and any(model._default_manager.exists() for model in _models() if model._meta.app_label != "axes"):
        raise Conflict("the database is not empty; restore with --force to replace its content")
    with tempfile.TemporaryDirectory() as folder:
        fixture = Path(folder) / "data.json"
        fixture.write_bytes(data)
        with transaction.atomic():
            if force:  # empties every table, then recreates content types and permissions
                call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(fixture), verbosity=0)
            counts = {label: apps.get_model(label)._default_manager.count() for label in manifest["counts"]}
            if counts != manifest["counts"]:
                raise UnreadableInput("the restored records do not match the manifest's counts")
    root = Path(settings.MEDIA_ROOT)
    for name, content in media.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    from hoinhap.corpus.search import reindex

    reindex()
    return BackupSummary(sum(counts.values()), len(media), counts)


def _read(source: Path) -> tuple[dict, bytes, dict[str, bytes]]:  # type: ignore[type-arg]
    try:
        with tarfile.open(source, "r:gz") as archive:
            manifest = json.loads(archive.extractfile("manifest.json").read())  # type: ignore[union-attr]
            data = archive.extractfile("data.json").read()  # type: ignore[union-attr]
            media = {}
            for name in manifest["files"]:
                member = archive.getmember(f"media/{name}")
                if not member.isfile() or ".." in Path(name).parts or Path(name).is_absolute():
                    raise UnreadableInput(f"unsafe path in the backup: {name!r}")
                media[name] = archive.extractfile(member).read()  # type: ignore[union-attr]
    except (tarfile.TarError, KeyError, OSError, ValueError, EOFError, zlib.error) as error:
        raise UnreadableInput(f"not a hoinhap backup ({error.__class__.__name__}: {error})") from error
    if manifest.get("format") != FORMAT or hashlib.sha256(data).hexdigest() != manifest.get("data_sha256"):
        raise UnreadableInput("the backup is damaged: its data does not match its manifest")
    for name, content in media.items():
        if hashlib.sha256(content).hexdigest() != manifest["files"][name]:
            raise UnreadableInput(f"the backup is damaged: {name} does not match its checksum")
    return manifest, data, media
