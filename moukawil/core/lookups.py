"""``field__any={…}``: membership in a collection sent as **one** parameter.

``__in`` expands a list into one placeholder per value; with the thousands of values a bulk import looks up per
batch, building and parsing those statements cost more than running them (docs/benchmarks.md). ``__any`` sends the
values as one text split by the server (PostgreSQL: ``= ANY(string_to_array(%s, …))``) or one JSON text (SQLite:
``IN (SELECT value FROM json_each(%s))``). Values are compared as the database stores them; use it for text,
integer and date columns and foreign keys (ids, not instances). Pass a set: Django walks a list or a tuple element
by element looking for expressions before the lookup sees it.
"""

from __future__ import annotations

import json
from collections.abc import Collection

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, Field, ForeignKey, Lookup, TextField

_SEPARATOR = "\x1f"  # ASCII unit separator: never in the identifiers, keys and codes looked up this way
# PostgreSQL SQL that turns one ``joined`` parameter back into a text array.
SPLIT = "string_to_array(%s, E'\\x1f')"
_TEXT = (CharField, TextField)


def joined(values) -> str | None:
    """``values`` as one text for ``SPLIT`` — psycopg adapts a Python list element by element (2 µs each) — or None
    when one of them holds the separator."""
    texts = list(map(str, values))
    text = _SEPARATOR.join(texts)
    # A value holding the separator shows as one separator too many (counted in C, not value by value).
    return text if text.count(_SEPARATOR) == max(len(texts) - 1, 0) else None


def rows_param(rows: Collection[tuple]) -> list[str]:
    """``rows`` (tuples of text, all of one length) as the parameters of a table of keys in SQL: on PostgreSQL one
    text per column, each for ``SPLIT`` (``unnest(SPLIT, SPLIT …)``); on SQLite one JSON text of the rows
    (``json_each``). None of the values may hold the separator (identities, codes, keys)."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        texts = [joined(column) for column in zip(*rows, strict=True)]
        assert None not in texts, "a value holds the separator"
        return [text for text in texts if text is not None]
    return [json.dumps(list(rows))]


@ForeignKey.register_lookup
@Field.register_lookup
class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self):
        return list(self.rhs)

    def as_sql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        # Strings for a text column are sent as they are: preparing each of thousands of values through the field
        # cost more than the query (docs/benchmarks.md).
        if isinstance(field, _TEXT) and all(type(value) is str for value in self.rhs):
            values = self.rhs
        else:
            values = [field.get_db_prep_value(value, connection, prepared=False) for value in self.rhs]
        if connection.vendor == "postgresql":
            text = joined(values)
            if text is None:
                return f"{lhs} = ANY(%s)", [*lhs_params, list(values)]
            cast = "" if isinstance(field, _TEXT) else f"::{field.db_type(connection)}[]"
            return f"{lhs} = ANY({SPLIT}{cast})", [*lhs_params, text]
        sql = f"{lhs} IN (SELECT value FROM json_each(%s))"  # noqa: S608 (lhs is a column compiled by Django)
        return sql, [*lhs_params, json.dumps(values, default=str)]
