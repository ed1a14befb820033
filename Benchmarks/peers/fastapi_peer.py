"""What a consumer team would write in an afternoon instead of mtc-server's ext route: one
FastAPI + uvicorn process on SQLite (WAL, synchronous=NORMAL) with the same contract for
`POST /api/ext/event` — an API key, a required `X-Idempotency-Key`, the event, its outbox row
and the recorded answer in one transaction, a replay for a completed key, 409 for a key reused
with another body.

    MTC_PEER_DATABASE=/tmp/peer.sqlite MTC_PEER_API_KEY=secret \
        uvicorn fastapi_peer:app --port 8099 --no-access-log

scripts/loadtest.sh --peers runs it next to mtc-server with the same load.
"""

import hashlib
import json
import os
import sqlite3
import threading
import time
import uuid

from fastapi import FastAPI, Header, Request
from fastapi.responses import JSONResponse, Response

DATABASE = os.environ.get("MTC_PEER_DATABASE", "peer.sqlite")
API_KEY = os.environ.get("MTC_PEER_API_KEY", "")

connection = sqlite3.connect(DATABASE, check_same_thread=False, isolation_level=None)
connection.executescript(
    """
    PRAGMA journal_mode=WAL;
    PRAGMA synchronous=NORMAL;
    CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, machine_id TEXT NOT NULL, type TEXT NOT NULL,
        occurred_at TEXT NOT NULL, received_at REAL NOT NULL, payload TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS outbox (id TEXT PRIMARY KEY, partition_key TEXT NOT NULL, payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending');
    CREATE TABLE IF NOT EXISTS idempotency (principal TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
        response TEXT NOT NULL, PRIMARY KEY (principal, key)) WITHOUT ROWID;
    """
)
lock = threading.Lock()
app = FastAPI()


def problem(status, title):
    return JSONResponse({"type": "about:blank", "title": title, "status": status}, status_code=status,
                        media_type="application/problem+json")


@app.post("/api/ext/event")
async def ext_event(request: Request, x_api_key: str = Header(default=""),
                    x_idempotency_key: str = Header(default="")):
    if not API_KEY or x_api_key != API_KEY:
        return problem(401, "A valid API key is required.")
    if not 1 <= len(x_idempotency_key) <= 255:
        return problem(400, "An idempotency key is required.")
    body = await request.body()
    try:
        event = json.loads(body)
        machine, kind, occurred = event["machineId"], event["type"], event["occurredAt"]
    except (ValueError, KeyError, TypeError):
        return problem(400, "The body is not a valid event.")
    fingerprint = hashlib.sha256(json.dumps(event, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    with lock:
        row = connection.execute("SELECT fingerprint, response FROM idempotency WHERE principal = ? AND key = ?",
                                 (x_api_key[:8], x_idempotency_key)).fetchone()
        if row is not None:
            if row[0] != fingerprint:
                return problem(409, "The idempotency key was used with another request.")
            return Response(row[1], media_type="application/json", headers={"Idempotent-Replayed": "true"})
        event_id = str(uuid.uuid4())
        received = time.time()
        receipt = json.dumps({"eventId": event_id, "machineId": machine, "type": kind, "receivedAt": received})
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
                               (event_id, machine, kind, occurred, received, json.dumps(event.get("payload"))))
            connection.execute("INSERT INTO outbox (id, partition_key, payload) VALUES (?, ?, ?)",
                               (event_id, machine, body.decode()))
            connection.execute("INSERT INTO idempotency VALUES (?, ?, ?, ?)",
                               (x_api_key[:8], x_idempotency_key, fingerprint, receipt))
            connection.execute("COMMIT")
        except Exception:
            connection.execute("ROLLBACK")
            raise
    return Response(receipt, media_type="application/json")


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}
