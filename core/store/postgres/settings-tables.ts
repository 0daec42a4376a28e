import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { PractitionerSettings } from '../../engine/progress.js';
import type { OptOutRecord } from '../store.js';
import { requireText } from '../validation.js';
import type { PostgresDb } from './database.js';

const SQL = {
  // Opt-outs: rows are kept when a number opts back in, as a record of when it changed.
  optOutSet: `INSERT INTO opt_outs (clinic_id, phone, opted_out, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (clinic_id, phone) DO UPDATE SET opted_out = excluded.opted_out, updated_at = excluded.updated_at`,
  optOutList: 'SELECT phone FROM opt_outs WHERE clinic_id = $1 AND opted_out ORDER BY phone',
  optOutRecords: 'SELECT phone, updated_at FROM opt_outs WHERE clinic_id = $1 AND opted_out ORDER BY updated_at DESC, phone',
  practitionerList: 'SELECT json FROM practitioners WHERE clinic_id = $1 ORDER BY id',
  practitionerUpsert: `INSERT INTO practitioners (clinic_id, id, json, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (clinic_id, id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
  templateList: 'SELECT name, text FROM template_overrides WHERE clinic_id = $1 ORDER BY name',
  templateUpsert: `INSERT INTO template_overrides (clinic_id, name, text, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (clinic_id, name) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`,
  templateDelete: 'DELETE FROM template_overrides WHERE clinic_id = $1 AND name = $2',
  pluginStateGet: 'SELECT json FROM plugin_state WHERE clinic_id = $1 AND plugin_id = $2 AND key = $3',
  pluginStateList: 'SELECT key, json FROM plugin_state WHERE clinic_id = $1 AND plugin_id = $2 ORDER BY key',
  pluginStateUpsert: `INSERT INTO plugin_state (clinic_id, plugin_id, key, json, updated_at) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (clinic_id, plugin_id, key) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
  pluginStateDelete: 'DELETE FROM plugin_state WHERE clinic_id = $1 AND plugin_id = $2 AND key = $3',
} as const;

/** Opt-outs, practitioners, template overrides and plugin state in PostgreSQL. */
export class PostgresSettings {
  constructor(
    private readonly db: PostgresDb,
    private readonly clock: Clock,
  ) {}

  async setOptedOut(phone: string, optedOut: boolean, now: number): Promise<void> {
    requireText(phone, 'phone');
    await this.db.write(SQL.optOutSet, [this.db.clinicId, phone, optedOut, now]);
  }

  async listOptedOut(): Promise<Set<string>> {
    const { rows } = await this.db.query<{ phone: string }>(SQL.optOutList, [this.db.clinicId]);
    return new Set(rows.map((row) => row.phone));
  }

  async listOptOuts(): Promise<OptOutRecord[]> {
    const { rows } = await this.db.query<{ phone: string; updated_at: number }>(SQL.optOutRecords, [this.db.clinicId]);
    return rows.map((row) => ({ phone: row.phone, at: row.updated_at }));
  }

  async listPractitioners(): Promise<PractitionerSettings[]> {
    const { rows } = await this.db.query<{ json: string }>(SQL.practitionerList, [this.db.clinicId]);
    return rows.map((row) => JSON.parse(row.json) as PractitionerSettings);
  }

  async savePractitioner(settings: PractitionerSettings): Promise<void> {
    requireText(settings.practitionerId, 'settings.practitionerId');
    await this.db.write(SQL.practitionerUpsert, [this.db.clinicId, settings.practitionerId, JSON.stringify(settings), this.clock.now()]);
  }

  async listTemplateOverrides(): Promise<Record<string, string>> {
    const { rows } = await this.db.query<{ name: string; text: string }>(SQL.templateList, [this.db.clinicId]);
    return Object.fromEntries(rows.map((row) => [row.name, row.text]));
  }

  async saveTemplateOverride(name: string, text: string | null): Promise<void> {
    requireText(name, 'name');
    if (text === null) await this.db.write(SQL.templateDelete, [this.db.clinicId, name]);
    else await this.db.write(SQL.templateUpsert, [this.db.clinicId, name, text, this.clock.now()]);
  }

  async getPluginState<T>(pluginId: string, key: string): Promise<T | undefined> {
    const row = (await this.db.query<{ json: string }>(SQL.pluginStateGet, [this.db.clinicId, pluginId, key])).rows[0];
    return row === undefined ? undefined : (JSON.parse(row.json) as T);
  }

  /** `undefined` deletes the key (JSON has no undefined). */
  async setPluginState(pluginId: string, key: string, value: unknown): Promise<void> {
    requireText(pluginId, 'pluginId');
    const json = value === undefined ? undefined : JSON.stringify(value);
    if (json === undefined) await this.db.write(SQL.pluginStateDelete, [this.db.clinicId, pluginId, key]);
    else await this.db.write(SQL.pluginStateUpsert, [this.db.clinicId, pluginId, key, json, this.clock.now()]);
  }

  async listPluginState<T>(pluginId: string): Promise<Array<{ key: string; value: T }>> {
    const { rows } = await this.db.query<{ key: string; json: string }>(SQL.pluginStateList, [this.db.clinicId, pluginId]);
    return rows.map((row) => ({ key: row.key, value: JSON.parse(row.json) as T }));
  }
}
