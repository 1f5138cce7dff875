"""Back up everything into one zip file and restore it into an empty database of either kind.

The archive holds `manifest.json` (format version, app version, creation time, the models in
load order with their row counts, the applied migrations and a SHA-256 per member), one JSON
Lines member per model under `data/` (Django's serializers, natural keys for content types,
permissions, groups and users, so ids that differ between databases never travel) and the files
of the default storage under `files/`.

`manifest.sig` authenticates the archive: an HMAC-SHA256 of the exact bytes of `manifest.json`
under BACKUP_SIGNING_KEY (SECRET_KEY when unset). The manifest holds every member's SHA-256, so
the signature covers every byte; someone who rebuilds an archive with matching checksums but
without the key cannot make it restore, unless the operator says explicitly to trust it.

Nothing here names a model: every model of the project's apps (`innocounty.*`), auth, admin and
contenttypes is picked up from the app registry, so models added later are backed up without a
change here.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import posixpath
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils.crypto import constant_time_compare, salted_hmac

FORMAT_NAME = "innocounty-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SIGNATURE_ALGORITHM = "HMAC-SHA256"
SIGNATURE_SALT = "innocounty.ops.backup.manifest"
DATA_DIR = "data/"
FILES_DIR = "files/"
SERIALIZATION = "jsonl"
CHUNK = 1 << 16

# Apps outside `innocounty.*` whose rows belong to the installation (sessions do not).
EXTRA_APP_LABELS = ("contenttypes", "auth", "admin")
# Rows that `migrate` creates itself: matched by natural key on restore, never counted as data.
MIGRATE_CREATED = (ContentType, Permission)

BACKUP_CANNOT_WRITE = "无法写入备份文件 {path}：{error}"
BACKUP_CANNOT_READ = "读取数据库失败：{error}"
BACKUP_HINT_MIGRATE = "（数据库尚未初始化？请先运行 innocounty migrate。）"
BACKUP_NOT_FOUND = "找不到备份文件 {path}。"
BACKUP_NOT_A_ZIP = "{path} 不是 innocounty 备份文件（无法按 zip 读取，文件可能已损坏）。"
BACKUP_NO_MANIFEST = "{path} 不是 innocounty 备份文件（缺少 manifest.json）。"
BACKUP_BAD_MANIFEST = "备份清单 manifest.json 已损坏，无法读取。"
BACKUP_WRONG_FORMAT = (
    "备份格式版本 {found} 不受支持：本版本（innocounty {app_version}）只能恢复格式版本 "
    "{expected}；请用创建该备份的 innocounty {backup_app_version} 恢复。"
)
BACKUP_MISSING_MEMBER = "备份文件不完整：缺少 {member}。"
BACKUP_EXTRA_MEMBER = "备份文件已被改动：包含清单之外的 {member}。"
BACKUP_CHECKSUM_MISMATCH = "备份文件已损坏或被改动：{member} 的 SHA-256 校验值不符。"
BACKUP_COUNT_MISMATCH = "备份文件已损坏：{model} 应有 {expected} 条记录，实际 {found} 条。"
BACKUP_BAD_MEMBER_NAME = "备份文件已被改动：不安全的文件名 {member}。"
BACKUP_UNKNOWN_MODEL = (
    "备份含有本版本没有的数据表 {model}（备份来自 innocounty {app_version}）；请先升级 innocounty。"
)
BACKUP_NEWER_SCHEMA = (
    "备份来自更新的 innocounty {app_version}（数据库结构 {migration} 本版本没有）；"
    "请先升级 innocounty。"
)
BACKUP_UNSIGNED = (
    "备份文件没有签名（manifest.sig），无法确认它由本系统创建且未被改动；"
    "如确认来源可信，可加 --trust-unsigned 恢复。"
)
BACKUP_BAD_SIGNATURE = (
    "备份文件签名不符：它不是用本机的签名密钥（BACKUP_SIGNING_KEY，未设置时为 SECRET_KEY）"
    "创建的，或创建后被改动过；请设置创建该备份时的密钥，或确认来源可信后加 --trust-unsigned 恢复。"
)
BACKUP_BAD_LINE = "备份文件 {member} 第 {line} 行无法恢复：{error}"
RESTORE_NOT_EMPTY = "数据库不是空的（{summary}）；恢复会替换这些数据。确认替换请加 --force。"
RESTORE_FAILED = "恢复失败，数据库没有任何改动：{error}"
RESTORE_FILE_FAILED = "恢复文件 {name} 失败，数据库没有任何改动：{error}"


class BackupError(Exception):
    """A backup cannot be written or read; the message is one line, for the operator."""


@dataclass
class BackupResult:
    path: Path
    counts: dict[str, int]
    files: int
    size: int


@dataclass
class RestorePlan:
    """What a restore would replace: non-empty tables (label → rows) and stored files."""

    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0

    @property
    def empty(self) -> bool:
        return not self.rows and not self.files

    def summary(self) -> str:
        parts = []
        for label, count in self.rows.items():
            model = apps.get_model(label)
            parts.append(f"{model._meta.verbose_name}（{label}）{count} 条")
        if self.files:
            parts.append(f"文件 {self.files} 个")
        return "、".join(parts)


@dataclass
class RestoreResult:
    counts: dict[str, int]
    files: int
    migrated: bool
    manifest: dict[str, Any]
    # False when the signature did not verify and the caller said to trust the archive anyway.
    signed: bool = True


# --- signing ------------------------------------------------------------------------------


def _signing_key() -> str:
    return getattr(settings, "BACKUP_SIGNING_KEY", "") or settings.SECRET_KEY


def backup_signature(manifest: bytes, *, key: str | None = None) -> str:
    """The HMAC-SHA256 (hex) of the manifest's bytes under the signing key."""
    return salted_hmac(
        SIGNATURE_SALT, manifest, secret=key or _signing_key(), algorithm="sha256"
    ).hexdigest()


