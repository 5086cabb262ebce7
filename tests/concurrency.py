"""Calls released together in threads of their own: how the tests of two people (or two tabs)
acting at the same moment make that moment, on PostgreSQL."""

import threading

from django.db import connections


def at_once(*calls):
    """Run each call in a thread of its own, released together; what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a call is still waiting after 30 s"
    return outcomes
