"""UltraCart status for /healthz without spending a call: what the last calls told us."""


def ultracart_status() -> dict[str, object]:
    # Replaced by the service module's call log once it exists.
    return {"status": "unknown"}
