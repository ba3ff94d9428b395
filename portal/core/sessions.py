"""Sessions in the database, read through the cache: no database query on every page view.

Django's cached_db backend, made to survive a cache outage everywhere (its load, exists and delete still call
the cache unguarded): an order grant or a sign-in lives in the database and must outlast Redis.
"""

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.cache import BaseCache, caches
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone
from django.utils.crypto import get_random_string

from portal.core.cache_safe import cache_fail_open


class SessionStore(CachedDBStore):
    @property
    def _sessions_cache(self) -> BaseCache:
        return caches[settings.SESSION_CACHE_ALIAS]

    # A new visitor's session (the thank-you page's order grant) used to cost a cache EXISTS, a SELECT, an
    # INSERT of an empty row, then an UPDATE and two cache writes. Now: one INSERT and one cache write.
    def _get_new_session_key(self) -> str:
        # No look-up first: save(must_create=True) refuses a key already taken (CreateError) and create()
        # draws another, so the INSERT alone guarantees a unique key.
        return get_random_string(32, VALID_KEY_CHARS)

    def cycle_key(self) -> None:
        if self.session_key is None:
            # No key was issued yet, so none can have been planted: the key is drawn once, at the save.
            self.modified = True
            return
        super().cycle_key()

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            self.create()  # create() saves (database, then cache) once; cached_db would write the cache again
            return
        super().save(must_create)

    def load(self) -> dict[str, Any]:
        data = None
        with cache_fail_open("session cache: reading the database"):
            data = self._sessions_cache.get(self.cache_key)
        if data is not None:
            return dict(data)
        stored = self._stored()
        if stored is None:
            return {}
        data = self.decode(stored.session_data)
        with cache_fail_open("session cache: not cached"):
            # The age from the row: get_expiry_age() would read this very session and load it again.
            self._sessions_cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def _stored(self) -> AbstractBaseSession | None:
        """The live row, as DBStore finds it; an unknown or expired key is dropped (never adopted)."""
        try:
            return self.model.objects.get(session_key=self.session_key, expire_date__gt=timezone.now())
        except (self.model.DoesNotExist, SuspiciousOperation):
            self._session_key = None
            return None

    def exists(self, session_key: str | None) -> bool:
        if not session_key:
            return False
        with cache_fail_open("session cache: asking the database"):
            if (self.cache_key_prefix + session_key) in self._sessions_cache:
                return True
        return DBStore.exists(self, session_key)

    def delete(self, session_key: str | None = None) -> None:
        key = session_key or self.session_key
        DBStore.delete(self, session_key)
        if key is None:
            return
        # The database row is gone, so the session is over; the cached copy expires with its age.
        with cache_fail_open("session cache: cached copy left to expire"):
            self._sessions_cache.delete(self.cache_key_prefix + key)
