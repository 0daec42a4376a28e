import { BEFORE_ARRIVAL_STATUSES } from '@clinic-arrivals/plugin-kit';
import { ConflictError } from '@clinic-arrivals/plugin-kit';
import type { FhirConnection, Resource } from './client.js';
import { statusOf, toTypedError } from './errors.js';
import type { FhirPmsOptions } from './options.js';

/** Edits a freshly read resource in place; returns false when it already says what we want. */
export type AppointmentChange = (appointment: Resource) => boolean;

/** How an update went, for health. */
export interface UpdateOutcome {
  /** True when the write was a plain PUT because the server gave no version to match. */
  unconditional: boolean;
  /** 412 answers met (each followed by a fresh read and re-apply). */
  conflicts: number;
  /** False when the resource already had the change and nothing was written. */
  written: boolean;
}

/**
 * Read → change → PUT with `If-Match` on the version read. On 412: read again and re-apply,
 * up to `conflictRetries` times, then ConflictError. Without a version (server without
 * versioning): one plain PUT. Every field the change does not touch goes back as it was read.
 */
export async function applyChange(connection: FhirConnection, options: FhirPmsOptions, id: string, change: AppointmentChange): Promise<UpdateOutcome> {
  let conflicts = 0;
  for (;;) {
    const { resource, versionId } = await connection.read('Appointment', id);
    // A JSON copy: keeps every field, drops the client's non-enumerable response handles.
    const edited = JSON.parse(JSON.stringify(resource)) as Resource;
    if (!change(edited)) return { unconditional: false, conflicts, written: false };
    if (!versionId) {
      await connection.update(edited, undefined);
      return { unconditional: true, conflicts, written: true };
    }
    try {
      await connection.update(edited, versionId);
      return { unconditional: false, conflicts, written: true };
    } catch (error) {
      if (statusOf(error) !== 412) throw toTypedError(error, 'update Appointment');
      conflicts += 1;
      if (conflicts > options.conflictRetries) {
        throw new ConflictError(`Appointment/${id} kept changing under us (${conflicts} conflicting writes)`, { cause: error });
      }
    }
  }
}

/** status → arrived; nothing else. */
export const markArrivedChange: AppointmentChange = (appointment) => {
  const a = appointment as { status?: string };
  // Only a visit still before arrival moves: reception may have moved it on since (see the contract).
  if (!(BEFORE_ARRIVAL_STATUSES as ReadonlySet<string>).has(a.status ?? '')) return false;
  a.status = 'arrived';
  return true;
};

interface VideoFields {
  appointmentType?: { coding?: Array<{ system?: string; code?: string }> };
  extension?: Array<Record<string, unknown> & { url?: string }>;
  comment?: string;
}

/** appointmentType → the configured teleconsultation coding, the video-link extension set, optionally a comment line. */
export function videoConsultChange(options: FhirPmsOptions, link: string): AppointmentChange {
  const { system, code, display } = options.videoConsultCoding;
  return (appointment) => {
    const a = appointment as VideoFields;
    let changed = false;
    if (!a.appointmentType?.coding?.some((c) => c.system === system && c.code === code)) {
      a.appointmentType = { coding: [{ system, code, ...(display ? { display } : {}) }] };
      changed = true;
    }
    const extensions = a.extension ?? [];
    const existing = extensions.find((e) => e.url === options.videoLinkExtensionUrl);
    if (!existing) {
      a.extension = [...extensions, { url: options.videoLinkExtensionUrl, valueUrl: link }];
      changed = true;
    } else if (existing.valueUrl !== link || Object.keys(existing).some((k) => k.startsWith('value') && k !== 'valueUrl')) {
      for (const key of Object.keys(existing)) if (key.startsWith('value')) delete existing[key];
      existing.valueUrl = link;
      changed = true;
    }
    const line = `Video URL: ${link}`;
    if (options.appendVideoUrlToComment && !(a.comment ?? '').split('\n').includes(line)) {
      a.comment = a.comment ? `${a.comment}\n${line}` : line;
      changed = true;
    }
    return changed;
  };
}
