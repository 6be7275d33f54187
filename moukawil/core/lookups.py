"""``field__any=[…]``: membership in a list sent as **one** parameter.

``__in`` expands a list into one placeholder per value; with the thousands of values a bulk import looks up per
batch, building and parsing those statements cost more than running them (docs/benchmarks.md). ``__any`` sends the
list as one array (PostgreSQL: ``= ANY(%s)``) or one JSON text (SQLite: ``IN (SELECT value FROM json_each(%s))``).
Values are compared as the database stores them; use it for text, integer and date columns.
"""

from __future__ import annotations

import json

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, Lookup


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
        values = [field.get_db_prep_value(value, connection, prepared=False) for value in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        sql = f"{lhs} IN (SELECT value FROM json_each(%s))"  # noqa: S608 (lhs is a column compiled by Django)
        return sql, [*lhs_params, json.dumps(values, default=str)]
