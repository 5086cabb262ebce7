#!/usr/bin/env python
"""Benchmark of the pages at the size of a team that plans for years, on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres bench_pages   # optional: created when missing
    python bench/pages.py                           # build once, measure, report
    python bench/pages.py --duration 30 --json bench-pages.json
    python bench/pages.py --profile plan_step,registry_list   # where a page's time goes
    python bench/pages.py --no-fragment-cache        # every page computed, as after a change

1. Builds (once; later runs reuse it) a large workspace, a small one of the same shape and
   200 neighbours in a database of its own (bench/build.py).
2. Counts each page's SQL queries in-process (Django's test client) in the large and in the
   small workspace, computed (no cached fragments): a page whose count differs between the
   two, or is above 20, fails. It counts them too when the fragments come from the cache.
3. Serves the app as in production — gunicorn, 2 workers, DEBUG off, collected static files
   served by WhiteNoise, cached fragments on (workspaces/revisions.py; --no-fragment-cache
   turns them off, to measure every page as right after a change) — with bench.settings,
   which adds only the floor view.
4. Drives the floor (a login-required view that does nothing), then each page, with locust:
   8 people, each logged in with a session of their own and asking again as soon as the page
   arrives, for a fixed time per page. Before each page it waits until the server has
   answered what the last page left queued and (up to --settle seconds) until other work on
   the machine calms down; the `others` column says how much CPU other work took meanwhile.
5. Reports per page the queries, median and p95 latency, requests per second and that as a
   share of the floor's, and the workers' memory after the run; as a table and as JSON
   (var/bench-pages.json unless --json says otherwise). `--profile` instead shows, per page,
   in-process: time and SQL time, the slowest queries, the templates and the functions that
   take the most time (files in var/bench-pages/), computed unless --no-fragment-cache.

Targets: queries constant and ≤ 20, p95 ≤ 150 ms, throughput ≥ 25% of the floor's, each
worker ≤ 200 MB after the run. The command exits with 1 when one is missed.
"""

import argparse
import contextlib
import cProfile
import datetime
import io
import json
import math
import os
import pstats
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bench_pages"
PORTS = range(8100, 8200)
USERS = 8
WORKERS = 2
MAX_QUERIES = 20
MAX_P95_MS = 150
MIN_FLOOR_SHARE = 0.25
MAX_WORKER_MB = 200


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    url_name: str
    # The URL's arguments, from a build.Target and today's date in the workspace.
    kwargs: object


def _month(t, today):
    return {"workspace": t.slug, "year": today.year, "month": today.month}


def _week(t, today):
    year, week, _day = today.isocalendar()
    return {"workspace": t.slug, "year": year, "week": week}


PAGES = [
    Page("dashboard", "dashboard", "workspaces:dashboard", lambda t, d: {"workspace": t.slug}),
    Page("calendar_month", "calendar month", "calendar:month", _month),
    Page("calendar_week", "calendar week", "calendar:week", _week),
    Page("calendar_list", "calendar list", "calendar:list", lambda t, d: {"workspace": t.slug}),
    Page("balance_panel", "balance panel (month)", "calendar:month_balance", _month),
    Page(
        "plan_step",
        "plan worksheet step (how)",
        "strategy:plan_step",
        lambda t, d: {"workspace": t.slug, "pk": t.step_plan, "step": "how"},
    ),
    Page(
        "plan_review",
        "plan review",
        "strategy:plan_detail",
        lambda t, d: {"workspace": t.slug, "pk": t.review_plan},
    ),
    Page(
        "version_diff",
        "version diff",
        "strategy:plan_compare",
        lambda t, d: {"workspace": t.slug, "pk": t.review_plan},
    ),
    Page("registry_list", "registry list", "registry:index", lambda t, d: {"workspace": t.slug}),
    Page(
        "account",
        "account page",
        "registry:account_detail",
        lambda t, d: {"workspace": t.slug, "pk": t.account},
    ),
    Page(
        "handover",
        "handover page",
        "registry:handover_detail",
        lambda t, d: {"workspace": t.slug, "pk": t.handover},
    ),
    Page("inbox", "inbox", "notifications:inbox", lambda t, d: {"workspace": t.slug}),
    Page(
        "curation_inbox",
        "curation inbox",
        "curation:inbox",
        lambda t, d: {"workspace": t.slug},
    ),
    Page(
        "curation_sources",
        "curation sources",
        "curation:sources",
        lambda t, d: {"workspace": t.slug},
    ),
]
FLOOR = Page("floor", "floor (login, no work)", "bench_floor", lambda t, d: {})


