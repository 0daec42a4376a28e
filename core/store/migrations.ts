import { languageGapsSchema } from './language-gap-tables.js';
import type { Database } from 'better-sqlite3';
import { StoreVersionError } from './errors.js';

/** One schema step. Versions start at 1 and increase by one; never edit a released step, add a new one. */
export interface Migration {
  version: number;
  /** What the step does, for logs and reviewers. */
  description: string;
  up(db: Database): void;
}

/*
 * Times are epoch milliseconds (INTEGER). JSON columns hold the plain objects of
 * core/store/store.ts and core/engine/progress.ts. Phone numbers are E.164 text. Bodies are nullable because the
 * retention purge blanks them while keeping the rows.
 */
const initialSchema = `
CREATE TABLE appointment_progress (
  id          TEXT PRIMARY KEY,
  json        TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  key             TEXT NOT NULL UNIQUE,
  appointment_id  TEXT,
  to_number       TEXT NOT NULL,
  template        TEXT NOT NULL,
  body            TEXT,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'retry', 'unknown')),
  provider_id     TEXT,
  error           TEXT,
  attempts        INTEGER NOT NULL DEFAULT 1,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX outbox_to_created ON outbox (to_number, created_at);
CREATE INDEX outbox_status ON outbox (status);
CREATE INDEX outbox_created ON outbox (created_at);

CREATE TABLE incoming (
  id              TEXT PRIMARY KEY,
  from_number     TEXT NOT NULL,
  body            TEXT,
  received_at     INTEGER NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('pending', 'handled', 'unprocessed', 'dismissed')),
  reason          TEXT,
  appointment_id  TEXT
);
CREATE INDEX incoming_state_received ON incoming (state, received_at);
CREATE INDEX incoming_received ON incoming (received_at);
CREATE INDEX incoming_from ON incoming (from_number);

CREATE TABLE opt_outs (
  phone       TEXT PRIMARY KEY,
  opted_out   INTEGER NOT NULL CHECK (opted_out IN (0, 1)),
  updated_at  INTEGER NOT NULL
);

CREATE TABLE practitioners (
  id          TEXT PRIMARY KEY,
  json        TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE template_overrides (
  name        TEXT PRIMARY KEY,
  text        TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE plugin_state (
  plugin_id   TEXT NOT NULL,
  key         TEXT NOT NULL,
  json        TEXT NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (plugin_id, key)
);
`;

/*
 * One row per incoming message whose handling was decided: the plan (JSON, opaque to the
 * store) and how far it got. It holds appointment data, so retention deletes it with the bodies.
 */
const replyPlansSchema = `
CREATE TABLE reply_plans (
  message_id  TEXT PRIMARY KEY,
  json        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
`;

/*
 * A send whose outcome is unknown stays in the outbox until it is resolved: by a person
 * ("delivered", "send again", "dismiss") or by the provider's own records. `next_check_at`
 * NULL after a check means the provider check is over and the entry waits for a person.
 */
const unknownSendResolution = `
ALTER TABLE outbox ADD COLUMN resolution TEXT CHECK (resolution IN ('delivered', 'resent', 'dismissed'));
ALTER TABLE outbox ADD COLUMN resolved_at INTEGER;
ALTER TABLE outbox ADD COLUMN resolved_by TEXT;
ALTER TABLE outbox ADD COLUMN resolution_note TEXT;
ALTER TABLE outbox ADD COLUMN checked_at INTEGER;
ALTER TABLE outbox ADD COLUMN check_note TEXT;
ALTER TABLE outbox ADD COLUMN next_check_at INTEGER;
CREATE INDEX outbox_unknown_open ON outbox (created_at) WHERE status = 'unknown' AND resolution IS NULL;
`;

/*
 * Reception's inbox: an opaque random id per number that has texted (so URLs and pages never
 * carry the number), who wrote each staff reply (by outbox key, written before the send), and
 * who marked a text done.
 */
