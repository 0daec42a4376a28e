import { DateTime } from 'luxon';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { Store } from '../store/store.js';
import type { ClinicInfo } from '@clinic-arrivals/plugin-kit';
import type { WritableAppointmentBook } from './plugin-capabilities.js';

/** Where the host remembers that it seeded the demo (plugin-state namespace of the host itself). */
const STATE_NAMESPACE = 'host';
const STATE_KEY = 'demo-seeded-day';

/*
 * Numbers from the range Australia's regulator keeps for fiction (0491 570 xxx), so a demo
 * that is pointed at a real SMS provider by mistake texts nobody.
 */
const DEMO_PRACTITIONERS = [
  { id: 'demo-prac-taylor', name: 'Dr Sam Taylor', room: 'room 3' },
  { id: 'demo-prac-natarajan', name: 'Dr Priya Natarajan', room: 'room 5' },
] as const;

/** What {@link seedDemoDay} did. */
export interface DemoSeedResult {
  seeded: boolean;
  appointments: Appointment[];
}

/** Today's demo slots reach this far past their anchor (the screening one: 62 minutes on, 15 long). */
const DEMO_SPAN_MINUTES = 80;

/**
 * Fills the simulated PMS with a small clinic day relative to now (clinic time zone): one
 * in-person appointment due for its screening question (in about an hour), one video consult
 * due for its invitation (in about 8 minutes), one tomorrow (registration text) and one
 * patient already arrived. Late in the evening the slots are anchored earlier, so that they
 * all stay on today's screen rather than fall after midnight. Seeds once per clinic day per
 * store file, so a restart does not duplicate it.
 */
export async function seedDemoDay(pms: WritableAppointmentBook, store: Store, clinic: ClinicInfo, now: number): Promise<DemoSeedResult> {
  const zone = clinic.timeZone;
  const local = DateTime.fromMillis(now, { zone });
  const day = local.toISODate() ?? '';
  if ((await store.getPluginState<string>(STATE_NAMESPACE, STATE_KEY)) === day) return { seeded: false, appointments: [] };

  const latestAnchor = local.endOf('day').minus({ minutes: DEMO_SPAN_MINUTES });
  const anchor = local > latestAnchor ? latestAnchor : local;
  // Whole five minutes, as booking systems show them.
  const at = (minutesFromNow: number) => {
    const t = anchor.plus({ minutes: minutesFromNow });
    return t.set({ minute: t.minute - (t.minute % 5), second: 0, millisecond: 0 });
  };
  const iso = (t: DateTime) => t.toISO({ suppressMilliseconds: true }) ?? '';
  const slot = (start: DateTime, minutes = 15) => ({ start: iso(start), end: iso(start.plus({ minutes })) });
  const [taylor, natarajan] = DEMO_PRACTITIONERS;
  const tomorrow = local.plus({ days: 1 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  const stamp = day.replaceAll('-', '');

  const wanted: Appointment[] = [
    {
      id: `demo-${stamp}-screening`,
      ...slot(at(62)),
      status: 'booked',
      isVideo: false,
      patient: { id: 'demo-pat-1', name: 'Jamie Nguyen', firstName: 'Jamie', mobile: '0491 570 156' },
      practitioner: { id: taylor.id, name: taylor.name },
    },
    {
      id: `demo-${stamp}-video`,
      ...slot(at(10)),
      status: 'booked',
      isVideo: true,
      patient: { id: 'demo-pat-2', name: 'Morgan Smith', firstName: 'Morgan', mobile: '+61491570157' },
      practitioner: { id: natarajan.id, name: natarajan.name },
    },
    {
      id: `demo-${stamp}-tomorrow`,
      ...slot(tomorrow),
      status: 'booked',
      isVideo: false,
      patient: { id: 'demo-pat-3', name: 'Riley Brown', firstName: 'Riley', mobile: '0491 570 158' },
      practitioner: { id: taylor.id, name: taylor.name },
    },
    {
      id: `demo-${stamp}-arrived`,
      ...slot(at(20)),
      status: 'arrived',
      isVideo: false,
      patient: { id: 'demo-pat-4', name: 'Casey Wilson', firstName: 'Casey', mobile: '0491 570 159' },
      practitioner: { id: natarajan.id, name: natarajan.name },
    },
  ];

  const appointments: Appointment[] = [];
  for (const appointment of wanted) appointments.push(await pms.upsert(appointment));
  const known = new Set((await store.listPractitioners()).map((p) => p.practitionerId));
  for (const p of DEMO_PRACTITIONERS) {
    if (!known.has(p.id)) await store.savePractitioner({ practitionerId: p.id, name: p.name, room: p.room });
  }
  await store.setPluginState(STATE_NAMESPACE, STATE_KEY, day);
  return { seeded: true, appointments };
}
