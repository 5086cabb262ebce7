"""Benchmark of the periodic sweeps at the size of a hosted service.

Builds (once; it is reused by later runs) 1,000 workspaces with 50 channels each, an approved
plan per workspace with a rhythm for every channel, 500,000 posts around today, accounts with
old passwords and late handovers, and five measured sub-goals per plan with half a year of
check-ins (some behind their path, some with a check-in due); then runs every sweep twice — the
first run sends what is due, the second finds everything sent — and reports each run's time,
SQL queries and batches, as a table and as JSON. Run it against a database of its own, on
PostgreSQL:

    createdb bench_sweeps
    DATABASE_URL=postgres://…/bench_sweeps python manage.py migrate
    DATABASE_URL=postgres://…/bench_sweeps python manage.py bench_sweeps

The target: every sweep under 10 seconds on a 2-core machine, and a query count that does not
depend on the number of rows (only on the number of batches).
"""

import datetime
import json
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts_registry.models import Handover, HandoverStep, Platform, SocialAccount
from content_calendar.models import Category, Post
from notifications.models import Notification
from notifications.sweeps import sweep_by_name
from results.models import CheckIn, SubGoalState
from strategy.models import ChannelPlan, Measurement, StrategyPlan, SubGoal
from users.models import User
from workspaces.models import Membership, Role, Workspace

PREFIX = "bench-"
SUB_GOALS_PER_PLAN = 5
# Posts lie within half a year before or after today, in seconds.
HALF_YEAR = 182 * 24 * 3600
PLATFORMS = [p for p in Platform.values if p != Platform.OTHER]
CATEGORIES = Category.values
STATUSES = [Post.Status.IDEA, Post.Status.DRAFT, Post.Status.READY, Post.Status.SCHEDULED]
TEXTS = [
    "New case study: a heat pump in a 1930s school",
    "What the new refrigerant rules mean for you #F-gassen",
    "We are hiring service technicians in Utrecht #vacature",
    "Question of the week: what is your biggest maintenance worry?",
]


