import type { Database } from 'better-sqlite3';
import type { ActivityEntry, StaffRole, StaffSession, StaffUser } from './store.js';
import { sqlLimit } from './rows.js';
import { toActivity, toSession, toUser, type ActivityRow, type SessionRow, type UserRow } from './staff-rows.js';

/** The staff part of the SQLite store (accounts, sessions, activity log), kept apart to keep sqlite-store.ts small. */
export class StaffTables {
  private readonly sql;

  constructor(db: Database) {
    const s = (text: string) => db.prepare(text);
    this.sql = {
      userGet: s('SELECT * FROM staff_users WHERE name = ?'),
      userList: s('SELECT * FROM staff_users ORDER BY name'),
      userCount: s('SELECT COUNT(*) AS count FROM staff_users'),
      userUpsert: s(`INSERT INTO staff_users (name, role, password_hash, created_at, updated_at) VALUES (@name, @role, @hash, @now, @now)
        ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash, updated_at = excluded.updated_at`),
      userDelete: s('DELETE FROM staff_users WHERE name = ?'),
      sessionInsert: s(`INSERT INTO staff_sessions (id_hash, user_name, csrf_token, created_at, last_seen_at)
        VALUES (@idHash, @userName, @csrfToken, @createdAt, @lastSeenAt)`),
      sessionGet: s('SELECT * FROM staff_sessions WHERE id_hash = ?'),
      sessionTouch: s('UPDATE staff_sessions SET last_seen_at = MAX(last_seen_at, @now) WHERE id_hash = @idHash'),
      sessionDelete: s('DELETE FROM staff_sessions WHERE id_hash = ?'),
      sessionDeleteOf: s('DELETE FROM staff_sessions WHERE user_name = ? COLLATE NOCASE'),
      sessionDeleteExpired: s('DELETE FROM staff_sessions WHERE last_seen_at < @lastSeenBefore OR created_at < @createdBefore'),
      activityInsert: s('INSERT INTO activity_log (at, actor, action, detail) VALUES (@at, @actor, @action, @detail)'),
      activityList: s(`SELECT * FROM activity_log WHERE (@before IS NULL OR at < @before)
        ORDER BY at DESC, id DESC LIMIT @limit`),
    };
  }

  getUser(name: string): StaffUser | undefined {
    const row = this.sql.userGet.get(name) as UserRow | undefined;
    return row && toUser(row);
  }

  listUsers(): StaffUser[] {
    return (this.sql.userList.all() as UserRow[]).map(toUser);
  }

  countUsers(): number {
    return (this.sql.userCount.get() as { count: number }).count;
  }

  saveUser(user: { name: string; role: StaffRole; passwordHash: string }, now: number): void {
    this.sql.userUpsert.run({ name: user.name, role: user.role, hash: user.passwordHash, now });
  }

  /** Sessions go with it (ON DELETE CASCADE). */
  deleteUser(name: string): boolean {
    return this.sql.userDelete.run(name).changes > 0;
  }

  createSession(session: StaffSession): void {
    this.sql.sessionInsert.run({ ...session });
  }

  getSession(idHash: string): StaffSession | undefined {
    const row = this.sql.sessionGet.get(idHash) as SessionRow | undefined;
    return row && toSession(row);
  }

  touchSession(idHash: string, now: number): void {
    this.sql.sessionTouch.run({ idHash, now });
  }

  deleteSession(idHash: string): void {
    this.sql.sessionDelete.run(idHash);
  }

  deleteSessionsOf(userName: string): void {
    this.sql.sessionDeleteOf.run(userName);
  }

  deleteExpiredSessions(lastSeenBefore: number, createdBefore: number): number {
    return this.sql.sessionDeleteExpired.run({ lastSeenBefore, createdBefore }).changes;
  }

  recordActivity(entry: Omit<ActivityEntry, 'id'>): ActivityEntry {
    const detail = entry.detail === undefined ? null : JSON.stringify(entry.detail);
    const { lastInsertRowid } = this.sql.activityInsert.run({ at: entry.at, actor: entry.actor, action: entry.action, detail });
    return { id: Number(lastInsertRowid), ...entry };
  }

  listActivity(filter: { limit?: number; before?: number }): ActivityEntry[] {
    const rows = this.sql.activityList.all({ before: filter.before ?? null, limit: sqlLimit(filter.limit) }) as ActivityRow[];
    return rows.map(toActivity);
  }
}
