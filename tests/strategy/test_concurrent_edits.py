"""Two people saving the same worksheet step at the same moment, on PostgreSQL: one wins, the
other is told, and nothing is silently lost."""

import threading

import pytest
from django.db import connection, connections

from strategy import services
from strategy.models import Section, StrategyPlan

from .factories import new_plan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
)
def test_two_saves_from_the_same_starting_point_one_wins_one_is_told(workspace, editor, reviewer):
    plan = new_plan(workspace=workspace, owner=editor)
    opened = plan.revision_of(Section.WHY)
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(person, words):
        try:
            barrier.wait(timeout=10)
            services.plan_section_save(
                plan=StrategyPlan.objects.get(pk=plan.pk),
                section=Section.WHY,
                by=person,
                revision=opened,
                values={"top_goal": words},
            )
            outcomes[words] = "saved"
        except services.PlanConflict:
            outcomes[words] = "conflict"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(editor, "Editor's goal")),
        threading.Thread(target=save, args=(reviewer, "Reviewer's goal")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(words for words, outcome in outcomes.items() if outcome == "saved")
    plan.refresh_from_db()
    assert plan.top_goal == winner
    assert plan.why_revision == opened + 1
