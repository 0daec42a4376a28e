import { expect } from 'chai';
import { request as httpRequest } from 'node:http';
import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { tmpFolder } from '../e2e/simulator-host.js';
import { addAnnaAndRita, PASSWORDS, startHostWith, StaffBrowser } from './staff-client.js';

const TOKEN = 'machine-token-0123456789abcdef';
const CSRF_REFUSAL = { error: 'missing or wrong CSRF token (send the x-csrf-token header from GET /api/session)', code: 'CA_ERR_CSRF' };

/** A raw request, for a Host header fetch will not let us forge. */
function rawRequest(url: string, method: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url + path, { method, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('CSRF, roles and browser-attack checks with staff sessions (simulator host)', function () {
  this.timeout(30_000);
  let folder: ReturnType<typeof tmpFolder>;
  let host: RunningHost;
  let anna: StaffBrowser;
  let rita: StaffBrowser;

  before(async () => {
    folder = tmpFolder();
    await addAnnaAndRita(folder.dir);
    host = await startHostWith(folder.dir, new ManualClock('2026-11-23T08:00:00+11:00'), { token: TOKEN });
    anna = new StaffBrowser(host.apiUrl);
    rita = new StaffBrowser(host.apiUrl);
    expect((await anna.signIn('anna', PASSWORDS.anna)).status).to.equal(200);
    expect((await rita.signIn('rita', PASSWORDS.rita)).status).to.equal(200);
  });
  after(async () => {
    await host.stop();
    folder.remove();
  });

  it('refuses a state-changing request without the CSRF token (403) and accepts the same one with it', async () => {
    const missing = await rita.call('POST', '/api/cycle', { csrf: false });
    expect(missing.status).to.equal(403);
    expect(missing.body).to.deep.equal(CSRF_REFUSAL);
    expect((await rita.call('POST', '/api/cycle', { csrf: 'made-up-token' })).status).to.equal(403);
    expect((await rita.call('POST', '/api/cycle', { csrf: anna.csrfToken! })).status, "another session's token").to.equal(403);
    expect((await rita.call('POST', '/api/cycle')).status).to.equal(200);
  });

  it('asks for the token on PUT, PATCH and DELETE too, and on sign-out', async () => {
    expect((await anna.call('PUT', '/api/templates/DoctorReady', { json: { text: 'Room {{ room }}' }, csrf: false })).status).to.equal(403);
    expect((await anna.call('PATCH', '/api/practitioners/prac-1', { json: { room: '7' }, csrf: false })).status).to.equal(403);
    expect((await anna.call('DELETE', '/api/templates/DoctorReady', { csrf: false })).status).to.equal(403);
    expect((await anna.call('DELETE', '/api/session', { csrf: false })).status).to.equal(403);
    expect((await anna.call('GET', '/api/session')).body.user).to.deep.equal({ name: 'anna', role: 'admin' });
  });

  it('exempts bearer-token requests from CSRF (machines send no cookie)', async () => {
    const reply = await fetch(`${host.apiUrl}/api/cycle`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(reply.status).to.equal(200);
    const who = await fetch(`${host.apiUrl}/api/session`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await who.json()).to.deep.equal({ user: { name: 'api-token', role: 'admin' }, signInRequired: true });
    const wrong = await fetch(`${host.apiUrl}/api/status`, { headers: { authorization: 'Bearer wrong', cookie: anna.cookie! } });
    expect(wrong.status, 'a wrong token is refused even with a good cookie').to.equal(401);
  });

  it('gives reception 403 on admin routes and admins 200', async () => {
    const adminOnly: Array<[string, string, unknown?]> = [
      ['GET', '/api/users'],
      ['POST', '/api/users', { name: 'newbie', password: 'newbie-password-1' }],
      ['DELETE', '/api/users/anna'],
      ['PUT', '/api/templates/DoctorReady', { text: 'The doctor is ready{% if room %} in {{ room }}{% endif %}.' }],
      ['DELETE', '/api/templates/DoctorReady'],
      ['POST', '/api/templates/DoctorReady/preview', {}],
      ['GET', '/api/settings'],
    ];
    for (const [method, path, json] of adminOnly) {
      const refused = await rita.call(method, path, { json });
      expect(refused.status, `${method} ${path}`).to.equal(403);
      expect(refused.body).to.deep.equal({ error: 'this needs an admin account', code: 'CA_ERR_FORBIDDEN' });
    }
    // Practitioner settings are for admins (they may be set before a poll has seen the practitioner).
    expect((await rita.call('PATCH', '/api/practitioners/prac-lee', { json: { room: '7' } })).status).to.equal(403);
    expect((await anna.call('PATCH', '/api/practitioners/prac-lee', { json: { room: '7' } })).status).to.equal(200);
    const edit = await anna.call('PUT', '/api/templates/DoctorReady', { json: { text: 'The doctor is ready{% if room %} in {{ room }}{% endif %}.' } });
    expect(edit.status, JSON.stringify(edit.body)).to.equal(200);
    expect((await anna.call('GET', '/api/users')).status).to.equal(200);
    expect((await anna.call('POST', '/api/templates/DoctorReady/preview', { json: {} })).status).to.equal(200);
    for (const path of ['/api/status', '/api/appointments/today', '/api/messages/unprocessed', '/api/simulator/appointments', '/api/activity']) {
      expect((await rita.call('GET', path)).status, path).to.equal(200);
    }
  });

  it('keeps refusing foreign Origins, even with a valid cookie and CSRF token', async () => {
    const foreign = await rita.call('POST', '/api/cycle', { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).to.equal(403);
    expect(foreign.body).to.deep.equal({ error: 'cross-origin requests are not allowed' });
    expect((await rita.call('POST', '/api/cycle', { headers: { origin: host.apiUrl } })).status).to.equal(200);
  });

  it('lets a DNS-rebound Host reach nothing without the cookie, and a signed-in cookie only with its CSRF token', async () => {
    const port = new URL(host.apiUrl).port;
    expect(await rawRequest(host.apiUrl, 'GET', '/api/status', { host: `evil.example:${port}` })).to.equal(401);
    expect(await rawRequest(host.apiUrl, 'POST', '/api/cycle', { host: `evil.example:${port}`, cookie: rita.cookie! })).to.equal(403);
  });

  it('lets admins add and remove accounts over the API; a removed account is signed out', async () => {
    const added = await anna.call('POST', '/api/users', { json: { name: 'temp', password: 'temp-password-1', role: 'reception' } });
    expect(added.status).to.equal(201);
    expect(added.body).to.include({ name: 'temp', role: 'reception' }).and.not.to.have.property('passwordHash');
    expect((await anna.call('POST', '/api/users', { json: { name: 'temp', password: 'temp-password-1' } })).status).to.equal(409);
    const short = await anna.call('POST', '/api/users', { json: { name: 'tiny', password: 'short' } });
    expect(short.status).to.equal(400);
    expect(short.body.error).to.include('at least 10 characters');
    const temp = new StaffBrowser(host.apiUrl);
    expect((await temp.signIn('temp', 'temp-password-1')).status).to.equal(200);
    const listed = (await anna.call('GET', '/api/users')).body.items.map((user: { name: string; role: string }) => `${user.name}:${user.role}`);
    expect(listed).to.deep.equal(['anna:admin', 'rita:reception', 'temp:reception']);
    expect((await anna.call('DELETE', '/api/users/anna')).status, 'not yourself').to.equal(409);
    expect((await anna.call('DELETE', '/api/users/temp')).status).to.equal(200);
    expect((await anna.call('DELETE', '/api/users/temp')).status).to.equal(404);
    expect((await temp.call('GET', '/api/status')).status).to.equal(401);
  });
});
