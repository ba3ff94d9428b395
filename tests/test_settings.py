import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A fresh process sees only what a deployment would set (the e2e tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    dropped = {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DEBUG",
        "HTTPS",
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_embedded_defaults(settings):
    from portal import settings as portal_settings

    assert portal_settings.DEBUG is False
    assert settings.CACHES["default"]["BACKEND"] in {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.redis.RedisCache",
    }
    assert settings.ULTRACART_API_KEY == "sandbox-key"
    assert settings.ULTRACART_BASE_URL.startswith("http://127.0.0.1:")
    assert settings.X_FRAME_OPTIONS == "DENY"


def test_debug_off_without_secret_key_stops_startup():
    result = run_manage("check", env={"ALLOWED_HOSTS": "example.com"})
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_debug_off_without_allowed_hosts_stops_startup():
    result = run_manage("check", env={"SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "Set the ALLOWED_HOSTS environment variable" in result.stderr


def test_debug_on_runs_with_nothing_set():
    result = run_manage("check", env={"DEBUG": "true"})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("extra", [{}])
def test_check_deploy_is_clean_in_production(extra, tmp_path):
    env = {
        "SECRET_KEY": "k" * 30 + "Q7#f9zL0pX2mN4vB8cR1tY6wE3uI5oA",
        "ALLOWED_HOSTS": "portal.example.com",
        "PORTAL_BASE_URL": "https://portal.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        "EMAIL_URL": "smtp+tls://mailer:pw@mail.example.com:587",
        "ULTRACART_API_KEY": "merchant-simple-key",
        "CACHE_URL": "redis://127.0.0.1:6379/1",
        "PORTAL_TRUSTED_PROXIES": "1",
        **extra,
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_host_prefixed():
    env = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portal.example.com"}
    code = "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.HTTPS)"
    result = run_manage("shell", "--no-imports", "-c", code, env=env)
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True"], result.stderr


def test_check_deploy_warns_when_ultracart_is_the_sandbox():
    env = {
        "SECRET_KEY": "k" * 30 + "Q7#f9zL0pX2mN4vB8cR1tY6wE3uI5oA",
        "ALLOWED_HOSTS": "portal.example.com",
        "CACHE_URL": "locmemcache://",
        "PORTAL_TRUSTED_PROXIES": "0",
        "ULTRACART_API_KEY": "",
    }
    result = run_manage("check", "--deploy", env=env)
    for check in ("portal.W001", "portal.W002", "portal.W003", "portal.I001"):
        assert check in result.stdout + result.stderr
