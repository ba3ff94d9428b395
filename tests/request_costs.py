"""What one request costs the shared services: database queries and Redis round trips, counted for real.

A Redis round trip is one command sent and answered, or one pipeline (many commands, one answer). Counted by
wrapping redis-py's client, so it only counts when the cache is Redis (`cache_is_redis()`).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext


def cache_is_redis() -> bool:
    return str(settings.CACHES["default"]["BACKEND"]).endswith("RedisCache")


@dataclass
class Costs:
    redis: list[str] = field(default_factory=list)  # one entry per round trip: the command(s) sent
    queries: list[str] = field(default_factory=list)

    @property
    def round_trips(self) -> int:
        return len(self.redis)


@contextmanager
def request_costs() -> Iterator[Costs]:
    """Count the queries and Redis round trips made inside the block."""
    import redis
    from redis.client import Pipeline

    costs = Costs()
    send, send_pipeline = redis.Redis.execute_command, Pipeline.execute

    def counted(self: redis.Redis, *args: Any, **kwargs: Any) -> Any:
        costs.redis.append(str(args[0]))
        return send(self, *args, **kwargs)

    def counted_pipeline(self: Pipeline, *args: Any, **kwargs: Any) -> Any:
        if self.command_stack:
            costs.redis.append("PIPELINE " + " ".join(str(c[0][0]) for c in self.command_stack))
        return send_pipeline(self, *args, **kwargs)

    with (
        mock.patch.object(redis.Redis, "execute_command", counted),
        mock.patch.object(Pipeline, "execute", counted_pipeline),
        CaptureQueriesContext(connection) as captured,
    ):
        yield costs
    costs.queries = [query["sql"] for query in captured.captured_queries]
