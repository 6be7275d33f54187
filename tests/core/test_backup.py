"""`moukawil backup` and `moukawil restore`: database, uploaded files and signing key back as they were, checked
table by table (row counts and checksums), on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import stat
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from moukawil.certificates import signing
from moukawil.core.backup import backup_create, backup_restore, media_fingerprints, table_fingerprints
from moukawil.registry.models import Application, Person


@pytest.fixture
def installation(registration, submit):
    """A register with people and a decision, an uploaded file and a signing key in its file."""
    submit(cin="BK7001", last_name="Tazi")
    media = Path(settings.MEDIA_ROOT)
    (media / "imports" / "2026" / "11").mkdir(parents=True, exist_ok=True)
    (media / "imports" / "2026" / "11" / "demandes.csv").write_text("cin;nom\nBK7001;Tazi\n", encoding="utf-8")
    signing.private_key.cache_clear()
    signing.sign({"n": 1})  # creates the key file at CERTIFICATE_KEY_PATH
    yield media
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


@pytest.mark.django_db(transaction=True)
def test_restore_brings_back_rows_files_and_key_identical(installation, tmp_path, submit):
    before = table_fingerprints()
    files = media_fingerprints(installation)  # ours, and whatever earlier tests uploaded
    assert "imports/2026/11/demandes.csv" in files
    key_path = Path(settings.CERTIFICATE_KEY_PATH)
    key = key_path.read_bytes()
    report = backup_create(tmp_path)
    assert report.path.parent == tmp_path and report.media_files == len(files) and report.key_source == "file"
    assert stat.S_IMODE(report.path.stat().st_mode) == 0o600  # it holds the signing key
    with tarfile.open(report.path) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        assert {"signing.key", "media/imports/2026/11/demandes.csv"} <= set(archive.getnames())
    assert manifest["tables"]["registry_person"] == before["registry_person"]
    assert manifest["tables"]["registry_person"][0] == 2

    # After the backup: a new application, a row changed, a file lost and one added, the key gone.
    submit(cin="BK7002", last_name="Berrada")
    Person.objects.filter(cin="BK7001").update(last_name="Changé")
    (installation / "imports" / "2026" / "11" / "demandes.csv").unlink()
    (installation / "autre.csv").write_text("x", encoding="utf-8")
    key_path.unlink()
    assert table_fingerprints() != before

    restored = backup_restore(report.path)
    assert restored.differences == []
    assert table_fingerprints() == before
    assert sorted(Person.objects.values_list("cin", "last_name")) == [("BK123456", "El Amrani"), ("BK7001", "Tazi")]
    assert not Application.objects.filter(person__cin="BK7002").exists()
    assert media_fingerprints(installation) == files  # the lost file back, the stray one gone
    assert key_path.read_bytes() == key


@pytest.mark.django_db(transaction=True)
def test_the_restore_command_checks_every_table_against_the_manifest(installation, tmp_path):
    """A backup whose manifest does not match its database (damaged, or altered) fails its restore, naming the
    table; a checksum that cannot fail would let a wrong restore pass."""
    report = backup_create(tmp_path)
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(report.path) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                count, checksum = manifest["tables"]["registry_person"]
                manifest["tables"]["registry_person"] = [count, f"{int(checksum, 16) ^ 1:016x}"]
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="diffère"):
        call_command("restore", str(damaged), "--yes", stdout=out, stderr=err)
    assert "registry_person" in err.getvalue()

    out = io.StringIO()
    call_command("restore", str(report.path), "--yes", stdout=out)
    assert "identiques" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_to_replace_another_signing_key_unasked(installation, tmp_path):
    report = backup_create(tmp_path)
    key_path = Path(settings.CERTIFICATE_KEY_PATH)
    key_path.write_bytes(b"YW5vdGhlciBrZXkgb2YgZXhhY3RseSAzMiBieXRlcyE=")  # another 32-byte seed
    with pytest.raises(CommandError, match="--replace-key"):
        call_command("restore", str(report.path), "--yes", stdout=io.StringIO())
    call_command("restore", str(report.path), "--yes", "--replace-key", stdout=io.StringIO())
    signing.private_key.cache_clear()
    assert signing.verify(signing.sign({"n": 2})) == {"n": 2}


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    bogus = tmp_path / "x.tar"
    with tarfile.open(bogus, "w") as archive:
        archive.addfile(tarfile.TarInfo("hello.txt"), io.BytesIO(b""))
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(bogus), "--yes")
