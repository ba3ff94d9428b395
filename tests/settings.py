"""Test settings: production mode (DEBUG off) over plain HTTP, with throwaway secrets.

DATABASE_URL and CACHE_URL pass through, so `make test` runs this suite on SQLite + local memory and again
on PostgreSQL + Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("EMAIL_URL", "consolemail://")
os.environ.setdefault("PORTAL_BASE_URL", "http://testserver")

from portal.settings import *  # noqa: F403

# Django's test email backend collects messages in django.core.mail.outbox.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    import tempfile
    from pathlib import Path

    # A file, not shared-cache memory: two task workers in threads then wait for each other's locks as
    # they would on a real SQLite file, instead of failing at once with "table is locked".
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"portal-tests-{os.getpid()}.sqlite3")
    }
