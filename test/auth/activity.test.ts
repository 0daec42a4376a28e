import { expect } from 'chai';
import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { tmpFolder } from '../e2e/simulator-host.js';
import { addAnnaAndRita, PASSWORDS, startHostWith, StaffBrowser } from './staff-client.js';

const PATIENT_TEXT = 'Can I bring my son too?';
const PATIENT_NUMBER = '+61412345678';

describe('activity log over HTTP (simulator host)', function () {
  this.timeout(30_000);
  let folder: ReturnType<typeof tmpFolder>;
  let host: RunningHost;

  before(async () => {
    folder = tmpFolder();
    await addAnnaAndRita(folder.dir);
  });
  after(async () => {
    await host?.stop();
    folder.remove();
  });

  it('lists staff actions newest first with who did them, ids only (no texts or numbers)', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00+11:00');
    host = await startHostWith(folder.dir, clock);
    const anna = new StaffBrowser(host.apiUrl);
    const rita = new StaffBrowser(host.apiUrl);
    expect((await rita.signIn('rita', 'wrong-password')).status).to.equal(401);
    clock.advance(1000);
    expect((await rita.signIn('RitaPassword99', 'x')).status, 'a password typed into the name field').to.equal(401);
    clock.advance(1000);
    await rita.signIn('rita', PASSWORDS.rita);
    clock.advance(1000);
    const injected = await rita.call('POST', '/api/simulator/inbox', { json: { from: PATIENT_NUMBER, body: PATIENT_TEXT } });
    expect(injected.status).to.equal(201);
    expect(await host.handleInboxOnce()).to.equal(1);
    const unprocessed = (await rita.call('GET', '/api/messages/unprocessed')).body.items as Array<{ id: string }>;
    expect(unprocessed.map((m) => m.id)).to.include(injected.body.id);
    clock.advance(1000);
    expect((await rita.call('POST', `/api/messages/unprocessed/${injected.body.id}/dismiss`)).status).to.equal(200);
    clock.advance(1000);
    await anna.signIn('anna', PASSWORDS.anna);
    clock.advance(1000);
    expect((await anna.call('PUT', '/api/templates/DoctorReady', { json: { text: 'The doctor is ready.' } })).status).to.equal(200);
    clock.advance(1000);
    expect((await anna.call('POST', '/api/users', { json: { name: 'temp', password: 'temp-password-1' } })).status).to.equal(201);
    clock.advance(1000);
    await rita.call('DELETE', '/api/session');

    const listed = await anna.call('GET', '/api/activity');
    expect(listed.status).to.equal(200);
    const lines = (listed.body.items as Array<{ actor: string; action: string; detail?: Record<string, unknown>; at: string }>).map(
      ({ actor, action, detail }) => [actor, action, detail ?? {}],
    );
    expect(lines).to.deep.equal([
      ['rita', 'sign-out', {}],
      ['anna', 'user-add', { user: 'temp', role: 'reception' }],
      ['anna', 'template-change', { template: 'DoctorReady' }],
      ['anna', 'sign-in', { address: '127.0.0.1' }],
      ['rita', 'mark-done', { messageId: injected.body.id }],
      ['rita', 'simulator', { what: 'inject-reply', messageId: injected.body.id }],
      ['rita', 'sign-in', { address: '127.0.0.1' }],
      ['(unknown name)', 'sign-in-failed', { address: '127.0.0.1' }],
      ['rita', 'sign-in-failed', { address: '127.0.0.1' }],
    ]);
    expect(listed.body.items[0].at).to.equal(new Date(clock.now()).toISOString());
    const raw = JSON.stringify(listed.body);
    for (const secret of [PATIENT_TEXT, PATIENT_NUMBER, PASSWORDS.rita, 'wrong-password', 'temp-password-1', 'RitaPassword99'])
      expect(raw).not.to.include(secret);

    expect((await rita.signIn('rita', PASSWORDS.rita)).status).to.equal(200);
    expect((await rita.call('GET', '/api/activity?limit=2')).body.items.map((e: { action: string }) => e.action)).to.deep.equal(['sign-in', 'sign-out']);
    expect((await rita.call('GET', '/api/activity?limit=0')).status).to.equal(400);
  });
});
