import type { ActivityEntry, StaffRole, StaffSession, StaffUser } from './store.js';

/* Staff rows as both stores keep them (SQLite and PostgreSQL have the same columns). */

export interface UserRow {
  name: string;
  role: StaffRole;
  password_hash: string;
  created_at: number;
  updated_at: number;
}

export interface SessionRow {
  id_hash: string;
  user_name: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
}

export interface ActivityRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  detail: string | null;
}

export const toUser = (row: UserRow): StaffUser => ({
  name: row.name,
  role: row.role,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});
export const toSession = (row: SessionRow): StaffSession => ({
  idHash: row.id_hash,
  userName: row.user_name,
  csrfToken: row.csrf_token,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
});
export function toActivity(row: ActivityRow): ActivityEntry {
  const entry: ActivityEntry = { id: row.id, at: row.at, actor: row.actor, action: row.action };
  if (row.detail !== null) entry.detail = JSON.parse(row.detail) as ActivityEntry['detail'];
  return entry;
}