const inboxSchema = `
CREATE TABLE conversations (
  id          TEXT PRIMARY KEY,
  phone       TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL
);
INSERT INTO conversations (id, phone, created_at)
  SELECT lower(hex(randomblob(16))), from_number, MIN(received_at) FROM incoming GROUP BY from_number;

CREATE TABLE staff_replies (
  outbox_key  TEXT PRIMARY KEY,
  phone       TEXT NOT NULL,
  sent_by     TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

ALTER TABLE incoming ADD COLUMN closed_by TEXT;
ALTER TABLE incoming ADD COLUMN closed_at INTEGER;
`;

/*
 * Staff accounts of the reception web app, their sessions (only a hash of the cookie's id)
 * and the activity log (who did what; ids only, never bodies or numbers).
 */
const staffSchema = `
CREATE TABLE staff_users (
  name           TEXT PRIMARY KEY COLLATE NOCASE,
  role           TEXT NOT NULL CHECK (role IN ('reception', 'admin')),
  password_hash  TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);

CREATE TABLE staff_sessions (
  id_hash       TEXT PRIMARY KEY,
  user_name     TEXT NOT NULL REFERENCES staff_users (name) ON DELETE CASCADE,
  csrf_token    TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_name);

CREATE TABLE activity_log (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      INTEGER NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  detail  TEXT
);
CREATE INDEX activity_log_at ON activity_log (at);
`;

/*
 * Delivery reports of sent texts (the provider's status callbacks), matched by provider id:
 * the status, the provider's error code (never its free text: it is untrusted) and when.
 */
const deliveryStatusSchema = `
ALTER TABLE outbox ADD COLUMN delivery_status TEXT CHECK (delivery_status IN ('queued', 'sent', 'delivered', 'undelivered', 'failed'));
ALTER TABLE outbox ADD COLUMN delivery_error_code TEXT;
ALTER TABLE outbox ADD COLUMN delivery_updated_at INTEGER;
CREATE INDEX outbox_provider_id ON outbox (provider_id) WHERE provider_id IS NOT NULL;
`;

/*
 * The status page's recent errors (log-safe strings only): one row per place and error, its
 * count and first and last time, pruned to the newest few hundred.
 */
const recentErrorsSchema = `
CREATE TABLE recent_errors (
  source      TEXT NOT NULL,
  error       TEXT NOT NULL,
  first_at    INTEGER NOT NULL,
  last_at     INTEGER NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (source, error)
);

CREATE INDEX recent_errors_by_last_at ON recent_errors (last_at);
`;

/*
 * Plugin health over a sliding window: calls counted per role and second (so a restart keeps the
 * window), and each role's last status and newest error (so a restart keeps what went wrong).
 */
const pluginHealthSchema = `
CREATE TABLE plugin_calls (
  role        TEXT NOT NULL,
  at          INTEGER NOT NULL,
  calls       INTEGER NOT NULL,
  retried     INTEGER NOT NULL,
  failed      INTEGER NOT NULL,
  refused     INTEGER NOT NULL,
  PRIMARY KEY (role, at)
);

CREATE INDEX plugin_calls_by_at ON plugin_calls (at);

CREATE TABLE plugin_health (
  role            TEXT PRIMARY KEY,
  status          TEXT NOT NULL,
  since           INTEGER NOT NULL,
  last_error_code TEXT,
  last_error_at   INTEGER
);
`;

/*
 * Alert bookkeeping per role (core/runtime/alerts): the failing spell, the alert or recovered
 * message decided and the channels it has yet to reach. Log-safe: codes and times only.
 */
const alertStateSchema = `
CREATE TABLE alert_state (
  role        TEXT PRIMARY KEY,
  json        TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);
`;

/*
 * Guests a patient invited into a video consult (issue 15). The grant is recorded before the
 * provider is asked for a link and before the link is texted, so a crash in between resumes
 * it instead of making a second guest. `request_key` (the incoming message id) makes a repeat
 * of the same request find the same grant. `link_json` holds the provider's guest link and its
 * data for revoking; no name or number is stored here.
 */
