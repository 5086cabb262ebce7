"""The benchmark's data: a large workspace, a small one with the same shape, and 200 neighbours.

Everything is written with bulk_create (no services, no signals), in one transaction, so a
build that fails leaves nothing behind. The large workspace is what a team that plans for
years has: 50 members, 2,000 registry accounts with grants and audit history, 40 channels
with 20,000 posts over three years, 20 plans with their worksheets, versions and comments,
5 handovers in progress, 10,000 notifications and 200 curation feeds with 12,000 entries.
The small workspace has one or a few of each, so that every page takes the same code path
with little data. The 200 neighbours are
small workspaces around them: every tenancy filter has other rows to skip.
"""

import copy
import datetime
import itertools
import random
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.db.models import Count
from django.utils import timezone

from accounts_registry.models import (
    AccessGrant,
    Handover,
    HandoverStep,
    Platform,
    RegistrySettings,
    SocialAccount,
)
from content_calendar.models import CalendarSettings, Category, Post, hashtags_in
from curation.models import FetchError, Item, Source
from notifications.models import Notification
from strategy.models import (
    Audience,
    ChannelPlan,
    ContentTheme,
    Conversation,
    Measurement,
    PlanComment,
    PlanTransition,
    PlanVersion,
    Section,
    StrategyPlan,
    SubGoal,
    SuccessMeaning,
    TeamRole,
)
from strategy.sections import SECTION_FIELDS
from strategy.snapshot import plan_snapshot, with_sections
from users.models import User
from workspaces.models import CompanyDomain, Membership, Role, Workspace

# Change it when the data set changes shape: an older build is then dropped and rebuilt.
BUILD = "v2"
PREFIX = "bench-pages-"
LARGE = "bench-pages-large"
SMALL = "bench-pages-small"
DOMAIN = "bench-pages.example"
NEIGHBOURS = 200
# How far the posts reach: two and a half years back, half a year ahead.
POSTS_FROM = datetime.timedelta(days=913)
POSTS_SPAN = datetime.timedelta(days=3 * 365)
# How many people drive the load test (the admins and reviewers of the large workspace).
LOAD_USERS = 8


@dataclass(frozen=True)
class Size:
    members: int
    accounts: int
    channels: int
    posts: int
    plans: int
    handovers: int
    notifications: int  # per member
    comments: int  # per plan
    items: int  # rows per repeating worksheet item (sub-goals, audiences, …)
    history: int  # recorded changes of the account the benchmark opens
    grants: int  # grants of the account the benchmark opens
    sources: int  # curation's feeds
    feed_items: int  # kept entries per feed


SIZES = {
    LARGE: Size(
        members=50,
        accounts=2000,
        channels=40,
        posts=20_000,
        plans=20,
        handovers=5,
        notifications=200,
        comments=30,
        items=5,
        history=120,
        grants=40,
        sources=200,
        feed_items=60,
    ),
    SMALL: Size(
        members=5,
        accounts=6,
        channels=3,
        posts=30,
        plans=3,
        handovers=1,
        notifications=3,
        comments=2,
        items=1,
        history=2,
        grants=2,
        sources=2,
        feed_items=3,
    ),
}
NEIGHBOUR = Size(
    members=4,
    accounts=10,
    channels=5,
    posts=500,
    plans=1,
    handovers=1,
    notifications=5,
    comments=1,
    items=1,
    history=1,
    grants=1,
    sources=2,
    feed_items=10,
)

