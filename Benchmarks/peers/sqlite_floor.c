/*
 * The physical floor of mtc-server's writes: the same statements the server runs per ext
 * event and per ingest batch, on one SQLite connection (WAL, synchronous=NORMAL, prepared
 * statements), with no HTTP, no JSON and no concurrency. What the server reaches is reported
 * against this figure in Docs/performance.md.
 *
 *   cc -O2 -o sqlite_floor sqlite_floor.c -lsqlite3
 *   ./sqlite_floor DIRECTORY [SECONDS]
 *
 * Prints one line per measurement: events/s with 1 event per transaction, events/s with 32
 * per transaction (what group commit reaches at best), samples/s in 100-sample transactions.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void run(sqlite3_stmt *stmt, sqlite3 *db, const char *what) {
    check(sqlite3_step(stmt), db, what);
    sqlite3_reset(stmt);
}

static const char *schema =
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    "CREATE TABLE events (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, machine_id TEXT NOT NULL,"
    " type TEXT NOT NULL, occurred_at INTEGER NOT NULL, received_at INTEGER NOT NULL,"
    " schema_version INTEGER NOT NULL, payload TEXT NOT NULL);"
    "CREATE INDEX events_by_machine ON events (machine_id, received_at);"
    "CREATE TABLE outbox_events (id TEXT PRIMARY KEY NOT NULL, partition_key TEXT NOT NULL, type TEXT NOT NULL,"
    " source TEXT NOT NULL, subject TEXT, time_ms INTEGER NOT NULL, data_content_type TEXT NOT NULL,"
    " schema_version INTEGER NOT NULL, payload BLOB NOT NULL, headers TEXT NOT NULL, status TEXT NOT NULL,"
    " attempts INTEGER NOT NULL, next_attempt_ms INTEGER NOT NULL, lease_owner TEXT, lease_expires_ms INTEGER,"
    " last_error TEXT, sent_ms INTEGER);"
    "CREATE INDEX outbox_events_unsent ON outbox_events (id) WHERE status IN ('pending', 'in_flight');"
    "CREATE TABLE idempotency_records (scope_principal TEXT NOT NULL, scope_route TEXT NOT NULL,"
    " idempotency_key TEXT NOT NULL, fingerprint BLOB NOT NULL, state INTEGER NOT NULL, lease_token TEXT,"
    " lease_expires_at INTEGER, response BLOB, expires_at INTEGER NOT NULL,"
    " PRIMARY KEY (scope_principal, scope_route, idempotency_key)) WITHOUT ROWID;"
    "CREATE INDEX idempotency_records_expires_at ON idempotency_records (expires_at);"
    "CREATE TABLE telemetry (id INTEGER PRIMARY KEY AUTOINCREMENT, machine_id TEXT NOT NULL,"
    " data_item_id TEXT NOT NULL, ts INTEGER NOT NULL, category TEXT NOT NULL, type TEXT, sub_type TEXT,"
    " name TEXT, sequence INTEGER, value_number REAL, value_text TEXT, condition TEXT, received_at INTEGER NOT NULL);"
    "CREATE INDEX telemetry_by_machine_time ON telemetry (machine_id, ts, id);"
    "CREATE INDEX telemetry_by_received ON telemetry (received_at);"
    "CREATE TABLE machine_state (machine_id TEXT PRIMARY KEY, execution TEXT, part_count INTEGER,"
    " updated_at INTEGER NOT NULL);";

static const char *payload =
    "{\"specversion\":\"1.0\",\"id\":\"01M8YK184KVRY52RC3T3KE3CBG\",\"type\":\"load.test\","
    "\"source\":\"/mtc-server/ext\",\"data\":{\"sequence\":1,\"part\":\"A-100\"}}";

/* Per event: look up the key, store the event, its outbox entry and the recorded answer. */
static double events(sqlite3 *db, int perTransaction, double seconds) {
    sqlite3_stmt *lookup, *event, *outbox, *answer, *begin, *commit;
    check(sqlite3_prepare_v2(db, "SELECT state, fingerprint, response FROM idempotency_records WHERE scope_principal = ?1 AND scope_route = ?2 AND idempotency_key = ?3", -1, &lookup, NULL), db, "prepare");
    check(sqlite3_prepare_v2(db, "INSERT INTO events (id, tenant_id, machine_id, type, occurred_at, received_at, schema_version, payload) VALUES (?1, 'default', 'machine-1', 'load.test', 1, 2, 1, ?2) ON CONFLICT (id) DO NOTHING", -1, &event, NULL), db, "prepare");
    check(sqlite3_prepare_v2(db, "INSERT INTO outbox_events (id, partition_key, type, source, subject, time_ms, data_content_type, schema_version, payload, headers, status, attempts, next_attempt_ms) VALUES (?1, 'machine-1', 'load.test', '/mtc-server/ext', NULL, 1, 'application/json', 1, ?2, '[]', 'pending', 0, 0)", -1, &outbox, NULL), db, "prepare");
    check(sqlite3_prepare_v2(db, "INSERT INTO idempotency_records (scope_principal, scope_route, idempotency_key, fingerprint, state, response, expires_at) VALUES ('key-1', 'POST /api/ext/event', ?1, x'0011223344556677889900112233445566778899001122334455667788990011', 1, ?2, 99999999999)", -1, &answer, NULL), db, "prepare");
    check(sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL), db, "prepare");
    check(sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL), db, "prepare");
    static int run_id = 0;
    run_id++;
    long count = 0;
    char id[64];
    double start = now(), end = start + seconds;
    while (now() < end) {
        run(begin, db, "begin");
        for (int i = 0; i < perTransaction; i++, count++) {
            snprintf(id, sizeof id, "r%d-%ld", run_id, count);
            sqlite3_bind_text(lookup, 1, "key-1", -1, SQLITE_STATIC);
            sqlite3_bind_text(lookup, 2, "POST /api/ext/event", -1, SQLITE_STATIC);
            sqlite3_bind_text(lookup, 3, id, -1, SQLITE_TRANSIENT);
            run(lookup, db, "lookup");
            sqlite3_bind_text(event, 1, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(event, 2, payload, -1, SQLITE_STATIC);
            run(event, db, "event");
            sqlite3_bind_text(outbox, 1, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_blob(outbox, 2, payload, (int)strlen(payload), SQLITE_STATIC);
            run(outbox, db, "outbox");
            sqlite3_bind_text(answer, 1, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_blob(answer, 2, payload, (int)strlen(payload), SQLITE_STATIC);
            run(answer, db, "answer");
        }
        run(commit, db, "commit");
    }
    double rate = count / (now() - start);
    sqlite3_finalize(lookup); sqlite3_finalize(event); sqlite3_finalize(outbox);
    sqlite3_finalize(answer); sqlite3_finalize(begin); sqlite3_finalize(commit);
    return rate;
}

/* Per batch: 100 samples in one multi-row insert (as the server chunks them), the state row. */
static double samples(sqlite3 *db, double seconds) {
    const int rows = 100, columns = 12;
    size_t size = 256 + rows * 64;
    char *sql = malloc(size);
    strcpy(sql, "INSERT INTO telemetry (machine_id, data_item_id, ts, category, type, sub_type, name, sequence, value_number, value_text, condition, received_at) VALUES ");
    for (int r = 0; r < rows; r++) strcat(sql, r ? ",(?,?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?,?)");
    sqlite3_stmt *insert, *state, *begin, *commit;
    check(sqlite3_prepare_v2(db, sql, -1, &insert, NULL), db, "prepare");
    check(sqlite3_prepare_v2(db, "INSERT INTO machine_state (machine_id, execution, part_count, updated_at) VALUES ('machine-1', 'ACTIVE', ?1, ?1) ON CONFLICT (machine_id) DO UPDATE SET part_count = excluded.part_count, updated_at = excluded.updated_at", -1, &state, NULL), db, "prepare");
    check(sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL), db, "prepare");
    check(sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL), db, "prepare");
    long count = 0;
    double start = now(), end = start + seconds;
    while (now() < end) {
        run(begin, db, "begin");
        for (int r = 0; r < rows; r++, count++) {
            int p = r * columns;
            sqlite3_bind_text(insert, p + 1, "machine-1", -1, SQLITE_STATIC);
            sqlite3_bind_text(insert, p + 2, (r % 4) ? "Xact" : "S1speed", -1, SQLITE_STATIC);
            sqlite3_bind_int64(insert, p + 3, 1700000000000000LL + count);
            sqlite3_bind_text(insert, p + 4, "SAMPLE", -1, SQLITE_STATIC);
            sqlite3_bind_text(insert, p + 5, "POSITION", -1, SQLITE_STATIC);
            sqlite3_bind_text(insert, p + 6, "ACTUAL", -1, SQLITE_STATIC);
            sqlite3_bind_null(insert, p + 7);
            sqlite3_bind_int64(insert, p + 8, count);
            sqlite3_bind_double(insert, p + 9, count * 0.5);
            sqlite3_bind_null(insert, p + 10);
            sqlite3_bind_null(insert, p + 11);
            sqlite3_bind_int64(insert, p + 12, 1700000000000000LL + count);
        }
        run(insert, db, "telemetry");
        sqlite3_bind_int64(state, 1, count);
        run(state, db, "state");
        run(commit, db, "commit");
    }
    double rate = count / (now() - start);
    sqlite3_finalize(insert); sqlite3_finalize(state); sqlite3_finalize(begin); sqlite3_finalize(commit);
    free(sql);
    return rate;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIRECTORY [SECONDS]\n", argv[0]);
        return 2;
    }
    double seconds = argc > 2 ? atof(argv[2]) : 5;
    char path[4096];
    snprintf(path, sizeof path, "%s/floor.sqlite", argv[1]);
    sqlite3 *db;
    check(sqlite3_open(path, &db), db, "open");
    check(sqlite3_exec(db, schema, NULL, NULL, NULL), db, "schema");
    printf("floor ext events, 1 per transaction:   %.0f/s\n", events(db, 1, seconds));
    printf("floor ext events, 32 per transaction:  %.0f/s\n", events(db, 32, seconds));
    printf("floor samples, 100 per transaction:    %.0f/s\n", samples(db, seconds));
    sqlite3_close(db);
    return 0;
}
