import type { LanguageGap, PluginCallCounts, PluginHealthRecord, RecentErrorRecord, StoreQueueCounts } from '../store.js';
import { RECENT_ERRORS_KEPT, requireText } from '../validation.js';
import type { PostgresDb } from './database.js';

interface PluginHealthRow {
  role: string;
  status: PluginHealthRecord['status'];
  since: number;
  last_error_code: string | null;
  last_error_at: number | null;
}

const SQL = {
  // The same error from the same place is one row, counted; RETURNING tells a new row (count 1) from a repeat.
  recentErrorUpsert: `INSERT INTO recent_errors AS e (clinic_id, source, error, first_at, last_at, count) VALUES ($1, $2, $3, $4, $4, 1)
    ON CONFLICT (clinic_id, source, md5(error)) DO UPDATE SET last_at = greatest(e.last_at, excluded.last_at), count = e.count + 1
    RETURNING count`,
  recentErrorPrune: `DELETE FROM recent_errors WHERE clinic_id = $1 AND seq IN
    (SELECT seq FROM recent_errors WHERE clinic_id = $1 ORDER BY last_at DESC, seq DESC OFFSET $2)`,
  recentErrorList: `SELECT source AS "where", error, first_at AS "firstAt", last_at AS "lastAt", count FROM recent_errors
    WHERE clinic_id = $1 ORDER BY last_at DESC, seq DESC LIMIT $2`,
  // Plugin health (status page): calls per role and second, pruned past the window.
  pluginCallsAdd: `INSERT INTO plugin_calls AS p (clinic_id, role, at, calls, retried, failed, refused) VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (clinic_id, role, at) DO UPDATE SET calls = p.calls + excluded.calls, retried = p.retried + excluded.retried,
      failed = p.failed + excluded.failed, refused = p.refused + excluded.refused`,
  pluginCallsSince: 'SELECT role, at, calls, retried, failed, refused FROM plugin_calls WHERE clinic_id = $1 AND at >= $2 ORDER BY at',
  pluginCallsPrune: 'DELETE FROM plugin_calls WHERE clinic_id = $1 AND at < $2',
  pluginHealthSave: `INSERT INTO plugin_health (clinic_id, role, status, since, last_error_code, last_error_at) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (clinic_id, role) DO UPDATE SET status = excluded.status, since = excluded.since,
      last_error_code = excluded.last_error_code, last_error_at = excluded.last_error_at`,
  pluginHealthList: 'SELECT role, status, since, last_error_code, last_error_at FROM plugin_health WHERE clinic_id = $1 ORDER BY role',
  alertUpsert: `INSERT INTO alert_state (clinic_id, role, json, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (clinic_id, role) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
  alertList: 'SELECT role, json FROM alert_state WHERE clinic_id = $1 ORDER BY role',
  languageGapRecord: `INSERT INTO language_gaps AS g (clinic_id, language, template, count, first_seen, last_seen) VALUES ($1, $2, $3, 1, $4, $4)
    ON CONFLICT (clinic_id, language, template) DO UPDATE SET count = g.count + 1, last_seen = excluded.last_seen`,
  languageGapList: `SELECT language, template, count, first_seen AS "firstSeen", last_seen AS "lastSeen" FROM language_gaps
    WHERE clinic_id = $1 ORDER BY language, template`,
  ping: 'SELECT 1',
  // Index-backed counts (outbox_status, incoming_state_received, outbox_unknown_open).
  queueCounts: `SELECT
    (SELECT count(*) FROM outbox WHERE clinic_id = $1 AND status = 'pending') AS "outboxPending",
    (SELECT count(*) FROM outbox WHERE clinic_id = $1 AND status = 'retry') AS "outboxRetry",
    (SELECT count(*) FROM incoming WHERE clinic_id = $1 AND state = 'pending') AS "incomingPending",
    (SELECT count(*) FROM outbox WHERE clinic_id = $1 AND status = 'unknown' AND resolution IS NULL) AS "unknownOpen"`,
} as const;

/** What the status page and monitoring keep in PostgreSQL: recent errors, plugin health, alert state, language gaps, queue counts. */
export class PostgresMonitoring {
  constructor(private readonly db: PostgresDb) {}

  async recordRecentError(entry: { where: string; error: string }, now: number): Promise<void> {
    requireText(entry.where, 'entry.where');
    requireText(entry.error, 'entry.error');
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ count: number }>(SQL.recentErrorUpsert, [this.db.clinicId, entry.where, entry.error, now]);
      // Only a new row can take the table past its bound; a repeat just updates its row.
      if (rows[0]?.count === 1) await tx.query(SQL.recentErrorPrune, [this.db.clinicId, RECENT_ERRORS_KEPT]);
    });
  }

  async listRecentErrors(limit: number): Promise<RecentErrorRecord[]> {
    return (await this.db.query<RecentErrorRecord>(SQL.recentErrorList, [this.db.clinicId, limit])).rows;
  }

  async addPluginCalls(counts: PluginCallCounts): Promise<void> {
    requireText(counts.role, 'counts.role');
    const { role, at, calls, retried, failed, refused } = counts;
    await this.db.write(SQL.pluginCallsAdd, [this.db.clinicId, role, at, calls, retried, failed, refused]);
  }

  async listPluginCalls(since: number): Promise<PluginCallCounts[]> {
    return (await this.db.query<PluginCallCounts>(SQL.pluginCallsSince, [this.db.clinicId, since])).rows;
  }

  async prunePluginCalls(before: number): Promise<void> {
    await this.db.write(SQL.pluginCallsPrune, [this.db.clinicId, before]);
  }

  async savePluginHealth(record: PluginHealthRecord): Promise<void> {
    requireText(record.role, 'record.role');
    const values = [this.db.clinicId, record.role, record.status, record.since, record.lastErrorCode ?? null, record.lastErrorAt ?? null];
    await this.db.write(SQL.pluginHealthSave, values);
  }

  async listPluginHealth(): Promise<PluginHealthRecord[]> {
    const { rows } = await this.db.query<PluginHealthRow>(SQL.pluginHealthList, [this.db.clinicId]);
    return rows.map((row) => ({
      role: row.role,
      status: row.status,
      since: row.since,
      ...(row.last_error_code !== null ? { lastErrorCode: row.last_error_code } : {}),
      ...(row.last_error_at !== null ? { lastErrorAt: row.last_error_at } : {}),
    }));
  }

  async saveAlertState(role: string, state: unknown, now: number): Promise<void> {
    requireText(role, 'role');
    await this.db.write(SQL.alertUpsert, [this.db.clinicId, role, JSON.stringify(state), now]);
  }

  async listAlertStates<T>(): Promise<Map<string, T>> {
    const { rows } = await this.db.query<{ role: string; json: string }>(SQL.alertList, [this.db.clinicId]);
    return new Map(rows.map((row) => [row.role, JSON.parse(row.json) as T]));
  }

  async recordLanguageGap(language: string, template: string, now: number): Promise<void> {
    requireText(language, 'language');
    requireText(template, 'template');
    await this.db.write(SQL.languageGapRecord, [this.db.clinicId, language, template, now]);
  }

  async listLanguageGaps(): Promise<LanguageGap[]> {
    return (await this.db.query<LanguageGap>(SQL.languageGapList, [this.db.clinicId])).rows;
  }

  async ping(): Promise<void> {
    await this.db.query(SQL.ping, []);
  }

  async countQueues(): Promise<StoreQueueCounts> {
    return (await this.db.query<StoreQueueCounts>(SQL.queueCounts, [this.db.clinicId])).rows[0]!;
  }
}
