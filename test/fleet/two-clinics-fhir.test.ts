import { expect } from 'chai';
import { ManualClock, waitFor } from '@clinic-arrivals/plugin-kit/testing';
import { TOKENS } from '../../core/runtime/tokens.js';
import { getResource } from '../fhir/fhir-seed.js';
import { ZONE_APPOINTMENTS, ZONE_PATIENTS } from '../fhir/fhir-two-zones-fixture.js';
import type { StandInMessage } from '../stand-ins/twilio/index.js';
import { CLINIC_A, CLINIC_B, startTwoClinicsRig, type RigClinic, type TwoClinicsRig } from './two-clinics-rig.js';

/*
 * The scenario end to end: two clinics of one fleet in different time zones, with
 * different numbers and FHIR filters, on one FHIR server, one Twilio account and one reply
 * proxy. Each texts only its own patients at its own local times, and a reply to one clinic's
 * number never reaches the other. The its run in order through one clinic day.
 */

const { ava, abe, bea, ben, cal, cat } = ZONE_PATIENTS;
/** 10:00 in Melbourne is 07:00 in Perth: inside Melbourne's sending hours, before Perth's (08:00–20:00). */
const MELBOURNE_MORNING = '2026-11-23T10:00:00+11:00';
/** 09:00 in Perth, 12:00 in Melbourne. */
const PERTH_MORNING = '2026-11-23T09:00:00+08:00';

interface InboxHealth {
  state: string;
  messagesReceived: number;
  acksSent: number;
  acksRefused: number;
  otherNumbers: number;
}