def _signature_member(manifest: bytes) -> str:
    return json.dumps({"algorithm": SIGNATURE_ALGORITHM, "signature": backup_signature(manifest)})


def signature_problem(*, archive: zipfile.ZipFile, manifest: bytes) -> str | None:
    """Return why the archive's signature does not verify, or None when it does."""
    try:
        raw = json.loads(archive.read(SIGNATURE))
        signature = raw["signature"] if raw.get("algorithm") == SIGNATURE_ALGORITHM else ""
    except KeyError:
        return BACKUP_UNSIGNED
    except (ValueError, TypeError, AttributeError, zipfile.BadZipFile, OSError, EOFError):
        return BACKUP_BAD_SIGNATURE
    if not isinstance(signature, str) or not constant_time_compare(
        signature, backup_signature(manifest)
    ):
        return BACKUP_BAD_SIGNATURE
    return None


# --- which rows ---------------------------------------------------------------------------


def backup_models() -> list[type[models.Model]]:
    """Return the models to back up, in an order where natural-key targets come first."""
    app_list = []
    for config in apps.get_app_configs():
        if config.name.startswith("innocounty.") or config.label in EXTRA_APP_LABELS:
            chosen = [
                model
                for model in config.get_models()
                if model._meta.managed and not model._meta.proxy
            ]
            if chosen:
                app_list.append((config, chosen))
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    # Content types first: permissions and generic relations name them by natural key.
    return sorted(ordered, key=lambda model: model is not ContentType)


def _has_natural_key(model: type[models.Model]) -> bool:
    return hasattr(model, "natural_key")


def _natural_fk_names(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.remote_field is not None
        and f.remote_field.model is not model
        and _has_natural_key(f.remote_field.model)
    ]


# Rows that migrate creates get fresh ids in each database: written in natural-key order, so
# that backup → restore → backup gives the same archive byte for byte.
_ORDER = {
    ContentType: ("app_label", "model"),
    Permission: ("content_type__app_label", "content_type__model", "codename"),
}


