import type BetterSqlite3 from 'better-sqlite3';
import type { PreparedStatement } from './statements.js';

/** The alert_state table's statements (migration 9). Named so the store's declarations can be emitted. */
export interface AlertStatements {
  list: PreparedStatement;
  upsert: PreparedStatement;
}

export function prepareAlertStatements(db: BetterSqlite3.Database): AlertStatements {
  return {
    list: db.prepare('SELECT role, json FROM alert_state ORDER BY role'),
    upsert: db.prepare(`INSERT INTO alert_state (role, json, updated_at) VALUES (@role, @json, @now)
      ON CONFLICT (role) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`),
  };
}
