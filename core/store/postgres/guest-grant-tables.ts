import type { GuestLink } from '@clinic-arrivals/plugin-kit';
import type { GuestGrantRecord, NewBookedGuest, NewGuestGrant } from '../guest-grant-types.js';
import type { ActivityEntry } from '../store.js';
import { requireText } from '../validation.js';
import type { PostgresDb } from './database.js';
import type { PostgresStaff } from './staff-tables.js';
import { toGrant, type GuestGrantRow } from '../guest-grant-rows.js';

const LIVE = `('booked', 'granted', 'linked', 'sent')`;

const SQL = {
  byId: 'SELECT * FROM guest_grants WHERE clinic_id = $1 AND grant_id = $2',
  byRequest: 'SELECT * FROM guest_grants WHERE clinic_id = $1 AND request_key = $2',
  byAppointment: 'SELECT * FROM guest_grants WHERE clinic_id = $1 AND appointment_id = $2 ORDER BY created_at, seq',
  liveCounts: `SELECT appointment_id, count(*) AS n FROM guest_grants WHERE clinic_id = $1 AND state IN ${LIVE} GROUP BY appointment_id`,
  insert: `INSERT INTO guest_grants (clinic_id, grant_id, request_key, appointment_id, room_id, granted_by, display_name, state, expires_at, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, 'granted', $8, $9) ON CONFLICT (clinic_id, request_key) DO NOTHING`,
  insertBooked: `INSERT INTO guest_grants (clinic_id, grant_id, request_key, appointment_id, room_id, granted_by, display_name, state, expires_at, created_at,
      guest_kind, phone, booked_by)
    VALUES ($1, $2, $3, $4, '', 'reception', $5, 'booked', $6, $7, $8, $9, $10) ON CONFLICT (clinic_id, request_key) DO NOTHING`,
  link: `UPDATE guest_grants SET state = 'linked', link_json = $3, linked_at = $4 WHERE clinic_id = $1 AND grant_id = $2 AND state = 'granted'`,
  sent: `UPDATE guest_grants SET state = 'sent', sent_at = $3 WHERE clinic_id = $1 AND grant_id = $2 AND state = 'linked'`,
  // Only the first sighting counts, and only of a grant whose link exists and still works.
  joined: `UPDATE guest_grants SET joined_at = $4
    WHERE clinic_id = $1 AND appointment_id = $2 AND grant_id = ANY($3::text[]) AND joined_at IS NULL AND state IN ('linked', 'sent')`,
  revoke: `UPDATE guest_grants SET state = 'revoked', revoked_at = $3, revoked_by = $4 WHERE clinic_id = $1 AND grant_id = $2 AND state IN ${LIVE}`,
  expire: `UPDATE guest_grants SET state = 'expired' WHERE clinic_id = $1 AND appointment_id = $2 AND state IN ${LIVE}`,
  // The booked guest's grant, made at the patient's invite: its room and the room's end.
  activate: `UPDATE guest_grants SET state = 'granted', room_id = $3, expires_at = $4 WHERE clinic_id = $1 AND grant_id = $2 AND state = 'booked'`,
  patientTold: `UPDATE guest_grants SET patient_told_at = $3 WHERE clinic_id = $1 AND grant_id = $2 AND patient_told_at IS NULL AND state = 'sent'`,
  receptionLive: `SELECT * FROM guest_grants WHERE clinic_id = $1 AND granted_by = 'reception' AND state IN ${LIVE} ORDER BY created_at, seq`,
} as const;

/** Blanks old grants' links and booked guests' numbers (part of the store's retention transaction); the rows stay for the record. */
export const GUEST_LINK_PURGE = `UPDATE guest_grants SET link_json = NULL, phone = NULL
  WHERE clinic_id = $1 AND (link_json IS NOT NULL OR phone IS NOT NULL) AND created_at < $2`;

/** Guest grants in PostgreSQL: each state change is one guarded UPDATE, so repeats (and racing processes) change nothing. */
export class PostgresGuestGrants {
  constructor(
    private readonly db: PostgresDb,
    private readonly staff: PostgresStaff,
  ) {}

  async get(grantId: string): Promise<GuestGrantRecord | undefined> {
    const row = (await this.db.query<GuestGrantRow>(SQL.byId, [this.db.clinicId, grantId])).rows[0];
    return row && toGrant(row);
  }

  async findByRequest(requestKey: string): Promise<GuestGrantRecord | undefined> {
    const row = (await this.db.query<GuestGrantRow>(SQL.byRequest, [this.db.clinicId, requestKey])).rows[0];
    return row && toGrant(row);
  }

