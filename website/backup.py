"""The whole portal in one archive, and back: ``manage.py backup`` and ``manage.py restore``.

An archive is a tar file holding:

- ``database.jsonl.gz``: every row, written by Django's serializer as JSON lines (one object a
  line, read back one at a time, so a large site is never held in memory; times to the
  microsecond, website/serialization.py), with natural keys
  for content types and permissions: it loads into SQLite or PostgreSQL alike, after
  ``migrate`` has made the tables;
- ``media/…``: the photos and their renditions (the default storage);
- ``private/…``: the documents' attachments and the legacy import's uploads (the private
  storage), which the portal never serves without checking the document;
- ``manifest.json``, last: the format, when and from what it was made, how many rows of each
  model, and the size and SHA-256 of every other member. A restore checks all of it first and
  writes nothing from an archive that does not match.

Files are read and written through Django's storages, so the same commands work when the
media live on S3-compatible storage. Pending visitor counts are moved from Redis into the
database first, so that they are in the archive too. Sessions, sign-in attempts and the
content types and permissions (made again by ``migrate``) are left out.
"""

import datetime
import gzip
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from meetings.models import private_storage

FORMAT = 1
DATABASE_MEMBER = "database.jsonl.gz"
MANIFEST_MEMBER = "manifest.json"
# Rows not worth keeping or made again by migrate.
EXCLUDED_MODELS = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
]
CHUNK = 1024 * 1024
# What makes a database a portal's, besides its staff accounts (database_has_content).
CONTENT_MODELS = ["news.article", "meetings.document", "meetings.meeting", "portal.image"]


class BackupError(Exception):
    """An archive that cannot be restored; the message is for the operator (Vietnamese)."""


@dataclass
class Summary:
    rows: Counter = field(default_factory=Counter)
    files: dict = field(default_factory=dict)  # member name -> {"size": …, "sha256": …}

    @property
    def total_bytes(self) -> int:
        return sum(entry["size"] for entry in self.files.values())


def storages() -> dict[str, Storage]:
    """Archive folder -> the storage its files live in."""
    return {"media": default_storage, "private": private_storage()}


# --- Making an archive ------------------------------------------------------------------


