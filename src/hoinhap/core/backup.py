"""``hoinhap backup`` and ``hoinhap restore``: every record (as Django fixtures, natural keys) and
every uploaded file in one .tar.gz with a manifest of counts and checksums, for SQLite and
PostgreSQL alike. A restore goes into an empty database (or ``--force`` empties it first), loads in
one transaction, checks the counts against the manifest, copies the files back and sends
``restored`` (the corpus starts a new search-index generation on it: core imports no domain app).

The archive is read as a stream and bounded before anything is read into memory or onto disk: its
members must be the ones a backup writes, each declared size counts against
``HOINHAP_RESTORE_MAX_BYTES`` and against ``HOINHAP_RESTORE_MAX_RATIO`` times the archive's own size
(a small archive that expands enormously is refused at its first header)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import (
    Deserializer,  # noqa: F401 - this module is a serializer format too
    DjangoJSONEncoder,
)
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import connection, transaction
from django.db.models import Model
from django.dispatch import Signal
from django.utils.translation import gettext as _

from hoinhap.core.errors import Conflict, UnreadableInput

EXCLUDED = {"contenttypes", "sessions", "admin"}  # rebuilt by migrate, or transient
FORMAT = 1
SERIALIZER = "hoinhap-json"
CHUNK = 1024 * 1024
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
SLACK_BYTES = 1024 * 1024  # the ratio check spares small archives (headers and padding dominate them)

# Sent inside the restore's transaction, after the records are loaded.
restored = Signal()


# -- the data's format: Django's JSON fixtures, with exact timestamps ---------------------------

class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes and times to milliseconds; a backup keeps the microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self) -> None:
        super()._init_options()  # type: ignore[misc]  # Django's hook, untyped
        self.json_kwargs["cls"] = _ExactEncoder


@dataclass
class BackupSummary:
    records: int
    files: int
    counts: dict[str, int]


def _models() -> list[type[Model]]:
    """What a backup holds: every model less the derived ones (``backup_excluded``, such as the
    search index's outbox) and those migrate rebuilds."""
    return [m for m in apps.get_models() if m._meta.app_label not in EXCLUDED
            and not (m._meta.app_label == "auth" and m._meta.model_name == "permission")
            and not getattr(m, "backup_excluded", False)]


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def backup(target: Path) -> BackupSummary:
    """Write the backup: ``dumpdata`` of every app (natural keys for users and permissions) and the
    counts, read from one snapshot, the uploaded files, and a manifest of counts and checksums."""
    models = _models()
    labels = sorted({m._meta.label for m in models})
    serializers.register_serializer(SERIALIZER, __name__)
    with tempfile.TemporaryDirectory(prefix="hoinhap-backup-") as folder:
        data = Path(folder) / "data.json"
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:  # one snapshot for every statement below
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            call_command("dumpdata", *labels, format=SERIALIZER, natural_foreign=True, output=str(data),
                         verbosity=0)
            counts = {m._meta.label_lower: n for m in models if (n := m._default_manager.count())}
        root = Path(settings.MEDIA_ROOT)
        files = {str(p.relative_to(root)): _sha256(p) for p in _media_files()}
        manifest = {"format": FORMAT, "created": dt.datetime.now(dt.UTC).isoformat(), "counts": counts,
                    "files": files, "data_sha256": _sha256(data), "data_bytes": data.stat().st_size}
        with tarfile.open(target, "w:gz") as archive:
            encoded = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(encoded)
            archive.addfile(info, io.BytesIO(encoded))
            archive.add(data, arcname="data.json")
            for name in files:
                archive.add(root / name, arcname=f"media/{name}")
    return BackupSummary(sum(counts.values()), len(files), counts)


# -- restore ------------------------------------------------------------------------------------

def restore(source: Path, *, force: bool = False) -> BackupSummary:
    """Load a backup with ``loaddata`` (one transaction; sequences reset on PostgreSQL)."""
    if not force and any(model._default_manager.exists() for model in _models() if model._meta.app_label != "axes"):
        raise Conflict(_("the database is not empty; restore with --force to replace its content"))
    with tempfile.TemporaryDirectory(prefix="hoinhap-restore-") as folder:
        manifest, fixture, media = _Reader(source, Path(folder)).read()
        with transaction.atomic():
            if force:  # empties every table, then recreates content types and permissions
                call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(fixture), verbosity=0)
            counts = {label: apps.get_model(label)._default_manager.count() for label in manifest["counts"]}
            if counts != manifest["counts"]:
                raise UnreadableInput(_("the restored records do not match the manifest's counts"))
            restored.send(sender=restore)
        root = Path(settings.MEDIA_ROOT)
        for name, path in media.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, root / name)
    return BackupSummary(sum(counts.values()), len(media), counts)