describe('fleet: two clinics in two time zones on one FHIR server, one Twilio account and one reply proxy', function () {
  this.timeout(30_000);
  const clock = new ManualClock(MELBOURNE_MORNING);
  let rig: TwoClinicsRig;

  before(async () => {
    rig = await startTwoClinicsRig(clock);
  });
  after(async () => rig?.close());

  afterEach(async () => {
    // Nobody of the third clinic is ever texted, and its visits are never written.
    const texted = new Set(rig.twilio.sent().map((m) => m.to));
    for (const patient of [cal, cat]) expect(texted.has(patient.mobile), `${patient.firstName} texted`).to.equal(false);
    for (const appointment of ZONE_APPOINTMENTS.hills) {
      expect((await getResource(rig.fhir.baseUrl, `Appointment/${appointment.id}`)).status, appointment.id).to.equal('booked');
    }
  });

  const sentFrom = (clinic: RigClinic) => rig.twilio.sent().filter((m) => m.from === clinic.number);
  const textsTo = (patient: { mobile: string }) => rig.twilio.sent().filter((m) => m.to === patient.mobile);
  const inboxHealth = async (clinic: RigClinic): Promise<InboxHealth> => {
    const status = await rig.get<{ plugins: Array<{ role: string; health: { data: InboxHealth } }> }>(`/c/${clinic.id}/api/status`);
    return status.plugins.find((p) => p.role === 'inbox')!.health.data;
  };
  const store = (clinic: RigClinic) => rig.container(clinic).resolve(TOKENS.Store);
  /** The proxy's own count of one metric (`name` with its labels, as exposed). */
  const proxyMetric = async (name: string): Promise<number> => {
    const text = await (await fetch(`${rig.proxy.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line ? Number(line.slice(name.length + 1)) : 0;
  };
  const fhirStatus = async (id: string) => (await getResource(rig.fhir.baseUrl, `Appointment/${id}`)).status;

  it("texts each clinic's own patients only, from its own number, at its own local times", async () => {
    // Melbourne 10:00, Perth 07:00: A texts; B reads its day but is in quiet hours and nothing is due yet.
    await rig.runPasses(CLINIC_A);
    await rig.runPasses(CLINIC_B);
    const morning = rig.twilio.sent();
    expect(morning.every((m) => m.from === CLINIC_A.number)).to.equal(true);
    expect(morning.map((m) => m.to).sort()).to.deep.equal([ava.mobile, abe.mobile].sort());
    // A's screening 150 minutes before Ava's visit, and Abe's registration for tomorrow, in Melbourne time.
    expect(textsTo(ava)[0]!.body).to.equal(
      'Hi Ava, for your 12:30 pm appointment with Dr Amin, please reply ARRIVED when you are in the car park or waiting room.',
    );
    expect(textsTo(abe)[0]!.body).to.equal(
      'Hi Abe, your appointment at Bayside Medical with Dr Amin is on Tuesday 24 November at 9:00 am. We will text you on the day.',
    );
    // B has read its own appointments (and planned Bea's screening for 08:15 Perth time) but sent nothing.
    const bDay = await rig.get<{ items: Array<{ appointment: { id: string }; lastText?: unknown; nextStep?: { at: string } }> }>(
      `/c/${CLINIC_B.id}/api/appointments/today`,
    );
    expect(bDay.items.map((i) => i.appointment.id)).to.deep.equal(['swan-today-1115', 'swan-today-1500']);
    expect(bDay.items.every((i) => i.lastText === undefined)).to.equal(true);
    expect(Date.parse(bDay.items[0]!.nextStep!.at)).to.equal(Date.parse('2026-11-23T08:15:00+08:00'));

    // Perth 09:00 (Melbourne 12:00): B texts its own patients, with Perth times; A has nothing new to send.
    clock.set(PERTH_MORNING);
    await rig.runPasses(CLINIC_A);
    await rig.runPasses(CLINIC_B);
    const later = rig.twilio.sent().slice(morning.length);
    expect(later.every((m) => m.from === CLINIC_B.number)).to.equal(true);
    expect(later.map((m) => m.to).sort()).to.deep.equal([bea.mobile, ben.mobile].sort());
    // 11:15 and 2:45 pm in Perth (2:15 pm and 5:45 pm in Melbourne).
    expect(textsTo(bea)[0]!.body).to.equal(
      'Hi Bea, for your 11:15 am appointment with Dr Baker, please reply ARRIVED when you are in the car park or waiting room.',
    );
    expect(textsTo(ben)[0]!.body).to.equal(
      'Hi Ben, your appointment at Swan River Clinic with Dr Baker is on Tuesday 24 November at 2:45 pm. We will text you on the day.',
    );
  });

  it("handles a reply to B's number in B only, and a reply to A's number in A only", async () => {
    const stopInboxes = rig.startInboxes();
    try {
      // Both clinics pull from the proxy: A is listening while B's reply waits there.
      for (const clinic of [CLINIC_A, CLINIC_B]) {
        await waitFor(async () => (await inboxHealth(clinic)).state === 'connected', { what: `${clinic.id}'s inbox connected` });
      }

      const sentByA = sentFrom(CLINIC_A).length;
      const toB = await rig.text(bea.mobile, CLINIC_B.number, 'Arrived');
      await expectHandledBy(CLINIC_B, toB, bea, 'Thanks, Bea. We will text you when Dr Baker is ready for you.', 'swan-today-1115');
      expect(await proxyMetric('ca_proxy_deliveries_total{channel="stream"}'), 'handed out once, to B').to.equal(1);
      await expectNeverSeenBy(CLINIC_A, toB, { received: 0, sentBefore: sentByA });

      const sentByB = sentFrom(CLINIC_B).length;
      const toA = await rig.text(ava.mobile, CLINIC_A.number, 'arrived');
      await expectHandledBy(CLINIC_A, toA, ava, 'Thanks, Ava. We will text you when Dr Amin is ready for you.', 'bay-today-1230');
      expect(await proxyMetric('ca_proxy_deliveries_total{channel="stream"}'), 'handed out once, to A').to.equal(2);
      // B still has exactly its own one reply.
      await expectNeverSeenBy(CLINIC_B, toA, { received: 1, sentBefore: sentByB });
    } finally {
      await stopInboxes();
    }
  });

  /**
   * Once the proxy has the reply acknowledged (the host acknowledges only after its store holds
   * the outcome), by whichever client took it: that was this clinic, which answered from its
   * own number, stored the reply as handled and wrote the arrival to its own visit.
   */
  async function expectHandledBy(clinic: RigClinic, sid: string, patient: { mobile: string }, answer: string, appointmentId: string) {
    const acks = await proxyMetric('ca_proxy_acks_total');
    await waitFor(async () => (await proxyMetric('ca_proxy_acks_total')) === acks + 1, { what: 'the reply acknowledged at the proxy' });
    const acksSent = async () => (await inboxHealth(CLINIC_A)).acksSent + (await inboxHealth(CLINIC_B)).acksSent;
    await waitFor(async () => (await acksSent()) === acks + 1, { what: "the ack's answer back at the client" });
    // (Each clinic handles exactly one reply in this test.)
    expect((await inboxHealth(clinic)).acksSent, `acknowledged by ${clinic.id}`).to.equal(1);
    expect(await proxyMetric('ca_proxy_messages_pending')).to.equal(0);
    expect(textsTo(patient)).to.have.length(2);
    expect(textsTo(patient)[1]).to.include({ from: clinic.number, body: answer } satisfies Partial<StandInMessage>);
    expect((await store(clinic).getIncoming(sid))?.state).to.equal('handled');
    expect(await fhirStatus(appointmentId)).to.equal('arrived');
  }

  /**
   * The other clinic was connected all along, yet the proxy never handed it the reply (nothing
   * received beyond its own, nothing skipped as another number's), and it stored and sent nothing.
   */
  async function expectNeverSeenBy(clinic: RigClinic, sid: string, was: { received: number; sentBefore: number }) {
    const health = await inboxHealth(clinic);
    expect(health, `${clinic.id}'s inbox`).to.include({
      state: 'connected',
      messagesReceived: was.received,
      acksSent: was.received,
      otherNumbers: 0,
      acksRefused: 0,
    });
    expect(await store(clinic).getIncoming(sid)).to.equal(undefined);
    expect(sentFrom(clinic)).to.have.length(was.sentBefore);
  }

  it('lists only its own appointments and sends under /c/<id>/api with the vendor token', async () => {
    const ids = async (clinic: RigClinic) =>
      (await rig.get<{ items: Array<{ appointment: { id: string } }> }>(`/c/${clinic.id}/api/appointments/today`)).items.map((i) => i.appointment.id);
    expect(await ids(CLINIC_A)).to.deep.equal(['bay-today-1230', 'bay-today-1600']);
    expect(await ids(CLINIC_B)).to.deep.equal(['swan-today-1115', 'swan-today-1500']);

    // Each clinic's store holds its own texts only, for its own appointments: the ones the stand-in saw sent from its number.
    const ownTexts = [
      { clinic: CLINIC_A, appointments: ['bay-today-1230', 'bay-today-1230', 'bay-tomorrow-0900'] },
      { clinic: CLINIC_B, appointments: ['swan-today-1115', 'swan-today-1115', 'swan-tomorrow-1445'] },
    ];
    for (const { clinic, appointments } of ownTexts) {
      const sent = await rig.get<{ items: Array<{ providerId?: string; appointmentId?: string }> }>(`/c/${clinic.id}/api/messages/sent`);
      const sids = sentFrom(clinic).map((m) => m.sid);
      expect(sent.items.map((m) => m.providerId).sort(), clinic.id).to.deep.equal(sids.sort());
      expect(sent.items.map((m) => m.appointmentId).sort(), clinic.id).to.deep.equal(appointments);
    }
    const anonymous = await fetch(`${rig.fleet.apiUrl}/c/${CLINIC_A.id}/api/appointments/today`);
    expect(anonymous.status).to.equal(401);
  });
});