def create(destination: Path) -> Summary:
    """Write the archive to ``destination`` (written beside it, then renamed: a failed backup
    leaves no half archive under the expected name)."""
    summary = Summary()
    partial = destination.with_name(destination.name + ".partial")
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(partial, "w") as archive:
        database = Path(scratch) / DATABASE_MEMBER
        summary.rows = dump_database(database)
        summary.files[DATABASE_MEMBER] = add_file(archive, DATABASE_MEMBER, database.open("rb"))
        for folder, storage in storages().items():
            for name in walk(storage):
                with storage.open(name, "rb") as handle:
                    summary.files[f"{folder}/{name}"] = add_file(archive, f"{folder}/{name}", handle)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(timespec="seconds"),
            "database_vendor": connection.vendor,
            "rows": dict(sorted(summary.rows.items())),
            "files": summary.files,
        }
        add_bytes(archive, MANIFEST_MEMBER, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    partial.replace(destination)
    return summary


def dump_database(path: Path) -> Counter:
    """Every model's rows (base managers: trashed and unpublished ones too), gzipped."""
    plain = path.with_suffix("")
    call_command(
        "dumpdata",
        format="portal-jsonl",
        natural_foreign=True,
        use_base_manager=True,
        exclude=EXCLUDED_MODELS,
        output=str(plain),
        verbosity=0,
    )
    rows = Counter()
    with plain.open("rb") as source, gzip.open(path, "wb", compresslevel=6) as target:
        for line in source:
            if line.strip():
                rows[json.loads(line)["model"]] += 1
                target.write(line)
    plain.unlink()
    return rows


def walk(storage: Storage, folder: str = ""):
    """Every file's name in a storage, depth first, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from walk(storage, f"{folder}/{name}" if folder else name)


class _Hashing(io.RawIOBase):
    """A file read through, counting and hashing what passes."""

    def __init__(self, handle):
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.handle.read(len(buffer))
        self.digest.update(data)
        self.size += len(data)
        buffer[: len(data)] = data
        return len(data)


def add_file(archive: tarfile.TarFile, name: str, handle) -> dict:
    with handle:
        handle.seek(0, io.SEEK_END)
        size = handle.tell()
        handle.seek(0)
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o640
        reader = _Hashing(handle)
        archive.addfile(info, io.BufferedReader(reader, CHUNK))
    return {"size": reader.size, "sha256": reader.digest.hexdigest()}


def add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o640
    archive.addfile(info, io.BytesIO(data))


# --- Restoring ----------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST_MEMBER))
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupError(
            f"Tệp không phải bản sao lưu của cổng thông tin (không đọc được {MANIFEST_MEMBER})."
        ) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Bản sao lưu dạng {manifest.get('format')!r}; bản này chỉ đọc được dạng {FORMAT}.")
    return manifest


def verify(archive: tarfile.TarFile, manifest: dict) -> None:
    """Every member the manifest names is there, a regular file under media/ or private/ (or
    the database), with its size and SHA-256; nothing else is in the archive."""
    members = {member.name: member for member in archive.getmembers() if member.name != MANIFEST_MEMBER}
    if set(members) != set(manifest["files"]):
        missing = sorted(set(manifest["files"]) - set(members))[:3]
        extra = sorted(set(members) - set(manifest["files"]))[:3]
        raise BackupError(f"Bản sao lưu không khớp với danh mục của nó (thiếu {missing}, thừa {extra}).")
    for name, member in members.items():
        if not member.isfile() or not _safe_name(name):
            raise BackupError(f"Bản sao lưu chứa mục không hợp lệ: {name!r}.")
        digest, size = hashlib.sha256(), 0
        source = archive.extractfile(member)
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
        expected = manifest["files"][name]
        if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
            raise BackupError(
                f"Tệp {name!r} trong bản sao lưu đã bị hỏng (kích thước hoặc mã băm không khớp)."
            )


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    if name == DATABASE_MEMBER:
        return True
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and len(path.parts) >= 2
        and path.parts[0] in storages()
        and "\\" not in name
    )


def database_has_content() -> bool:
    """Whether the database holds a portal already: a staff account or any content. A database
    fresh from ``migrate`` has neither, only the rows its migrations make (the roles, the
    English page), which the restore replaces."""
    labels = [settings.AUTH_USER_MODEL, *CONTENT_MODELS]
    return any(apps.get_model(label)._base_manager.exists() for label in labels)


def restore(source: Path, *, replace: bool = False) -> Summary:
    """Check the archive, then load the database and the files. Refuses a database that has
    content unless ``replace`` (which empties it first)."""
    with tarfile.open(source, "r:") as archive:
        manifest = read_manifest(archive)
        verify(archive, manifest)
        call_command("migrate", interactive=False, verbosity=0)
        if database_has_content() and not replace:
            raise BackupError(
                "Cơ sở dữ liệu đã có dữ liệu: khôi phục vào một cơ sở dữ liệu mới, "
                "hoặc thêm --replace để xóa hết dữ liệu hiện có rồi khôi phục."
            )
        # Empty, the rows migrate made included: the archive has its own of each.
        call_command("flush", interactive=False, verbosity=0)
        load_database(archive)
        for name in manifest["files"]:
            if name != DATABASE_MEMBER:
                restore_file(archive, name)
    cache.clear()
    summary = Summary(rows=count_rows(manifest["rows"]), files=manifest["files"])
    wrong = {
        label: (summary.rows[label], want)
        for label, want in manifest["rows"].items()
        if summary.rows[label] != want
    }
    if wrong:
        raise BackupError(f"Sau khi khôi phục, số bản ghi không khớp: {wrong}.")
    return summary


def load_database(archive: tarfile.TarFile) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        plain = Path(scratch) / "database.portal-jsonl"
        with gzip.open(archive.extractfile(DATABASE_MEMBER)) as source, plain.open("wb") as target:
            shutil.copyfileobj(source, target, CHUNK)
        call_command("loaddata", str(plain), verbosity=0)


def restore_file(archive: tarfile.TarFile, member: str) -> None:
    folder, name = member.split("/", 1)
    storage = storages()[folder]
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(archive.extractfile(member), name=name))
    if saved != name:
        raise BackupError(f"Không ghi được tệp {member!r} đúng tên (kho lưu trữ đặt tên {saved!r}).")


def count_rows(labels) -> Counter:
    return Counter({label: apps.get_model(label)._base_manager.count() for label in labels})


def default_name(now: datetime.datetime | None = None) -> str:
    now = timezone.localtime(now)
    return f"cong-thong-tin-{now:%Y%m%d-%H%M%S}.tar"
