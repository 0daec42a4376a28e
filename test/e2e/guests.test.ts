import { expect } from 'chai';
import type { RunningHost } from '../../core/runtime/host.js';
import type { Store } from '../../core/store/store.js';
import { TOKENS } from '../../core/runtime/tokens.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, startMorningHost, type MorningHost } from './simulator-host.js';
import { simulatorsOf } from '../simulator-services.js';

/*
 * Issue 15 end to end on the simulators, over HTTP: a patient in a video consult replies GUEST
 * and gets a link to pass on; guests never arrive the patient; video.maxGuests (2) holds;
 * reception revokes a guest through the API.
 */

const ALEX = '+61412345678';

describe('guests in a video consult, end to end on the simulators', function () {
  this.timeout(20_000);
  let clock: ManualClock;
  let host: RunningHost;
  let api: ApiClient;

  const sent = (to?: string) => morning.sent(to);
  const lastTo = (to: string) => morning.lastTo(to);
  const reply = (from: string, body: string) => morning.reply(from, body);
  const statusOf = (id: string) => morning.statusOf(id);
  const guestsOf = async (id: string) => (await api.get<{ items: Array<Record<string, string>> }>(`/api/appointments/${id}/guests`)).items;
  const roomId = async (): Promise<string> => (await api.get<{ items: Array<{ roomId: string }> }>('/api/simulator/video/rooms')).items[0]!.roomId;

  /** Alex chose video at screening and got the invite at 09:51. */
  async function invited(): Promise<void> {
    await host.runTodayCycle();
    await reply(ALEX, 'YES');
    clock.set('2026-11-23T09:51:00+11:00');
    await host.runTodayCycle();
    expect(await lastTo(ALEX)).to.contain('Your video consult with Dr Lee is ready to join');
  }

  let morning: MorningHost;

  beforeEach(async () => {
    morning = await startMorningHost();
    ({ clock, host, api } = morning);
  });

  afterEach(() => morning.stop());

  it('GUEST before any invite → one GuestNoVideo text, no grant, no provider call', async () => {
    await host.runTodayCycle();
    const before = (await sent(ALEX)).length;
    await reply(ALEX, 'guest');
    const texts = await sent(ALEX);
    expect(texts).to.have.length(before + 1);
    expect(texts.at(-1)!.body).to.match(/^Sorry, we can send a link for a guest only once your video consult link has been sent/);
    expect(await guestsOf('appt-alex')).to.deep.equal([]);
    expect((await api.get<{ items: unknown[] }>('/api/simulator/video/rooms')).items).to.deep.equal([]);
  });

  it("after the invite → one GuestLink text with the provider's guest link (no appointment id, no name); a guest join is recorded and does not arrive the patient", async () => {
    await invited();
    await reply(ALEX, 'Guest');
    const text = await lastTo(ALEX);
    expect(text).to.match(/^Here is a link for your guest to join your video consult/);
    const room = await roomId();
    const link = /(https:\/\/\S+)/.exec(text)![1]!;
    expect(link).to.match(new RegExp(`^https://video\\.test\\.example/join/${room}#g=[A-Za-z0-9_-]{22}$`));
    for (const secret of ['appt-alex', 'Alex', 'Citizen', '412345678']) expect(text).not.to.contain(secret);

    const [grant] = await guestsOf('appt-alex');
    expect(grant).to.include({ state: 'sent', grantedBy: 'patient', displayName: 'Guest' });
    expect(grant!.grantId).to.match(/^[A-Za-z0-9_-]{24}$/);
    expect(JSON.stringify(grant)).not.to.contain(link);
    const video = simulatorsOf(host).video;
    expect(await video.guests(room)).to.deep.equal([{ grantId: grant!.grantId, revoked: false, inCall: false }]);

    await api.post(`/api/simulator/video/${room}/guest-join`, { grantId: grant!.grantId });
    clock.set('2026-11-23T09:58:00+11:00');
    await host.runTodayCycle();
    expect((await guestsOf('appt-alex'))[0], "the guest's join is recorded for reception").to.include({ joinedAt: '2026-11-22T22:58:00.000Z' });
    clock.set('2026-11-23T09:59:00+11:00');
    await host.runTodayCycle();
    expect((await guestsOf('appt-alex'))[0]!.joinedAt, 'the first sighting stays').to.equal('2026-11-22T22:58:00.000Z');
    expect(await statusOf('appt-alex')).to.equal('booked');
    const store = host.container.resolve<Store>(TOKENS.Store);
    expect((await store.loadProgress(['appt-alex'])).get('appt-alex')?.arrivedAt).to.equal(undefined);
  });

  it('the third GUEST with maxGuests 2 → GuestLimit and no link', async () => {
    await invited();
    await reply(ALEX, 'guest');
    await reply(ALEX, 'guest');
    await reply(ALEX, 'guest');
    expect(await lastTo(ALEX)).to.match(/^Sorry, no more guests can join this video consult/);
    expect((await guestsOf('appt-alex')).map((g) => g.state)).to.deep.equal(['sent', 'sent']);
    expect(await simulatorsOf(host).video.guests(await roomId())).to.have.length(2);
  });

  it('revoke through the API → revoked at the provider (out of the call), state revoked, activity recorded; again changes nothing', async () => {
    await invited();
    await reply(ALEX, 'guest');
    const room = await roomId();
    const [grant] = await guestsOf('appt-alex');
    await api.post(`/api/simulator/video/${room}/guest-join`, { grantId: grant!.grantId });

    const revoked = await api.post<{ grant: Record<string, string>; changed: boolean; removedFromCall: boolean }>(
      `/api/appointments/appt-alex/guests/${grant!.grantId}/revoke`,
      {},
    );
    expect(revoked).to.deep.include({ changed: true, removedFromCall: true });
    expect(revoked.grant).to.include({ state: 'revoked', revokedBy: 'local' });
    expect(await simulatorsOf(host).video.guests(room)).to.deep.equal([{ grantId: grant!.grantId, revoked: true, inCall: false }]);
    expect((await guestsOf('appt-alex'))[0]).to.include({ state: 'revoked', revokedBy: 'local' });

    const again = await api.post<{ changed: boolean }>(`/api/appointments/appt-alex/guests/${grant!.grantId}/revoke`, {});
    expect(again.changed).to.equal(false);
    const { items } = await api.get<{ items: Array<{ action: string; detail?: Record<string, unknown> }> }>('/api/activity');
    const revokes = items.filter((e) => e.action === 'guest-revoke');
    expect(revokes).to.have.length(1);
    expect(revokes[0]!.detail).to.include({ appointmentId: 'appt-alex', grantId: grant!.grantId });

    // A revoked guest is no longer counted: the patient may invite another.
    await reply(ALEX, 'guest');
    expect(await lastTo(ALEX)).to.match(/^Here is a link for your guest/);
  });

  it('revoking a grant of another appointment, or an unknown one, is 404', async () => {
    await invited();
    await reply(ALEX, 'guest');
    const [grant] = await guestsOf('appt-alex');
    const status = async (path: string) => (await fetch(host.apiUrl + path, { method: 'POST' })).status;
    expect(await status(`/api/appointments/appt-sam/guests/${grant!.grantId}/revoke`)).to.equal(404);
    expect(await status('/api/appointments/appt-alex/guests/nope/revoke')).to.equal(404);
  });
});
