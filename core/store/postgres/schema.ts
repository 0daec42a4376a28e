/*
 * The PostgreSQL store's tables: the SQLite store's schema (migrations 1..14) for many clinics
 * in one database. Every table starts with `clinic_id`, and every key that could repeat across
 * clinics includes it. Times are epoch milliseconds (bigint); JSON columns are text holding the
 * same plain objects as the SQLite store (the store never reads into them). Text that the store
 * orders by is `COLLATE "C"`, so lists come in the same (byte) order as SQLite's everywhere.
 * Tables are unqualified: they live in the connection's search_path.
 */

/** Progress, the outbox (with unknown sends and delivery reports), incoming texts, reply plans and settings. */
export const coreSchema = `
CREATE TABLE appointment_progress (
  clinic_id   text NOT NULL,
  id          text NOT NULL,
  json        text NOT NULL,
  updated_at  bigint NOT NULL,
  PRIMARY KEY (clinic_id, id)
);

CREATE TABLE outbox (
  clinic_id            text NOT NULL,
  id                   bigint GENERATED ALWAYS AS IDENTITY,
  key                  text NOT NULL,
  appointment_id       text,
  to_number            text NOT NULL,
  template             text NOT NULL,
  body                 text,
  status               text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'retry', 'unknown')),
  provider_id          text,
  error                text,
  attempts             integer NOT NULL DEFAULT 1,
  created_at           bigint NOT NULL,
  updated_at           bigint NOT NULL,
  resolution           text CHECK (resolution IN ('delivered', 'resent', 'dismissed')),
  resolved_at          bigint,
  resolved_by          text,
  resolution_note      text,
  checked_at           bigint,
  check_note           text,
  next_check_at        bigint,
  delivery_status      text CHECK (delivery_status IN ('queued', 'sent', 'delivered', 'undelivered', 'failed')),
  delivery_error_code  text,
  delivery_updated_at  bigint,
  PRIMARY KEY (clinic_id, id),
  UNIQUE (clinic_id, key)
);
CREATE INDEX outbox_to_created ON outbox (clinic_id, to_number, created_at);
CREATE INDEX outbox_status ON outbox (clinic_id, status);
CREATE INDEX outbox_created ON outbox (clinic_id, created_at);
CREATE INDEX outbox_unknown_open ON outbox (clinic_id, created_at) WHERE status = 'unknown' AND resolution IS NULL;
CREATE INDEX outbox_provider_id ON outbox (clinic_id, provider_id) WHERE provider_id IS NOT NULL;

-- seq keeps arrival order among texts received in the same millisecond (SQLite's rowid).
CREATE TABLE incoming (
  clinic_id       text NOT NULL,
  id              text NOT NULL,
  seq             bigint GENERATED ALWAYS AS IDENTITY,
  from_number     text NOT NULL,
  body            text,
  received_at     bigint NOT NULL,
  state           text NOT NULL CHECK (state IN ('pending', 'handled', 'unprocessed', 'dismissed')),
  reason          text COLLATE "C",
  appointment_id  text,
  closed_by       text,
  closed_at       bigint,
  PRIMARY KEY (clinic_id, id)
);
CREATE INDEX incoming_state_received ON incoming (clinic_id, state, received_at);
CREATE INDEX incoming_received ON incoming (clinic_id, received_at);
CREATE INDEX incoming_from ON incoming (clinic_id, from_number);

CREATE TABLE reply_plans (
  clinic_id   text NOT NULL,
  message_id  text NOT NULL,
  json        text NOT NULL,
  created_at  bigint NOT NULL,
  updated_at  bigint NOT NULL,
  PRIMARY KEY (clinic_id, message_id)
);
CREATE INDEX reply_plans_created ON reply_plans (clinic_id, created_at);

CREATE TABLE opt_outs (
  clinic_id   text NOT NULL,
  phone       text COLLATE "C" NOT NULL,
  opted_out   boolean NOT NULL,
  updated_at  bigint NOT NULL,
  PRIMARY KEY (clinic_id, phone)
);

CREATE TABLE practitioners (
  clinic_id   text NOT NULL,
  id          text COLLATE "C" NOT NULL,
  json        text NOT NULL,
  updated_at  bigint NOT NULL,
  PRIMARY KEY (clinic_id, id)
);

CREATE TABLE template_overrides (
  clinic_id   text NOT NULL,
  name        text COLLATE "C" NOT NULL,
  text        text NOT NULL,
  updated_at  bigint NOT NULL,
  PRIMARY KEY (clinic_id, name)
);

CREATE TABLE plugin_state (
  clinic_id   text NOT NULL,
  plugin_id   text NOT NULL,
  key         text COLLATE "C" NOT NULL,
  json        text NOT NULL,
  updated_at  bigint NOT NULL,
  PRIMARY KEY (clinic_id, plugin_id, key)
);
`;

/**
 * Reception's inbox and the staff of the web app. A user's name is unique without regard to
 * ASCII case (SQLite's NOCASE): `name_key` is its lower-case form, and sessions follow their
 * user through it (deleting the user deletes them).
 */
