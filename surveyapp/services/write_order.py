"""Forgetting the order in which answers arrived, on PostgreSQL, once a wave closes.

Marking an invitation used and storing its response happen in one transaction (so that a crash keeps
both or neither). On PostgreSQL both new rows therefore carry the same transaction id (``xmin``) and sit
at matching places in their tables' write order, so someone reading the database who also held a
person's link (from a mail archive, say) could pair that person's invitation with their response. The
address and send time are already cleared when the link is used; this closes the rest.

``forget_write_order`` rewrites both tables: one UPDATE gives every row the same new ``xmin``, then
CLUSTER on the random keys (response ids, token hashes) writes the rows in an order that means nothing
and leaves the old row versions behind. SQLite updates rows in place and records no writer, so there
is nothing to do there. What this cannot reach: PostgreSQL's write-ahead log and backups taken while
the wave was open keep the old row versions for their retention period.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

log = logging.getLogger(__name__)

#: CLUSTER briefly locks each table; if a long transaction holds it, give up rather than queue writers.
LOCK_TIMEOUT_MS = 5000


def forget_write_order(engine: Engine, *, lock_timeout_ms: int = LOCK_TIMEOUT_MS) -> bool:
    """Rewrite ``invitation`` and ``response`` so neither writer ids nor row order pair them.

    Returns False (and logs) when there is nothing to do (SQLite) or a lock could not be had in time;
    it is safe to run again at any time, and every wave close runs it.
    """
    if engine.dialect.name != "postgresql":
        return False
    timeout = f"SET lock_timeout = {int(lock_timeout_ms)}"
    try:
        with engine.begin() as connection:
            connection.execute(text(timeout))
            connection.execute(text("UPDATE invitation SET used = used"))
            connection.execute(text("UPDATE response SET wave_id = wave_id"))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(timeout))
            connection.execute(text("CLUSTER response USING pk_response"))
            connection.execute(text("CLUSTER invitation USING uq_invitation_token_hash"))
            connection.execute(text("RESET lock_timeout"))
    except OperationalError as error:
        log.warning(
            "could not rewrite the response tables' write order yet (%s); the next close retries",
            type(error).__name__,
        )
        return False
    return True