def say(*args) -> None:
    print(*args, flush=True)


# --- Set-up ---------------------------------------------------------------------------------


def environment(database_url: str, *, static_root: str, var_dir: str) -> dict[str, str]:
    """The production settings, on plain http on this machine."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": static_root,
        "VAR_DIR": var_dir,
        "LOG_LEVEL": "WARNING",
    }


def prepare_database(url: str, *, recreate: bool) -> None:
    """Create the benchmark's own database when it is missing (or drop it first)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("The page benchmark runs on PostgreSQL: give a postgres:// URL.")
    if name == "strategy_planner" or name.startswith("test_"):
        sys.exit(f"Refusing to use {name!r}: the benchmark needs a database of its own.")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and recreate:
            say(f"Dropping database {name} ...")
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        if not exists or recreate:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def ensure_data(url: str) -> None:
    from django.core.management import call_command
    from django.db import connections

    from bench import build

    call_command("migrate", verbosity=0)
    if build.is_built():
        return
    if build.has_bench_data():  # an older or unfinished build: start from an empty database
        connections.close_all()
        prepare_database(url, recreate=True)
        call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build.build(say=say)
    say(f"Built the data set in {time.perf_counter() - started:.0f} s.")


def data_summary(slug: str) -> dict[str, int]:
    from accounts_registry.models import AccessGrant, Handover, HandoverStep, SocialAccount
    from content_calendar.models import Post
    from curation.models import Item, Source
    from notifications.models import Notification
    from strategy.models import PlanComment, PlanVersion, StrategyPlan
    from workspaces.models import Membership, Workspace

    ws = Workspace.objects.get(slug=slug)
    return {
        "members": Membership.objects.filter(workspace=ws).count(),
        "accounts": SocialAccount.objects.filter(workspace=ws).count(),
        "grants": AccessGrant.objects.filter(account__workspace=ws).count(),
        "account_history": SocialAccount.history.filter(workspace_id=ws.pk).count(),
        "channels": Post.objects.filter(workspace=ws).values("channel").distinct().count(),
        "posts": Post.objects.filter(workspace=ws).count(),
        "plans": StrategyPlan.objects.filter(workspace=ws).count(),
        "versions": PlanVersion.objects.filter(plan__workspace=ws).count(),
        "comments": PlanComment.objects.filter(plan__workspace=ws).count(),
        "handovers": Handover.objects.filter(workspace=ws, completed_at__isnull=True).count(),
        "handover_steps": HandoverStep.objects.filter(handover__workspace=ws).count(),
        "notifications": Notification.objects.filter(workspace=ws).count(),
        "feed_sources": Source.objects.filter(workspace=ws).count(),
        "feed_items": Item.objects.filter(source__workspace=ws).count(),
        "workspaces_in_database": Workspace.objects.count(),
        "posts_in_database": Post.objects.count(),
    }


def url_of(page: Page, target) -> str:
    from django.urls import reverse

    from content_calendar.selectors import today_in
    from workspaces.models import Workspace

    today = today_in(Workspace.objects.get(slug=target.slug))
    return reverse(page.url_name, kwargs=page.kwargs(target, today))


def logged_in_client(user_id: int):
    from django.test import Client

    from users.models import User

    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    return client


# --- Queries, in-process --------------------------------------------------------------------


