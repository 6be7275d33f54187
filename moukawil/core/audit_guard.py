"""Triggers that make the audit table append-only in the database itself: an ``UPDATE`` or a ``DELETE`` fails
whoever sends it (the ORM, a script, ``psql``). The one change accepted is the seal (``core.chain``): setting
``seq``, ``prev_hash`` and ``hash`` on an event that has none, its content unchanged.

Installed by the migration ``core.0003_trust_auth_audit_chain``. ``TRUNCATE`` (PostgreSQL) is not a row operation
and needs the table's owner; ``audit verify`` sees it through the chain's head row (docs/security.md)."""

from __future__ import annotations

MESSAGE = "Le journal d'audit est en ajout seul"
_CONTENT = [
    "id", "created_at", "actor_id", "actor_label", "event_type", "target_type", "target_id", "target_label",
    "region_id", "before", "after", "extra",
]  # fmt: skip


def _same(db: str) -> str:
    if db == "postgresql":
        return " AND ".join(f'NEW."{c}" IS NOT DISTINCT FROM OLD."{c}"' for c in _CONTENT)
    return " AND ".join(f'NEW."{c}" IS OLD."{c}"' for c in _CONTENT)


def _sealing(db: str) -> str:
    return f"OLD.seq IS NULL AND NEW.seq IS NOT NULL AND OLD.hash = '' AND NEW.hash <> '' AND {_same(db)}"


def install_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"""CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND {_sealing("postgresql")} THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '{MESSAGE.replace("'", "''")} : % refusé (événement %)', TG_OP, OLD.id
    USING ERRCODE = 'insufficient_privilege';
END $$""",
            "DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent",
            "CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE ON core_auditevent "
            "FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only()",
        ]
    if vendor == "sqlite":
        message = MESSAGE.replace("'", "''")
        return [
            "DROP TRIGGER IF EXISTS core_auditevent_no_update",
            "DROP TRIGGER IF EXISTS core_auditevent_no_delete",
            f"CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent "
            f"WHEN NOT ({_sealing('sqlite')}) BEGIN SELECT RAISE(ABORT, '{message} : UPDATE refusé'); END",
            f"CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent "
            f"BEGIN SELECT RAISE(ABORT, '{message} : DELETE refusé'); END",
        ]
    return []


def remove_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent",
            "DROP FUNCTION IF EXISTS core_auditevent_append_only()",
        ]
    if vendor == "sqlite":
        return ["DROP TRIGGER IF EXISTS core_auditevent_no_update", "DROP TRIGGER IF EXISTS core_auditevent_no_delete"]
    return []


def install(connection) -> None:
    with connection.cursor() as cursor:
        for statement in install_sql(connection.vendor):
            cursor.execute(statement)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for statement in remove_sql(connection.vendor):
            cursor.execute(statement)
