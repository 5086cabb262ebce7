"""The settings as production meets them: each case runs Django in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "production-like-secret-key-0123456789abcdef",
    "ALLOWED_HOSTS": "planner.example.com",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("postgres://u:p@db.example.com:5432/planner", "django.db.backends.postgresql"),
        ("sqlite:////tmp/planner.sqlite3", "django.db.backends.sqlite3"),
    ],
)
def test_the_database_is_chosen_by_database_url(url, engine):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "strategy_planner.settings",
            "DATABASE_URL": url,
            "DEBUG": "true",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == engine, result.stderr


def test_defaults_need_no_server(settings):
    # What the test command runs on when nothing is configured; CI overrides both.
    if "DATABASE_URL" not in os.environ:
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    if "CELERY_BROKER_URL" not in os.environ:
        assert settings.CELERY_BROKER_URL == "filesystem://"
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.USE_TZ
    assert [code for code, _name in settings.LANGUAGES] == ["en", "nl"]


def test_production_collects_every_static_file(tmp_path):
    """The production storage rewrites each file's references to hashed names and refuses a
    reference to a file that is missing (a vendored script's source map, say): the deploy would
    stop at collectstatic."""
    result = manage("collectstatic", "--noinput", **PRODUCTION, STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "staticfiles.json").exists()