def count_queries(targets: dict) -> dict[str, dict[str, int]]:
    """Each page's queries in each workspace when it is computed (the cached fragments off,
    as after a change), and in the large one when its fragments come from the cache; on a
    warm request (the session already knows the workspace, as for anyone who has been there
    before)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    def count(client, url: str, label: str) -> int:
        for _attempt in ("warm", "count"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            if response.status_code != 200:
                sys.exit(f"{label}: {url} answered {response.status_code}.")
        return len(queries.captured_queries)

    counts: dict[str, dict[str, int]] = {}
    for size, target in targets.items():
        client = logged_in_client(target.user_ids[0])
        for page in [*PAGES, FLOOR]:
            url = url_of(page, target)
            with override_settings(FRAGMENT_CACHE_SECONDS=0):
                counts.setdefault(page.key, {})[size] = count(client, url, f"{page.label} ({size})")
            if size == "large":
                counts[page.key]["cached"] = count(client, url, f"{page.label} (cached)")
    return counts


@contextlib.contextmanager
def template_times():
    """Per template: how often it was rendered, and the time spent in it outside the
    templates it includes (widgets included: each option of a select is a template)."""
    from django.template import base

    original = base.Template.render
    totals: dict[str, list] = defaultdict(lambda: [0, 0.0])
    stack: list[float] = []

    def render(self, context):
        name = getattr(self.origin, "template_name", None) or self.name or "(string)"
        stack.append(0.0)
        started = time.perf_counter()
        try:
            return original(self, context)
        finally:
            spent = time.perf_counter() - started
            inner = stack.pop()
            if stack:
                stack[-1] += spent
            totals[name][0] += 1
            totals[name][1] += spent - inner

    base.Template.render = render
    try:
        yield totals
    finally:
        base.Template.render = original


def profile(keys: list[str], target, *, cached: bool, repeat: int = 5, out_dir: Path) -> None:
    """Where a page's time goes, in-process on the large workspace: time and SQL time per
    request, the slowest queries, the templates that take the most time, and the functions
    that do (cProfile). The page is computed (cached fragments off) unless `cached`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    if not cached:
        override_settings(FRAGMENT_CACHE_SECONDS=0).enable()
    client = logged_in_client(target.user_ids[0])
    for page in [p for p in [*PAGES, FLOOR] if p.key in keys]:
        url = url_of(page, target)
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            for _ in range(repeat):
                client.get(url)
            wall = (time.perf_counter() - started) / repeat
        # Read now: connection.queries is emptied when the next request starts.
        captured = queries.captured_queries
        with template_times() as templates:
            for _ in range(repeat):
                client.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            client.get(url)
        profiler.disable()

        per_request = captured[: len(captured) // repeat]
        sql_s = sum(float(q["time"]) for q in captured) / repeat
        text = io.StringIO()
        text.write(f"=== {page.label}: {url}\n")
        text.write(
            f"{wall * 1000:.1f} ms a request in-process (one at a time), of which SQL "
            f"{sql_s * 1000:.1f} ms in {len(per_request)} queries\n\nSlowest queries (ms):\n"
        )
        for q in sorted(per_request, key=lambda q: -float(q["time"]))[:8]:
            text.write(f"  {float(q['time']) * 1000:7.1f}  {q['sql'][:300]}\n")
        text.write("\nTemplates, by own time (ms a request, renders a request):\n")
        ranked = sorted(templates.items(), key=lambda item: -item[1][1])[:10]
        for name, (renders, seconds) in ranked:
            text.write(f"  {seconds * 1000 / repeat:7.1f}  {renders // repeat:>7}  {name}\n")
        stats = pstats.Stats(profiler, stream=text)
        text.write("\nOur code, by cumulative time (under the profiler, 5 requests):\n")
        stats.sort_stats("cumulative").print_stats(rf"^{ROOT}/(?!\.venv)", 25)
        text.write("\nEverything, by own time:\n")
        stats.sort_stats("tottime").print_stats(25)
        report = text.getvalue().replace(f"{ROOT}/", "")
        say(report)
        (out_dir / f"bench-profile-{page.key}.txt").write_text(report)


# --- The server and the load ----------------------------------------------------------------


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    sys.exit(f"No free port in {PORTS.start}-{PORTS.stop - 1}.")


def get(url: str, cookie: str = "") -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


urllib.request.install_opener(urllib.request.build_opener(NoRedirect))


def serve(env: dict, port: int, log) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "strategy_planner.wsgi"]
    command += ["--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start (exit {server.returncode}); see {log.name}.")
        try:
            if get(f"http://127.0.0.1:{port}/auth/login/") == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    stop(server)
    sys.exit(f"gunicorn did not answer within 60 s; see {log.name}.")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def workers_of(master: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The parent's id is the second field after the command's closing parenthesis.
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                children.append(int(entry.name))
    return sorted(children)


def memory_of(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _colon, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024  # kB → MB
    return {"pid": pid, "rss_mb": round(fields["VmRSS"], 1), "peak_mb": round(fields["VmHWM"], 1)}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# Other processes may use this much of the machine before a page's load starts.
QUIET = 0.15


@dataclass(frozen=True)
class Reading:
    """CPU time used so far: by the whole machine (busy ticks, from /proc/stat), by every
    process (pid -> ticks, parent pid, command line), and by this process's finished
    children (locust runs as one)."""

    machine: int
    processes: dict[int, tuple[int, int, str]]
    children: float


def cpu_reading() -> Reading:
    processes = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        processes[int(entry.name)] = (int(fields[11]) + int(fields[12]), int(fields[1]), command)
    # user, nice, system, idle, iowait, irq, softirq, steal: all but idle and iowait are busy.
    ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Reading(
        machine=sum(ticks) - ticks[3] - ticks[4],
        processes=processes,
        children=(children.ru_utime + children.ru_stime) * CLOCK_TICKS,
    )


@dataclass(frozen=True)
class Machine:
    """Tells the benchmark's own CPU use from everything else's, to see how busy other work
    kept the machine while a page was measured (the machine may be shared)."""

    server: int
    database: str

    def is_ours(self, pid: int, parent: int, command: str) -> bool:
        return (
            pid in (os.getpid(), self.server)
            or parent == self.server
            or (command.startswith("postgres: ") and f" {self.database} " in command)
        )

    def _share(self, ticks: float, seconds: float) -> float:
        return max(0.0, ticks) / CLOCK_TICKS / max(seconds, 0.001) / (os.cpu_count() or 1)

    def others_share(self, before: Reading, after: Reading, seconds: float) -> float:
        """The share of the machine's cores that everything but the benchmark (its server,
        its database connections, locust and itself) used between two readings; processes
        that came and went in between are counted too."""
        ours = (
            after.children
            - before.children
            + sum(
                ticks - before.processes.get(pid, (0, 0, ""))[0]
                for pid, (ticks, parent, command) in after.processes.items()
                if self.is_ours(pid, parent, command)
            )
        )
        return self._share(after.machine - before.machine - ours, seconds)

    def server_share(self, before: Reading, after: Reading, seconds: float) -> float:
        used = sum(
            ticks - before.processes.get(pid, (0, 0, ""))[0]
            for pid, (ticks, parent, _command) in after.processes.items()
            if self.server in (pid, parent)
        )
        return self._share(used, seconds)

    def settle(self, most: float) -> tuple[float, float]:
        """Wait until the server has answered what the last page left queued (a slow page
        leaves requests behind when locust stops), and (at most `most` seconds) until other
        processes leave the CPU mostly to us; returns how long it waited and how busy the
        others were in the last second."""
        started = time.monotonic()
        while True:
            before = cpu_reading()
            time.sleep(1)
            after = cpu_reading()
            share = self.others_share(before, after, 1)
            draining = self.server_share(before, after, 1) > 0.02
            waited = time.monotonic() - started
            if not draining and (share < QUIET or waited >= most):
                return waited, share
            if waited > most + 300:
                sys.exit("The server is still busy 5 minutes after the last page's load.")


def drive(page: Page, path: str, *, port, sessions, seconds: int, work: Path, machine: Machine):
    """One page under load for `seconds`, after a short warm-up of every session."""
    from django.conf import settings

    base = f"http://127.0.0.1:{port}"
    cookies = [f"{settings.SESSION_COOKIE_NAME}={key}" for key in sessions]
    for cookie in cookies:
        status = get(base + path, cookie)
        if status != 200:
            sys.exit(f"{page.label}: {path} answered {status} to a logged-in person.")
    out = work / f"{page.key}.json"
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py")]
    command += ["--headless", "--users", str(USERS), "--spawn-rate", str(USERS)]
    command += ["--run-time", f"{seconds}s", "--stop-timeout", "5", "--host", base]
    command += ["--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    env = {
        **os.environ,
        "BENCH_PAGE": page.key,
        "BENCH_PATH": path,
        "BENCH_SESSIONS": ",".join(sessions),
        "BENCH_COOKIE": settings.SESSION_COOKIE_NAME,
        "BENCH_WARMUP": "2",
        "BENCH_OUT": str(out),
    }
    log = work / f"locust-{page.key}.log"
    before, started = cpu_reading(), time.monotonic()
    with open(log, "w") as output:
        subprocess.run(
            command,
            cwd=work,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=seconds + 90,
            check=False,
        )
    others = machine.others_share(before, cpu_reading(), time.monotonic() - started)
    if not out.exists():
        sys.exit(f"locust wrote no results for {page.label}; see {log}.")
    data = json.loads(out.read_text())
    times = data["times_ms"]
    if not times:
        sys.exit(f"No request of {page.label} was answered in the measured window; see {log}.")
    return {
        "requests": len(times),
        "failures": data["failures"],
        "errors": data["errors"],
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "rps": round(len(times) / data["window_s"], 1),
        "client_cpu_warning": "CPU usage above" in log.read_text(),
        "others_cpu": round(others, 2),
    }


# --- The report -----------------------------------------------------------------------------


def verdicts(result: dict) -> list[str]:
    failures = []
    for page in result["pages"]:
        large, small = page["queries"]["large"], page["queries"]["small"]
        if large != small:
            failures.append(
                f"{page['label']}: {large} queries in the large workspace, {small} in the small"
            )
        if max(large, small) > MAX_QUERIES:
            failures.append(f"{page['label']}: {max(large, small)} queries (at most {MAX_QUERIES})")
        if page["failures"]:
            failures.append(f"{page['label']}: {page['failures']} failed requests")
        if page["p95_ms"] > MAX_P95_MS:
            failures.append(f"{page['label']}: p95 {page['p95_ms']:.0f} ms (at most {MAX_P95_MS})")
        if page["floor_share"] < MIN_FLOOR_SHARE:
            failures.append(
                f"{page['label']}: {page['floor_share']:.0%} of the floor's throughput "
                f"(at least {MIN_FLOOR_SHARE:.0%})"
            )
    for worker in result["workers"]:
        if worker["rss_mb"] > MAX_WORKER_MB:
            failures.append(
                f"worker {worker['pid']}: {worker['rss_mb']:.0f} MB after the run "
                f"(at most {MAX_WORKER_MB})"
            )
    return failures


def table(result: dict) -> str:
    header = (
        f"{'page':<28}{'queries':>8}{'small':>7}{'cached':>7}{'median ms':>11}{'p95 ms':>9}"
        f"{'req/s':>8}{'of floor':>9}{'failed':>8}{'others':>8}"
    )
    lines = [header, "-" * len(header)]
    for row in [*result["pages"], result["floor"]]:
        share = "" if row is result["floor"] else f"{row['floor_share']:.0%}"
        lines.append(
            f"{row['label'][:27]:<28}{row['queries']['large']:>8}{row['queries']['small']:>7}"
            f"{row['queries']['cached']:>7}"
            f"{row['median_ms']:>11.1f}{row['p95_ms']:>9.0f}{row['rps']:>8.1f}"
            f"{share:>9}{row['failures']:>8}{row['others_cpu']:>8.0%}"
        )
    lines.append(
        "queries: computed, in the large and the small workspace; cached: the large one's when "
        "its fragments come from the cache"
    )
    lines.append("others: the share of the CPU that other processes on the machine used meanwhile")
    lines.append("")
    for worker in result["workers"]:
        lines.append(
            f"worker {worker['pid']}: {worker['rss_mb']:.0f} MB after the run, "
            f"peak {worker['peak_mb']:.0f} MB"
        )
    return "\n".join(lines)


# --- The run --------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per page")
    parser.add_argument(
        "--settle",
        type=int,
        default=60,
        metavar="SECONDS",
        help="before each page, wait up to this long for other processes to leave the CPU",
    )
    parser.add_argument("--rebuild", action="store_true", help="drop the database and rebuild")
    parser.add_argument(
        "--json", dest="json_file", default=str(ROOT / "var" / "bench-pages.json"), metavar="FILE"
    )
    parser.add_argument(
        "--pages", help="only these pages (comma-separated keys: " + ", ".join(p.key for p in PAGES)
    )
    parser.add_argument(
        "--profile",
        metavar="PAGES",
        help="profile these pages in-process (comma-separated keys, or 'all') and stop",
    )
    parser.add_argument(
        "--no-fragment-cache",
        action="store_true",
        help="serve every page computed, as right after a change (FRAGMENT_CACHE_SECONDS=0); "
        "with --profile: profile the cached pages instead",
    )
    args = parser.parse_args()
    if args.duration < 5 or args.duration > 300:
        parser.error("--duration is between 5 and 300 seconds")
    pages = PAGES
    if args.pages:
        wanted = set(args.pages.split(","))
        if wanted - {p.key for p in PAGES}:
            parser.error(f"unknown pages: {', '.join(sorted(wanted - {p.key for p in PAGES}))}")
        pages = [p for p in PAGES if p.key in wanted]

    # Collected static files, logs and profiles stay here between runs (var/ is not versioned).
    work = ROOT / "var" / "bench-pages"
    work.mkdir(parents=True, exist_ok=True)
    env = environment(
        args.database_url, static_root=str(work / "static"), var_dir=str(work / "var")
    )
    if args.no_fragment_cache and not args.profile:
        env["FRAGMENT_CACHE_SECONDS"] = "0"
    os.environ.update(env)
    prepare_database(args.database_url, recreate=args.rebuild)

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.core.management import call_command

    from bench import build

    ensure_data(args.database_url)
    targets = {"large": build.target(build.LARGE), "small": build.target(build.SMALL)}
    Session.objects.all().delete()  # the benchmark's own database: only its own sessions
    say("Collecting static files ...")
    call_command("collectstatic", interactive=False, verbosity=0)
    if args.profile:
        everything = [p.key for p in [*PAGES, FLOOR]]
        keys = everything if args.profile == "all" else args.profile.split(",")
        profile(keys, targets["large"], cached=args.no_fragment_cache, out_dir=work)
        return 0

    say("Counting queries in the large and the small workspace ...")
    queries = count_queries(targets)
    sessions = [
        logged_in_client(pk).cookies[settings.SESSION_COOKIE_NAME].value
        for pk in targets["large"].user_ids
    ]
    sizes = {size: data_summary(t.slug) for size, t in targets.items()}

    port = free_port()
    say(f"Serving with gunicorn ({WORKERS} workers) on 127.0.0.1:{port} ...")
    with open(work / "gunicorn.log", "w") as log:
        server = serve(env, port, log)
        try:
            machine = Machine(server=server.pid, database=urlsplit(args.database_url).path[1:])
            measured = {}
            for page in [FLOOR, *pages]:
                path = url_of(page, targets["large"])
                waited, busy = machine.settle(args.settle)
                note = (
                    f" (waited {waited:.0f} s for a quiet server and machine)" if waited > 2 else ""
                )
                if busy >= QUIET:
                    note += f" (others still use {busy:.0%} of the CPU)"
                say(f"  {page.label}: {USERS} people for {args.duration} s on {path}{note}")
                measured[page.key] = drive(
                    page,
                    path,
                    port=port,
                    sessions=sessions,
                    seconds=args.duration,
                    work=work,
                    machine=machine,
                )
            workers = [memory_of(pid) for pid in workers_of(server.pid)]
        finally:
            stop(server)

    floor = measured["floor"]
    result = {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count()},
        "server": f"gunicorn, {WORKERS} sync workers, production settings, WhiteNoise",
        "fragment_cache": not args.no_fragment_cache,
        "load": f"locust, {USERS} people without pause, {args.duration} s per page",
        "data": sizes,
        "targets": {
            "max_queries": MAX_QUERIES,
            "max_p95_ms": MAX_P95_MS,
            "min_floor_share": MIN_FLOOR_SHARE,
            "max_worker_mb": MAX_WORKER_MB,
        },
        "floor": {"key": FLOOR.key, "label": FLOOR.label, "queries": queries["floor"], **floor},
        "pages": [
            {
                "key": page.key,
                "label": page.label,
                "path": url_of(page, targets["large"]),
                "queries": queries[page.key],
                **measured[page.key],
                "floor_share": round(measured[page.key]["rps"] / floor["rps"], 3),
            }
            for page in pages
        ],
        "workers": workers,
    }
    result["failures"] = verdicts(result)
    result["passed"] = not result["failures"]
    large = sizes["large"]
    say(
        f"\nLarge workspace: {large['members']} members, {large['accounts']} accounts, "
        f"{large['posts']} posts on {large['channels']} channels, {large['plans']} plans, "
        f"{large['handovers']} handovers; {large['workspaces_in_database']} workspaces and "
        f"{large['posts_in_database']} posts in the database. Fragment cache: "
        f"{'on' if result['fragment_cache'] else 'off (every page computed)'}.\n"
    )
    say(table(result))
    if any(page["client_cpu_warning"] for page in [floor, *result["pages"]]):
        say("\nNote: locust warned that its own CPU use was high; it shares the machine.")
    busy = [
        row["label"] for row in [result["floor"], *result["pages"]] if row["others_cpu"] >= QUIET
    ]
    if busy:
        say(
            f"\nNote: other processes used {QUIET:.0%} of the CPU or more while these were "
            f"measured, so their figures are pessimistic: {', '.join(busy)}."
        )
    say("\nTargets missed:" if result["failures"] else "\nEvery target is met.")
    for failure in result["failures"]:
        say(f"  - {failure}")
    Path(args.json_file).write_text(json.dumps(result, indent=2) + "\n")
    say(f"\nWritten to {args.json_file}")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
