#!/usr/bin/env python
"""Probe of the faults the app must survive, on PostgreSQL and Redis, with production settings.

    python bench/faults.py                               # all three probes
    python bench/faults.py --only kills,burst            # some of them
    python bench/faults.py --visibility-timeout 300      # the killed worker at the real setting
    python bench/faults.py --database-url postgres://postgres@127.0.0.1:5432/bench_faults \\
        --broker redis://127.0.0.1:6379/8 --json var/bench-faults.json

It creates its own database when missing (never `strategy_planner` or a `test_` one), one
workspace with one channel, a person with an API token, and serves the app as in production:
gunicorn with 2 workers on a loopback port, DEBUG off, a Celery worker on the Redis broker.

1. kills: two clients make 300 `POST /api/w/<ws>/posts/` (150 each) and 800 reads of the
   posts list (400 each) while a loop ends every app connection to the database every 0.3 s
   (pg_terminate_backend). Counts the answers per status, and from the database the posts
   saved twice and the posts saved although the answer was an error. It runs twice: clients
   that never retry, then clients that send each post with an Idempotency-Key and send a 500
   again (up to 3 times) with the same key, as a careful client would. The rate limits are
   raised for this probe, so that they do not hide what the database does.
2. worker: a Celery worker is killed with SIGKILL while it holds a task (a task that waits
   for a file, tests/strategy_planner/killable_tasks.py); a second worker starts; the time
   until the task ran to completion is measured. With CELERY_VISIBILITY_TIMEOUT=T it is about
   T plus up to 10 s (kombu looks for overdue tasks every 10 s); the default T here is 10 s,
   `--visibility-timeout 300` measures the production setting (five minutes and more).
3. burst: with the default limits, one token makes 600 requests as fast as it can (4 at a
   time), then 200 made-up tokens one request each. Counts 200/401/429 and checks that every
   429 says Retry-After. The counts live in each web process's cache (locmem by default), so
   with 2 workers a limit lets through up to twice its number.

Prints a table and writes JSON (var/bench-faults.json unless --json says otherwise).
"""

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.pages import WORKERS, environment, free_port, prepare_database, say, stop  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bench_faults"
DEFAULT_BROKER = "redis://127.0.0.1:6379/8"
SLUG = "faults-probe"
HIGH_RATES = {"API_RATE_TOKEN": "1000000/minute", "API_RATE_ADDRESS": "1000000/minute"}


# --- Set-up ---------------------------------------------------------------------------------


def set_up() -> dict:
    """Migrate, then (once) the workspace, its channel and a token; a new token each run."""
    import django

    django.setup()
    from django.core.management import call_command

    from accounts_registry.models import SocialAccount
    from api.services import api_token_create
    from content_calendar.models import Post
    from users.models import User
    from workspaces.models import Membership, Role, Workspace

    call_command("migrate", verbosity=0)
    person, _ = User.objects.get_or_create(email="probe@example.com")
    workspace = Workspace.objects.filter(slug=SLUG).first()
    if workspace is None:
        workspace = Workspace.objects.create(name="Faults probe", slug=SLUG)
        Membership.objects.create(workspace=workspace, user=person, role=Role.ADMIN)
    channel = SocialAccount.objects.filter(workspace=workspace).first()
    if channel is None:
        channel = SocialAccount.objects.create(
            workspace=workspace, platform="x", handle="@probe", business_owner=person
        )
    Post.objects.filter(workspace=workspace).delete()
    _, raw = api_token_create(user=person, workspace=workspace, name="probe")
    return {"token": raw, "channel": channel.pk}


def request(
    method: str, url: str, *, token: str, body: dict | None = None, key: str = ""
) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    if data is not None:
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        error.read()
        return error.code, dict(error.headers)
    except OSError:
        return 0, {}  # no answer at all (connection reset, timeout)


def serve(env: dict, port: int, log, token: str) -> subprocess.Popen:
    """gunicorn as in production. Only the API is probed, so no static files are collected;
    it is ready when the posts list answers."""
    command = [sys.executable, "-m", "gunicorn", "strategy_planner.wsgi"]
    command += ["--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start (exit {server.returncode}); see {log.name}.")
        url = f"http://127.0.0.1:{port}/api/w/{SLUG}/posts/?page_size=1"
        if request("GET", url, token=token)[0] == 200:
            return server
        time.sleep(0.3)
    stop(server)
    sys.exit(f"gunicorn did not answer within 60 s; see {log.name}.")


