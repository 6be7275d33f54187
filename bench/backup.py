"""Backup and restore of the national data set (``moukawil backup`` / ``moukawil restore``, core/backup.py): the
time of each, restored into a scratch database, and every table's row count and checksum identical to the
original's."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .common import VAR, Result, database_name, drop_pg_database, ensure_pg_database, repeat, timed, use_database


def run(scale: str, db: str) -> Result:
    use_database(db, scale)
    from django.db import connections

    from moukawil.core.backup import backup_create, backup_restore, table_fingerprints

    from .dataset import ensure

    ensure(scale)
    original = table_fingerprints()
    rows = sum(count for count, _ in original.values())
    result = Result(f"backup and restore of the national data set ({len(original)} tables, {rows:,} rows)")
    scratch = dict(connections["default"].settings_dict)
    if db == "postgres":
        name = database_name(scale, "restore")
        scratch["NAME"] = name
    else:
        scratch["NAME"] = str(VAR / f"{scale}-restore.sqlite3")
    connections.databases["restore"] = scratch
    backups, restores, restored_db = [], [], []
    with tempfile.TemporaryDirectory(dir=VAR) as work:
        for _ in range(repeat(scale)):
            archive = Path(work) / "backup.tar"
            seconds, _report = timed(lambda: backup_create(archive))  # noqa: B023
            backups.append(seconds)
            if db == "postgres":
                connections["restore"].close()
                drop_pg_database(name)
                ensure_pg_database(name)
            else:
                connections["restore"].close()
                Path(scratch["NAME"]).unlink(missing_ok=True)
            seconds, restored = timed(lambda: backup_restore(archive, alias="restore"))  # noqa: B023
            restores.append(seconds)
            restored_db.append(restored.database_seconds)
        size_mb = archive.stat().st_size / 1e6
    result.measure(f"moukawil backup ({size_mb:,.0f} MB file)", backups, count=rows)
    result.measure("moukawil restore (database, files, key, then every checksum)", restores, count=rows)
    result.measure("  of which the database itself (pg_restore / SQLite backup)", restored_db, count=rows)
    copy = table_fingerprints("restore")
    result.check("every table's row count and checksum, restored vs original", copy, original)
    result.check("restore's own comparison with the manifest: differences", restored.differences, [])
    return result
