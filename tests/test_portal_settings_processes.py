"""A settings change reaches every worker at once: a second Python process, sharing the database and the
cache with this one (a file cache standing in for local memory on the SQLite run, Redis on the other), sees
the new value on its next read without a restart."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from portal.merchant.config import CACHE_KEY
from portal.merchant.settings_records import portal_settings_update

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent
WORKER = """
import sys
import django
django.setup()
from portal.merchant.config import portal_settings_get
for line in sys.stdin:
    print(portal_settings_get().store_name, flush=True)
"""


def database_url() -> str:
    """This test's database (pytest-django's test_<name>, or the SQLite test file) as a DATABASE_URL."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def shared_cache(tmp_path):
    """The cache URL another process can share: Redis as configured, or a file cache instead of locmem."""
    if not settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        yield os.environ["CACHE_URL"]
        return
    folder = tmp_path / "cache"
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(folder),
            }
        }
    ):
        yield f"filecache://{folder}"


@pytest.fixture
def worker(shared_cache):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(),
        "CACHE_URL": shared_cache,
    }
    process = subprocess.Popen(
        [sys.executable, "-c", WORKER],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def read() -> str:
        process.stdin.write("get\n")
        process.stdin.flush()
        return process.stdout.readline().strip()

    yield read
    process.stdin.close()
    process.wait(timeout=10)


def test_a_save_in_this_process_is_seen_by_the_other_at_once(worker):
    portal_settings_update(changes={"store_name": "Before"}, actor="merchant")
    assert worker() == "Before"
    assert cache.get(CACHE_KEY).store_name == "Before"  # its read went through the cache both share
    portal_settings_update(changes={"store_name": "After"}, actor="merchant")
    assert worker() == "After"


def test_an_admin_save_is_seen_by_the_other_process(worker, client):
    from tests.test_portal_settings_admin import form_data

    assert worker() == settings.PORTAL_STORE_NAME  # no record yet: the environment's default
    client.force_login(User.objects.create_user("merchant", is_staff=True, is_superuser=True))
    response = client.post("/admin/merchant/portalconfiguration/add/", form_data(store_name="From the admin"))
    assert response.status_code == 302
    assert worker() == "From the admin"
    response = client.post("/admin/merchant/portalconfiguration/1/change/", form_data(store_name="Changed"))
    assert response.status_code == 302
    assert worker() == "Changed"