def start_celery(env: dict, log, *, queue: str | None = None) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "strategy_planner", "worker", "--pool"]
    command += ["solo", "--loglevel", "WARNING", "--without-gossip", "--without-mingle"]
    command += ["--include", "tests.strategy_planner.killable_tasks"]
    if queue:
        command += ["--queues", queue]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def kill_group(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# --- 1. Connection kills ----------------------------------------------------------------------


def terminate_connections(database_url: str, name: str, stop_event, counts: Counter) -> None:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        while not stop_event.is_set():
            ended = conn.execute(
                "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()) t",
                [name],
            ).fetchone()[0]
            counts["rounds"] += 1
            counts["connections ended"] += ended
            stop_event.wait(0.3)


def probe_kills(base: str, setup: dict, database_url: str, name: str, *, retry: bool) -> dict:
    from django.db import connections

    from content_calendar.models import Post

    posts_url = f"{base}/api/w/{SLUG}/posts/"
    token = setup["token"]
    post_answers: dict[str, int] = {}
    retried: dict[str, tuple[int, int]] = {}  # the answer after a client's retries, and tries
    run = secrets.token_hex(4)
    read_answers: Counter = Counter()

    def writer(client: int) -> None:
        for n in range(150):
            marker = f"probe {run} {client}-{n}"
            body = {
                "channel": setup["channel"],
                "scheduled_at": f"2027-0{1 + n % 9}-{1 + n % 28:02d}T10:00:00+01:00",
                "category": "engagement",
                "text": marker,
            }
            key = marker if retry else ""
            post_answers[marker] = status = request(
                "POST", posts_url, token=token, body=body, key=key
            )[0]
            tries = 1
            while retry and status in (0, 500) and tries < 4:  # a retry with the same key
                time.sleep(0.2 * tries)
                status = request("POST", posts_url, token=token, body=body, key=key)[0]
                tries += 1
            retried[marker] = (status, tries)

    def reader(client: int) -> None:
        for _ in range(400):
            read_answers[request("GET", f"{posts_url}?page_size=20", token=token)[0]] += 1

    stop_event, kill_counts = threading.Event(), Counter()
    killer = threading.Thread(
        target=terminate_connections, args=(database_url, name, stop_event, kill_counts)
    )
    killer.start()
    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(4) as pool:
            list(
                pool.map(lambda f: f[0](f[1]), [(writer, 1), (writer, 2), (reader, 1), (reader, 2)])
            )
    finally:
        stop_event.set()
        killer.join()
    seconds = time.perf_counter() - started

    connections.close_all()  # the probe's own connection was ended too
    saved = Counter(
        Post.objects.filter(workspace__slug=SLUG, text__startswith=f"probe {run} ").values_list(
            "text", flat=True
        )
    )
    failed = [m for m, status in post_answers.items() if not 200 <= status < 300]
    finally_failed = [m for m, (status, _) in retried.items() if not 200 <= status < 300]
    return {
        "clients": "retry a 500 with the same Idempotency-Key" if retry else "no retries",
        "seconds": round(seconds, 1),
        "kill rounds": kill_counts["rounds"],
        "connections ended": kill_counts["connections ended"],
        "POST answers": dict(sorted(Counter(post_answers.values()).items())),
        "GET answers": dict(sorted(read_answers.items())),
        "POST 500s": sum(1 for s in post_answers.values() if s == 500),
        "GET 500s": read_answers[500],
        "posts saved twice": sum(1 for c in saved.values() if c > 1),
        "posts saved despite an error answer": sum(1 for m in failed if saved[m]),
        "POST answers after retries": dict(
            sorted(Counter(status for status, _ in retried.values()).items())
        ),
        "requests sent again": sum(tries - 1 for _, tries in retried.values()),
        "posts saved although the last answer was an error": sum(
            1 for m in finally_failed if saved[m]
        ),
        "posts never saved": sum(1 for m in post_answers if not saved[m]),
        "posts answered 201 but not saved": sum(
            1 for m, s in post_answers.items() if s == 201 and not saved[m]
        ),
    }


# --- 2. A killed Celery worker ----------------------------------------------------------------


def probe_worker(env: dict, broker: str, timeout: int, work: Path) -> dict:
    from strategy_planner.celery import app

    folder = work / f"held-{secrets.token_hex(4)}"
    folder.mkdir()
    queue = f"faults-probe-{secrets.token_hex(4)}"
    worker_env = {**env, "CELERY_VISIBILITY_TIMEOUT": str(timeout)}
    with open(work / "celery-killed.log", "a") as log:
        first = start_celery(worker_env, log, queue=queue)
        second = None
        try:
            with app.connection_for_write(broker) as connection:
                app.send_task(
                    "tests.hold_until_released",
                    args=[str(folder)],
                    queue=queue,
                    connection=connection,
                )
            deadline = time.monotonic() + 60
            while not (folder / "starts").exists():
                if time.monotonic() > deadline:
                    return {"error": "the first worker never began the task"}
                time.sleep(0.1)
            taken = time.monotonic()
            kill_group(first)
            (folder / "release").touch()
            second = start_celery(worker_env, log, queue=queue)
            deadline = taken + timeout + 120
            while not (folder / "done").exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            done = (folder / "done").exists()
            return {
                "visibility timeout (s)": timeout,
                "killed with": "SIGKILL",
                "ran again": done,
                "seconds from kill to completion": round(time.monotonic() - taken, 1)
                if done
                else None,
                "starts": len((folder / "starts").read_text().split()),
            }
        finally:
            kill_group(first)
            if second is not None:
                kill_group(second)


# --- 3. Bursts --------------------------------------------------------------------------------


def probe_burst(base: str, setup: dict) -> dict:
    url = f"{base}/api/w/{SLUG}/posts/?page_size=1"
    started = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: request("GET", url, token=setup["token"]), range(600)))
    seconds = time.perf_counter() - started
    made_up = [request("GET", url, token=f"sp_{secrets.token_urlsafe(30)}") for _ in range(200)]

    def summary(results) -> dict:
        statuses = Counter(status for status, _ in results)
        throttled = [headers for status, headers in results if status == 429]
        waits = [int(h["Retry-After"]) for h in throttled if "Retry-After" in h]
        return {
            "answers": dict(sorted(statuses.items())),
            "429 with Retry-After": f"{len(waits)} of {len(throttled)}",
            "Retry-After (s)": f"{min(waits)}-{max(waits)}" if waits else None,
        }

    return {
        "one token, 600 requests": {"seconds": round(seconds, 1), **summary(answers)},
        "200 made-up tokens": summary(made_up),
    }


