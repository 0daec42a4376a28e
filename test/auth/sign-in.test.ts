import { expect } from 'chai';
import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { captureLogger } from '../../core/api/test-support/api-client.js';
import { tmpFolder } from '../e2e/simulator-host.js';
import { addAccounts, addAnnaAndRita, PASSWORDS, startHostWith, StaffBrowser } from './staff-client.js';

const T0 = '2026-11-23T08:00:00+11:00';

describe('staff sign-in over HTTP (simulator host)', function () {
  this.timeout(30_000);
  let folder: ReturnType<typeof tmpFolder>;
  let clock: ManualClock;
  let host: RunningHost | undefined;

  beforeEach(() => {
    folder = tmpFolder();
    clock = new ManualClock(T0);
  });
  afterEach(async () => {
    await host?.stop();
    host = undefined;
    folder.remove();
  });

  describe('when sign-in is required', () => {
    it('is open on loopback with no accounts: an implicit admin, no CSRF needed', async () => {
      host = await startHostWith(folder.dir, clock);
      const browser = new StaffBrowser(host.apiUrl);
      expect((await browser.call('GET', '/api/session')).body).to.deep.equal({ user: { name: 'local', role: 'admin' }, signInRequired: false });
      expect((await browser.call('GET', '/api/status')).status).to.equal(200);
      expect((await browser.call('POST', '/api/cycle')).status).to.equal(200);
      expect((await browser.call('GET', '/api/users')).status).to.equal(200);
    });

    it('is required on loopback as soon as an account exists (added while the host runs)', async () => {
      host = await startHostWith(folder.dir, clock);
      const browser = new StaffBrowser(host.apiUrl);
      expect((await browser.call('GET', '/api/status')).status).to.equal(200);
      await addAccounts(folder.dir, [{ name: 'anna', password: PASSWORDS.anna, role: 'admin' }]);
      const refused = await browser.call('GET', '/api/status');
      expect(refused.status).to.equal(401);
      expect(refused.body).to.deep.equal({ error: 'sign in first (POST /api/session)', code: 'CA_ERR_SIGN_IN' });
      expect((await browser.call('GET', '/api/session')).body).to.deep.equal({ user: null, signInRequired: true });
    });

    it('is required when bound to a non-loopback address (0.0.0.0), even with no accounts', async () => {
      host = await startHostWith(folder.dir, clock, { host: '0.0.0.0' });
      const browser = new StaffBrowser(host.apiUrl.replace('0.0.0.0', '127.0.0.1'));
      expect((await browser.call('GET', '/api/health')).status).to.equal(200);
      expect((await browser.call('GET', '/api/session')).body).to.deep.equal({ user: null, signInRequired: true });
      for (const [method, path] of [
        ['GET', '/api/status'],
        ['GET', '/api/appointments/today'],
        ['POST', '/api/cycle'],
        ['GET', '/api/activity'],
      ] as const) {
        expect((await browser.call(method, path)).status, `${method} ${path}`).to.equal(401);
      }
    });

    it('is required on loopback with api.signIn: required', async () => {
      host = await startHostWith(folder.dir, clock, { signIn: 'required' });
      const browser = new StaffBrowser(host.apiUrl);
      expect((await browser.call('GET', '/api/status')).status).to.equal(401);
      expect((await browser.call('GET', '/api/session')).body.signInRequired).to.equal(true);
    });
  });

  it('signs in with the right password: HttpOnly, SameSite=Strict cookie of a 256-bit id, CSRF token, who am I', async () => {
    await addAnnaAndRita(folder.dir);
    host = await startHostWith(folder.dir, clock);
    const browser = new StaffBrowser(host.apiUrl);
    const reply = await browser.signIn('anna', PASSWORDS.anna);
    expect(reply.status).to.equal(200);
    expect(reply.body).to.deep.equal({ user: { name: 'anna', role: 'admin' }, signInRequired: true, csrfToken: browser.csrfToken });
    expect(browser.csrfToken).to.match(/^[A-Za-z0-9_-]{43}$/);
    const attributes = browser.lastSetCookie!.split('; ');
    expect(attributes[0]).to.match(/^ca_session=[A-Za-z0-9_-]{43}$/);
    expect(attributes.slice(1)).to.have.members(['Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${12 * 3600}`]);
    expect((await browser.call('GET', '/api/session')).body).to.deep.equal({
      user: { name: 'anna', role: 'admin' },
      signInRequired: true,
      csrfToken: browser.csrfToken,
    });
    expect((await browser.call('GET', '/api/status')).status).to.equal(200);
    // Names are matched without regard to case, and shown as stored.
    expect((await new StaffBrowser(host.apiUrl).signIn('RITA', PASSWORDS.rita)).body.user).to.deep.equal({ name: 'rita', role: 'reception' });
  });

  it('marks the cookie Secure with api.secureCookies (TLS at a reverse proxy)', async () => {
    await addAnnaAndRita(folder.dir);
    host = await startHostWith(folder.dir, clock, { secureCookies: true });
    const browser = new StaffBrowser(host.apiUrl);
    expect((await browser.signIn('anna', PASSWORDS.anna)).status).to.equal(200);
    expect(browser.lastSetCookie!.split('; ')).to.include('Secure');
  });

  it('refuses a wrong password and an unknown name with the same answer, and sets no cookie', async () => {
    await addAnnaAndRita(folder.dir);
    host = await startHostWith(folder.dir, clock);
    const browser = new StaffBrowser(host.apiUrl);
    const wrong = await browser.signIn('anna', 'not-the-password');
    const unknown = await browser.signIn('nobody', 'not-the-password');
    for (const reply of [wrong, unknown]) {
      expect(reply.status).to.equal(401);
      expect(reply.body).to.deep.equal({ error: 'wrong name or password', code: 'CA_ERR_SIGN_IN' });
      expect(reply.headers.get('set-cookie')).to.equal(null);
    }
    expect((await browser.call('GET', '/api/status')).status).to.equal(401);
  });

  it('backs off after repeated wrong passwords (429 + Retry-After, growing), for known and unknown names alike, then lets the right password in', async () => {
    await addAnnaAndRita(folder.dir);
    host = await startHostWith(folder.dir, clock);
    const browser = new StaffBrowser(host.apiUrl);
    for (const name of ['anna', 'ghost']) {
      for (let attempt = 1; attempt <= 5; attempt++) expect((await browser.signIn(name, 'wrong-password')).status, `${name} #${attempt}`).to.equal(401);
      expect((await browser.signIn(name, 'wrong-password')).status).to.equal(401); // the sixth failure locks
      const locked = await browser.signIn(name, name === 'anna' ? PASSWORDS.anna : 'wrong-password');
      expect(locked.status, name).to.equal(429);
      expect(locked.headers.get('retry-after')).to.equal('30');
      expect(locked.body).to.deep.equal({ error: 'too many failed sign-ins; try again in 30 s', code: 'CA_ERR_SIGN_IN_LOCKED' });
    }
    clock.advance(30_000);
    expect((await browser.signIn('anna', 'wrong-password')).status).to.equal(401);
    expect((await browser.signIn('anna', PASSWORDS.anna)).headers.get('retry-after')).to.equal('60');
    clock.advance(60_000);
    expect((await browser.signIn('anna', PASSWORDS.anna)).status).to.equal(200);
    // Success clears the name's record: one more slip is not a lock.
    expect((await new StaffBrowser(host.apiUrl).signIn('anna', 'wrong-password')).status).to.equal(401);
    expect((await new StaffBrowser(host.apiUrl).signIn('anna', PASSWORDS.anna)).status).to.equal(200);
  });

  it('backs off per address too: many names from one address get locked', async () => {
    const staff = ['a1', 'a2', 'a3', 'a4', 'a5'].map((name) => ({ name, password: `${name}-password-ok`, role: 'reception' as const }));
    await addAccounts(folder.dir, staff);
    await addAnnaAndRita(folder.dir);
    host = await startHostWith(folder.dir, clock);
    const browser = new StaffBrowser(host.apiUrl);
    // Four wrong tries on each of five names: no name is locked, but the address is after 20.
    for (const { name } of staff) for (let attempt = 1; attempt <= 4; attempt++) expect((await browser.signIn(name, 'wrong-password')).status).to.equal(401);
    expect((await browser.signIn('a1', 'wrong-password')).status).to.equal(401);
    const locked = await browser.signIn('rita', PASSWORDS.rita);
    expect(locked.status).to.equal(429);
    expect(locked.headers.get('retry-after')).to.equal('30');
  });

  it('signs out: the cookie is cleared and the old session id no longer works', async () => {
    await addAnnaAndRita(folder.dir);
    host = await startHostWith(folder.dir, clock);
    const browser = new StaffBrowser(host.apiUrl);
    await browser.signIn('rita', PASSWORDS.rita);
    const stolen = browser.cookie!;
    const out = await browser.call('DELETE', '/api/session');
    expect(out.status).to.equal(200);
    expect(out.headers.get('set-cookie')).to.match(/^ca_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
    const replay = await fetch(`${host.apiUrl}/api/status`, { headers: { cookie: stolen } });
    expect(replay.status).to.equal(401);
  });

  it('keeps passwords and session ids out of the log and the store', async () => {
    await addAnnaAndRita(folder.dir);
    const logger = captureLogger();
    host = await startHostWith(folder.dir, clock, {}, logger);
    const browser = new StaffBrowser(host.apiUrl);
    await browser.signIn('anna', 'typo-in-password');
    await browser.signIn('anna', PASSWORDS.anna);
    await browser.call('POST', '/api/cycle');
    await browser.call('DELETE', '/api/session');
    const logged = JSON.stringify(logger.lines);
    expect(logger.lines.some((line) => line.message === 'staff signed in')).to.equal(true);
    for (const secret of [PASSWORDS.anna, 'typo-in-password', browser.csrfToken!]) expect(logged).not.to.include(secret);
    await host.stop();
    host = undefined;
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(`${folder.dir}/store.sqlite`, { readonly: true });
    try {
      const dump = JSON.stringify([db.prepare('SELECT * FROM staff_users').all(), db.prepare('SELECT * FROM activity_log').all()]);
      expect(dump).not.to.include(PASSWORDS.anna);
      expect(dump).not.to.include('typo-in-password');
      expect(dump).to.match(/scrypt\$1024\$8\$1\$/);
    } finally {
      db.close();
    }
  });
});
