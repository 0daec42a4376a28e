import { expect } from 'chai';
import type { RunningHost } from '../../core/runtime/host.js';
import type { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, startMorningHost, type MorningHost } from './simulator-host.js';
import { simulatorsOf } from '../simulator-services.js';

/*
 * Issue 15 end to end on the simulators, over HTTP: reception books an interpreter into Alex's
 * video consult; the interpreter is texted their own link at the invite and Alex is told; NO
 * GUEST from Alex removes them (revoked at the provider, recorded, GuestRefused).
 */

const ALEX = '+61412345678';
const INTERPRETER = '+61491570156';

interface GuestRow {
  grantId: string;
  state: string;
  grantedBy: string;
  displayName: string;
  kind?: string;
  phoneMasked?: string;
  revokedBy?: string;
  patientToldAt?: string;
}

describe('guests booked by reception, end to end on the simulators', function () {
  this.timeout(20_000);
  let morning: MorningHost;
  let clock: ManualClock;
  let host: RunningHost;
  let api: ApiClient;

  const guestsOf = async (id: string) => (await api.get<{ items: GuestRow[] }>(`/api/appointments/${id}/guests`)).items;
  const book = (id: string, body: Record<string, unknown>) =>
    fetch(`${host.apiUrl}/api/appointments/${id}/guests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const interpreter = { kind: 'interpreter', displayName: 'Minh, Vietnamese interpreter', phone: '0491 570 156' };
  const roomId = async (): Promise<string> => (await api.get<{ items: Array<{ roomId: string }> }>('/api/simulator/video/rooms')).items[0]!.roomId;

  /** Alex chose video at screening (08:00). */
  async function screenedVideo(): Promise<void> {
    await host.runTodayCycle();
    await morning.reply(ALEX, 'YES');
  }

  beforeEach(async () => {
    morning = await startMorningHost();
    ({ clock, host, api } = morning);
  });

  afterEach(() => morning.stop());

  it("an interpreter added by reception is texted their link at invite time; the patient's refusal removes them", async () => {
    await screenedVideo();
    const answer = await book('appt-alex', interpreter);
    expect(answer.status).to.equal(201);
    const booked = (await answer.json()) as { grant: GuestRow; inviteOut: boolean };
    expect(booked.inviteOut).to.equal(false);
    expect(booked.grant).to.include({
      state: 'booked',
      grantedBy: 'reception',
      kind: 'interpreter',
      displayName: 'Minh, Vietnamese interpreter',
      phoneMasked: '•••156',
    });
    expect(JSON.stringify(booked)).not.to.contain('570156');
    expect(await morning.sent(INTERPRETER)).to.deep.equal([]);

    // The invite at 09:51: Alex's link, then the interpreter's own link, then Alex is told.
    clock.set('2026-11-23T09:51:00+11:00');
    await host.runTodayCycle();
    const [guestText] = await morning.sent(INTERPRETER);
    expect(await morning.sent(INTERPRETER)).to.have.length(1);
    expect(guestText!.body).to.match(/^You are invited to join a video consult at Test Street Medical as Minh, Vietnamese interpreter:\n/);
    const room = await roomId();
    const link = /(https:\/\/\S+)$/.exec(guestText!.body)![1]!;
    expect(link).to.match(new RegExp(`^https://video\\.test\\.example/join/${room}#g=`));
    for (const secret of ['appt-alex', 'Alex', 'Citizen', '412345678', 'Dr Lee']) expect(guestText!.body).not.to.contain(secret);
    const toAlex = (await morning.sent(ALEX)).map((t) => t.body);
    expect(toAlex.at(-2)).to.contain('Your video consult with Dr Lee is ready to join');
    expect(toAlex.at(-1)).to.equal('Minh, Vietnamese interpreter (interpreter) will join your video consult. Reply NO GUEST if you do not want them to.');

    const [grant] = await guestsOf('appt-alex');
    expect(grant).to.include({ state: 'sent', kind: 'interpreter', phoneMasked: '•••156' });
    expect(grant!.patientToldAt).to.be.a('string');
    const video = simulatorsOf(host).video;
    await api.post(`/api/simulator/video/${room}/guest-join`, { grantId: grant!.grantId });
    expect(await video.guests(room)).to.deep.equal([{ grantId: grant!.grantId, revoked: false, inCall: true }]);

    // Another pass sends nothing again.
    await host.runTodayCycle();
    expect(await morning.sent(INTERPRETER)).to.have.length(1);
    expect((await morning.sent(ALEX)).map((t) => t.body)).to.deep.equal(toAlex);

    await morning.reply(ALEX, 'NO GUEST');
    expect(await morning.lastTo(ALEX)).to.match(/^Thanks\. Minh, Vietnamese interpreter \(interpreter\) will not join your video consult\./);
    expect((await guestsOf('appt-alex'))[0]).to.include({ state: 'revoked', revokedBy: 'patient' });
    expect(await video.guests(room)).to.deep.equal([{ grantId: grant!.grantId, revoked: true, inCall: false }]);
    const { items } = await api.get<{ items: Array<{ action: string; actor: string; detail?: Record<string, unknown> }> }>('/api/activity');
    expect(items.filter((e) => e.action === 'guest-revoke').map((e) => [e.actor, e.detail?.grantId])).to.deep.equal([['patient', grant!.grantId]]);
    expect(items.filter((e) => e.action === 'guest-book').map((e) => e.detail?.grantId)).to.deep.equal([grant!.grantId]);

    // Nothing left to refuse: a clear answer, nothing changed.
    await morning.reply(ALEX, 'noguest');
    expect(await morning.lastTo(ALEX)).to.match(/^No one has been added to your video consult by the clinic/);
    expect(await morning.sent(INTERPRETER)).to.have.length(1);
  });

  it('booked after the invite is out: texted straight away, by the booking itself', async () => {
    await screenedVideo();
    clock.set('2026-11-23T09:51:00+11:00');
    await host.runTodayCycle();
    const answer = await book('appt-alex', { kind: 'clinician', displayName: 'Dr Patel (cardiology)', phone: '+61491570157' });
    expect(answer.status).to.equal(201);
    const booked = (await answer.json()) as { grant: GuestRow; inviteOut: boolean };
    expect(booked.inviteOut).to.equal(true);
    expect(booked.grant.state).to.equal('sent');
    expect((await morning.sent('+61491570157')).map((t) => t.body)[0]).to.match(/as Dr Patel \(cardiology\):\nhttps:/);
    expect(await morning.lastTo(ALEX)).to.equal('Dr Patel (cardiology) (clinician) will join your video consult. Reply NO GUEST if you do not want them to.');
  });

  it('refuses what cannot be booked, saying why', async () => {
    await screenedVideo();
    const status = async (id: string, body: Record<string, unknown>) => {
      const answer = await book(id, body);
      return [answer.status, ((await answer.json()) as { code?: string }).code];
    };
    expect(await status('appt-alex', { ...interpreter, phone: '02 9374 4000' })).to.deep.equal([400, 'CA_ERR_GUEST_INVALID_PHONE']);
    expect(await status('appt-alex', { ...interpreter, phone: '0412 345 678' })).to.deep.equal([400, 'CA_ERR_GUEST_PATIENT_PHONE']);
    expect(await status('appt-alex', { ...interpreter, displayName: 'alex citizen' })).to.deep.equal([400, 'CA_ERR_GUEST_PATIENT_NAME']);
    expect(await status('appt-alex', { ...interpreter, displayName: '   ' })).to.deep.equal([400, 'CA_ERR_GUEST_INVALID_NAME']);
    expect((await status('appt-alex', { ...interpreter, kind: 'friend' }))[0]).to.equal(400);
    expect((await status('appt-alex', { kind: 'interpreter', displayName: 'Minh' }))[0]).to.equal(400);
    expect(await status('appt-nobody', interpreter)).to.deep.equal([404, 'CA_ERR_NOT_FOUND']);
    // Sam's consult is in person.
    expect(await status('appt-sam', interpreter)).to.deep.equal([409, 'CA_ERR_GUEST_NOT_VIDEO']);
    // video.maxGuests (2) counts live grants, booked ones too.
    expect((await status('appt-alex', interpreter))[0]).to.equal(201);
    expect((await status('appt-alex', { ...interpreter, phone: '0491 570 157' }))[0]).to.equal(201);
    expect(await status('appt-alex', { ...interpreter, phone: '0491 570 158' })).to.deep.equal([409, 'CA_ERR_GUEST_LIMIT']);
    // Revoked by reception, the guest no longer counts.
    const [first] = await guestsOf('appt-alex');
    await api.post(`/api/appointments/appt-alex/guests/${first!.grantId}/revoke`, {});
    expect((await status('appt-alex', { ...interpreter, phone: '0491 570 158' }))[0]).to.equal(201);
  });

  it('the Today list flags "interpreter needed" on a video consult until an interpreter is booked', async () => {
    await api.patch('/api/simulator/appointments/appt-alex', { interpreterRequired: true, isVideo: true });
    await host.runTodayCycle();
    const flagOf = async () => {
      const { items } = await api.get<{ items: Array<{ appointment: { id: string; interpreterRequired?: boolean }; interpreterNeeded?: boolean }> }>(
        '/api/appointments/today',
      );
      return items.find((i) => i.appointment.id === 'appt-alex')!;
    };
    expect(await flagOf()).to.deep.include({ interpreterNeeded: true });
    expect((await flagOf()).appointment.interpreterRequired).to.equal(true);
    expect((await book('appt-alex', { ...interpreter, kind: 'clinician' })).status).to.equal(201);
    expect(await flagOf()).to.deep.include({ interpreterNeeded: true });
    expect((await book('appt-alex', interpreter)).status).to.equal(201);
    expect((await flagOf()).interpreterNeeded).to.equal(undefined);
  });
});