class Command(BaseCommand):
    help = "Build a hosted-size data set and time every periodic sweep (see the module's text)."

    def add_arguments(self, parser):
        parser.add_argument("--workspaces", type=int, default=1000)
        parser.add_argument("--channels", type=int, default=50, help="per workspace")
        parser.add_argument("--posts", type=int, default=500_000, help="in all")
        parser.add_argument("--rebuild", action="store_true", help="drop the data set first")
        parser.add_argument(
            "--json", dest="json_file", metavar="FILE", help="also write the results here"
        )

    def handle(self, *args, workspaces, channels, posts, rebuild, json_file, **options):
        if rebuild:
            self._drop()
        existing = Workspace.objects.filter(slug__startswith=PREFIX).count()
        if existing != workspaces:
            if existing:
                self._drop()
            started = time.perf_counter()
            self._build(workspaces=workspaces, channels=channels, posts=posts)
            self.stdout.write(f"Built the data set in {time.perf_counter() - started:.0f} s.")
        if not SubGoal.objects.filter(plan__workspace__slug__startswith=PREFIX).exists():
            # A data set built before the results existed gets its sub-goals now.
            self._build_results()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        Notification.objects.filter(workspace__slug__startswith=PREFIX).delete()
        # The progress check tells a change of state: forget the states a previous run saw.
        SubGoalState.objects.filter(sub_goal__plan__workspace__slug__startswith=PREFIX).delete()

        results = []
        for name in settings.SWEEPS:
            for run in ("first", "again"):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    report = sweep_by_name(name)()
                    seconds = time.perf_counter() - started
                results.append(
                    {
                        **report.as_dict(),
                        "run": run,
                        "seconds": round(seconds, 2),
                        "queries": len(queries.captured_queries),
                    }
                )
        self._print(results, workspaces=workspaces, channels=channels, posts=posts)
        if json_file:
            with open(json_file, "w") as out:
                out.write(self._json(results, workspaces, channels, posts))

    @staticmethod
    def _json(results, workspaces, channels, posts) -> str:
        data = {
            "database": connection.vendor,
            "workspaces": workspaces,
            "channels": workspaces * channels,
            "posts": posts,
            "sweeps": results,
        }
        return json.dumps(data, indent=2)

    def _print(self, results, **size):
        self.stdout.write(
            "{workspaces} workspaces, {channels} channels each, {posts} posts".format(**size)
            + f" ({connection.vendor})"
        )
        header = f"{'sweep':<18}{'run':<7}{'due':>8}{'notified':>10}{'batches':>9}"
        self.stdout.write(header + f"{'queries':>9}{'seconds':>9}")
        for r in results:
            self.stdout.write(
                f"{r['name']:<18}{r['run']:<7}{r['due']:>8}{r['notified']:>10}{r['batches']:>9}"
                f"{r['queries']:>9}{r['seconds']:>9.2f}"
            )
        slowest = max(results, key=lambda r: r["seconds"])
        verdict = "within" if slowest["seconds"] < 10 else "OVER"
        self.stdout.write(
            f"Slowest: {slowest['name']} ({slowest['run']}) {slowest['seconds']:.2f} s, "
            f"{verdict} the 10 s target."
        )

    def _drop(self):
        workspaces = Workspace.objects.filter(slug__startswith=PREFIX)
        with transaction.atomic():
            Notification.objects.filter(workspace__in=workspaces).delete()
            HandoverStep.objects.filter(handover__workspace__in=workspaces).delete()
            Handover.objects.filter(workspace__in=workspaces).delete()
            Post.objects.filter(workspace__in=workspaces).delete()
            ChannelPlan.objects.filter(plan__workspace__in=workspaces).delete()
            StrategyPlan.objects.filter(workspace__in=workspaces).delete()
            SocialAccount.objects.filter(workspace__in=workspaces).delete()
            workspaces.delete()
            User.objects.filter(email__endswith="@bench.example").delete()

    @transaction.atomic
    def _build(self, *, workspaces: int, channels: int, posts: int):
        rng = random.Random(2026)
        today = timezone.localdate()
        now = timezone.now()
        self.stdout.write("Building workspaces, members and accounts ...")
        spaces = Workspace.objects.bulk_create(
            Workspace(name=f"Bench {n}", slug=f"{PREFIX}{n}") for n in range(workspaces)
        )
        # Three people a workspace: an editor, a reviewer and an admin.
        people = User.objects.bulk_create(
            User(email=f"p{n}@bench.example", name=f"Person {n}", password="!")
            for n in range(workspaces * 3)
        )
        Membership.objects.bulk_create(
            Membership(workspace=spaces[n // 3], user=person, role=role)
            for n, (person, role) in enumerate(
                zip(people, [Role.EDITOR, Role.REVIEWER, Role.ADMIN] * workspaces, strict=True)
            )
        )
        accounts = SocialAccount.objects.bulk_create(
            (
                SocialAccount(
                    workspace=space,
                    platform=PLATFORMS[c % len(PLATFORMS)],
                    handle=f"@bench{w}_{c}",
                    business_owner=people[w * 3 + c % 3],
                    login_email=f"social{c}@bench.example",
                    # One account in five has a password older than the rotation period.
                    password_changed_on=today
                    - datetime.timedelta(days=400 if c % 5 == 0 else rng.randint(1, 150)),
                )
                for w, space in enumerate(spaces)
                for c in range(channels)
            ),
            batch_size=5000,
        )
        self.stdout.write("Building plans and channel targets ...")
        plans = StrategyPlan.objects.bulk_create(
            StrategyPlan(
                workspace=space,
                title="Plan",
                period_start=today - datetime.timedelta(days=180),
                period_end=today + datetime.timedelta(days=180),
                owner=people[w * 3],
                reviewer=people[w * 3 + 1],
                status=StrategyPlan.Status.APPROVED,
                # A few plans are due for their next review.
                next_review_on=today - datetime.timedelta(days=1 if w % 20 == 0 else -30),
                mix_promotional=20,
                mix_curated=40,
                mix_engagement=40,
            )
            for w, space in enumerate(spaces)
        )
        ChannelPlan.objects.bulk_create(
            (
                ChannelPlan(
                    plan=plans[n // channels],
                    account=account,
                    owner=people[(n // channels) * 3 + n % 3],
                    # Most channels allow up to five a week; one in ten asks for at least one.
                    min_posts_per_week=1 if n % 10 == 0 else 0,
                    max_posts_per_week=5,
                    position=n % channels,
                )
                for n, account in enumerate(accounts)
            ),
            batch_size=5000,
        )
        self.stdout.write(f"Building {posts} posts ...")
        batch = []
        for _n in range(posts):
            account = accounts[rng.randrange(len(accounts))]
            batch.append(
                Post(
                    workspace_id=account.workspace_id,
                    channel=account,
                    owner_id=account.business_owner_id,
                    scheduled_at=now
                    + datetime.timedelta(seconds=rng.randint(-HALF_YEAR, HALF_YEAR)),
                    category=rng.choice(CATEGORIES),
                    text=rng.choice(TEXTS),
                    status=rng.choice(STATUSES),
                )
            )
            if len(batch) == 10_000:
                Post.objects.bulk_create(batch)
                batch = []
        Post.objects.bulk_create(batch)
        self.stdout.write("Building late handovers ...")
        # One workspace in ten has a handover past its deadline, on its first account.
        late = range(0, workspaces, 10)
        handovers = Handover.objects.bulk_create(
            Handover(
                workspace=spaces[w],
                leaver=people[w * 3],
                successor=people[w * 3 + 1],
                started_by=people[w * 3 + 2],
                deadline=today - datetime.timedelta(days=3),
            )
            for w in late
        )
        HandoverStep.objects.bulk_create(
            HandoverStep(handover=handover, account=accounts[w * channels], kind=kind, position=p)
            for w, handover in zip(late, handovers, strict=True)
            for p, kind in enumerate(HandoverStep.Kind.values)
        )
        self._build_results()

    @transaction.atomic
    def _build_results(self, *, per_plan: int = SUB_GOALS_PER_PLAN):
        """Per plan: measured sub-goals (weekly, monthly and quarterly in turn) with a check-in
        a month for the past half year; one in three behind its path, one in four without
        last month's check-in."""
        self.stdout.write("Building sub-goals, measurements and check-ins ...")
        plans = list(StrategyPlan.objects.filter(workspace__slug__startswith=PREFIX))
        goals = SubGoal.objects.bulk_create(
            (
                SubGoal(
                    plan=plan,
                    category="recruiting",
                    description=f"Sub-goal {n}",
                    metric="applications",
                    baseline=100,
                    target=200,
                    unit="applications",
                    deadline=plan.period_end,
                    position=n,
                )
                for plan in plans
                for n in range(per_plan)
            ),
            batch_size=5000,
        )
        frequencies = list(Measurement.Frequency.values)
        Measurement.objects.bulk_create(
            (
                Measurement(
                    plan_id=goal.plan_id,
                    kpi=goal.metric,
                    sub_goal=goal,
                    frequency=frequencies[n % len(frequencies)],
                    position=goal.position,
                )
                for n, goal in enumerate(goals)
            ),
            batch_size=5000,
        )
        today = timezone.localdate()
        workspace_of = {plan.pk: plan.workspace_id for plan in plans}
        check_ins = []
        for n, goal in enumerate(goals):
            # The path climbs 100 in the year: about 8 a month. Behind climbs 3.
            climb = 3 if n % 3 == 0 else 9
            months = range(1, 7) if n % 4 == 0 else range(0, 7)
            check_ins.extend(
                CheckIn(
                    workspace_id=workspace_of[goal.plan_id],
                    sub_goal=goal,
                    measured_on=today - datetime.timedelta(days=30 * months_ago),
                    value=100 + climb * (6 - months_ago),
                )
                for months_ago in months
            )
        CheckIn.objects.bulk_create(check_ins, batch_size=10_000)
