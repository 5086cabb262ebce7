"""A Celery worker killed with SIGKILL while it holds a task (acks_late: the task is not yet
acknowledged) does not lose it: Redis gives the task to the next worker once the visibility
timeout (CELERY_VISIBILITY_TIMEOUT) has passed. The test shortens the timeout to 5 s for its
own workers and queue; in production it is 300 s, so a killed worker's task runs again within
about 300 s plus kombu's check interval (10 s)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from strategy_planner.celery import app

pytestmark = pytest.mark.celery_worker

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 5
# kombu looks for overdue unacknowledged tasks every 10 s, so a task comes back between the
# timeout and the timeout plus 10 s; the rest is the new worker's start.
MARGIN = 10 + 20


def redis_broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        pytest.skip("The visibility timeout is Redis's: the configured broker is not Redis.")
    try:
        with app.connection_for_write(url) as connection:
            connection.ensure_connection(max_retries=1)
    except Exception as error:  # any failure to reach it means: skip
        pytest.skip(f"Redis is not reachable at {url}: {error}")
    return url


def start_worker(queue: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
    command = [sys.executable, "-m", "celery", "-A", "strategy_planner", "worker"]
    command += ["--pool", "solo", "--queues", queue, "--include"]
    command += ["tests.strategy_planner.killable_tasks", "--without-gossip", "--without-mingle"]
    command += ["--without-heartbeat", "--loglevel", "INFO"]
    with open(log, "a") as out:
        # A session of its own, so SIGKILL reaches the worker and anything it started.
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def kill(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def test_a_task_held_by_a_killed_worker_runs_again_on_a_new_worker(tmp_path):
    broker = redis_broker()
    queue = f"killed-worker-{uuid.uuid4().hex}"  # so no other worker on this broker takes it
    log = tmp_path / "workers.log"
    starts = tmp_path / "starts"
    first = start_worker(queue, log)
    second = None
    try:
        with app.connection_for_write(broker) as connection:
            app.send_task(
                "tests.hold_until_released",
                args=[str(tmp_path)],
                queue=queue,
                connection=connection,
            )
        assert wait_for(starts.exists, 60), f"the first worker never began; {log.read_text()}"
        taken = time.monotonic()
        kill(first)
        assert first.returncode == -signal.SIGKILL
        assert not (tmp_path / "done").exists()
        (tmp_path / "release").touch()

        second = start_worker(queue, log)
        finished = wait_for((tmp_path / "done").exists, VISIBILITY_TIMEOUT + MARGIN)
        waited = time.monotonic() - taken
        assert finished, f"not run again after {waited:.0f} s; {log.read_text()}"
        runs = starts.read_text().split()
        assert runs == [str(first.pid), str(second.pid)]
        assert waited >= VISIBILITY_TIMEOUT  # not before the timeout: it was the timeout
    finally:
        kill(first)
        if second is not None:
            kill(second)
        with app.connection_for_write(broker) as connection:
            # A task left over after a failure is not given to a later run.
            connection.default_channel.queue_delete(queue)
