import { expect } from 'chai';
import type { Appointment as FhirAppointment } from '@medplum/fhirtypes';
import type { SeedInput } from '../fhir/fhir-seed.js';
import { Patient, readAppointment, startFhirWorld, without, writesTo, type FhirJson, type FhirWorld } from './fhir-host.js';

/*
 * Confirm or cancel by reply (issue 18) end to end: the real host with pms-fhir-r4 against the
 * FHIR test server, simulated SMS and inbox, a manual clock in Sydney (+11:00 in November).
 * Monday 23 November 2026, 10:00; the appointments are on Tuesday 24 November at 9:30.
 */

const DR_SHAH = { id: 'dr-shah', name: 'Dr Priya Shah' };
const JORDAN = { id: 'pat-jordan', name: 'Jordan Lee', firstName: 'Jordan', mobile: '0412 345 678' };
const MOBILE = '+61412345678';
const NOW = '2026-11-23T10:00:00+11:00';

const seed = (start: string, status: SeedInput['status'] = 'booked'): SeedInput => ({
  start,
  end: new Date(Date.parse(start) + 15 * 60_000).toISOString(),
  status,
  isVideo: false,
  patient: JORDAN,
  practitioner: DR_SHAH,
});
const TOMORROW = seed('2026-11-24T09:30:00+11:00');

/** The Appointment extension holding the time of the text confirmation (pms-fhir-r4's documented default URL). */
function confirmationOf(resource: FhirJson): { url: string; valueDateTime: string } | undefined {
  return (resource.extension as Array<{ url: string; valueDateTime?: string }> | undefined)?.find((e) => e.url.endsWith('/confirmed-by-text')) as
    { url: string; valueDateTime: string } | undefined;
}

const patientParticipant = (resource: FhirJson) =>
  (resource.participant as Array<{ actor?: { reference?: string }; status?: string }>).find((p) => p.actor?.reference?.startsWith('Patient/'));

interface Conversation {
  reasons: string[];
  appointmentId?: string;
}

