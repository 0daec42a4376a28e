import type { Database, Statement } from 'better-sqlite3';
import type { GuestGrantRecord, NewBookedGuest, NewGuestGrant } from './guest-grant-types.js';
import { toGrant, type GuestGrantRow } from './guest-grant-rows.js';

/** The guest_grants table (migrations 10 and 12): each state change is one guarded UPDATE, so repeats change nothing. */
export class GuestGrantTables {
  private readonly byId: Statement;
  private readonly byRequest: Statement;
  private readonly byAppointment: Statement;
  private readonly liveCounts: Statement;
  private readonly insert: Statement;
  private readonly link: Statement;
  private readonly sent: Statement;
  private readonly joined: Statement;
  private readonly revoke: Statement;
  private readonly expire: Statement;
  private readonly purgeLinks: Statement;
  private readonly insertBooked: Statement;
  private readonly activate: Statement;
  private readonly patientTold: Statement;
  private readonly receptionLive: Statement;

  constructor(private readonly db: Database) {
    this.byId = db.prepare('SELECT * FROM guest_grants WHERE grant_id = ?');
    this.byRequest = db.prepare('SELECT * FROM guest_grants WHERE request_key = ?');
    this.byAppointment = db.prepare('SELECT * FROM guest_grants WHERE appointment_id = ? ORDER BY created_at, rowid');
    this.liveCounts = db.prepare(
      `SELECT appointment_id, COUNT(*) AS n FROM guest_grants WHERE state IN ('booked', 'granted', 'linked', 'sent') GROUP BY appointment_id`,
    );
    this.insert = db.prepare(`INSERT INTO guest_grants (grant_id, request_key, appointment_id, room_id, granted_by, display_name, state, expires_at, created_at)
      VALUES (@grantId, @requestKey, @appointmentId, @roomId, @grantedBy, @displayName, 'granted', @expiresAt, @now)
      ON CONFLICT (request_key) DO NOTHING`);
    this.link = db.prepare(`UPDATE guest_grants SET state = 'linked', link_json = @json, linked_at = @now WHERE grant_id = @grantId AND state = 'granted'`);
    this.sent = db.prepare(`UPDATE guest_grants SET state = 'sent', sent_at = @now WHERE grant_id = @grantId AND state = 'linked'`);
    // Only the first sighting counts, and only of a grant whose link exists and still works.
    this.joined = db.prepare(
      `UPDATE guest_grants SET joined_at = @now WHERE grant_id = @grantId AND appointment_id = @appointmentId AND joined_at IS NULL AND state IN ('linked', 'sent')`,
    );
    this.revoke = db.prepare(`UPDATE guest_grants SET state = 'revoked', revoked_at = @now, revoked_by = @by
      WHERE grant_id = @grantId AND state IN ('booked', 'granted', 'linked', 'sent')`);
    this.expire = db.prepare(`UPDATE guest_grants SET state = 'expired' WHERE appointment_id = ? AND state IN ('booked', 'granted', 'linked', 'sent')`);
    this.insertBooked =
      db.prepare(`INSERT INTO guest_grants (grant_id, request_key, appointment_id, room_id, granted_by, display_name, state, expires_at, created_at,
        guest_kind, phone, booked_by)
      VALUES (@grantId, @requestKey, @appointmentId, '', 'reception', @displayName, 'booked', @expiresAt, @now, @kind, @phone, @bookedBy)
      ON CONFLICT (request_key) DO NOTHING`);
    // The booked guest's grant, made at the patient's invite: its room and the room's end.
    this.activate = db.prepare(
      `UPDATE guest_grants SET state = 'granted', room_id = @roomId, expires_at = @expiresAt WHERE grant_id = @grantId AND state = 'booked'`,
    );
    this.patientTold = db.prepare(`UPDATE guest_grants SET patient_told_at = @now WHERE grant_id = @grantId AND patient_told_at IS NULL AND state = 'sent'`);
    this.receptionLive = db.prepare(`SELECT * FROM guest_grants WHERE granted_by = 'reception' AND state IN ('booked', 'granted', 'linked', 'sent')
      ORDER BY created_at, rowid`);
    // A booked guest's number goes with the link: the grant stays for the record, the number does not.
    this.purgeLinks = db.prepare(
      'UPDATE guest_grants SET link_json = NULL, phone = NULL WHERE (link_json IS NOT NULL OR phone IS NOT NULL) AND created_at < ?',
    );
  }

  get(grantId: string): GuestGrantRecord | undefined {
    const row = this.byId.get(grantId) as GuestGrantRow | undefined;
    return row && toGrant(row);
  }

  findByRequest(requestKey: string): GuestGrantRecord | undefined {
    const row = this.byRequest.get(requestKey) as GuestGrantRow | undefined;
    return row && toGrant(row);
  }

  list(appointmentId: string): GuestGrantRecord[] {
    return (this.byAppointment.all(appointmentId) as GuestGrantRow[]).map(toGrant);
  }

  countLive(): Map<string, number> {
    const rows = this.liveCounts.all() as Array<{ appointment_id: string; n: number }>;
    return new Map(rows.map((row) => [row.appointment_id, row.n]));
  }

  record(grant: NewGuestGrant, now: number): GuestGrantRecord {
    // Insert-or-read in one write transaction: two racing requests with one key get one grant.
    return this.db
      .transaction(() => {
        this.insert.run({ ...grant, now });
        return this.findByRequest(grant.requestKey)!;
      })
      .immediate();
  }

  /** A guest booked by reception, once per `requestKey` (a repeat returns the first booking unchanged). */
  book(guest: NewBookedGuest, now: number): GuestGrantRecord {
    return this.db
      .transaction(() => {
        this.insertBooked.run({ ...guest, now });
        return this.findByRequest(guest.requestKey)!;
      })
      .immediate();
  }

  activateBooked(grantId: string, roomId: string, expiresAt: string): GuestGrantRecord | undefined {
    this.activate.run({ grantId, roomId, expiresAt });
    return this.get(grantId);
  }

  markPatientTold(grantId: string, now: number): GuestGrantRecord | undefined {
    this.patientTold.run({ grantId, now });
    return this.get(grantId);
  }

  /** Every live grant reception booked, oldest first (what the engine plans booked-guest texts and NO GUEST from). */
  listReceptionLive(): GuestGrantRecord[] {
    return (this.receptionLive.all() as GuestGrantRow[]).map(toGrant);
  }

  /** Blanks the links (and their provider data) and booked guests' numbers of grants older than `before`; the rows stay for the record. */
  purgeLinksBefore(before: number): number {
    return this.purgeLinks.run(before).changes;
  }

  setLink(grantId: string, link: NonNullable<GuestGrantRecord['link']>, now: number): GuestGrantRecord | undefined {
    this.link.run({ grantId, json: JSON.stringify(link), now });
    return this.get(grantId);
  }

  markSent(grantId: string, now: number): GuestGrantRecord | undefined {
    this.sent.run({ grantId, now });
    return this.get(grantId);
  }

  /** Records the first time each of these guests of the appointment was seen in the call; returns how many were new. */
  markJoined(appointmentId: string, grantIds: readonly string[], now: number): number {
    return this.db.transaction(() => grantIds.reduce((n, grantId) => n + this.joined.run({ appointmentId, grantId, now }).changes, 0))();
  }

  expireAll(appointmentId: string): number {
    return this.expire.run(appointmentId).changes;
  }

  revokeGrant(grantId: string, by: string, now: number): GuestGrantRecord | undefined {
    this.revoke.run({ grantId, by, now });
    return this.get(grantId);
  }
}
