"""Two confirms of the same registry file at the same moment (two tabs, a double click), on
PostgreSQL: the second waits for the first, then finds every account already registered, so
the accounts are registered once and neither confirm fails."""

import pytest
from django.db import connection

from accounts_registry import exchange
from accounts_registry.models import SocialAccount

from ..concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite writes one transaction at a time, so two confirms never overlap there; "
        "the workspace lock is tested on PostgreSQL (DATABASE_URL)",
    ),
]


@pytest.mark.parametrize("rounds", range(3))
def test_two_confirms_of_the_same_file_register_once(workspace, editor, rounds):
    raw = (
        ",".join(exchange.COLUMNS) + "\n" + "".join(f"x,@vandijk{n},,,,,app,,\n" for n in range(5))
    ).encode()
    previewed = exchange.registry_import(
        workspace=workspace, by=editor, raw=raw, commit=False
    ).fingerprint

    def confirm():
        return exchange.registry_import(
            workspace=workspace, by=editor, raw=raw, commit=True, previewed=previewed
        )

    outcomes = at_once(confirm, confirm)

    assert all(isinstance(o, exchange.ImportReport) and o.ok for o in outcomes), outcomes
    assert not any(o.changed_since_preview for o in outcomes)
    assert sorted((o.created, o.unchanged) for o in outcomes) == [(0, 5), (5, 0)]
    assert SocialAccount.objects.filter(workspace=workspace).count() == 5
