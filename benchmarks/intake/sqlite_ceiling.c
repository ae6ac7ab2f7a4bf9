/*
 * sqlite_ceiling: how many single-row transactions per second SQLite can
 * commit on this machine, in this directory, with the server's settings.
 *
 * The server commits every order with journal_mode=WAL and (by default)
 * synchronous=FULL, so each commit waits for an fsync of the WAL. This loop
 * does the least work that still pays that price: one small INSERT per
 * transaction (autocommit), one connection, nothing else. It is the raw
 * ceiling an HTTP order creation is compared with.
 *
 * usage: sqlite_ceiling FILE FULL|NORMAL SECONDS   → prints inserts/s
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "sqlite_ceiling: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc != 4 || (strcmp(argv[2], "FULL") != 0 && strcmp(argv[2], "NORMAL") != 0)) {
        fprintf(stderr, "usage: %s FILE FULL|NORMAL SECONDS\n", argv[0]);
        return 2;
    }
    const double seconds = atof(argv[3]);
    sqlite3 *db;
    check(sqlite3_open(argv[1], &db), db, "open");

    /* The journal mode must really be WAL, or the number means nothing. */
    sqlite3_stmt *mode;
    check(sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &mode, NULL), db, "journal_mode");
    check(sqlite3_step(mode), db, "journal_mode");
    if (strcmp((const char *)sqlite3_column_text(mode, 0), "wal") != 0) {
        fprintf(stderr, "sqlite_ceiling: journal_mode is %s, not wal\n", sqlite3_column_text(mode, 0));
        return 1;
    }
    sqlite3_finalize(mode);

    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA synchronous = %s", argv[2]);
    check(sqlite3_exec(db, pragma, NULL, NULL, NULL), db, "synchronous");
    check(sqlite3_exec(db,
                       "CREATE TABLE IF NOT EXISTS t ("
                       " id INTEGER PRIMARY KEY, payload TEXT NOT NULL, created_at INTEGER NOT NULL)",
                       NULL, NULL, NULL),
          db, "create table");

    /* About the size of an order row. */
    char payload[301];
    memset(payload, 'x', 300);
    payload[300] = '\0';

    sqlite3_stmt *insert;
    check(sqlite3_prepare_v2(db, "INSERT INTO t (payload, created_at) VALUES (?1, ?2)", -1, &insert, NULL),
          db, "prepare");
    const double start = now_seconds();
    double elapsed = 0;
    long count = 0;
    while (elapsed < seconds) {
        /* Autocommit: each step is BEGIN; INSERT; COMMIT, and the commit is durable. */
        sqlite3_bind_text(insert, 1, payload, -1, SQLITE_STATIC);
        sqlite3_bind_int64(insert, 2, (sqlite3_int64)count);
        check(sqlite3_step(insert), db, "insert");
        sqlite3_reset(insert);
        count++;
        elapsed = now_seconds() - start;
    }
    sqlite3_finalize(insert);
    sqlite3_close(db);
    printf("%.1f\n", count / elapsed);
    return 0;
}
