"""The production settings, with one addition: the benchmark's floor view (bench.urls).

Everything else — middleware, sessions, WhiteNoise, the database — is read from the
environment exactly as in production; bench/pages.py sets that environment.
"""

from strategy_planner.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
