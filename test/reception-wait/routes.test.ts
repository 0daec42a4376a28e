import { expect } from 'chai';
import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { MORNING, tmpFolder } from '../e2e/simulator-host.js';
import { addAnnaAndRita, PASSWORDS, startHostWith, StaffBrowser } from '../auth/staff-client.js';
import { progressOf, ROBIN_TOMORROW, robinWantsToCancel, saveProgress, storeOf } from './seed.js';

const MORNING_AT = '2026-11-23T08:00:00+11:00';

type Activity = Array<{ actor: string; action: string; detail?: Record<string, unknown> }>;

describe('reception API for the wait and confirm by reply (simulator host, signed-in staff)', function () {
  this.timeout(30_000);
  let folder: ReturnType<typeof tmpFolder>;
  let host: RunningHost;
  let clock: ManualClock;
  let rita: StaffBrowser;

  beforeEach(async () => {
    folder = tmpFolder();
    await addAnnaAndRita(folder.dir);
    clock = new ManualClock(MORNING_AT);
    host = await startHostWith(folder.dir, clock);
    const anna = new StaffBrowser(host.apiUrl);
    await anna.signIn('anna', PASSWORDS.anna);
    for (const appointment of [...MORNING, ROBIN_TOMORROW]) {
      expect((await anna.call('POST', '/api/simulator/appointments', { json: appointment })).status).to.equal(201);
    }
    await host.runTodayCycle();
    await host.runUpcomingCycle();
    rita = new StaffBrowser(host.apiUrl);
    await rita.signIn('rita', PASSWORDS.rita);
  });
  afterEach(async () => {
    await host?.stop();
    folder.remove();
  });

  async function activity(): Promise<Activity> {
    return (await rita.call('GET', '/api/activity')).body.items as Activity;
  }

  describe('GET /api/practitioners/queues', () => {
    it("lists each practitioner's queue today with their waiting patients by id and time only", async () => {
      await saveProgress(host, 'appt-alex', { arrivedAt: clock.now() });
      const reply = await rita.call('GET', '/api/practitioners/queues');
      expect(reply.status).to.equal(200);
      const [lee] = reply.body.items;
      expect(lee).to.include({ practitionerId: 'prac-lee', name: 'Dr Lee', source: 'estimate', muted: false });
      expect(lee.consultMinutes).to.be.a('number');
      expect(lee.waiting.map((w: { appointmentId: string }) => w.appointmentId)).to.deep.equal(['appt-alex', 'appt-sam']);
      expect(lee.waiting[0]).to.have.keys('appointmentId', 'scheduledAt', 'arrivedAt', 'estimateAt', 'delayMinutes');
      expect(lee.waiting[0].scheduledAt).to.equal('2026-11-22T23:00:00.000Z');
      expect(JSON.stringify(reply.body)).not.to.match(/Alex|Sam|0412|678/);
    });

    it('needs a signed-in staff member', async () => {
      const stranger = new StaffBrowser(host.apiUrl);
      expect((await stranger.call('GET', '/api/practitioners/queues')).status).to.equal(401);
      expect((await stranger.call('PUT', '/api/practitioners/prac-lee/running-late', { json: { minutes: 20 } })).status).to.equal(401);
      expect((await stranger.call('PUT', '/api/practitioners/prac-lee/late-texts', { json: { muted: true } })).status).to.equal(401);
      expect((await stranger.call('POST', '/api/appointments/appt-robin/cancel')).status).to.equal(401);
    });
  });

  describe('PUT /api/practitioners/:id/running-late', () => {
    it("sets today's override (reception may), answers the queue, records who, and clears it", async () => {
      const set = await rita.call('PUT', '/api/practitioners/prac-lee/running-late', { json: { minutes: 40 } });
      expect(set.status).to.equal(200);
      expect(set.body).to.include({ practitionerId: 'prac-lee', delayMinutes: 40, source: 'override' });
      expect(set.body.override).to.deep.equal({ minutes: 40, setAt: new Date(clock.now()).toISOString() });
      const stored = (await storeOf(host).listPractitioners()).find((p) => p.practitionerId === 'prac-lee');
      expect(stored?.lateOverride).to.deep.equal({ minutes: 40, day: '2026-11-23', setAt: clock.now() });
      const queues = (await rita.call('GET', '/api/practitioners/queues')).body.items;
      expect(queues[0]).to.include({ delayMinutes: 40, source: 'override' });

      const cleared = await rita.call('PUT', '/api/practitioners/prac-lee/running-late', { json: { minutes: null } });
      expect(cleared.status).to.equal(200);
      expect(cleared.body.source).to.equal('estimate');
      expect(cleared.body).not.to.have.property('override');
      expect((await storeOf(host).listPractitioners()).find((p) => p.practitionerId === 'prac-lee')).not.to.have.property('lateOverride');
      const lines = (await activity()).filter((a) => a.action === 'running-late').map(({ actor, detail }) => [actor, detail]);
      expect(lines).to.deep.equal([
        ['rita', { practitionerId: 'prac-lee', cleared: true }],
        ['rita', { practitionerId: 'prac-lee', minutes: 40 }],
      ]);
    });

    it('holds for the clinic day it was set on only', async () => {
      await rita.call('PUT', '/api/practitioners/prac-lee/running-late', { json: { minutes: 25 } });
      clock.advance(24 * 3_600_000);
      await rita.signIn('rita', PASSWORDS.rita); // the session of yesterday has ended
      const queues = (await rita.call('GET', '/api/practitioners/queues')).body.items as Array<{ practitionerId: string }>;
      expect(queues.find((q) => q.practitionerId === 'prac-lee') ?? { source: 'estimate' }).to.include({ source: 'estimate' });
    });

    it('refuses minutes outside 0–240, a missing field, and an unknown practitioner', async () => {
      for (const body of [{ minutes: -1 }, { minutes: 241 }, { minutes: 2.5 }, { minutes: 'soon' }, {}, { minutes: 10, extra: 1 }]) {
        const reply = await rita.call('PUT', '/api/practitioners/prac-lee/running-late', { json: body });
        expect(reply.status, JSON.stringify(body)).to.equal(400);
        expect(reply.body.code).to.equal('CA_ERR_VALIDATION');
      }
      const unknown = await rita.call('PUT', '/api/practitioners/prac-nobody/running-late', { json: { minutes: 10 } });
      expect(unknown.status).to.equal(404);
      expect((await activity()).map((a) => a.action)).not.to.include('running-late');
    });
  });

  describe('PUT /api/practitioners/:id/late-texts', () => {
    it('mutes running-late texts for today and unmutes them, recording each', async () => {
      const muted = await rita.call('PUT', '/api/practitioners/prac-lee/late-texts', { json: { muted: true } });
      expect(muted.status).to.equal(200);
      expect(muted.body.muted).to.equal(true);
      expect((await storeOf(host).listPractitioners()).find((p) => p.practitionerId === 'prac-lee')?.lateTextsMutedOn).to.equal('2026-11-23');
      const unmuted = await rita.call('PUT', '/api/practitioners/prac-lee/late-texts', { json: { muted: false } });
      expect(unmuted.body.muted).to.equal(false);
      expect((await storeOf(host).listPractitioners()).find((p) => p.practitionerId === 'prac-lee')).not.to.have.property('lateTextsMutedOn');
      const lines = (await activity()).filter((a) => a.action === 'late-texts').map(({ actor, detail }) => [actor, detail]);
      expect(lines).to.deep.equal([
        ['rita', { practitionerId: 'prac-lee', muted: false }],
        ['rita', { practitionerId: 'prac-lee', muted: true }],
      ]);
      expect((await rita.call('PUT', '/api/practitioners/prac-lee/late-texts', { json: { muted: 'yes' } })).status).to.equal(400);
    });
  });

  describe('POST /api/appointments/:id/cancel', () => {
    it("carries out a patient's NO: progress becomes cancel, the inbox item closes, the activity names who and which", async () => {
      const textId = await robinWantsToCancel(host, clock.now() - 60_000);
      expect((await rita.call('GET', '/api/inbox')).body.items.map((c: { reasons: string[] }) => c.reasons)).to.deep.equal([['wants-cancel']]);
      const reply = await rita.call('POST', '/api/appointments/appt-robin/cancel');
      expect(reply.status).to.equal(200);
      expect(reply.body).to.deep.equal({ ok: true, closedTexts: 1 });
      // The engine's pass carries the cancel out (cancel → cancelled); the route records the intent.
      expect(['cancel', 'cancelled']).to.include((await progressOf(host, 'appt-robin'))?.confirm);
      expect((await storeOf(host).getIncoming(textId))?.state).to.equal('handled');
      expect((await rita.call('GET', '/api/inbox')).body.items).to.deep.equal([]);
      const [line] = (await activity()).filter((a) => a.action === 'appointment-cancel');
      expect(line).to.deep.include({ actor: 'rita', detail: { appointmentId: 'appt-robin' } });
    });

    it('answers 409 with the reason when the appointment is not waiting for a cancel, and records nothing', async () => {
      const none = await rita.call('POST', '/api/appointments/appt-robin/cancel', { json: {} });
      expect(none.status).to.equal(409);
      expect(none.body.code).to.equal('CA_ERR_CONFLICT');
      expect(none.body.error).to.include('no "wants to cancel" reply');

      await saveProgress(host, 'appt-robin', { confirm: 'confirmed' });
      const confirmed = await rita.call('POST', '/api/appointments/appt-robin/cancel');
      expect(confirmed.status).to.equal(409);
      expect(confirmed.body.error).to.include('confirmed by the patient');

      await robinWantsToCancel(host, clock.now());
      expect((await rita.call('POST', '/api/appointments/appt-robin/cancel')).status).to.equal(200);
      const twice = await rita.call('POST', '/api/appointments/appt-robin/cancel');
      expect(twice.status, 'a second click').to.equal(409);
      expect(twice.body.error).to.include('already');
      expect((await activity()).filter((a) => a.action === 'appointment-cancel')).to.have.length(1);
    });

    it('a second click after a first one cut off between its two writes closes the texts left open, and cancels nothing twice', async () => {
      const textId = await robinWantsToCancel(host, clock.now());
      // The first click saved the cancel and stopped before it closed the text.
      await saveProgress(host, 'appt-robin', { confirm: 'cancel' });
      const again = await rita.call('POST', '/api/appointments/appt-robin/cancel');
      expect(again.status).to.equal(409);
      expect((await storeOf(host).getIncoming(textId))?.state).to.equal('handled');
      expect((await progressOf(host, 'appt-robin'))?.confirm).to.equal('cancel');
    });

    it('answers 404 for an appointment the host does not know', async () => {
      expect((await rita.call('POST', '/api/appointments/appt-nobody/cancel')).status).to.equal(404);
    });
  });

  describe("today's and the coming days' rows", () => {
    it('carry the confirm state, reply unclear, late texts and the estimate', async () => {
      const answeredAt = clock.now() - 120_000;
      await saveProgress(host, 'appt-alex', { confirm: 'confirmed', confirmAnsweredAt: answeredAt, lateTexts: 1, lateToldMinutes: 20, arrivedAt: clock.now() });
      await saveProgress(host, 'appt-sam', { confirm: 'asked', replyUnclearAt: answeredAt });
      await robinWantsToCancel(host, answeredAt);
      const today = (await rita.call('GET', '/api/appointments/today')).body.items as Array<Record<string, any>>;
      const alex = today.find((row) => row.appointment.id === 'appt-alex')!;
      expect(alex.confirm).to.deep.equal({ state: 'confirmed', answeredAt: new Date(answeredAt).toISOString() });
      expect(alex.lateTexts).to.deep.equal({ count: 1, toldMinutes: 20 });
      expect(alex.estimate).to.have.keys('at', 'delayMinutes');
      expect(alex.progress.confirmAnsweredAt, 'progress times are ISO too').to.equal(new Date(answeredAt).toISOString());
      const sam = today.find((row) => row.appointment.id === 'appt-sam')!;
      expect(sam.replyUnclearAt).to.equal(new Date(answeredAt).toISOString());
      expect(sam.confirm).to.deep.equal({ state: 'asked' });

      const coming = await rita.call('GET', '/api/appointments/coming');
      expect(coming.status).to.equal(200);
      const rows = coming.body.items as Array<Record<string, any>>;
      expect(rows.map((row) => row.appointment.id)).to.deep.equal(['appt-robin']);
      expect(rows[0]!.confirm).to.deep.equal({ state: 'wants-cancel', answeredAt: new Date(answeredAt).toISOString() });
      expect(rows[0]!.phoneMasked).to.equal('•••159');
      expect(JSON.stringify(rows)).not.to.include('0491 570 159');
    });
  });
});
