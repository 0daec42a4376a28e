import type { GuestGrantRecord } from './guest-grant-types.js';

/** A guest grant's row, as both stores keep it (SQLite and PostgreSQL have the same columns). */
export interface GuestGrantRow {
  grant_id: string;
  request_key: string;
  appointment_id: string;
  room_id: string;
  granted_by: GuestGrantRecord['grantedBy'];
  display_name: string;
  state: GuestGrantRecord['state'];
  expires_at: string;
  link_json: string | null;
  created_at: number;
  linked_at: number | null;
  sent_at: number | null;
  joined_at: number | null;
  revoked_at: number | null;
  revoked_by: string | null;
  guest_kind: GuestGrantRecord['kind'] | null;
  phone: string | null;
  booked_by: string | null;
  patient_told_at: number | null;
}

export function toGrant(row: GuestGrantRow): GuestGrantRecord {
  const grant: GuestGrantRecord = {
    grantId: row.grant_id,
    requestKey: row.request_key,
    appointmentId: row.appointment_id,
    roomId: row.room_id,
    grantedBy: row.granted_by,
    displayName: row.display_name,
    state: row.state,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
  if (row.link_json !== null) grant.link = JSON.parse(row.link_json) as GuestGrantRecord['link'];
  if (row.linked_at !== null) grant.linkedAt = row.linked_at;
  if (row.sent_at !== null) grant.sentAt = row.sent_at;
  if (row.joined_at !== null) grant.joinedAt = row.joined_at;
  if (row.revoked_at !== null) grant.revokedAt = row.revoked_at;
  if (row.revoked_by !== null) grant.revokedBy = row.revoked_by;
  if (row.guest_kind !== null) grant.kind = row.guest_kind;
  if (row.phone !== null) grant.phone = row.phone;
  if (row.booked_by !== null) grant.bookedBy = row.booked_by;
  if (row.patient_told_at !== null) grant.patientToldAt = row.patient_told_at;
  return grant;
}
