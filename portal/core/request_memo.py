"""Values read at most once per request (the portal settings: a page asked for them 3-5 times, one cache
round trip each). The memo lives inside one `with request_memo_scope()` (UltraCartScopeMiddleware opens it
for every request, and closes it however the request ends), so a change saved before a request began is
seen by it on every worker, and code outside a request never uses a remembered value."""

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

_memo: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("request_memo", default=None)


@contextmanager
def request_memo_scope() -> Iterator[None]:
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def request_memo_get[T](name: str, load: Callable[[], T]) -> T:
    """load()'s value, remembered for the rest of this request (outside a request: load() every time)."""
    memo = _memo.get()
    if memo is None:
        return load()
    if name not in memo:
        memo[name] = load()
    return cast(T, memo[name])


def request_memo_forget(name: str) -> None:
    memo = _memo.get()
    if memo is not None:
        memo.pop(name, None)
