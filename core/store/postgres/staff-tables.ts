import type { ActivityEntry, StaffRole, StaffSession, StaffUser } from '../store.js';
import { requireText } from '../validation.js';
import { pgLimit, type PostgresDb, type Sql } from './database.js';
import { toActivity, toSession, toUser, type ActivityRow, type SessionRow, type UserRow } from '../staff-rows.js';

// Names are matched through name_key / user_key, their lower-case forms (ASCII only, like SQLite's NOCASE).
const SQL = {
  userGet: 'SELECT * FROM staff_users WHERE clinic_id = $1 AND name_key = lower($2 COLLATE "C")',
  userList: 'SELECT * FROM staff_users WHERE clinic_id = $1 ORDER BY name_key, name',
  userCount: 'SELECT count(*) AS count FROM staff_users WHERE clinic_id = $1',
  userUpsert: `INSERT INTO staff_users AS u (clinic_id, name, role, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
    ON CONFLICT (clinic_id, name_key) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash, updated_at = excluded.updated_at`,
  // Sessions go with their user (ON DELETE CASCADE).
  userDelete: 'DELETE FROM staff_users WHERE clinic_id = $1 AND name_key = lower($2 COLLATE "C")',
  sessionInsert: `INSERT INTO staff_sessions (clinic_id, id_hash, user_name, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6)`,
  sessionGet: 'SELECT * FROM staff_sessions WHERE clinic_id = $1 AND id_hash = $2',
  sessionTouch: 'UPDATE staff_sessions SET last_seen_at = greatest(last_seen_at, $3) WHERE clinic_id = $1 AND id_hash = $2',
  sessionDelete: 'DELETE FROM staff_sessions WHERE clinic_id = $1 AND id_hash = $2',
  sessionDeleteOf: 'DELETE FROM staff_sessions WHERE clinic_id = $1 AND user_key = lower($2 COLLATE "C")',
  sessionDeleteExpired: 'DELETE FROM staff_sessions WHERE clinic_id = $1 AND (last_seen_at < $2 OR created_at < $3)',
  activityInsert: 'INSERT INTO activity_log (clinic_id, at, actor, action, detail) VALUES ($1, $2, $3, $4, $5) RETURNING id',
  activityList: `SELECT * FROM activity_log WHERE clinic_id = $1 AND ($2::bigint IS NULL OR at < $2)
    ORDER BY at DESC, id DESC LIMIT $3`,
} as const;

/** Staff accounts, sessions and the activity log in PostgreSQL. */
export class PostgresStaff {
  constructor(private readonly db: PostgresDb) {}

  async getUser(name: string): Promise<StaffUser | undefined> {
    const row = (await this.db.query<UserRow>(SQL.userGet, [this.db.clinicId, name])).rows[0];
    return row && toUser(row);
  }

  async listUsers(): Promise<StaffUser[]> {
    return (await this.db.query<UserRow>(SQL.userList, [this.db.clinicId])).rows.map(toUser);
  }

  async countUsers(): Promise<number> {
    return (await this.db.query<{ count: number }>(SQL.userCount, [this.db.clinicId])).rows[0]!.count;
  }

  async saveUser(user: { name: string; role: StaffRole; passwordHash: string }, now: number): Promise<void> {
    requireText(user.name, 'user.name');
    await this.db.write(SQL.userUpsert, [this.db.clinicId, user.name, user.role, user.passwordHash, now]);
  }

  async deleteUser(name: string): Promise<boolean> {
    return (await this.db.write(SQL.userDelete, [this.db.clinicId, name])).rowCount > 0;
  }

  async createSession(session: StaffSession): Promise<void> {
    const { idHash, userName, csrfToken, createdAt, lastSeenAt } = session;
    await this.db.write(SQL.sessionInsert, [this.db.clinicId, idHash, userName, csrfToken, createdAt, lastSeenAt]);
  }

  async getSession(idHash: string): Promise<StaffSession | undefined> {
    const row = (await this.db.query<SessionRow>(SQL.sessionGet, [this.db.clinicId, idHash])).rows[0];
    return row && toSession(row);
  }

  async touchSession(idHash: string, now: number): Promise<void> {
    await this.db.write(SQL.sessionTouch, [this.db.clinicId, idHash, now]);
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.write(SQL.sessionDelete, [this.db.clinicId, idHash]);
  }

  async deleteSessionsOf(userName: string): Promise<void> {
    await this.db.write(SQL.sessionDeleteOf, [this.db.clinicId, userName]);
  }

  async deleteExpiredSessions(lastSeenBefore: number, createdBefore: number): Promise<number> {
    return (await this.db.write(SQL.sessionDeleteExpired, [this.db.clinicId, lastSeenBefore, createdBefore])).rowCount;
  }

  async recordActivity(entry: Omit<ActivityEntry, 'id'>): Promise<ActivityEntry> {
    requireText(entry.actor, 'entry.actor');
    requireText(entry.action, 'entry.action');
    return this.recordActivityIn(this.db.writes, entry);
  }

  /** Adds an activity line inside a transaction that is already open (e.g. with a revocation). */
  async recordActivityIn(tx: Sql, entry: Omit<ActivityEntry, 'id'>): Promise<ActivityEntry> {
    const detail = entry.detail === undefined ? null : JSON.stringify(entry.detail);
    const { rows } = await tx.query<{ id: number }>(SQL.activityInsert, [this.db.clinicId, entry.at, entry.actor, entry.action, detail]);
    return { id: rows[0]!.id, ...entry };
  }

  async listActivity(filter: { limit?: number; before?: number }): Promise<ActivityEntry[]> {
    const { rows } = await this.db.query<ActivityRow>(SQL.activityList, [this.db.clinicId, filter.before ?? null, pgLimit(filter.limit)]);
    return rows.map(toActivity);
  }
}