# --- Main -------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--broker", default=DEFAULT_BROKER)
    parser.add_argument("--visibility-timeout", type=int, default=10)
    parser.add_argument("--only", default="kills,worker,burst")
    parser.add_argument("--json", default=str(ROOT / "var" / "bench-faults.json"))
    args = parser.parse_args()
    only = set(args.only.split(","))

    name = args.database_url.rsplit("/", 1)[-1]
    prepare_database(args.database_url, recreate=False)
    work = ROOT / "var" / "bench-faults"
    work.mkdir(parents=True, exist_ok=True)
    env = environment(
        args.database_url, static_root=str(ROOT / "staticfiles"), var_dir=str(ROOT / "var")
    )
    env["DJANGO_SETTINGS_MODULE"] = "strategy_planner.settings"
    env["CELERY_BROKER_URL"] = args.broker
    os.environ.update(env)
    say("Setting up the database ...")
    setup = set_up()
    result: dict = {"setup": "gunicorn 2 workers, DEBUG off, PostgreSQL, Redis, 1 Celery worker"}
    with open(work / "celery.log", "w") as celery_log:
        celery = start_celery(env, celery_log)
        try:
            if "kills" in only:
                say("1. Posts and reads while the database's connections are ended ...")
                with open(work / "gunicorn-kills.log", "w") as log:
                    port = free_port()
                    server = serve({**env, **HIGH_RATES}, port, log, setup["token"])
                    try:
                        for retry in (False, True):
                            result[f"kills, {'retries' if retry else 'no retries'}"] = probe_kills(
                                f"http://127.0.0.1:{port}",
                                setup,
                                args.database_url,
                                name,
                                retry=retry,
                            )
                    finally:
                        stop(server)
            if "worker" in only:
                say(f"2. A worker killed while it holds a task ({args.visibility_timeout} s) ...")
                result["worker"] = probe_worker(env, args.broker, args.visibility_timeout, work)
            if "burst" in only:
                say("3. Bursts at the default limits ...")
                with open(work / "gunicorn-burst.log", "w") as log:
                    port = free_port()
                    server = serve(env, port, log, setup["token"])
                    try:
                        result["burst"] = probe_burst(f"http://127.0.0.1:{port}", setup)
                    finally:
                        stop(server)
        finally:
            kill_group(celery, signal.SIGTERM)
    Path(args.json).write_text(json.dumps(result, indent=2))
    say(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
