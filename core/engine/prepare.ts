import type { Appointment } from '@clinic-arrivals/plugin-kit';
import { toE164 } from '../phone/normalise.js';
import type { EngineAppointment } from './decisions.js';

/**
 * Raw mobile → E.164 memo. libphonenumber is far too slow to call for 10,000 appointments
 * on every pass, and the same few thousand numbers come back every poll. `null` caches
 * "unusable". Bounded: cleared wholesale when it grows past {@link MOBILE_CACHE_LIMIT}.
 */
const mobileCache = new Map<string, string | null>();
const MOBILE_CACHE_LIMIT = 50_000;

function normaliseMobile(raw: string, region: string): string | undefined {
  const cacheKey = `${region}\u0000${raw}`;
  const cached = mobileCache.get(cacheKey);
  if (cached !== undefined) return cached ?? undefined;
  let e164: string | undefined;
  try {
    e164 = toE164(raw, region);
  } catch {
    e164 = undefined;
  }
  if (mobileCache.size >= MOBILE_CACHE_LIMIT) mobileCache.clear();
  mobileCache.set(cacheKey, e164 ?? null);
  return e164;
}

/** Parses an ISO timestamp to epoch ms; NaN when unusable. */
function parseTime(iso: string | undefined): number {
  return typeof iso === 'string' && iso !== '' ? Date.parse(iso) : Number.NaN;
}

/**
 * Prepares PMS appointments for the engine: times parsed once, the mobile normalised once
 * (memoised). Appointments whose start cannot be parsed are dropped here, so one bad record
 * never breaks a pass; an unusable end is left out (the engine then assumes a short visit).
 */
export function prepareAppointments(list: Appointment[], region: string): EngineAppointment[] {
  const prepared: EngineAppointment[] = [];
  for (const appointment of list) {
    if (!appointment || typeof appointment.id !== 'string') continue;
    const startMs = parseTime(appointment.start);
    if (!Number.isFinite(startMs)) continue;
    const endMs = parseTime(appointment.end);
    const raw = appointment.patient?.mobile;
    // Every prepared appointment gets the same fields in the same order (one hidden class),
    // which keeps the per-appointment property reads of a pass fast.
    const engineAppointment: EngineAppointment = {
      id: appointment.id,
      start: appointment.start,
      end: appointment.end,
      status: appointment.status,
      patient: appointment.patient,
      practitioner: appointment.practitioner,
      isVideo: appointment.isVideo === true,
      videoLink: appointment.videoLink,
      created: appointment.created,
      interpreterRequired: appointment.interpreterRequired === true ? true : undefined,
      language: appointment.language,
      mobileE164: raw ? normaliseMobile(raw, region) : undefined,
      startMs,
      endMs: Number.isFinite(endMs) && endMs > startMs ? endMs : undefined,
    };
    prepared.push(engineAppointment);
  }
  return prepared;
}
