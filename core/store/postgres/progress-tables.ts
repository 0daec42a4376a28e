import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress } from '../../engine/progress.js';
import { requireText } from '../validation.js';
import type { PostgresDb } from './database.js';

const SQL = {
  progressAll: 'SELECT id, json FROM appointment_progress WHERE clinic_id = $1',
  progressByIds: 'SELECT id, json FROM appointment_progress WHERE clinic_id = $1 AND id = ANY($2::text[])',
  progressUpsert: `INSERT INTO appointment_progress (clinic_id, id, json, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (clinic_id, id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
  // Reply plans: created once, then updated as effects complete.
  planGet: 'SELECT json FROM reply_plans WHERE clinic_id = $1 AND message_id = $2',
  planUpsert: `INSERT INTO reply_plans (clinic_id, message_id, json, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
    ON CONFLICT (clinic_id, message_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
} as const;

/** Deletes reply plans older than a time (part of the store's retention transaction): they hold appointment data. */
export const REPLY_PLAN_PURGE = 'DELETE FROM reply_plans WHERE clinic_id = $1 AND created_at < $2';

/** Appointment progress and reply plans in PostgreSQL: JSON the store keeps and never reads into. */
export class PostgresProgress {
  constructor(
    private readonly db: PostgresDb,
    private readonly clock: Clock,
  ) {}

  async load(appointmentIds?: string[]): Promise<Map<string, AppointmentProgress>> {
    const { rows } =
      appointmentIds === undefined
        ? await this.db.query<{ id: string; json: string }>(SQL.progressAll, [this.db.clinicId])
        : await this.db.query<{ id: string; json: string }>(SQL.progressByIds, [this.db.clinicId, appointmentIds]);
    return new Map(rows.map((row) => [row.id, JSON.parse(row.json) as AppointmentProgress]));
  }

  async save(progress: AppointmentProgress): Promise<void> {
    requireText(progress.appointmentId, 'progress.appointmentId');
    await this.db.write(SQL.progressUpsert, [this.db.clinicId, progress.appointmentId, JSON.stringify(progress), this.clock.now()]);
  }

  async savePlan(messageId: string, plan: unknown, now: number): Promise<void> {
    requireText(messageId, 'messageId');
    await this.db.write(SQL.planUpsert, [this.db.clinicId, messageId, JSON.stringify(plan), now]);
  }

  async getPlan<T>(messageId: string): Promise<T | undefined> {
    const row = (await this.db.query<{ json: string }>(SQL.planGet, [this.db.clinicId, messageId])).rows[0];
    return row === undefined ? undefined : (JSON.parse(row.json) as T);
  }
}