  async list(appointmentId: string): Promise<GuestGrantRecord[]> {
    return (await this.db.query<GuestGrantRow>(SQL.byAppointment, [this.db.clinicId, appointmentId])).rows.map(toGrant);
  }

  async countLive(): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ appointment_id: string; n: number }>(SQL.liveCounts, [this.db.clinicId]);
    return new Map(rows.map((row) => [row.appointment_id, row.n]));
  }

  async record(grant: NewGuestGrant, now: number): Promise<GuestGrantRecord> {
    for (const key of ['grantId', 'requestKey', 'appointmentId', 'roomId', 'displayName', 'expiresAt'] as const) requireText(grant[key], `grant.${key}`);
    const { grantId, requestKey, appointmentId, roomId, grantedBy, displayName, expiresAt } = grant;
    // Insert-or-read in one transaction: two racing requests with one key get one grant (the loser's insert waits, then does nothing).
    return this.db.transaction(async (tx) => {
      await tx.query(SQL.insert, [this.db.clinicId, grantId, requestKey, appointmentId, roomId, grantedBy, displayName, expiresAt, now]);
      return toGrant((await tx.query<GuestGrantRow>(SQL.byRequest, [this.db.clinicId, requestKey])).rows[0]!);
    });
  }

  /** A guest booked by reception, once per `requestKey` (a repeat returns the first booking unchanged). */
  async book(guest: NewBookedGuest, now: number): Promise<GuestGrantRecord> {
    for (const key of ['grantId', 'requestKey', 'appointmentId', 'displayName', 'phone', 'bookedBy', 'expiresAt'] as const)
      requireText(guest[key], `guest.${key}`);
    const { grantId, requestKey, appointmentId, displayName, expiresAt, kind, phone, bookedBy } = guest;
    return this.db.transaction(async (tx) => {
      await tx.query(SQL.insertBooked, [this.db.clinicId, grantId, requestKey, appointmentId, displayName, expiresAt, now, kind, phone, bookedBy]);
      return toGrant((await tx.query<GuestGrantRow>(SQL.byRequest, [this.db.clinicId, requestKey])).rows[0]!);
    });
  }

  async activateBooked(grantId: string, roomId: string, expiresAt: string): Promise<GuestGrantRecord | undefined> {
    return this.change(SQL.activate, grantId, [roomId, expiresAt]);
  }

  async markPatientTold(grantId: string, now: number): Promise<GuestGrantRecord | undefined> {
    return this.change(SQL.patientTold, grantId, [now]);
  }

  /** Every live grant reception booked, oldest first (what the engine plans booked-guest texts and NO GUEST from). */
  async listReceptionLive(): Promise<GuestGrantRecord[]> {
    return (await this.db.query<GuestGrantRow>(SQL.receptionLive, [this.db.clinicId])).rows.map(toGrant);
  }

  async setLink(grantId: string, link: GuestLink, now: number): Promise<GuestGrantRecord | undefined> {
    return this.change(SQL.link, grantId, [JSON.stringify(link), now]);
  }

  async markSent(grantId: string, now: number): Promise<GuestGrantRecord | undefined> {
    return this.change(SQL.sent, grantId, [now]);
  }

  /** Records the first time each of these guests of the appointment was seen in the call; returns how many were new. */
  async markJoined(appointmentId: string, grantIds: readonly string[], now: number): Promise<number> {
    if (grantIds.length === 0) return 0;
    return (await this.db.write(SQL.joined, [this.db.clinicId, appointmentId, [...grantIds], now])).rowCount;
  }

  async expireAll(appointmentId: string): Promise<number> {
    return (await this.db.write(SQL.expire, [this.db.clinicId, appointmentId])).rowCount;
  }

  /** With `activity`, the line is added in the same transaction, only when this call revoked the grant. */
  async revoke(grantId: string, by: string, now: number, activity?: Omit<ActivityEntry, 'id'>): Promise<GuestGrantRecord | undefined> {
    if (!activity) return this.change(SQL.revoke, grantId, [now, by]);
    await this.db.transaction(async (tx) => {
      const { rowCount } = await tx.query(SQL.revoke, [this.db.clinicId, grantId, now, by]);
      if (rowCount === 1) await this.staff.recordActivityIn(tx, activity);
    });
    return this.get(grantId);
  }

  /** One guarded UPDATE, then the grant as it stands. */
  private async change(text: string, grantId: string, values: unknown[]): Promise<GuestGrantRecord | undefined> {
    await this.db.write(text, [this.db.clinicId, grantId, ...values]);
    return this.get(grantId);
  }
}