const guestGrantsSchema = `
CREATE TABLE guest_grants (
  grant_id        TEXT PRIMARY KEY,
  request_key     TEXT NOT NULL UNIQUE,
  appointment_id  TEXT NOT NULL,
  room_id         TEXT NOT NULL,
  granted_by      TEXT NOT NULL CHECK (granted_by IN ('patient', 'reception')),
  display_name    TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('granted', 'linked', 'sent', 'revoked', 'expired')),
  expires_at      TEXT NOT NULL,
  link_json       TEXT,
  created_at      INTEGER NOT NULL,
  linked_at       INTEGER,
  sent_at         INTEGER,
  revoked_at      INTEGER,
  revoked_by      TEXT
);
CREATE INDEX guest_grants_by_appointment ON guest_grants (appointment_id, created_at);
`;

/*
 * Join locks (video.verifyJoin): one per appointment. secret, code, target and url are nullable
 * because retention blanks them; issue_keys is a JSON array of what asked for each code.
 */
const joinLocksSchema = `
CREATE TABLE join_locks (
  appointment_id   TEXT PRIMARY KEY,
  lock_id          TEXT NOT NULL UNIQUE,
  secret           TEXT,
  code             TEXT,
  code_issued_at   INTEGER NOT NULL,
  code_expires_at  INTEGER NOT NULL,
  codes_issued     INTEGER NOT NULL,
  issue_keys       TEXT NOT NULL,
  expires_at       INTEGER NOT NULL,
  target           TEXT,
  url              TEXT,
  published_at     INTEGER,
  withdrawn_at     INTEGER,
  created_at       INTEGER NOT NULL
);
CREATE INDEX join_locks_created ON join_locks (created_at);
`;

/**
 * Guests booked by reception (issue 15): an interpreter or an outside clinician, texted their own
 * link when the patient's invite goes out. SQLite cannot change a CHECK in place, so the table is
 * rebuilt with the `booked` state (recorded, no room or link yet: `room_id` is '' until the grant
 * is made at the invite), the guest's kind, their E.164 number (never shown in logs, status pages
 * or the guest list), who booked them, and when the patient was told (`GuestAdded`).
 */
const bookedGuestsSchema = `
CREATE TABLE guest_grants_v12 (
  grant_id        TEXT PRIMARY KEY,
  request_key     TEXT NOT NULL UNIQUE,
  appointment_id  TEXT NOT NULL,
  room_id         TEXT NOT NULL,
  granted_by      TEXT NOT NULL CHECK (granted_by IN ('patient', 'reception')),
  display_name    TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('booked', 'granted', 'linked', 'sent', 'revoked', 'expired')),
  expires_at      TEXT NOT NULL,
  link_json       TEXT,
  created_at      INTEGER NOT NULL,
  linked_at       INTEGER,
  sent_at         INTEGER,
  revoked_at      INTEGER,
  revoked_by      TEXT,
  guest_kind      TEXT CHECK (guest_kind IN ('interpreter', 'clinician')),
  phone           TEXT,
  booked_by       TEXT,
  patient_told_at INTEGER
);
INSERT INTO guest_grants_v12 (grant_id, request_key, appointment_id, room_id, granted_by, display_name, state, expires_at, link_json,
  created_at, linked_at, sent_at, revoked_at, revoked_by)
  SELECT grant_id, request_key, appointment_id, room_id, granted_by, display_name, state, expires_at, link_json,
  created_at, linked_at, sent_at, revoked_at, revoked_by FROM guest_grants;
DROP TABLE guest_grants;
ALTER TABLE guest_grants_v12 RENAME TO guest_grants;
CREATE INDEX guest_grants_by_appointment ON guest_grants (appointment_id, created_at);
CREATE INDEX guest_grants_reception_live ON guest_grants (granted_by, state);
`;