FIRST_NAMES = ["Sanne", "Eva", "Ruud", "Tim", "Fatima", "Daan", "Lotte", "Mehmet", "Iris", "Bram"]
LAST_NAMES = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer"]
PLATFORMS = [p for p in Platform.values if p != Platform.OTHER]
TEXTS = [
    "New case study: a heat pump in a 1930s school",
    "What the new refrigerant rules mean for you #F-gassen #duurzaam",
    "We are hiring service technicians in Utrecht #vacature",
    "Question of the week: what is your biggest maintenance worry?",
    "Five things to check before the heating season starts",
    "Meet Ruud, who has kept our vans on the road for 20 years #team",
]
PROSE = (
    "We want installers and facility managers in the region to know us as the partner for "
    "sustainable installations, and technicians to want to work with us. "
)
NOTIFICATION_KINDS = [
    "plan_submitted",
    "plan_commented",
    "post_not_ready",
    "channel_rhythm",
    "password_rotation_due",
    "handover_late",
]


@dataclass(frozen=True)
class Target:
    """What the benchmark opens in one workspace."""

    slug: str
    user_ids: list[int]  # the first one counts the queries; all of them drive the load
    step_plan: int  # a plan whose worksheet is open for editing
    review_plan: int  # a plan in review, started from a version of the approved one
    account: int
    handover: int


def is_built() -> bool:
    return Workspace.objects.filter(slug=LARGE, name__endswith=f"({BUILD})").exists()


def has_bench_data() -> bool:
    return Workspace.objects.filter(slug__startswith=PREFIX).exists()


def target(slug: str) -> Target:
    workspace = Workspace.objects.get(slug=slug)
    plans = StrategyPlan.objects.filter(workspace=workspace).order_by("pk")
    people = (
        Membership.objects.filter(workspace=workspace, role__in=[Role.ADMIN, Role.REVIEWER])
        .order_by("user__email")
        .values_list("user_id", flat=True)
    )
    handover = (
        Handover.objects.filter(workspace=workspace, completed_at__isnull=True)
        .annotate(n=Count("steps"))
        .order_by("-n", "pk")
        .first()
    )
    return Target(
        slug=slug,
        user_ids=list(people[:LOAD_USERS]),
        step_plan=plans.filter(status=StrategyPlan.Status.CHANGES_REQUESTED).first().pk,
        review_plan=plans.filter(status=StrategyPlan.Status.IN_REVIEW).first().pk,
        account=SocialAccount.objects.get(workspace=workspace, handle=f"@{slug}-0").pk,
        handover=handover.pk,
    )


