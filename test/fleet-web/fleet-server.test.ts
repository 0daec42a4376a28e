import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { expect } from 'chai';
import { connect } from 'node:net';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import { createFleetApiServer } from '../../core/api/fleet-server.js';
import type { FleetClinicView } from '../../core/api/fleet-view.js';
import { StaffBrowser, PASSWORDS } from '../auth/staff-client.js';
import { ensureWebBuilt } from '../web/browser.js';
import { FLEET_TOKEN, startFleet, WEST_PROBLEM, type Fleet } from './fleet-harness.js';

const bearer = { authorization: `Bearer ${FLEET_TOKEN}` };
const addFormats = formats.default;

type FleetDocument = {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema: object }> }> }>>;
};
type ClinicsSchema = { properties: { clinics: { items: object } } };

/** Raw bytes over one connection; resolves with everything the server sent before it closed. */
function rawExchange(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('fleet host over HTTP: clinics under /c/<id>/, the vendor routes at the root', function () {
  this.timeout(30_000);
  let fleet: Fleet;

  before(async () => {
    await ensureWebBuilt();
    fleet = await startFleet();
  });
  after(async () => {
    await fleet?.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(fleet.url + path, { headers, redirect: 'manual' });

  it('hands /c/<id>/api/… to that clinic’s own app, prefix stripped', async () => {
    const north = await get('/c/north/api/status', bearer);
    expect(north.status).to.equal(200);
    expect(((await north.json()) as { clinic: { name: string } }).clinic.name).to.equal('North Road Clinic');
    const south = await get('/c/south/api/status', bearer);
    expect(((await south.json()) as { clinic: { name: string } }).clinic.name).to.equal('South Beach Medical');
    // A plugin's route (the PMS simulator's book) under the prefix, each clinic its own.
    const book = (await (await get('/c/north/api/simulator/appointments', bearer)).json()) as { items: unknown[] };
    expect(book.items).to.have.length(3);
  });

  it('answers unknown clinics and malformed ids with a JSON 404, and adds the slash to a bare clinic address', async () => {
    for (const path of ['/c/nowhere/api/status', '/c/nowhere/', '/c/North/api/status', '/c/a%2Fb/api/status']) {
      const reply = await get(path, bearer);
      expect(reply.status, path).to.equal(404);
      expect(reply.headers.get('content-type'), path).to.match(/^application\/json/);
    }
    const bare = await get('/c/north?x=1');
    expect(bare.status).to.equal(308);
    expect(bare.headers.get('location')).to.equal('/c/north/?x=1');
  });

  it('serves the web app at a clinic’s deep links, with its files found through the prefix', async () => {
    for (const [path, up] of [
      ['/c/north/', './'],
      ['/c/north/today', './'],
      ['/c/north/today/', '../'],
    ] as const) {
      const page = await get(path);
      expect(page.status, path).to.equal(200);
      const html = await page.text();
      const script = /<script[^>]+src="([^"]+)"/.exec(html)![1]!;
      expect(script, path).to.match(new RegExp(`^${up.replace(/\./g, '\\.')}assets/`));
      expect(html, 'a clinic page is not the fleet page').not.to.include('clinic-arrivals-fleet');
      const asset = await get(new URL(script, fleet.url + path).pathname);
      expect(asset.status, `${path} → ${script}`).to.equal(200);
      expect(asset.headers.get('content-type')).to.match(/^text\/javascript/);
    }
  });

  it('streams a clinic’s live events through the prefix', async () => {
    const controller = new AbortController();
    const response = await fetch(`${fleet.url}/c/north/api/events`, { headers: bearer, signal: controller.signal });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    const changed = (async () => {
      while (!text.includes('event: change')) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before a change: ${text}`);
        text += new TextDecoder().decode(value);
      }
    })();
    // A change in north (a practitioner's room set through the API) reaches the open stream.
    const patched = await fetch(`${fleet.url}/c/north/api/practitioners/prac-lee`, {
      method: 'PATCH',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ room: 'Room 4' }),
    });
    expect(patched.status, await patched.text()).to.equal(200);
    await changed;
    controller.abort();
    expect(text).to.include('"topic":"practitioners"');
  });

  it('lists the clinics for the vendor’s token only (401 without it or with another)', async () => {
    expect((await get('/api/clinics')).status).to.equal(401);
    expect((await get('/api/clinics', { authorization: 'Bearer not-the-token' })).status).to.equal(401);
    // A clinic's staff session is no key to the fleet.
    const anna = new StaffBrowser(`${fleet.url}/c/north`);
    expect((await anna.signIn('anna', PASSWORDS.anna)).status).to.equal(200);
    expect((await get('/api/clinics', { cookie: anna.cookie! })).status).to.equal(401);

    const reply = await get('/api/clinics', bearer);
    expect(reply.status).to.equal(200);
    const { clinics } = (await reply.json()) as { clinics: FleetClinicView[] };
    expect(clinics.map((c) => [c.id, c.state])).to.deep.equal([
      ['north', 'running'],
      ['south', 'running'],
      ['west', 'failed'],
    ]);
    expect(clinics[2]!.problem).to.deep.equal(WEST_PROBLEM);
    expect(clinics[0]!.lastPollAt).to.be.a('string');
  });

  it('publishes its own routes as an OpenAPI document at /api/openapi.json, and /api/clinics answers what it says', async () => {
    const reply = await get('/api/openapi.json');
    expect(reply.status).to.equal(200);
    const document = (await reply.json()) as FleetDocument;
    expect(document.openapi).to.equal('3.1.0');
    expect(document.info.title).to.equal('clinic-arrivals fleet API');
    expect(Object.keys(document.paths).sort()).to.deep.equal(['/api/clinics', '/api/health', '/api/ready', '/metrics']);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const [path, status] of [
      ['/api/clinics', '200'],
      ['/api/health', '200'],
    ] as const) {
      const validate = ajv.compile(document.paths[path]!.get!.responses![status]!.content!['application/json']!.schema);
      const body = await (await get(path, bearer)).json();
      expect(validate(body), `${path}: ${ajv.errorsText(validate.errors)}`).to.equal(true);
    }
    // A field the view has but the schema lacks would fail here: the schema is closed for this check.
    const clinicSchema = (document.paths['/api/clinics']!.get!.responses!['200']!.content!['application/json']!.schema as ClinicsSchema).properties.clinics
      .items;
    const closed = ajv.compile({ ...clinicSchema, additionalProperties: false });
    const { clinics } = (await (await get('/api/clinics', bearer)).json()) as { clinics: FleetClinicView[] };
    for (const clinic of clinics) expect(closed(clinic), `${clinic.id}: ${ajv.errorsText(closed.errors)}`).to.equal(true);
    // Between them the clinics show every field the schema names.
    const shown = [...new Set(clinics.flatMap((c) => Object.keys(c)))].sort();
    expect(shown).to.deep.equal(Object.keys((clinicSchema as { properties: object }).properties).sort());
  });

  it('scopes a staff session to its clinic: north’s cookie is refused by south', async () => {
    const anna = new StaffBrowser(`${fleet.url}/c/north`);
    const signedIn = await anna.signIn('anna', PASSWORDS.anna);
    expect(signedIn.status).to.equal(200);
    expect(anna.lastSetCookie).to.match(/; Path=\/c\/north\/;/);
    expect((await anna.call('GET', '/api/status')).status).to.equal(200);

    // The same cookie (a browser would not even send it there) and the same name: south has its own sessions.
    const atSouth = new StaffBrowser(`${fleet.url}/c/south`);
    atSouth.cookie = anna.cookie;
    expect((await atSouth.call('GET', '/api/status')).status).to.equal(401);
    const session = await atSouth.call('GET', '/api/session');
    expect(session.body.user).to.equal(null);

    // Signing out clears the cookie at its own path.
    expect((await anna.call('DELETE', '/api/session')).status).to.equal(200);
    expect(anna.lastSetCookie).to.match(/; Path=\/c\/north\/;.*Max-Age=0/);
  });

  it('serves every clinic’s metrics with a clinic label, each HELP/TYPE once, for the token only', async () => {
    expect((await get('/metrics')).status).to.equal(401);
    const reply = await get('/metrics', bearer);
    expect(reply.status).to.equal(200);
    expect(reply.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    const text = await reply.text();
    expect(text).to.include('clinic_arrivals_store_up{clinic="north"} 1');
    expect(text).to.include('clinic_arrivals_store_up{clinic="south"} 1');
    expect(text.match(/^# TYPE clinic_arrivals_texts_total counter$/gm)).to.have.length(1);
    expect(text.match(/^clinic_arrivals_process_start_time_seconds /gm), 'process metrics once, unlabelled').to.have.length(1);
    expect(text).not.to.match(/process_start_time_seconds\{clinic=/);
  });

  it('answers health and readiness for the whole fleet (a failed clinic is shown, not waited for)', async () => {
    expect(await (await get('/api/health')).json()).to.deep.equal({ ok: true });
    const ready = await get('/api/ready');
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.deep.equal({ ready: true, reasons: [] });
  });

  it('refuses slow, oversized and malformed requests', async () => {
    // Headers that never finish: 408 after the request deadline (1 s in this fleet).
    const slow = await rawExchange(fleet.url, 'GET /c/north/api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    expect(slow).to.match(/^HTTP\/1\.1 408 /);
    const garbage = await rawExchange(fleet.url, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).to.match(/^HTTP\/1\.1 400 /);
    const big = await fetch(`${fleet.url}/c/north/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'anna', password: 'x'.repeat(100_000) }),
    });
    expect(big.status).to.equal(413);
    const bigAtRoot = await fetch(`${fleet.url}/api/clinics`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: 'x'.repeat(100_000),
    });
    expect(bigAtRoot.status).to.be.oneOf([404, 413]);
  });
});

