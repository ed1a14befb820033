"""A small async client for the MTConnect Core ext API (httpx, Python 3.10+).

The retry policy is the one agreed with the MTConnect Core team: waits of 1 s, 4 s and 10 s
between attempts (10 s from then on), at most 5 attempts, on network errors, 5xx and 429,
and on 409 "still in flight"; a Retry-After header wins over the schedule. The caller gives
the idempotency key and it stays the same across every attempt of one call.

Run it against `mtc-server --demo`:

    MTC_URL=http://127.0.0.1:8080 MTC_API_KEY=mtc_... python3 Docs/examples/mtc_ext.py
"""

from __future__ import annotations

import asyncio
import email.utils
import os
import sys
import time
import uuid
from datetime import datetime, timezone
from typing import Any

import httpx

RETRY_WAITS = (1.0, 4.0, 10.0)  # before attempt 2, 3, 4; attempt 5 waits 10 s again
MAX_ATTEMPTS = 5
MAX_RETRY_AFTER = 60.0  # never sleep longer than this on a server's say-so


class MTCError(Exception):
    """The server refused the request; `problem` is its RFC 9457 problem document."""

    def __init__(self, status: int, problem: dict[str, Any]):
        self.status = status
        self.problem = problem
        super().__init__(f"{status} {problem.get('title', '')}: {problem.get('detail', '')}")

    @property
    def problem_type(self) -> str:
        return str(self.problem.get("type", "")).rsplit("/", 1)[-1]


class MachineNotFound(MTCError):
    """404: no machine with this UUID or external id in the API key's tenant."""


class IdempotencyKeyReused(MTCError):
    """409 (or 422) idempotency-key-reused: the key was used before with a different body.

    A bug on our side, never retried: a key names one request; a new request needs a new key.
    """


class InvalidRequest(MTCError):
    """400 or 422: the request is malformed or a field is invalid; `fields` names them."""

    @property
    def fields(self) -> list[str]:
        return [error.get("field", "") for error in self.problem.get("errors", [])]


class Unavailable(MTCError):
    """Retries ran out on 5xx, 429 or a request still in flight."""


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    if value.strip().isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return min(max(0.0, when.timestamp() - time.time()), MAX_RETRY_AFTER)


def _problem(response: httpx.Response) -> dict[str, Any]:
    try:
        document = response.json()
        return document if isinstance(document, dict) else {"detail": str(document)}
    except ValueError:
        return {"title": response.reason_phrase, "detail": response.text[:200]}


class ExtClient:
    def __init__(self, base_url: str, api_key: str, timeout: float = 3.0):
        self._http = httpx.AsyncClient(
            base_url=base_url, headers={"X-API-Key": api_key}, timeout=timeout
        )

    async def __aenter__(self) -> ExtClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._http.aclose()

    async def post_setup(self, event: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        """Records a setup; returns the receipt (eventId, machineId, type, receivedAt)."""
        return (await self._send("POST", "/api/ext/setup", event, idempotency_key)).json()

    async def post_event(self, event: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        """Records a generic event; returns the receipt."""
        return (await self._send("POST", "/api/ext/event", event, idempotency_key)).json()

    async def cycle_time(self, machine: str) -> dict[str, Any]:
        """The last cycle time of a machine, by UUID or external id."""
        return (await self._send("GET", f"/api/ext/machines/{machine}/cycle-time")).json()

    async def _send(
        self, method: str, path: str, body: Any = None, idempotency_key: str | None = None
    ) -> httpx.Response:
        headers = {"X-Idempotency-Key": idempotency_key} if idempotency_key else {}
        last_error: Exception | None = None
        for attempt in range(1, MAX_ATTEMPTS + 1):
            wait = RETRY_WAITS[min(attempt - 1, len(RETRY_WAITS) - 1)]
            try:
                response = await self._http.request(method, path, json=body, headers=headers)
            except httpx.TransportError as error:  # refused, reset, timeouts
                last_error = error
            else:
                if response.is_success:
                    return response
                problem = _problem(response)
                kind = str(problem.get("type", "")).rsplit("/", 1)[-1]
                retryable = (
                    response.status_code >= 500
                    or response.status_code == 429
                    or kind == "idempotency-request-in-flight"
                )
                if not retryable:
                    raise _error(response.status_code, problem, kind)
                last_error = Unavailable(response.status_code, problem)
                wait = _retry_after(response) or wait
            if attempt < MAX_ATTEMPTS:
                await asyncio.sleep(wait)
        if isinstance(last_error, MTCError):
            raise last_error
        raise Unavailable(0, {"title": "Network error", "detail": repr(last_error)}) from last_error


def _error(status: int, problem: dict[str, Any], kind: str) -> MTCError:
    if kind == "idempotency-key-reused":
        return IdempotencyKeyReused(status, problem)
    if status == 404:
        return MachineNotFound(status, problem)
    if status in (400, 422):
        return InvalidRequest(status, problem)
    return MTCError(status, problem)


async def main() -> int:
    base_url = os.environ.get("MTC_URL", "http://127.0.0.1:8080")
    api_key = os.environ["MTC_API_KEY"]
    now = datetime.now(timezone.utc).isoformat()
    async with ExtClient(base_url, api_key) as mtc:
        # The key comes from our own record (here a fresh setup id), so a retry after a crash
        # sends the same key and cannot record the setup twice.
        setup_id = str(uuid.uuid4())
        setup = {"machineId": "18", "phase": "started", "occurredAt": now, "setupId": setup_id,
                 "partNumber": "A-100", "operator": "ivanov", "plannedQuantity": 40}
        first = await mtc.post_setup(setup, idempotency_key=f"setup-{setup_id}-started")
        again = await mtc.post_setup(setup, idempotency_key=f"setup-{setup_id}-started")
        assert first == again, "a retry with the same key returns the first receipt"
        print("setup recorded once:", first["eventId"], first["type"])

        event = {"machineId": "17", "type": "batch.completed", "occurredAt": now,
                 "payload": {"batch": "B-7", "parts": 40}}
        receipt = await mtc.post_event(event, idempotency_key=f"batch-B-7-{setup_id}")
        print("event recorded:", receipt["eventId"], receipt["type"])

        try:
            await mtc.post_event({**event, "payload": {"batch": "B-7", "parts": 41}},
                                 idempotency_key=f"batch-B-7-{setup_id}")
        except IdempotencyKeyReused as error:
            print("same key, other body:", error.status, error.problem_type)

        try:
            await mtc.post_event({**event, "machineId": "no-such-machine"},
                                 idempotency_key=str(uuid.uuid4()))
        except MachineNotFound as error:
            print("unknown machine:", error.status, error.problem.get("detail"))

        try:
            await mtc.post_event({**event, "type": "Batch Completed"}, idempotency_key=str(uuid.uuid4()))
        except InvalidRequest as error:
            print("invalid field:", error.status, error.fields)

        cycle = await mtc.cycle_time("17")
        print("cycle time of 17:", cycle.get("lastCycleTime"), "s, cycles:", cycle["cycleCount"])
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