def _rows(model: type[models.Model]) -> Iterator[models.Model]:
    """Every row of `model` (base manager: all versions), without a query per row."""
    queryset = model._base_manager.order_by(*_ORDER.get(model, ("pk",)))
    if model is Permission:
        # Permissions of models that no longer exist cannot be named on the other side.
        installed = [ct.pk for ct in ContentType.objects.all() if ct.model_class() is not None]
        queryset = queryset.filter(content_type__in=installed)
    if fk_names := _natural_fk_names(model):
        queryset = queryset.select_related(*fk_names)
    prefetches = []
    for m2m in model._meta.many_to_many:
        if not m2m.remote_field.through._meta.auto_created:
            continue  # an explicit through model is backed up as a model of its own
        target = m2m.remote_field.model
        prefetches.append(
            models.Prefetch(
                m2m.name,
                queryset=target._base_manager.select_related(*_natural_fk_names(target)),
            )
        )
    if prefetches:
        queryset = queryset.prefetch_related(*prefetches)
    return queryset.iterator(chunk_size=2000)


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


# --- which files --------------------------------------------------------------------------


def _storage_files(storage: Storage, path: str = "") -> Iterator[str]:
    try:
        dirs, files = storage.listdir(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for name in sorted(dirs):
        yield from _storage_files(storage, posixpath.join(path, name) if path else name)


# --- writing ------------------------------------------------------------------------------


class _HashingTextStream:
    """A text stream for the serializer: UTF-8 into the zip member, hashed on the way."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self.sha256.update(data)
        self.raw.write(data)
        return len(text)

    def flush(self) -> None:
        pass


def _counted(rows: Iterable[models.Model], counter: list[int]) -> Iterator[models.Model]:
    for row in rows:
        counter[0] += 1
        yield row


def _app_version() -> str:
    try:
        return metadata.version("innocounty")
    except metadata.PackageNotFoundError:
        return "unknown"


def _applied_migrations(using: str) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    labels = {c.label for c in apps.get_app_configs()}
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations() if app in labels)


@contextlib.contextmanager
def _read_transaction(using: str) -> Iterator[None]:
    """One transaction for reading the whole backup.

    On SQLite it is a deferred transaction: it reads one snapshot (WAL) without the write lock
    that `transaction_mode: IMMEDIATE` takes at BEGIN, so saves go on during a long backup.
    """
    connection = connections[using]
    if connection.vendor != "sqlite" or not connection.get_autocommit():
        with transaction.atomic(using=using):
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    except BaseException:
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")
        raise
    with connection.cursor() as cursor:
        cursor.execute("COMMIT")


def backup_create(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write every backed-up row and every stored file into the zip at `path`.

    The rows are read in one transaction (a repeatable-read snapshot on PostgreSQL), so the
    backup is consistent while people keep working. The zip is written beside `path` and moved
    into place at the end: a failed backup never leaves a half-written file under that name.
    """
    path = Path(path)
    connection = connections[using]
    members: dict[str, str] = {}
    entries: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".innocounty-backup-", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise BackupError(BACKUP_CANNOT_WRITE.format(path=path, error=exc.strerror)) from None
    tmp = Path(tmp_name)
    # Inside an outer transaction (a test) the snapshot is whatever that transaction sees.
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    try:
        with (
            zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive,
            _read_transaction(using),
        ):
            if snapshot:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            for index, model in enumerate(backup_models(), start=1):
                label = _label(model)
                member = f"{DATA_DIR}{index:03d}-{label}.jsonl"
                counter = [0]
                with archive.open(member, "w", force_zip64=True) as raw:
                    stream = _HashingTextStream(raw)
                    serializers.serialize(
                        SERIALIZATION,
                        _counted(_rows(model), counter),
                        stream=stream,
                        use_natural_foreign_keys=True,
                        use_natural_primary_keys=model in MIGRATE_CREATED,
                    )
                members[member] = stream.sha256.hexdigest()
                counts[label] = counter[0]
                entries.append({"model": label, "count": counter[0], "member": member})
            migrations = _applied_migrations(using)
            files = []
            for name in _storage_files(default_storage):
                member = FILES_DIR + name
                digest = hashlib.sha256()
                with (
                    default_storage.open(name, "rb") as src,
                    archive.open(member, "w", force_zip64=True) as dst,
                ):
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        dst.write(chunk)
                members[member] = digest.hexdigest()
                files.append(name)
            manifest = {
                "format": FORMAT_NAME,
                "format_version": FORMAT_VERSION,
                "app_version": _app_version(),
                "created": datetime.now(ZoneInfo("Asia/Shanghai")).isoformat(timespec="seconds"),
                "database": connection.vendor,
                "serialization": SERIALIZATION,
                "models": entries,
                "counts": counts,
                "files": len(files),
                "migrations": migrations,
                "members": members,
            }
            manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            archive.writestr(MANIFEST, manifest_bytes)
            archive.writestr(SIGNATURE, _signature_member(manifest_bytes))
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(
            BACKUP_CANNOT_WRITE.format(path=path, error=exc.strerror or exc)
        ) from None
    except DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        message = BACKUP_CANNOT_READ.format(error=_one_line(exc))
        if "no such table" in str(exc) or "does not exist" in str(exc):
            message += BACKUP_HINT_MIGRATE
        raise BackupError(message) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BackupResult(path=path, counts=counts, files=len(files), size=path.stat().st_size)


# --- reading ------------------------------------------------------------------------------


def _open_archive(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise BackupError(BACKUP_NOT_FOUND.format(path=path))
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise BackupError(BACKUP_NOT_A_ZIP.format(path=path)) from None


def _safe_file_name(member: str) -> str:
    name = member[len(FILES_DIR) :]
    parts = name.split("/")
    if not name or name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts):
        raise BackupError(BACKUP_BAD_MEMBER_NAME.format(member=member))
    return name


def backup_verify(
    *, archive: zipfile.ZipFile, path: Path, trust_unsigned: bool = False
) -> dict[str, Any]:
    """Check the manifest, its signature, every checksum and every count; return the manifest.

    Reads the whole archive once and writes nothing. Any problem raises `BackupError`. With
    `trust_unsigned` a missing or wrong signature is let through (the manifest gets
    `"signed": False`); everything else is still checked.
    """
    try:
        raw_manifest = archive.read(MANIFEST)
    except KeyError:
        raise BackupError(BACKUP_NO_MANIFEST.format(path=path)) from None
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError):
        raise BackupError(BACKUP_NOT_A_ZIP.format(path=path)) from None
    try:
        manifest = json.loads(raw_manifest)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
            raise BackupError(BACKUP_NO_MANIFEST.format(path=path))
        if manifest.get("format_version") != FORMAT_VERSION:
            raise BackupError(
                BACKUP_WRONG_FORMAT.format(
                    found=manifest.get("format_version"),
                    expected=FORMAT_VERSION,
                    app_version=_app_version(),
                    backup_app_version=manifest.get("app_version", "?"),
                )
            )
        members: dict[str, str] = manifest["members"]
        entries: list[dict[str, Any]] = manifest["models"]
        for entry in entries:
            entry["model"], entry["member"], entry["count"] = (
                str(entry["model"]),
                str(entry["member"]),
                int(entry["count"]),
            )
        applied = [str(m) for m in manifest.get("migrations", [])]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BackupError(BACKUP_BAD_MANIFEST) from None
    # Nothing the manifest says is trusted before its signature is checked (the format version
    # is read first only to name the program that can read the archive).
    problem = signature_problem(archive=archive, manifest=raw_manifest)
    if problem is not None and not trust_unsigned:
        raise BackupError(problem)
    manifest["signed"] = problem is None

    names = {info.filename for info in archive.infolist() if not info.is_dir()} - {
        MANIFEST,
        SIGNATURE,
    }
    for member in sorted(names - set(members)):
        raise BackupError(BACKUP_EXTRA_MEMBER.format(member=member))
    for member in members:
        if member not in names:
            raise BackupError(BACKUP_MISSING_MEMBER.format(member=member))
        if member.startswith(FILES_DIR):
            _safe_file_name(member)
        elif not any(e["member"] == member for e in entries):
            raise BackupError(BACKUP_EXTRA_MEMBER.format(member=member))

    version = manifest.get("app_version", "?")
    for entry in entries:
        try:
            apps.get_model(entry["model"])
        except (LookupError, ValueError):
            raise BackupError(
                BACKUP_UNKNOWN_MODEL.format(model=entry["model"], app_version=version)
            ) from None
    known = set(MigrationExecutor(connections[DEFAULT_DB_ALIAS]).loader.disk_migrations)
    for migration in applied:
        app, _, name = migration.partition(".")
        if (app, name) not in known:
            raise BackupError(BACKUP_NEWER_SCHEMA.format(app_version=version, migration=migration))

    lines_per_member = {e["member"]: e for e in entries}
    for member, expected in members.items():
        digest = hashlib.sha256()
        lines = 0
        try:
            with archive.open(member) as f:
                while chunk := f.read(CHUNK):
                    digest.update(chunk)
                    lines += chunk.count(b"\n")
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError):
            # zipfile checks each member's CRC while reading, and a damaged deflated stream
            # fails in zlib: either way a damaged member lands here.
            raise BackupError(BACKUP_CHECKSUM_MISMATCH.format(member=member)) from None
        if digest.hexdigest() != expected:
            raise BackupError(BACKUP_CHECKSUM_MISMATCH.format(member=member))
        entry = lines_per_member.get(member)
        if entry is not None and lines != entry["count"]:
            raise BackupError(
                BACKUP_COUNT_MISMATCH.format(
                    model=entry["model"], expected=entry["count"], found=lines
                )
            )
    return manifest


