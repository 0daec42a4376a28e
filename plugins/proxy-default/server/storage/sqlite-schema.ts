import type { Database } from 'better-sqlite3';

/*
 * The proxy's own SQLite schema (not the host's store). Versions live in PRAGMA user_version,
 * like the host's store: each step runs once, in order, inside one transaction.
 * Never edit a released step; append a new one.
 */

interface SqliteStep {
  version: number;
  description: string;
  sql: string;
}

const STEPS: readonly SqliteStep[] = [
  {
    version: 1,
    description: 'messages awaiting delivery, tombstones of acknowledged ones',
    sql: `
CREATE TABLE messages (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  account_sid   TEXT NOT NULL,
  id            TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('sms', 'status')),
  message_sid   TEXT NOT NULL,
  from_number   TEXT NOT NULL,
  to_number     TEXT NOT NULL,
  body          TEXT NOT NULL,
  status        TEXT,
  error_code    TEXT,
  received_at   INTEGER NOT NULL,
  leased_until  INTEGER NOT NULL DEFAULT 0,
  deliveries    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_sid, id)
);
CREATE INDEX messages_available ON messages (account_sid, leased_until, seq);
CREATE INDEX messages_received ON messages (received_at);

CREATE TABLE tombstones (
  account_sid  TEXT NOT NULL,
  id           TEXT NOT NULL,
  received_at  INTEGER NOT NULL,
  PRIMARY KEY (account_sid, id)
) WITHOUT ROWID;
CREATE INDEX tombstones_received ON tombstones (received_at);
`,
  },
  {
    version: 2,
    description: 'join locks: sealed video links and the MACs of their codes (the join gate)',
    sql: `
CREATE TABLE join_locks (
  lock_id          TEXT PRIMARY KEY,
  account_sid      TEXT NOT NULL,
  sealed           TEXT NOT NULL,
  proof            TEXT NOT NULL,
  code_expires_at  INTEGER NOT NULL,
  expires_at       INTEGER NOT NULL,
  published_at     INTEGER NOT NULL,
  wrong_attempts   INTEGER NOT NULL DEFAULT 0,
  version          INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
CREATE INDEX join_locks_expires ON join_locks (expires_at);
CREATE INDEX join_locks_published ON join_locks (published_at);
`,
  },
  {
    version: 3,
    // The expression is CLINIC_NUMBER_SQL (rows.ts), spelled out: a released step never changes.
    description: 'messages by clinic number (several clinics on one account, each polling only its own numbers)',
    sql: `
CREATE INDEX messages_by_number ON messages (account_sid, (CASE kind WHEN 'sms' THEN to_number ELSE from_number END), leased_until, seq);
`,
  },
];

/** The schema version this code writes. */
export const SQLITE_SCHEMA_VERSION = STEPS[STEPS.length - 1]!.version;

/**
 * Brings a proxy database up to date. Refuses a file written by a newer proxy, so an older
 * version never damages it.
 */
export function migrateSqlite(db: Database, location: string): void {
  const readVersion = () => db.pragma('user_version', { simple: true }) as number;
  const refuseNewer = (version: number) => {
    if (version > SQLITE_SCHEMA_VERSION) {
      throw new Error(
        `proxy database ${location} has schema version ${version}, but this clinic-arrivals understands up to ` +
          `version ${SQLITE_SCHEMA_VERSION}; upgrade clinic-arrivals or point proxy.storage.path at another file`,
      );
    }
  };
  refuseNewer(readVersion());
  if (readVersion() === SQLITE_SCHEMA_VERSION) return;
  db.transaction(() => {
    // Read again under the write lock: another process may have migrated meanwhile.
    const current = readVersion();
    refuseNewer(current);
    for (const step of STEPS.filter((s) => s.version > current)) {
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
    }
  }).immediate();
}
