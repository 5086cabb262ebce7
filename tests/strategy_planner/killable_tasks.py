"""A task for the killed-worker test: it notes each start in a file, then holds until the
test allows it to finish, so the test can kill the worker while it holds the task."""

import os
import time
from pathlib import Path

from strategy_planner.celery import app


@app.task(name="tests.hold_until_released")
def hold_until_released(folder: str) -> None:
    folder_path = Path(folder)
    with open(folder_path / "starts", "a") as starts:
        starts.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + 120
    while not (folder_path / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    (folder_path / "done").write_text(str(os.getpid()))