export const receptionSchema = `
CREATE TABLE conversations (
  clinic_id   text NOT NULL,
  id          text COLLATE "C" NOT NULL,
  phone       text NOT NULL,
  created_at  bigint NOT NULL,
  PRIMARY KEY (clinic_id, id),
  UNIQUE (clinic_id, phone)
);

CREATE TABLE staff_replies (
  clinic_id   text NOT NULL,
  outbox_key  text NOT NULL,
  phone       text NOT NULL,
  sent_by     text NOT NULL,
  created_at  bigint NOT NULL,
  PRIMARY KEY (clinic_id, outbox_key)
);

CREATE TABLE staff_users (
  clinic_id      text NOT NULL,
  name           text COLLATE "C" NOT NULL,
  name_key       text COLLATE "C" GENERATED ALWAYS AS (lower(name)) STORED,
  role           text NOT NULL CHECK (role IN ('reception', 'admin')),
  password_hash  text NOT NULL,
  created_at     bigint NOT NULL,
  updated_at     bigint NOT NULL,
  PRIMARY KEY (clinic_id, name_key)
);

CREATE TABLE staff_sessions (
  clinic_id     text NOT NULL,
  id_hash       text NOT NULL,
  user_name     text COLLATE "C" NOT NULL,
  user_key      text COLLATE "C" GENERATED ALWAYS AS (lower(user_name)) STORED,
  csrf_token    text NOT NULL,
  created_at    bigint NOT NULL,
  last_seen_at  bigint NOT NULL,
  PRIMARY KEY (clinic_id, id_hash),
  FOREIGN KEY (clinic_id, user_key) REFERENCES staff_users (clinic_id, name_key) ON DELETE CASCADE
);
CREATE INDEX staff_sessions_user ON staff_sessions (clinic_id, user_key);

CREATE TABLE activity_log (
  clinic_id  text NOT NULL,
  id         bigint GENERATED ALWAYS AS IDENTITY,
  at         bigint NOT NULL,
  actor      text NOT NULL,
  action     text NOT NULL,
  detail     text,
  PRIMARY KEY (clinic_id, id)
);
CREATE INDEX activity_log_at ON activity_log (clinic_id, at);
`;

/**
 * What the status page keeps across restarts. A recent error is one row per place and error;
 * the error's text is keyed by its hash, so a long description never outgrows an index entry.
 */
export const monitoringSchema = `
CREATE TABLE recent_errors (
  clinic_id  text NOT NULL,
  source     text NOT NULL,
  error      text NOT NULL,
  seq        bigint GENERATED ALWAYS AS IDENTITY,
  first_at   bigint NOT NULL,
  last_at    bigint NOT NULL,
  count      integer NOT NULL
);
CREATE UNIQUE INDEX recent_errors_key ON recent_errors (clinic_id, source, md5(error));
CREATE INDEX recent_errors_by_last_at ON recent_errors (clinic_id, last_at);

CREATE TABLE plugin_calls (
  clinic_id  text NOT NULL,
  role       text NOT NULL,
  at         bigint NOT NULL,
  calls      integer NOT NULL,
  retried    integer NOT NULL,
  failed     integer NOT NULL,
  refused    integer NOT NULL,
  PRIMARY KEY (clinic_id, role, at)
);
CREATE INDEX plugin_calls_by_at ON plugin_calls (clinic_id, at);

CREATE TABLE plugin_health (
  clinic_id        text NOT NULL,
  role             text COLLATE "C" NOT NULL,
  status           text NOT NULL,
  since            bigint NOT NULL,
  last_error_code  text,
  last_error_at    bigint,
  PRIMARY KEY (clinic_id, role)
);

CREATE TABLE alert_state (
  clinic_id   text NOT NULL,
  role        text COLLATE "C" NOT NULL,
  json        text NOT NULL,
  updated_at  bigint NOT NULL,
  PRIMARY KEY (clinic_id, role)
);

CREATE TABLE language_gaps (
  clinic_id   text NOT NULL,
  language    text COLLATE "C" NOT NULL,
  template    text COLLATE "C" NOT NULL,
  count       integer NOT NULL,
  first_seen  bigint NOT NULL,
  last_seen   bigint NOT NULL,
  PRIMARY KEY (clinic_id, language, template)
);
`;

/**
 * Video consults: guest grants (patients' and reception's guests; seq keeps the order of grants
 * made in the same millisecond) and join locks (issue_keys: what asked for each code, oldest first).
 */
export const videoSchema = `
CREATE TABLE guest_grants (
  clinic_id        text NOT NULL,
  grant_id         text NOT NULL,
  seq              bigint GENERATED ALWAYS AS IDENTITY,
  request_key      text NOT NULL,
  appointment_id   text NOT NULL,
  room_id          text NOT NULL,
  granted_by       text NOT NULL CHECK (granted_by IN ('patient', 'reception')),
  display_name     text NOT NULL,
  state            text NOT NULL CHECK (state IN ('booked', 'granted', 'linked', 'sent', 'revoked', 'expired')),
  expires_at       text NOT NULL,
  link_json        text,
  created_at       bigint NOT NULL,
  linked_at        bigint,
  sent_at          bigint,
  joined_at        bigint,
  revoked_at       bigint,
  revoked_by       text,
  guest_kind       text CHECK (guest_kind IN ('interpreter', 'clinician')),
  phone            text,
  booked_by        text,
  patient_told_at  bigint,
  PRIMARY KEY (clinic_id, grant_id),
  UNIQUE (clinic_id, request_key)
);
CREATE INDEX guest_grants_by_appointment ON guest_grants (clinic_id, appointment_id, created_at);
CREATE INDEX guest_grants_reception_live ON guest_grants (clinic_id, granted_by, state);

CREATE TABLE join_locks (
  clinic_id        text NOT NULL,
  appointment_id   text NOT NULL,
  lock_id          text NOT NULL,
  secret           text,
  code             text,
  code_issued_at   bigint NOT NULL,
  code_expires_at  bigint NOT NULL,
  codes_issued     integer NOT NULL,
  issue_keys       text[] NOT NULL,
  expires_at       bigint NOT NULL,
  target           text,
  url              text,
  published_at     bigint,
  withdrawn_at     bigint,
  created_at       bigint NOT NULL,
  PRIMARY KEY (clinic_id, appointment_id),
  UNIQUE (clinic_id, lock_id)
);
CREATE INDEX join_locks_created ON join_locks (clinic_id, created_at);
`;