describe('fleet without a token', () => {
  it('is open on a loopback address only (Host and Origin still checked), and refuses to listen elsewhere', async () => {
    const view = { list: async () => [], clinicApp: async () => undefined, metrics: async () => '' };
    const server = await createFleetApiServer(view, { port: 0, logger: createSilentLogger() });
    try {
      expect(await (await fetch(`${server.url}/api/clinics`)).json()).to.deep.equal({ clinics: [] });
      expect((await fetch(`${server.url}/api/clinics`, { headers: { origin: 'https://evil.example' } })).status).to.equal(403);
    } finally {
      await server.close();
    }
    let refused: unknown;
    await createFleetApiServer(view, { host: '0.0.0.0', port: 0, logger: createSilentLogger() }).catch((error: unknown) => (refused = error));
    expect((refused as Error).message).to.match(/needs a token/);
  });
});

describe('fleet readiness', () => {
  it('is not ready while a clinic is starting, and names it', async () => {
    const clinic = (id: string, state: FleetClinicView['state']): FleetClinicView => ({
      id,
      name: id,
      timeZone: 'UTC',
      state,
      health: 'unknown',
      textsToday: { sent: 0, failed: 0, unknown: 0 },
      failures: 0,
    });
    const server = await createFleetApiServer(
      {
        list: async () => [clinic('a', 'running'), clinic('b', 'starting'), clinic('c', 'stopped'), clinic('d', 'standby')],
        clinicApp: async () => undefined,
        metrics: async () => '',
      },
      { port: 0, logger: createSilentLogger() },
    );
    try {
      const reply = await fetch(`${server.url}/api/ready`);
      expect(reply.status).to.equal(503);
      expect(await reply.json()).to.deep.equal({ ready: false, reasons: ['b: starting'] });
    } finally {
      await server.close();
    }
  });
});
