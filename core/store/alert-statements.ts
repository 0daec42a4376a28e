import type BetterSqlite3 from 'better-sqlite3';

/** The alert_state table's statements (migration 9). */
export function prepareAlertStatements(db: BetterSqlite3.Database) {
  return {
    list: db.prepare('SELECT role, json FROM alert_state ORDER BY role'),
    upsert: db.prepare(`INSERT INTO alert_state (role, json, updated_at) VALUES (@role, @json, @now)
      ON CONFLICT (role) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`),
  };
}

export type AlertStatements = ReturnType<typeof prepareAlertStatements>;
