"""One page under load: every simulated person asks for it again as soon as it arrives.

bench/pages.py runs this once per page, headless and for a fixed time, with:
BENCH_PAGE (the name in the report), BENCH_PATH (the URL path), BENCH_SESSIONS (session keys,
comma-separated: each person gets one, so they are logged in without the login form),
BENCH_COOKIE (the session cookie's name), BENCH_WARMUP (seconds not measured at the start)
and BENCH_OUT (where to write every response time of the measured window, as JSON).
"""

import itertools
import json
import os
import time

from locust import FastHttpUser, constant, events, task

PAGE = os.environ.get("BENCH_PAGE", "page")
PATH = os.environ.get("BENCH_PATH", "/")
SESSIONS = [key for key in os.environ.get("BENCH_SESSIONS", "").split(",") if key]
COOKIE = os.environ.get("BENCH_COOKIE", "sessionid")
WARMUP = float(os.environ.get("BENCH_WARMUP", "2"))
OUT = os.environ.get("BENCH_OUT")

_people = itertools.count()
_clock: dict[str, float] = {}
_times: list[float] = []
_errors: list[str] = []


@events.test_start.add_listener
def _started(environment, **kwargs):
    _clock["measure_from"] = time.monotonic() + WARMUP


@events.request.add_listener
def _answered(request_type, name, response_time, response_length, exception=None, **kwargs):
    if time.monotonic() < _clock.get("measure_from", float("inf")):
        return
    _times.append(response_time)
    if exception is not None:
        _errors.append(str(exception)[:200])


@events.test_stop.add_listener
def _stopped(environment, **kwargs):
    if not OUT:
        return
    window = time.monotonic() - _clock.get("measure_from", time.monotonic())
    with open(OUT, "w") as out:
        json.dump(
            {
                "page": PAGE,
                "path": PATH,
                "window_s": window,
                "times_ms": _times,
                "failures": len(_errors),
                "errors": sorted(set(_errors))[:5],
            },
            out,
        )


class Person(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.cookie = f"{COOKIE}={SESSIONS[next(_people) % len(SESSIONS)]}"

    @task
    def page(self):
        with self.client.get(
            PATH,
            name=PAGE,
            headers={"Cookie": self.cookie},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
