"""Backup and restore of one installation: the database, the uploaded files (MEDIA_ROOT) and the signing key.

A backup is one tar file (``moukawil backup``), written with mode 0600 because it may hold the signing key:

- ``manifest.json``: when, which database, the migrations applied, every table's row count and checksum, every
  uploaded file's SHA-256, where the signing key comes from and its public key's fingerprint;
- ``database.dump`` (PostgreSQL: ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite's online backup);
- ``media/…``: the uploaded files;
- ``signing.key``: the key file at ``CERTIFICATE_KEY_PATH`` when the key lives there. A key given by
  ``CERTIFICATE_SIGNING_KEY`` (production) is a secret of the environment and is not copied: the manifest keeps its
  public fingerprint, and ``restore`` checks that the restoring machine signs with the same key.

``moukawil restore FILE`` puts all three back (the database replaced whole, MEDIA_ROOT emptied and refilled) and
then recomputes every count and checksum against the manifest: a restore that differs is reported and fails.

A table's checksum is the sum, modulo 2^64, of a 60-bit digest (MD5) of each row's text: independent of row order
and computed by the server on PostgreSQL (one pass, no sort); on SQLite, by Python over the rows.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

FORMAT = 1


class BackupError(Exception):
    """A backup or a restore that cannot go on (French message for the operator)."""


# --- Fingerprints ------------------------------------------------------------------------------------------


def table_fingerprints(alias: str = DEFAULT_DB_ALIAS) -> dict[str, list]:
    """Every table's [row count, checksum] (see the module's docstring)."""
    connection = connections[alias]
    tables = sorted(connection.introspection.table_names())
    result: dict[str, list] = {}
    with connection.cursor() as cursor:
        for table in tables:
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                digest = "('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint"
                sql = f"SELECT count(*), coalesce(sum({digest}), 0) % 18446744073709551616 FROM {quoted} t"  # noqa: S608
                cursor.execute(sql)  # a table name from introspection
                count, total = cursor.fetchone()
                result[table] = [int(count), f"{int(total):016x}"]
            else:
                count, total = 0, 0
                cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (a table name from introspection)
                while rows := cursor.fetchmany(5000):
                    for row in rows:
                        digest = hashlib.md5(repr(row).encode(), usedforsecurity=False).hexdigest()
                        total += int(digest[:15], 16)
                    count += len(rows)
                result[table] = [count, f"{total % (1 << 64):016x}"]
    return result


def media_fingerprints(root: Path) -> dict[str, str]:
    files = {}
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            files[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def _key_fingerprint(seed_b64: bytes | str) -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(seed_b64)).public_key()
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def _signing_key_state() -> dict:
    configured = getattr(settings, "CERTIFICATE_SIGNING_KEY", "")
    path = Path(settings.CERTIFICATE_KEY_PATH)
    if configured:
        return {"source": "environment", "fingerprint": _key_fingerprint(configured)}
    if path.is_file():
        return {"source": "file", "path": str(path), "fingerprint": _key_fingerprint(path.read_bytes())}
    return {"source": "absent"}


def _applied_migrations(alias: str) -> list[list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connections[alias])
    return sorted([app, name] for app, name in recorder.applied_migrations())


# --- PostgreSQL tools -------------------------------------------------------------------------------------


def _pg_args(alias: str) -> tuple[list[str], dict[str, str]]:
    db = connections[alias].settings_dict
    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return [*args, "--dbname", db["NAME"]], env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 (pg tools)
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} est introuvable : installez les outils clients de PostgreSQL.") from exc
    if done.returncode:
        raise BackupError(f"{command[0]} a échoué : {done.stderr.strip()[-2000:]}")


# --- Backup -------------------------------------------------------------------------------------------------


@dataclass
class BackupReport:
    path: Path
    seconds: float
    tables: int
    rows: int
    media_files: int
    key_source: str


def backup_create(destination: Path, *, alias: str = DEFAULT_DB_ALIAS) -> BackupReport:
    """Write the backup tar file at ``destination`` (a directory: a dated file inside it)."""
    start = time.perf_counter()
    connection = connections[alias]
    if destination.is_dir():
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        destination = destination / f"moukawil-{stamp}.tar"
    destination.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    key = _signing_key_state()
    with tempfile.TemporaryDirectory(prefix="moukawil-backup-") as work:
        work_dir = Path(work)
        if connection.vendor == "postgresql":
            # The dump is one consistent snapshot; the checksums are taken inside the same kind of snapshot right
            # after. Backups are taken when no import runs (docs/operations.md), so both see the same rows.
            args, env = _pg_args(alias)
            dump = work_dir / "database.dump"
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump), *args], env)
        elif connection.vendor == "sqlite":
            dump = work_dir / "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            with target:
                connection.connection.backup(target)
            target.close()
        else:
            raise BackupError(f"Base de données non prise en charge : {connection.vendor}.")
        tables = table_fingerprints(alias)
        media = media_fingerprints(media_root)
        manifest = {
            "format": FORMAT, "created_at": timezone.now().isoformat(), "vendor": connection.vendor,
            "migrations": _applied_migrations(alias), "tables": tables, "media": media, "signing_key": key,
        }  # fmt: skip
        (work_dir / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
        partial = destination.with_name(destination.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as archive:
            archive.add(work_dir / "manifest.json", "manifest.json")
            archive.add(dump, dump.name)
            for name in media:
                archive.add(media_root / name, f"media/{name}")
            if key["source"] == "file":
                archive.add(key["path"], "signing.key")
        partial.replace(destination)  # a backup file that exists is a complete one
    return BackupReport(
        destination, time.perf_counter() - start, len(tables), sum(c for c, _ in tables.values()), len(media),
        key["source"],
    )  # fmt: skip


# --- Restore ------------------------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    seconds: float
    database_seconds: float
    tables: int
    rows: int
    media_files: int
    key: str
    differences: list[str] = field(default_factory=list)


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.extractfile("manifest.json")
    except KeyError as exc:
        raise BackupError("Ce fichier n'est pas une sauvegarde Moukawil (manifest.json absent).") from exc
    assert member is not None
    manifest = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format de sauvegarde inconnu : {manifest.get('format')}.")
    return manifest


def backup_restore(source: Path, *, alias: str = DEFAULT_DB_ALIAS, replace_key: bool = False) -> RestoreReport:
    """Put the database, the uploaded files and the signing key of ``source`` back, then compare every count and
    checksum with the manifest (``differences`` lists what does not match)."""
    start = time.perf_counter()
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("Une restauration ne peut pas s'exécuter dans une transaction.")
    with tempfile.TemporaryDirectory(prefix="moukawil-restore-") as work, tarfile.open(source, "r:*") as archive:
        work_dir = Path(work)
        manifest = _read_manifest(archive)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"Sauvegarde de {manifest['vendor']}, base configurée {connection.vendor} : restauration impossible."
            )
        archive.extractall(work_dir, filter="data")
        key_message = _restore_key(manifest["signing_key"], work_dir, replace=replace_key)
        db_start = time.perf_counter()
        if connection.vendor == "postgresql":
            connection.close()
            args, env = _pg_args(alias)
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                  *args, str(work_dir / "database.dump")], env)  # fmt: skip
        else:
            connection.ensure_connection()
            source_db = sqlite3.connect(work_dir / "database.sqlite3")
            source_db.backup(connection.connection)
            source_db.close()
        database_seconds = time.perf_counter() - db_start
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        for child in media_root.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        if (work_dir / "media").is_dir():
            shutil.copytree(work_dir / "media", media_root, dirs_exist_ok=True)
    differences = []
    tables = table_fingerprints(alias)
    for table, expected in manifest["tables"].items():
        got = tables.get(table)
        if got != expected:
            differences.append(f"table {table} : attendu {expected[0]} lignes / {expected[1]}, obtenu {got}")
    media = media_fingerprints(Path(settings.MEDIA_ROOT))
    if media != manifest["media"]:
        differences.append(f"fichiers : {len(manifest['media'])} attendus, {len(media)} restaurés ou différents")
    return RestoreReport(
        time.perf_counter() - start, database_seconds, len(tables), sum(c for c, _ in tables.values()), len(media),
        key_message, differences,
    )  # fmt: skip


def _restore_key(state: dict, work_dir: Path, *, replace: bool) -> str:
    from moukawil.certificates import signing

    if state["source"] == "absent":
        return "aucune clé de signature dans la sauvegarde"
    current = _signing_key_state()
    if state["source"] == "environment":
        if current.get("fingerprint") != state["fingerprint"]:
            raise BackupError(
                "La sauvegarde a été signée avec la clé donnée par CERTIFICATE_SIGNING_KEY (empreinte "
                f"{state['fingerprint'][:16]}…) ; définissez la même clé sur cette machine avant de restaurer."
            )
        return "clé de signature : celle de l'environnement (CERTIFICATE_SIGNING_KEY), identique"
    path = Path(settings.CERTIFICATE_KEY_PATH)
    if path.is_file() and current.get("fingerprint") != state["fingerprint"] and not replace:
        raise BackupError(
            f"Une autre clé de signature existe déjà dans {path} : les attestations qu'elle a signées ne se "
            "vérifieraient plus. Relancez avec --replace-key pour la remplacer par celle de la sauvegarde."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write((work_dir / "signing.key").read_bytes())
    signing.private_key.cache_clear()
    return f"clé de signature restaurée dans {path}"
