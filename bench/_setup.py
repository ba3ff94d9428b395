"""Django for a benchmark: production-like settings (DEBUG off, plain HTTP), quiet logs, nothing to set up.

Import it first: `import _setup` (then Django is ready). Any variable already in the environment wins.
"""

import os
import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# Without collectstatic there is no STATIC_ROOT; whitenoise serves from the finders and says so.
warnings.filterwarnings("ignore", message="No directory at")
# The benchmark's database is scratch: a directory of its own, removed when the process exits, so two runs on
# one machine never share a file and a read-only /tmp is no concern (tempfile honours TMPDIR).
_scratch = tempfile.TemporaryDirectory(prefix="portal-bench-")
for name, value in {
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DEBUG": "false",
    "SECRET_KEY": "bench-only",
    "HTTPS": "false",
    "STATIC_MANIFEST": "false",
    "ALLOWED_HOSTS": "testserver",
    "PORTAL_BASE_URL": "http://testserver",
    "CACHE_URL": "locmemcache://bench",
    "DATABASE_URL": f"sqlite:///{Path(_scratch.name) / 'bench.sqlite3'}",
    "LOG_LEVEL": "WARNING",
}.items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()