/* When a guest was first seen in the call, as the video provider tells it (guestsInCall). */
const guestJoinedSchema = `ALTER TABLE guest_grants ADD COLUMN joined_at INTEGER;`;

/** The schema history, oldest first. The store's version is the last entry's `version`. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'progress, outbox, incoming, opt-outs, practitioners, template overrides, plugin state',
    up: (db) => db.exec(initialSchema),
  },
  {
    version: 2,
    description: 'reply plans: the decisions taken for an incoming message, recorded before their first effect',
    up: (db) => db.exec(replyPlansSchema),
  },
  {
    version: 3,
    description: 'outbox: resolution of unknown sends',
    up: (db) => db.exec(unknownSendResolution),
  },
  {
    version: 4,
    description: 'inbox: conversation ids per number, authors of staff replies, who closed a text',
    up: (db) => db.exec(inboxSchema),
  },
  {
    version: 5,
    description: 'staff users, sessions and the activity log of the reception web app',
    up: (db) => db.exec(staffSchema),
  },
  {
    version: 6,
    description: "outbox: delivery status from the provider's reports",
    up: (db) => db.exec(deliveryStatusSchema),
  },
  {
    version: 7,
    description: 'recent errors of the status page, kept across restarts (bounded)',
    up: (db) => db.exec(recentErrorsSchema),
  },
  {
    version: 8,
    description: 'plugin health: calls, retries and failures per second over the window, last status and error per role',
    up: (db) => db.exec(pluginHealthSchema),
  },
  {
    version: 9,
    description: 'alert state per role, so a restart neither repeats an alert nor forgets a pending recovery',
    up: (db) => db.exec(alertStateSchema),
  },
  {
    version: 10,
    description: 'guest grants: guests a patient invited into a video consult, recorded before the link is made and texted',
    up: (db) => db.exec(guestGrantsSchema),
  },
  {
    version: 11,
    description: "join locks: the code in front of a patient's video link, recorded before the gate publishes it",
    up: (db) => db.exec(joinLocksSchema),
  },
  {
    version: 12,
    description: 'guest grants booked by reception: interpreter or clinician, their number, the booked state, when the patient was told',
    up: (db) => db.exec(bookedGuestsSchema),
  },
  {
    version: 13,
    description: 'guest grants: when each guest was first seen in the call',
    up: (db) => db.exec(guestJoinedSchema),
  },
  {
    version: 14,
    description: 'languages asked for without texts, per template: count and last seen, for the status page',
    up: (db) => db.exec(languageGapsSchema),
  },
];

/** The schema version a file has once every migration in `migrations` is applied. */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
}

/**
 * Brings the file up to date: applies the missing steps in one immediate transaction and
 * records the version in `PRAGMA user_version`. An up-to-date file is left untouched; a file
 * from a newer version is refused with {@link StoreVersionError}. A failing step rolls back
 * everything, so a file is never left half-migrated.
 *
 * @returns the versions applied (empty when the file was up to date).
 */
export function applyMigrations(db: Database, migrations: readonly Migration[] = MIGRATIONS, location = db.name): number[] {
  checkOrder(migrations);
  const target = latestVersion(migrations);
  const readVersion = () => db.pragma('user_version', { simple: true }) as number;

  // Cheap check outside a transaction, so an up-to-date (or read-only) file takes no write lock.
  const before = readVersion();
  if (before > target) throw new StoreVersionError(before, target, location);
  if (before === target) return [];

  const migrate = db.transaction(() => {
    // Read again under the write lock: another process may have migrated meanwhile.
    const current = readVersion();
    if (current > target) throw new StoreVersionError(current, target, location);
    const pending = migrations.filter((m) => m.version > current);
    for (const migration of pending) {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
    return pending.map((m) => m.version);
  });
  return migrate.immediate();
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration list out of order: position ${index + 1} has version ${migration.version}`);
    }
  });
}