class _Reader:
    """One pass over the archive, member by member, each checked before it is read."""

    def __init__(self, source: Path, folder: Path) -> None:
        self.source, self.folder = source, folder
        self.max_bytes = int(getattr(settings, "HOINHAP_RESTORE_MAX_BYTES", 20 * 1024**3))
        self.max_ratio = float(getattr(settings, "HOINHAP_RESTORE_MAX_RATIO", 200))
        self.manifest: dict[str, Any] | None = None
        self.fixture: Path | None = None
        self.media: dict[str, Path] = {}
        self.total = 0
        self.members = 0

    def read(self) -> tuple[dict[str, Any], Path, dict[str, Path]]:
        try:
            archive_bytes = self.source.stat().st_size
            with tarfile.open(self.source, "r|gz") as archive:
                for member in archive:
                    self._bound(member, archive_bytes)
                    self._take(archive, member)
        except (tarfile.TarError, OSError, ValueError, EOFError, zlib.error) as error:
            raise UnreadableInput(_("not a hoinhap backup (%(name)s: %(error)s)")
                                  % {"name": error.__class__.__name__, "error": error}) from error
        if self.manifest is None or self.fixture is None:
            raise UnreadableInput(_("not a hoinhap backup: its manifest or its data is missing"))
        missing = sorted(set(self.manifest["files"]) - set(self.media))
        if missing:
            raise UnreadableInput(_("the backup is damaged: %(missing)s is missing") % {"missing": missing[0]})
        return self.manifest, self.fixture, self.media

    def _bound(self, member: tarfile.TarInfo, archive_bytes: int) -> None:
        self.members += 1
        self.total += member.size
        files = len(self.manifest["files"]) if self.manifest else 0
        if self.members > files + 2:
            raise UnreadableInput(_("the backup holds more members than its manifest lists (%(name)r)")
                                  % {"name": member.name})
        if self.total > self.max_bytes:
            raise UnreadableInput(_("the backup expands to more than %(limit)s bytes (HOINHAP_RESTORE_MAX_BYTES); refused")
                                  % {"limit": self.max_bytes})
        if self.total > self.max_ratio * archive_bytes + SLACK_BYTES:
            raise UnreadableInput(_("the backup expands to more than %(ratio)g times its size (HOINHAP_RESTORE_MAX_RATIO): "
                                    "not a hoinhap backup; refused") % {"ratio": self.max_ratio})
        if not member.isfile():
            raise UnreadableInput(_("unsafe member in the backup: %(name)r") % {"name": member.name})

    def _take(self, archive: tarfile.TarFile, member: tarfile.TarInfo) -> None:
        if self.manifest is None:
            if member.name != "manifest.json" or member.size > MANIFEST_MAX_BYTES:
                raise UnreadableInput(_("not a hoinhap backup: it does not start with its manifest"))
            self.manifest = self._manifest(_extract(archive, member).read())
        elif member.name == "data.json" and self.fixture is None:
            declared = self.manifest.get("data_bytes")
            if declared is not None and declared != member.size:
                raise UnreadableInput(_("the backup is damaged: its data does not match its manifest"))
            self.fixture = self.folder / "data.json"
            if _copy(archive, member, self.fixture) != self.manifest.get("data_sha256"):
                raise UnreadableInput(_("the backup is damaged: its data does not match its manifest"))
        else:
            name = member.name.removeprefix("media/")
            if (not member.name.startswith("media/") or name not in self.manifest["files"] or name in self.media
                    or ".." in Path(name).parts or Path(name).is_absolute()):
                raise UnreadableInput(_("unsafe path in the backup: %(name)r") % {"name": member.name})
            target = self.folder / "media" / f"{len(self.media)}"
            if _copy(archive, member, target) != self.manifest["files"][name]:
                raise UnreadableInput(_("the backup is damaged: %(name)s does not match its checksum") % {"name": name})
            self.media[name] = target

    @staticmethod
    def _manifest(raw: bytes) -> dict[str, Any]:
        try:
            manifest = json.loads(raw)
        except ValueError as error:
            raise UnreadableInput(_("not a hoinhap backup: its manifest is not JSON")) from error
        if (not isinstance(manifest, dict) or manifest.get("format") != FORMAT
                or not isinstance(manifest.get("files"), dict) or not isinstance(manifest.get("counts"), dict)):
            raise UnreadableInput(_("not a hoinhap backup: its manifest is not one hoinhap writes"))
        return manifest


def _extract(archive: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    handle = archive.extractfile(member)
    if handle is None:
        raise UnreadableInput(_("unsafe member in the backup: %(name)r") % {"name": member.name})
    return handle


def _copy(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> str:
    """Copy one member to ``target`` in chunks; its SHA-256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    source = _extract(archive, member)
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()