describe('end to end: confirm or cancel by reply with pms-fhir-r4', function () {
  this.timeout(30_000);
  let world: FhirWorld | undefined;

  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  const start = async (seeds: SeedInput[], onNo: 'cancel' | 'reception' = 'reception') => {
    world = await startFhirWorld(seeds, NOW, { workflow: { confirm: { ask: true, onNo } } });
    return world;
  };

  it('YES: the patient participant accepted and the confirmation time recorded, nothing else changed; never asked again', async () => {
    const w = await start([TOMORROW]);
    const id = w.seeded[0]!.id;
    const jordan = new Patient(w, MOBILE, JORDAN.mobile);

    await w.host.runUpcomingCycle();
    // The participant was `accepted` at booking already: that is not an answer, so the host asks.
    expect(await jordan.texts()).to.deep.equal([
      'Hi Jordan, your appointment at Harbour Family Practice is on Tuesday 24 November at 9:30 am. Please reply YES to confirm, or NO if you cannot come.',
    ]);
    const original = await readAppointment(w.server, id);

    await jordan.reply('Yes');
    expect(await jordan.lastText()).to.equal('Thanks, Jordan. Your appointment on Tuesday 24 November at 9:30 am is confirmed. We will text you on the day.');
    const confirmed = await readAppointment(w.server, id);
    expect(patientParticipant(confirmed)?.status).to.equal('accepted');
    expect(Date.parse(confirmationOf(confirmed)!.valueDateTime)).to.equal(Date.parse(NOW));
    const withoutConfirmation = {
      ...confirmed,
      extension: (confirmed.extension as Array<{ url: string }>).filter((e) => !e.url.endsWith('/confirmed-by-text')),
    };
    expect(without(withoutConfirmation, 'participant'), 'every other field as it was').to.deep.equal(without(original, 'participant'));
    expect(writesTo(w, id)).to.deep.equal([`PUT Appointment/${id}`]);

    // Moved to Wednesday by reception: the new Registration text asks nothing (the host asks once).
    const moved = { ...confirmed, start: '2026-11-25T11:00:00+11:00', end: '2026-11-25T11:15:00+11:00' };
    await w.server.repo.updateResource(moved as FhirAppointment);
    await w.host.runUpcomingCycle();
    expect(await jordan.lastText()).to.match(/Wednesday 25 November at 11:00 am\. We will text you on the day\.$/);
    await jordan.reply('yes');
    expect(writesTo(w, id), 'a second YES writes nothing').to.have.length(1);
  });

  it('a concurrent edit meets the confirmation: the 412 is retried on the fresh version and the edit kept', async () => {
    const w = await start([TOMORROW]);
    const id = w.seeded[0]!.id;
    const jordan = new Patient(w, MOBILE, JORDAN.mobile);
    await w.host.runUpcomingCycle();

    let interleaved = false;
    w.server.beforeRequest = async (request) => {
      if (interleaved || request.method !== 'PUT' || request.url !== `Appointment/${id}`) return;
      interleaved = true;
      const current = await w.server.repo.readResource<FhirAppointment>('Appointment', id);
      await w.server.repo.updateResource({ ...current, comment: 'Asked for a longer appointment' });
    };
    await jordan.reply('YES');
    w.server.beforeRequest = undefined;
    expect(interleaved).to.equal(true);
    const after = await readAppointment(w.server, id);
    expect(after.comment).to.equal('Asked for a longer appointment');
    expect(confirmationOf(after)).to.not.equal(undefined);
    expect(await jordan.lastText()).to.match(/is confirmed/);
  });

  it('NO with onNo cancel: cancelled with reason pat and the Cancellation text, once', async () => {
    const w = await start([TOMORROW], 'cancel');
    const id = w.seeded[0]!.id;
    const jordan = new Patient(w, MOBILE, JORDAN.mobile);
    await w.host.runUpcomingCycle();

    await jordan.reply('No');
    const cancelled = await readAppointment(w.server, id);
    expect(cancelled.status).to.equal('cancelled');
    expect(cancelled.cancelationReason.coding).to.deep.include({
      system: 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason',
      code: 'pat',
      display: 'Patient',
    });
    expect(await jordan.texts()).to.have.length(2);
    const cancellation = await jordan.lastText();
    await w.host.runUpcomingCycle();
    await w.host.runUpcomingCycle();
    expect(await jordan.texts(), 'no second Cancellation text').to.have.length(2);
    expect(await jordan.lastText()).to.equal(cancellation);
  });

  it("NO with onNo reception: the appointment unchanged, a 'wants to cancel' item in the inbox", async () => {
    const w = await start([TOMORROW]);
    const id = w.seeded[0]!.id;
    const jordan = new Patient(w, MOBILE, JORDAN.mobile);
    await w.host.runUpcomingCycle();
    const original = await readAppointment(w.server, id);

    await jordan.reply('no');
    expect(await jordan.lastText()).to.match(/^Thanks, Jordan\. Reception will cancel your appointment on Tuesday 24 November at 9:30 am and text you\./);
    expect(writesTo(w, id)).to.deep.equal([]);
    expect(without(await readAppointment(w.server, id))).to.deep.equal(without(original));
    const { items } = await w.api.get<{ items: Conversation[] }>('/api/inbox');
    expect(items.find((c) => c.reasons.includes('wants-cancel'))?.appointmentId).to.equal(id);
  });

  it('an unclear reply is flagged for reception and asked again', async () => {
    const w = await start([TOMORROW]);
    const id = w.seeded[0]!.id;
    const jordan = new Patient(w, MOBILE, JORDAN.mobile);
    await w.host.runUpcomingCycle();

    await jordan.reply('which doctor is it?');
    expect(await jordan.lastText()).to.match(/^Sorry, we did not understand\. For Tuesday 24 November at 9:30 am, please reply YES to confirm or NO/);
    const { items } = await w.api.get<{ items: Conversation[] }>('/api/inbox');
    expect(items.find((c) => c.reasons.includes('reply-unclear'))?.appointmentId).to.equal(id);
    expect(writesTo(w, id)).to.deep.equal([]);
  });

  it("tomorrow's confirm question and today's screening question on one phone: YES gets the clarifying text, naming the day settles it", async () => {
    const w = await start([seed('2026-11-23T12:00:00+11:00'), TOMORROW]);
    const [today, tomorrow] = w.seeded;
    const jordan = new Patient(w, MOBILE, JORDAN.mobile);
    await w.host.runUpcomingCycle();
    await w.host.runTodayCycle();
    expect(await jordan.texts()).to.have.length(2);

    await jordan.reply('YES');
    expect(await jordan.lastText()).to.equal(
      'Harbour Family Practice: which appointment do you mean (Mon 23 Nov, 12:00 pm or Tue 24 Nov, 9:30 am)? Reply with the day too, like YES today or NO tomorrow.',
    );
    expect(writesTo(w, today!.id)).to.deep.equal([]);
    expect(writesTo(w, tomorrow!.id)).to.deep.equal([]);

    await jordan.reply('Yes tomorrow');
    expect(await jordan.lastText()).to.match(/Your appointment on Tuesday 24 November at 9:30 am is confirmed/);
    expect(confirmationOf(await readAppointment(w.server, tomorrow!.id))).to.not.equal(undefined);
    expect(writesTo(w, today!.id), "today's question still open").to.deep.equal([]);
  });

  it('STOP opts out and CANCEL is never a cancel: the appointment stays booked', async () => {
    const w = await start([TOMORROW], 'cancel');
    const id = w.seeded[0]!.id;
    const jordan = new Patient(w, MOBILE, JORDAN.mobile);
    await w.host.runUpcomingCycle();
    await jordan.reply('CANCEL');
    expect((await readAppointment(w.server, id)).status).to.equal('booked');
    expect(await jordan.texts(), 'the carrier answers an opt-out, not the clinic').to.have.length(1);
    expect(writesTo(w, id)).to.deep.equal([]);
  });
});
