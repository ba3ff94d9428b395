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

from portal.settings import *  # noqa: F403

# Django's test email backend collects messages in django.core.mail.outbox.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