def build(*, say=print) -> None:
    rng = random.Random(2026)
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        for slug, size in SIZES.items():
            say(f"Building {slug} ...")
            name = "Bench large" if slug == LARGE else "Bench small"
            _workspace(slug=slug, name=f"{name} ({BUILD})", size=size, rng=rng, now=now)
        say(f"Building {NEIGHBOURS} neighbouring workspaces ...")
        for n in range(NEIGHBOURS):
            _workspace(
                slug=f"{PREFIX}n{n:03d}", name=f"Neighbour {n}", size=NEIGHBOUR, rng=rng, now=now
            )
    # What autovacuum does to a database in use: statistics, and the visibility map that lets
    # a count be read from an index alone.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _role(n: int, members: int) -> str:
    admins, reviewers = max(1, members // 10), max(1, members // 5)
    if n < admins:
        return Role.ADMIN
    return Role.REVIEWER if n < admins + reviewers else Role.EDITOR


def _text(field: models.Field, words: str) -> str:
    limit = getattr(field, "max_length", None)
    return words[:limit] if limit else words


def _between(rng, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
    seconds = max(1, int((end - start).total_seconds()))
    return start + datetime.timedelta(seconds=rng.randrange(seconds))


def _workspace(*, slug: str, name: str, size: Size, rng: random.Random, now) -> None:
    today = timezone.localdate(now)
    workspace = Workspace.objects.create(name=name, slug=slug, created_at=now - POSTS_FROM)
    company = f"{slug}.{DOMAIN}"
    CompanyDomain.objects.create(workspace=workspace, domain=company)
    CalendarSettings.objects.create(workspace=workspace)
    RegistrySettings.objects.create(workspace=workspace)

    people = User.objects.bulk_create(
        User(
            email=f"{slug}-{n:03d}@{DOMAIN}",
            name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[n % len(LAST_NAMES)]} {n}",
            password="!",
        )
        for n in range(size.members)
    )
    # People who left the workspace but still hold access somewhere: a risk the registry shows.
    former = User.objects.bulk_create(
        User(email=f"{slug}-former-{n}@{DOMAIN}", name=f"Former {n}", password="!")
        for n in range(2)
    )
    Membership.objects.bulk_create(
        Membership(workspace=workspace, user=person, role=_role(n, size.members))
        for n, person in enumerate(people)
    )
    admin = people[0]
    reviewers = [p for n, p in enumerate(people) if _role(n, size.members) != Role.EDITOR]

    accounts = _accounts(workspace, size, people, former, company, rng, now)
    channels = accounts[: size.channels]
    _posts(workspace, size, people, channels, rng, now)
    _plans(workspace, size, people, reviewers, channels, rng, now, today)
    _notifications(workspace, size, people, rng, now)
    _curation(workspace, size, people, rng, now)
    _handovers(workspace, size, people, admin, accounts, company, rng, now, today)


def _accounts(workspace, size, people, former, company, rng, now) -> list[SocialAccount]:
    """The registry: accounts whose current state is the last of their recorded history,
    and grants (some revoked, some held by people who left) with theirs."""
    slug = workspace.slug
    history_start = now - POSTS_FROM
    tracked = [f.attname for f in SocialAccount.history.model._meta.concrete_fields]
    states, histories = [], []
    for i in range(size.accounts):
        is_channel = i < size.channels
        created = _between(rng, history_start, history_start + datetime.timedelta(days=90))
        state = {
            "workspace_id": workspace.pk,
            "platform": PLATFORMS[i % len(PLATFORMS)],
            "handle": f"@{slug}-{i}",
            "profile_url": f"https://social.example/{slug}-{i}",
            "purpose": "Recruiting and showing our work" if i % 2 else "Customer questions",
            "business_owner_id": people[rng.randrange(len(people))].pk,
            "login_email": f"social{i}@{company}" if i % 4 else f"someone{i}@mail.example",
            "two_factor": rng.choice(SocialAccount.TwoFactor.values),
            "recovery_holder": "the marketing phone",
            "vault_reference": f"1Password > Marketing > {slug}-{i}",
            "password_changed_on": (created + datetime.timedelta(days=1)).date(),
            "status": SocialAccount.Status.ACTIVE
            if is_channel or i % 10
            else rng.choice(
                [
                    SocialAccount.Status.DORMANT,
                    SocialAccount.Status.TO_CONSOLIDATE,
                    SocialAccount.Status.CLOSED,
                ]
            ),
            "notes": "",
        }
        changes = size.history if i == 0 else rng.randint(0, 3)
        moments = sorted(_between(rng, created, now) for _ in range(changes))
        history = [("+", created, dict(state))]
        for at in moments:
            what = rng.randrange(4)
            if what == 0:
                state["password_changed_on"] = at.date()
            elif what == 1:
                state["two_factor"] = rng.choice(SocialAccount.TwoFactor.values)
            elif what == 2:
                state["business_owner_id"] = people[rng.randrange(len(people))].pk
            else:
                state["vault_reference"] = f"1Password > Marketing > {slug}-{i} ({at:%Y})"
            history.append(("~", at, dict(state)))
        states.append((created, state))
        histories.append(history)
    accounts = SocialAccount.objects.bulk_create(
        (SocialAccount(created_at=created, **state) for created, state in states), batch_size=2000
    )
    SocialAccount.history.model.objects.bulk_create(
        (
            SocialAccount.history.model(
                id=account.pk,
                history_type=kind,
                history_date=at,
                history_user_id=people[0].pk,
                **{k: v for k, v in state.items() if k in tracked},
            )
            for account, history in zip(accounts, histories, strict=True)
            for kind, at, state in history
        ),
        batch_size=5000,
    )

    grants = []
    for i, account in enumerate(accounts):
        for _n in range(size.grants if i == 0 else rng.randint(0, 4)):
            roll = rng.random()
            grant = AccessGrant(
                account=account,
                member=people[rng.randrange(len(people))]
                if roll < 0.7
                else (former[rng.randrange(len(former))] if roll < 0.8 else None),
                outside_name="" if roll < 0.8 else "Agency Blauw",
                outside_email="" if roll < 0.8 else "team@blauw.example",
                level=rng.choice(AccessGrant.Level.values),
                granted_at=_between(rng, account.created_at, now),
                granted_by=people[0],
            )
            if rng.random() < 0.25:
                grant.revoked_at = _between(rng, grant.granted_at, now)
                grant.revoked_by = people[0]
            grants.append(grant)
    grants = AccessGrant.objects.bulk_create(grants, batch_size=5000)
    grant_fields = [
        f.attname
        for f in AccessGrant._meta.concrete_fields
        if f.attname in {g.attname for g in AccessGrant.history.model._meta.concrete_fields}
    ]
    records = []
    for grant in grants:
        values = {name: getattr(grant, name) for name in grant_fields}
        first = {**values, "revoked_at": None, "revoked_by_id": None}
        records.append(("+", grant.granted_at, grant.granted_by_id, first))
        if grant.revoked_at:
            records.append(("~", grant.revoked_at, grant.revoked_by_id, values))
    AccessGrant.history.model.objects.bulk_create(
        (
            AccessGrant.history.model(
                history_type=kind, history_date=at, history_user_id=by, **values
            )
            for kind, at, by, values in records
        ),
        batch_size=5000,
    )
    return accounts


def _posts(workspace, size, people, channels, rng, now) -> None:
    begin = now - POSTS_FROM
    ahead = (Post.Status.IDEA, Post.Status.DRAFT, Post.Status.READY, Post.Status.SCHEDULED)
    posts = []
    for _n in range(size.posts):
        at = _between(rng, begin, begin + POSTS_SPAN).replace(second=0)
        if at < now:
            status = Post.Status.CANCELLED if rng.random() < 0.05 else Post.Status.PUBLISHED
        else:
            status = rng.choice(ahead)
        text = rng.choice(TEXTS)
        checked = status in Post.NEEDS_HASHTAG_CHECK
        posts.append(
            Post(
                workspace=workspace,
                channel=channels[rng.randrange(len(channels))],
                scheduled_at=at,
                category=rng.choices(Category.values, weights=(2, 4, 4))[0],
                serves_note="Heat pumps for offices",
                text=text,
                owner=people[rng.randrange(len(people))],
                status=status,
                hashtags_checked=hashtags_in(text) if checked else "",
                hashtags_checked_by=people[0] if checked and hashtags_in(text) else None,
                hashtags_checked_at=at if checked and hashtags_in(text) else None,
                created_at=at - datetime.timedelta(days=14),
            )
        )
    Post.objects.bulk_create(posts, batch_size=5000)


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _add_quarters(day: datetime.date, quarters: int) -> datetime.date:
    months = day.year * 12 + day.month - 1 + 3 * quarters
    return datetime.date(months // 12, months % 12 + 1, 1)


def _plans(workspace, size, people, reviewers, channels, rng, now, today) -> None:
    """The plan approved for this quarter (with versions), one in review and one sent back
    for changes (both started from the approved version), and older plans: archived, each
    with a version, and now and then a draft that was never submitted."""
    Status = StrategyPlan.Status
    quarter = _quarter_start(today)
    text_fields = [
        StrategyPlan._meta.get_field(name)
        for names in SECTION_FIELDS.values()
        for name in names
        if isinstance(StrategyPlan._meta.get_field(name), models.CharField | models.TextField)
    ]
    plans, version_counts = [], []
    for k in range(size.plans):
        if k == 0:
            status, start, versions = Status.APPROVED, quarter, 3 if size.plans > 3 else 1
        elif k in (1, 2):
            status, start, versions = (
                Status.IN_REVIEW if k == 1 else Status.CHANGES_REQUESTED,
                _add_quarters(quarter, 1),
                0,
            )
        elif k % 6 == 5:
            status, start, versions = Status.DRAFT, _add_quarters(quarter, 2), 0
        else:
            status, start, versions = Status.ARCHIVED, _add_quarters(quarter, 2 - k), 1 + k % 2
        owner = people[rng.randrange(len(people))]
        plan = StrategyPlan(
            workspace=workspace,
            title=f"Social media strategy {start:%Y} Q{(start.month - 1) // 3 + 1}",
            period_start=start,
            period_end=_add_quarters(start, 1) - datetime.timedelta(days=1),
            owner=owner,
            status=status,
            reviewer=reviewers[k % len(reviewers)],
            review_due=today + datetime.timedelta(days=3) if status == Status.IN_REVIEW else None,
            next_review_on=_add_quarters(start, 1),
            created_at=now - datetime.timedelta(days=30),
            updated_at=now - datetime.timedelta(days=1),
            updated_by=owner,
            success_meanings=[SuccessMeaning.THOUGHT_LEADERSHIP, SuccessMeaning.LEAD_GENERATION],
            mix_promotional=20,
            mix_curated=40,
            mix_engagement=40,
            **{f.name: _text(f, f"{f.verbose_name}: {PROSE * 2}") for f in text_fields},
        )
        plans.append(plan)
        version_counts.append(versions)
    plans = StrategyPlan.objects.bulk_create(plans)
    _worksheets(plans, size, people, channels)

    comments, transitions = [], []
    for plan in plans:
        for n in range(size.comments):
            comments.append(
                PlanComment(
                    plan=plan,
                    section=Section.values[n % len(Section.values)],
                    author=reviewers[n % len(reviewers)] if n % 3 else plan.owner,
                    body=f"Comment {n}: is the rhythm on LinkedIn realistic with the hours we "
                    "have? The team role says four hours a week.",
                    created_at=now - datetime.timedelta(hours=size.comments - n),
                )
            )
        path = {
            Status.APPROVED: [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED],
            Status.IN_REVIEW: [Status.DRAFT, Status.IN_REVIEW],
            Status.CHANGES_REQUESTED: [Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED],
            Status.ARCHIVED: [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.ARCHIVED],
            Status.DRAFT: [Status.DRAFT],
        }[plan.status]
        for n, (old, new) in enumerate(itertools.pairwise(path)):
            transitions.append(
                PlanTransition(
                    plan=plan,
                    from_status=old,
                    to_status=new,
                    by=plan.owner if new == Status.IN_REVIEW else plan.reviewer,
                    at=now - datetime.timedelta(days=10 - n),
                    comment="Please make the rhythm fit the hours we have."
                    if new == Status.CHANGES_REQUESTED
                    else "",
                )
            )
    PlanComment.objects.bulk_create(comments, batch_size=5000)
    PlanTransition.objects.bulk_create(transitions)

    # Versions: the whole plan as approved, read back the way the application reads it.
    loaded = {
        p.pk: p for p in with_sections(StrategyPlan.objects.filter(pk__in=[p.pk for p in plans]))
    }
    versions = []
    for plan, count in zip(plans, version_counts, strict=True):
        content = plan_snapshot(loaded[plan.pk])
        for number in range(1, count + 1):
            older = copy.deepcopy(content)
            if number < count:  # earlier versions differ: another mix, a row fewer
                older.get("what", {})["mix_promotional"] = 30
                older.get("what", {})["mix_curated"] = 30
                older.get("why", {})["business_issue"] = f"Version {number}: {PROSE}"
                for rows in older.get("who", {}).values():
                    if isinstance(rows, list) and len(rows) > 1:
                        rows.pop()
            versions.append(
                PlanVersion(
                    plan=plan,
                    number=number,
                    content=older,
                    approved_by=plan.reviewer,
                    # Approved shortly before the plan's period, one version after the other.
                    approved_at=now
                    - datetime.timedelta(days=(today - plan.period_start).days + 10 - number),
                )
            )
    versions = PlanVersion.objects.bulk_create(versions)
    latest = max((v for v in versions if v.plan_id == plans[0].pk), key=lambda v: v.number)
    StrategyPlan.objects.filter(pk__in=[p.pk for p in plans[1:3]]).update(based_on=latest)


def _worksheets(plans, size, people, channels) -> None:
    n = size.items
    rows: dict[type, list] = {model: [] for model in (SubGoal, Audience, Conversation)}
    rows |= {model: [] for model in (TeamRole, ContentTheme, ChannelPlan, Measurement)}
    for plan in plans:
        for i in range(n):
            rows[SubGoal].append(
                SubGoal(
                    plan=plan,
                    position=i,
                    category=SubGoal.Category.values[i % len(SubGoal.Category.values)],
                    description=f"Sub-goal {i}: more applications from technicians",
                    metric="applications via social",
                    baseline=2,
                    target=10 + i,
                    unit="per quarter",
                    deadline=plan.period_end,
                )
            )
            rows[Audience].append(
                Audience(
                    plan=plan,
                    position=i,
                    name=f"Audience {i}: facility managers",
                    priority=i + 1,
                    cares_about="Low running costs, no surprises",
                    where_active="LinkedIn, trade fairs",
                )
            )
            rows[Conversation].append(
                Conversation(
                    plan=plan,
                    position=i,
                    with_whom=f"Conversation {i}: customers",
                    about="Maintenance and service",
                    suitable_channel="LinkedIn page",
                )
            )
            rows[TeamRole].append(
                TeamRole(
                    plan=plan,
                    position=i,
                    role=f"Role {i}: social media manager",
                    person=people[i % len(people)].name,
                    routes_questions_about="Vacancies",
                    hours_per_week=4,
                )
            )
            rows[Measurement].append(
                Measurement(
                    plan=plan,
                    position=i,
                    kpi=f"KPI {i}: applications",
                    sub_goal=rows[SubGoal][-1],  # the sub-goal just added, this plan's i-th
                    source="Recruitment system",
                )
            )
        for i in range(n + 1):
            rows[ContentTheme].append(
                ContentTheme(plan=plan, position=i, name=f"Theme {i}: heat pumps", message=PROSE)
            )
        for i, account in enumerate(channels):
            rows[ChannelPlan].append(
                ChannelPlan(
                    plan=plan,
                    position=i,
                    account=account,
                    purpose="Show our work",
                    audience=rows[Audience][-n] if n else None,  # this plan's first
                    owner=people[i % len(people)],
                    min_posts_per_week=1,
                    max_posts_per_week=3,
                )
            )
    for model, objs in rows.items():
        model.objects.bulk_create(objs, batch_size=5000)


def _notifications(workspace, size, people, rng, now) -> None:
    begin = now - POSTS_FROM
    notifications = []
    for person in people:
        for n in range(size.notifications):
            at = _between(rng, begin, now)
            recent = at > now - datetime.timedelta(days=14)
            failed = n % 50 == 49
            notifications.append(
                Notification(
                    recipient=person,
                    workspace=workspace,
                    kind=NOTIFICATION_KINDS[n % len(NOTIFICATION_KINDS)],
                    key=f"bench:{n}",
                    message=f"LinkedIn page · {workspace.slug}-{n % 40}: 5 posts planned in "
                    "the week, the plan allows at most 4.",
                    link=f"/w/{workspace.slug}/calendar/",
                    created_at=at,
                    read_at=None if recent else at + datetime.timedelta(hours=3),
                    email_state=Notification.EmailState.FAILED
                    if failed
                    else Notification.EmailState.SENT,
                    email_attempts=5 if failed else 1,
                    emailed_at=None if failed else at,
                    email_error="Connection refused" if failed else "",
                )
            )
    Notification.objects.bulk_create(notifications, batch_size=5000)


def _curation(workspace, size, people, rng, now) -> None:
    """Feeds under the plans' themes, one in ten failing and one paused; 90 days of entries,
    most of them new, some dismissed and some planned as the calendar's curated posts."""
    themes = list(ContentTheme.objects.filter(plan__workspace=workspace).order_by("pk"))
    curated = list(
        Post.objects.filter(workspace=workspace, category=Category.CURATED)
        .order_by("pk")
        .values_list("pk", flat=True)[: size.sources * size.feed_items // 10]
    )
    sources = Source.objects.bulk_create(
        Source(
            workspace=workspace,
            name=f"Trade news {n:03d}",
            feed_url=f"https://news-{n:03d}.{DOMAIN}/feed.xml",
            site_url=f"https://news-{n:03d}.{DOMAIN}/",
            theme=themes[n % len(themes)] if themes else None,
            owner=people[n % len(people)],
            created_at=now - POSTS_FROM,
            fetched_at=now - datetime.timedelta(minutes=n % 60),
            next_fetch_at=now + datetime.timedelta(minutes=60 - n % 60),
            error_code=FetchError.UNREACHABLE if n % 10 == 9 else "",
            failures=3 if n % 10 == 9 else 0,
            active=n % 50 != 49,
            paused_at=now if n % 50 == 49 else None,
        )
        for n in range(size.sources)
    )
    items, planned = [], iter(curated)
    for source in sources:
        for n in range(size.feed_items):
            roll = rng.random()
            post = next(planned, None) if roll < 0.1 else None
            status = (
                Item.Status.PLANNED
                if post
                else Item.Status.DISMISSED
                if roll < 0.3
                else Item.Status.NEW
            )
            published = _between(rng, now - datetime.timedelta(days=90), now)
            items.append(
                Item(
                    source=source,
                    key=f"{source.feed_url}#{n}",
                    link=f"{source.site_url}articles/{n}",
                    title=rng.choice(TEXTS),
                    summary=PROSE,
                    published_at=published,
                    fetched_at=published + datetime.timedelta(minutes=30),
                    status=status,
                    post_id=post,
                )
            )
    Item.objects.bulk_create(items, batch_size=5000)


def _handovers(workspace, size, people, admin, accounts, company, rng, now, today) -> None:
    """Handovers in progress: each for a person who owns some of the accounts, one step per
    account and kind, partly confirmed; the first is past its deadline."""
    Kind = HandoverStep.Kind
    steps = []
    for h in range(size.handovers):
        leaver = people[-(h + 1)]
        successor = people[-(h + 1 + size.handovers)] if size.members > 2 * size.handovers else None
        if successor is None or successor.pk == leaver.pk:
            successor = people[1]
        handover = Handover.objects.create(
            workspace=workspace,
            leaver=leaver,
            successor=successor,
            started_by=admin,
            deadline=today + datetime.timedelta(days=7 * (h - 1) + 1),
            started_at=now - datetime.timedelta(days=14),
        )
        owned = [a for a in accounts if a.business_owner_id == leaver.pk] or accounts[-1:]
        for account in owned:
            for position, kind in enumerate(Kind.values):
                step = HandoverStep(
                    handover=handover, account=account, kind=kind, position=position
                )
                if kind == Kind.MOVE_LOGIN and account.login_email.endswith(company):
                    step.not_applicable = "The login is already on a company address."
                elif rng.random() < h / max(1, size.handovers):
                    step.confirmed_by = successor if kind == Kind.SUCCESSOR_CONFIRMS else admin
                    step.confirmed_at = now - datetime.timedelta(days=rng.randint(1, 10))
                steps.append(step)
    HandoverStep.objects.bulk_create(steps, batch_size=5000)