# --- restoring ----------------------------------------------------------------------------


def _data_models() -> list[type[models.Model]]:
    return [m for m in backup_models() if m not in MIGRATE_CREATED]


def restore_plan(*, using: str = DEFAULT_DB_ALIAS) -> RestorePlan:
    """Say what a restore would replace: the rows and files already there."""
    plan = RestorePlan()
    for model in _data_models():
        count = model._base_manager.using(using).count()
        if count:
            plan.rows[_label(model)] = count
    plan.files = sum(1 for _ in _storage_files(default_storage))
    return plan


def migrate_if_needed(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Apply unapplied migrations; return whether there were any."""
    executor = MigrationExecutor(connections[using])
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    call_command("migrate", database=using, interactive=False, verbosity=0)
    return True


def _tables(models_: Iterable[type[models.Model]]) -> list[str]:
    tables = []
    for model in models_:
        tables.append(model._meta.db_table)
        for m2m in model._meta.local_many_to_many:
            if m2m.remote_field.through._meta.auto_created:
                tables.append(m2m.remote_field.through._meta.db_table)
    return tables


def _wipe(*, using: str) -> None:
    """Empty every data table, the sessions and the API tokens (their users are about to be
    replaced)."""
    connection = connections[using]
    tables = _tables(_data_models())
    if apps.is_installed("django.contrib.sessions"):
        tables.append(apps.get_model("sessions", "Session")._meta.db_table)
    if apps.is_installed("rest_framework.authtoken"):
        # API tokens are not backed up (they are secrets kept in clear): a restore drops them
        # with the users they belong to; `innocounty create-token` issues new ones.
        tables.append(apps.get_model("authtoken", "Token")._meta.db_table)
    existing = set(connection.introspection.table_names())
    statements = connection.ops.sql_flush(
        no_style(), [t for t in tables if t in existing], reset_sequences=False
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with pending deferred checks (rows written earlier in
            # the same transaction); checking them now clears the queue.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in statements:
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _load(*, archive: zipfile.ZipFile, entries: list[dict[str, Any]], using: str) -> None:
    connection = connections[using]
    deferred = []
    loaded = []
    with connection.constraint_checks_disabled():
        for entry in entries:
            model = apps.get_model(entry["model"])
            loaded.append(model)
            with (
                archive.open(entry["member"]) as raw,
                io.TextIOWrapper(raw, encoding="utf-8") as text,
            ):
                deferred += _load_member(text=text, member=entry["member"], using=using)
        for obj in deferred:
            obj.save_deferred_fields(using=using)
    connection.check_constraints(table_names=_tables(loaded))
    for entry in entries:
        model = apps.get_model(entry["model"])
        if model in MIGRATE_CREATED:
            continue  # merged with the rows migrate made, by natural key
        found = model._base_manager.using(using).count()
        if found != entry["count"]:
            raise BackupError(
                BACKUP_COUNT_MISMATCH.format(
                    model=entry["model"], expected=entry["count"], found=found
                )
            )
    # New rows must get ids above the restored ones (SQLite's AUTOINCREMENT does this itself).
    statements = connection.ops.sequence_reset_sql(no_style(), loaded)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _load_member(*, text: IO[str], member: str, using: str) -> list:
    """Save every row of one member; a line that cannot be restored is named with its number."""
    line = 0

    def lines() -> Iterator[str]:
        nonlocal line
        for line_text in text:
            line += 1
            yield line_text

    deferred = []
    try:
        for obj in serializers.deserialize(
            SERIALIZATION, lines(), using=using, handle_forward_references=True
        ):
            obj.save(using=using)
            if obj.deferred_fields:
                deferred.append(obj)
    except (DeserializationError, DatabaseError, ValueError, TypeError, LookupError) as exc:
        cause = exc.__cause__ if isinstance(exc, DeserializationError) and exc.__cause__ else exc
        raise BackupError(
            BACKUP_BAD_LINE.format(member=member, line=line, error=_one_line(cause))
        ) from None
    return deferred


def _restore_files(*, archive: zipfile.ZipFile, members: dict[str, str]) -> list[str]:
    """Write the archive's files to the storage. A file already stored under the same name (a
    forced restore) is first copied aside and given back if a later file fails, so that a
    failed restore loses no file: the database is rolled back, and the files are as before."""
    written: list[str] = []
    aside: dict[str, str] = {}  # stored name → the name of its copy
    member = ""
    try:
        for member in sorted(m for m in members if m.startswith(FILES_DIR)):
            name = _safe_file_name(member)
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as old:
                    aside[name] = default_storage.save(f"{name}.before-restore", File(old))
                default_storage.delete(name)
            with archive.open(member) as src:
                saved = default_storage.save(name, File(src, name=posixpath.basename(name)))
            written.append(saved)
            if saved != name:
                raise BackupError(
                    RESTORE_FILE_FAILED.format(name=name, error=f"存储改名为 {saved}")
                )
    except BackupError:
        _undo_files(written, aside)
        raise
    except Exception as exc:
        _undo_files(written, aside)
        raise BackupError(RESTORE_FILE_FAILED.format(name=member, error=_one_line(exc))) from None
    _remove(aside.values())
    return written


def _undo_files(written: list[str], aside: dict[str, str]) -> None:
    """After a failed restore: remove what it wrote, give back what it had replaced."""
    _remove(written)
    for name, copy in aside.items():
        try:
            if default_storage.exists(name):
                default_storage.delete(name)
            with default_storage.open(copy, "rb") as old:
                default_storage.save(name, File(old))
            default_storage.delete(copy)
        except Exception:  # cleanup after a failure must not hide that failure
            pass


def _remove(names: Iterable[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # cleanup after a failure must not hide that failure
            pass


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def backup_restore(
    *,
    path: Path,
    force: bool = False,
    trust_unsigned: bool = False,
    announce: Callable[[RestorePlan], None] | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> RestoreResult:
    """Restore the backup at `path`: all rows in one transaction, then the files.

    Order: verify the whole archive (nothing written yet), migrate if needed, refuse a
    non-empty database unless `force`, then in one transaction wipe (with `force`), load,
    check constraints and counts, reset sequences and write the files. Any failure rolls the
    database back and removes the files written so far. With `force`, files that were in
    storage but are not in the backup are deleted once everything else has succeeded;
    `announce` is told what will be replaced before anything is. An archive whose signature
    does not verify is refused unless `trust_unsigned`.
    """
    path = Path(path)
    with _open_archive(path) as archive:
        manifest = backup_verify(archive=archive, path=path, trust_unsigned=trust_unsigned)
        migrated = migrate_if_needed(using=using)
        existing = restore_plan(using=using)
        if not existing.empty and not force:
            raise BackupError(RESTORE_NOT_EMPTY.format(summary=existing.summary()))
        if not existing.empty and announce is not None:
            announce(existing)
        before = set(_storage_files(default_storage)) if force else set()
        try:
            with transaction.atomic(using=using):
                if force:
                    _wipe(using=using)
                _load(archive=archive, entries=manifest["models"], using=using)
                written = _restore_files(archive=archive, members=manifest["members"])
        except BackupError:
            raise
        except Exception as exc:
            raise BackupError(RESTORE_FAILED.format(error=_one_line(exc))) from None
        finally:
            ContentType.objects.clear_cache()
        _remove(before - set(written))
    return RestoreResult(
        counts={e["model"]: e["count"] for e in manifest["models"]},
        files=len(written),
        migrated=migrated,
        manifest=manifest,
        signed=manifest["signed"],
    )
