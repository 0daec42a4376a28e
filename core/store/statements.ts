import type BetterSqlite3 from 'better-sqlite3';

type Database = BetterSqlite3.Database;
/** A prepared statement (named so the store's declarations can be emitted). */
// An interface (not an alias) so emitted declarations can name it.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PreparedStatement extends BetterSqlite3.Statement {}

/**
 * Every statement the store runs, prepared once when the store opens. Optional filters use
 * `(@x IS NULL OR column = @x)` so one statement serves every combination.
 */
export function prepareStatements(db: Database) {
  const s = (sql: string): PreparedStatement => db.prepare(sql);
  return {
    // Progress
    progressAll: s('SELECT id, json FROM appointment_progress'),
    progressByIds: s('SELECT id, json FROM appointment_progress WHERE id IN (SELECT value FROM json_each(?))'),
    progressUpsert: s(`INSERT INTO appointment_progress (id, json, updated_at) VALUES (@id, @json, @now)
      ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`),

    // Outbox
    outboxByKey: s('SELECT * FROM outbox WHERE key = ?'),
    outboxById: s('SELECT * FROM outbox WHERE id = ?'),
    outboxInsert: s(`INSERT INTO outbox (key, appointment_id, to_number, template, body, status, attempts, created_at, updated_at)
      VALUES (@key, @appointmentId, @to, @template, @body, 'pending', 1, @now, @now)`),
    // A retry reuses the row: same key and id, new text; the last error stays until the send succeeds.
    outboxReuseForRetry: s(`UPDATE outbox SET appointment_id = @appointmentId, to_number = @to, template = @template,
      body = @body, status = 'pending', attempts = attempts + 1, updated_at = @now WHERE id = @id`),
    outboxFinishSent: s(`UPDATE outbox SET status = 'sent', provider_id = @providerId, error = NULL, updated_at = @now WHERE id = @id`),
    outboxFinishFailed: s('UPDATE outbox SET status = @status, error = @error, updated_at = @now WHERE id = @id'),
    outboxPending: s(`SELECT * FROM outbox WHERE status = 'pending' ORDER BY id`),
    outboxMarkUnknown: s(`UPDATE outbox SET status = 'unknown', updated_at = ? WHERE status = 'pending'`),
    outboxList: s(`SELECT * FROM outbox
      WHERE (@status IS NULL OR status = @status) AND (@since IS NULL OR created_at >= @since)
      ORDER BY created_at DESC, id DESC LIMIT @limit`),
    outboxCountSince: s(`SELECT to_number AS phone, COUNT(*) AS count FROM outbox
      WHERE created_at >= ? AND status IN ('sent', 'pending', 'unknown') GROUP BY to_number`),
    // Unknown sends. A resolution is written once: the first decision stands.
    outboxUnknownList: s(`SELECT * FROM outbox WHERE status = 'unknown'
      AND (@state = 'all' OR (@state = 'open') = (resolution IS NULL))
      ORDER BY created_at DESC, id DESC LIMIT @limit`),
    outboxUnknownDue: s(`SELECT * FROM outbox WHERE status = 'unknown' AND resolution IS NULL
      AND (checked_at IS NULL OR next_check_at <= @now)
      ORDER BY created_at, id LIMIT @limit`),
    outboxRecordCheck: s(`UPDATE outbox SET checked_at = @at, check_note = @note, next_check_at = @nextAt
      WHERE id = @id AND status = 'unknown' AND resolution IS NULL`),
    outboxResolve: s(`UPDATE outbox SET resolution = @outcome, resolved_at = @now, resolved_by = @by, resolution_note = @note,
      provider_id = COALESCE(@providerId, provider_id), updated_at = @now
      WHERE id = @id AND status = 'unknown' AND resolution IS NULL`),
    // Delivery reports: the newest entry with the provider id (ids are unique in practice).
    outboxByProviderId: s('SELECT * FROM outbox WHERE provider_id = ? ORDER BY id DESC LIMIT 1'),
    outboxSetDelivery: s(`UPDATE outbox SET delivery_status = @status, delivery_error_code = @errorCode,
      delivery_updated_at = @now WHERE id = @id`),
    outboxPurge: s('UPDATE outbox SET body = NULL WHERE body IS NOT NULL AND created_at < ?'),

    // Incoming
    incomingInsert: s(`INSERT INTO incoming (id, from_number, body, received_at, state)
      VALUES (@id, @from, @body, @receivedAt, 'pending') ON CONFLICT (id) DO NOTHING`),
    incomingById: s('SELECT * FROM incoming WHERE id = ?'),
    // A reason explains why a message is (or was) unprocessed: kept on dismissal, cleared once handled.
    incomingSetState: s(`UPDATE incoming SET state = @state,
      reason = CASE WHEN @state IN ('pending', 'handled') THEN @reason ELSE COALESCE(@reason, reason) END,
      appointment_id = COALESCE(@appointmentId, appointment_id)
      WHERE id = @id`),
    incomingList: s(`SELECT * FROM incoming
      WHERE (@state IS NULL OR state = @state) AND (@since IS NULL OR received_at >= @since)
      ORDER BY received_at DESC, rowid DESC LIMIT @limit`),
    incomingPurge: s('UPDATE incoming SET body = NULL WHERE body IS NOT NULL AND received_at < ?'),

    // Reply plans: created once, then updated as effects complete.
    replyPlanGet: s('SELECT json FROM reply_plans WHERE message_id = ?'),
    replyPlanUpsert: s(`INSERT INTO reply_plans (message_id, json, created_at, updated_at) VALUES (@id, @json, @now, @now)
      ON CONFLICT (message_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`),
    replyPlanPurge: s('DELETE FROM reply_plans WHERE created_at < ?'),

    // Opt-outs: rows are kept when a number opts back in, as a record of when it changed.
    optOutSet: s(`INSERT INTO opt_outs (phone, opted_out, updated_at) VALUES (@phone, @optedOut, @now)
      ON CONFLICT (phone) DO UPDATE SET opted_out = excluded.opted_out, updated_at = excluded.updated_at`),
    optOutList: s('SELECT phone FROM opt_outs WHERE opted_out = 1 ORDER BY phone'),
    optOutRecords: s('SELECT phone, updated_at FROM opt_outs WHERE opted_out = 1 ORDER BY updated_at DESC, phone'),

    // Recent errors (status page): the same error from the same place is one row, counted.
    recentErrorUpsert: s(`INSERT INTO recent_errors (source, error, first_at, last_at, count) VALUES (@where, @error, @now, @now, 1)
      ON CONFLICT (source, error) DO UPDATE SET last_at = max(last_at, excluded.last_at), count = count + 1
      RETURNING count`),
    recentErrorPrune: s(`DELETE FROM recent_errors WHERE rowid IN
      (SELECT rowid FROM recent_errors ORDER BY last_at DESC, rowid DESC LIMIT -1 OFFSET @keep)`),
    recentErrorList: s(`SELECT source, error, first_at, last_at, count FROM recent_errors
      ORDER BY last_at DESC, rowid DESC LIMIT @limit`),

    // Plugin health (status page): calls per role and second, pruned past the window.
    pluginCallsAdd: s(`INSERT INTO plugin_calls (role, at, calls, retried, failed, refused) VALUES (@role, @at, @calls, @retried, @failed, @refused)
      ON CONFLICT (role, at) DO UPDATE SET calls = calls + excluded.calls, retried = retried + excluded.retried,
        failed = failed + excluded.failed, refused = refused + excluded.refused`),
    pluginCallsSince: s('SELECT role, at, calls, retried, failed, refused FROM plugin_calls WHERE at >= ? ORDER BY at'),
    pluginCallsPrune: s('DELETE FROM plugin_calls WHERE at < ?'),
    pluginHealthSave:
      s(`INSERT INTO plugin_health (role, status, since, last_error_code, last_error_at) VALUES (@role, @status, @since, @lastErrorCode, @lastErrorAt)
      ON CONFLICT (role) DO UPDATE SET status = excluded.status, since = excluded.since,
        last_error_code = excluded.last_error_code, last_error_at = excluded.last_error_at`),
    pluginHealthList: s('SELECT role, status, since, last_error_code, last_error_at FROM plugin_health ORDER BY role'),

    // Practitioners
    practitionerList: s('SELECT json FROM practitioners ORDER BY id'),
    practitionerUpsert: s(`INSERT INTO practitioners (id, json, updated_at) VALUES (@id, @json, @now)
      ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`),

    // Template overrides
    templateList: s('SELECT name, text FROM template_overrides ORDER BY name'),
    templateUpsert: s(`INSERT INTO template_overrides (name, text, updated_at) VALUES (@name, @text, @now)
      ON CONFLICT (name) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`),
    templateDelete: s('DELETE FROM template_overrides WHERE name = ?'),

    // Plugin state
    pluginStateGet: s('SELECT json FROM plugin_state WHERE plugin_id = ? AND key = ?'),
    pluginStateList: s('SELECT key, json FROM plugin_state WHERE plugin_id = ? ORDER BY key'),
    pluginStateUpsert: s(`INSERT INTO plugin_state (plugin_id, key, json, updated_at) VALUES (@pluginId, @key, @json, @now)
      ON CONFLICT (plugin_id, key) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`),
    pluginStateDelete: s('DELETE FROM plugin_state WHERE plugin_id = ? AND key = ?'),

    // Monitoring: index-backed counts (outbox_status, incoming_state_received, outbox_unknown_open)
    ping: s('SELECT 1'),
    queueCounts: s(`SELECT
      (SELECT COUNT(*) FROM outbox WHERE status = 'pending') AS outboxPending,
      (SELECT COUNT(*) FROM outbox WHERE status = 'retry') AS outboxRetry,
      (SELECT COUNT(*) FROM incoming WHERE state = 'pending') AS incomingPending,
      (SELECT COUNT(*) FROM outbox WHERE status = 'unknown' AND resolution IS NULL) AS unknownOpen`),
  };
}

export type StoreStatements = ReturnType<typeof prepareStatements>;
