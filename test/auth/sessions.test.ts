import { expect } from 'chai';
import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { tmpFolder } from '../e2e/simulator-host.js';
import { addAnnaAndRita, PASSWORDS, startHostWith, StaffBrowser } from './staff-client.js';

const MINUTE = 60_000;

describe('staff sessions: idle timeout, lifetime, restart (simulator host)', function () {
  this.timeout(30_000);
  let folder: ReturnType<typeof tmpFolder>;
  let clock: ManualClock;
  let host: RunningHost | undefined;

  beforeEach(async () => {
    folder = tmpFolder();
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
    await addAnnaAndRita(folder.dir);
  });
  afterEach(async () => {
    await host?.stop();
    host = undefined;
    folder.remove();
  });

  it('ends a session left idle longer than the idle timeout (default 30 min); use keeps it alive', async () => {
    host = await startHostWith(folder.dir, clock);
    const rita = new StaffBrowser(host.apiUrl);
    await rita.signIn('rita', PASSWORDS.rita);
    for (let step = 0; step < 3; step++) {
      clock.advance(29 * MINUTE);
      expect((await rita.call('GET', '/api/status')).status, `after ${(step + 1) * 29} min of steady use`).to.equal(200);
    }
    clock.advance(30 * MINUTE + 1);
    expect((await rita.call('GET', '/api/status')).status).to.equal(401);
    expect((await rita.call('GET', '/api/session')).body).to.deep.equal({ user: null, signInRequired: true });
  });

  it('follows api.sessionIdleMinutes', async () => {
    host = await startHostWith(folder.dir, clock, { sessionIdleMinutes: 5 });
    const rita = new StaffBrowser(host.apiUrl);
    await rita.signIn('rita', PASSWORDS.rita);
    clock.advance(5 * MINUTE);
    expect((await rita.call('GET', '/api/status')).status).to.equal(200);
    clock.advance(5 * MINUTE + 1);
    expect((await rita.call('GET', '/api/status')).status).to.equal(401);
  });

  it('ends a session at its absolute lifetime (api.sessionMaxHours) however busy', async () => {
    host = await startHostWith(folder.dir, clock, { sessionMaxHours: 2 });
    const rita = new StaffBrowser(host.apiUrl);
    await rita.signIn('rita', PASSWORDS.rita);
    for (let minutes = 20; minutes <= 120; minutes += 20) {
      clock.advance(20 * MINUTE);
      expect((await rita.call('GET', '/api/status')).status, `${minutes} min`).to.equal(200);
    }
    clock.advance(1);
    expect((await rita.call('GET', '/api/status')).status).to.equal(401);
  });

  it('survives a restart of the host (sessions live in the store)', async () => {
    host = await startHostWith(folder.dir, clock);
    const before = new StaffBrowser(host.apiUrl);
    await before.signIn('anna', PASSWORDS.anna);
    await host.stop();
    host = await startHostWith(folder.dir, clock);
    const after = new StaffBrowser(host.apiUrl);
    after.cookie = before.cookie;
    after.csrfToken = before.csrfToken;
    expect((await after.call('GET', '/api/session')).body).to.deep.equal({
      user: { name: 'anna', role: 'admin' },
      signInRequired: true,
      csrfToken: before.csrfToken,
    });
    expect((await after.call('POST', '/api/cycle')).status).to.equal(200);
  });

  it('signs a user out everywhere when an admin resets their password', async () => {
    host = await startHostWith(folder.dir, clock);
    const rita = new StaffBrowser(host.apiUrl);
    await rita.signIn('rita', PASSWORDS.rita);
    const { addStaffUser } = await import('../../core/auth/staff-users.js');
    const { openSqliteStore } = await import('../../core/store/sqlite-store.js');
    const store = await openSqliteStore(`${folder.dir}/store.sqlite`);
    await addStaffUser(store, { name: 'rita', password: 'rita-new-password', role: 'reception', reset: true }, clock.now(), { N: 1024, r: 8, p: 1 });
    await store.close();
    expect((await rita.call('GET', '/api/status')).status).to.equal(401);
    expect((await rita.signIn('rita', PASSWORDS.rita)).status).to.equal(401);
    expect((await rita.signIn('rita', 'rita-new-password')).status).to.equal(200);
  });
});
