"""Writing a running import's progress where every app server can read it: the batch row.

The import itself is one transaction, so progress written through its own connection would
show only when it is over. On PostgreSQL a second connection, in autocommit, writes each step
as it happens. SQLite lets one connection write at a time and the import holds that lock, so
there the row says "saving N" and the page shows a busy bar until the outcome. A restore on
SQLite writes in short transactions and reports between them, when no transaction is open: then
the default connection writes the step at once.

Nor does it write when the import runs inside a transaction of its caller (the immediate
backend, in a request or a test): that transaction may hold the batch row's lock, and a second
connection waiting for it would wait for ever.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Q
from django.db.models.sql import UpdateQuery
from django.db.models.sql.constants import NO_RESULTS

from coffeechat.transfer.models import ImportBatch


class ProgressWriter:
    """Called as `writer(done, total)` by `commit_plan`; close() when the import ends."""

    def __init__(self, batch_id: int, attempt: int) -> None:
        self.where = Q(pk=batch_id, attempt=attempt)
        self.side = (
            None
            if connection.vendor == "sqlite" or connection.in_atomic_block
            else connections.create_connection(DEFAULT_DB_ALIAS)
        )

    def __call__(self, done: int, total: int) -> None:
        if not connection.in_atomic_block:
            # Between a stepped restore's transactions: the write is seen at once.
            ImportBatch.objects.filter(self.where).update(done=done, total=total)
            return
        if self.side is None:
            return
        # The ORM's UPDATE, compiled for the side connection (it has no alias of its own).
        query = UpdateQuery(ImportBatch)
        query.add_update_values({"done": done, "total": total})
        query.add_q(self.where)
        query.get_compiler(connection=self.side).execute_sql(NO_RESULTS)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
