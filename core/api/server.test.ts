import { expect } from 'chai';
import { request as httpRequest } from 'node:http';
import { ConfigError } from '@clinic-arrivals/plugin-kit';
import { createBearerCheck, isLoopbackHost } from './access.js';
import { createApiServer } from './server.js';
import { captureLogger, startTestApi, type TestApi } from './test-support/api-client.js';
import { FakeHostControl } from './test-support/fake-host-control.js';
import { createSimulatorPlugins } from './test-support/simulator-plugins.js';

const TOKEN = 'k3Y-for-the-api-0123456789abcdef';

/** A raw request, for headers fetch will not let us forge (Host). */
function rawGet(url: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url + path, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('local API server', () => {
  describe('binding', () => {
    it('binds 127.0.0.1 by default and closes idempotently', async () => {
      const server = await createApiServer(new FakeHostControl(), { port: 0, logger: captureLogger() });
      expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${server.url}/api/health`)).status).to.equal(200);
      await server.close();
      await server.close();
      let failed = false;
      await fetch(`${server.url}/api/health`).catch(() => (failed = true));
      expect(failed).to.equal(true);
    });

    it('binds 0.0.0.0 without a token and then requires staff sign-in (401) on data routes', async () => {
      const server = await createApiServer(new FakeHostControl(), { host: '0.0.0.0', port: 0, logger: captureLogger() });
      try {
        const local = server.url.replace('0.0.0.0', '127.0.0.1');
        expect((await fetch(`${local}/api/health`)).status).to.equal(200);
        const status = await fetch(`${local}/api/status`);
        expect(status.status).to.equal(401);
        expect(await status.json()).to.deep.equal({ error: 'sign in first (POST /api/session)', code: 'CA_ERR_SIGN_IN' });
        expect(await (await fetch(`${local}/api/session`)).json()).to.deep.equal({ user: null, signInRequired: true });
      } finally {
        await server.close();
      }
    });

    it('refuses a token that could never be sent in a header', async () => {
      for (const token of ['two words', 'naïve-token']) {
        const error = await createApiServer(new FakeHostControl(), { port: 0, token, logger: captureLogger() }).catch((caught: unknown) => caught);
        expect(error).to.be.instanceOf(ConfigError);
        expect((error as ConfigError).key).to.equal('api.token');
        expect((error as ConfigError).message).not.to.include(token);
      }
    });

    it('reports a port in use as a ConfigError naming api.port', async () => {
      const first = await createApiServer(new FakeHostControl(), { port: 0, logger: captureLogger() });
      try {
        const port = Number(new URL(first.url).port);
        const error = await createApiServer(new FakeHostControl(), { port, logger: captureLogger() }).catch((caught: unknown) => caught);
        expect(error).to.be.instanceOf(ConfigError);
        expect((error as ConfigError).key).to.equal('api.port');
      } finally {
        await first.close();
      }
    });

    it('tells loopback from other addresses', () => {
      for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) {
        expect(isLoopbackHost(host), host).to.equal(true);
      }
      for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'localhost.evil.example', 'example.com', '']) {
        expect(isLoopbackHost(host), host).to.equal(false);
      }
    });
  });

  describe('with a token', () => {
    let api: TestApi;
    before(async () => {
      api = await startTestApi(new FakeHostControl(), { token: TOKEN, pluginRoutes: createSimulatorPlugins().routeSets });
    });
    after(() => api.close());

    it('lets the health check through without a token (GET and HEAD)', async () => {
      expect((await fetch(`${api.url}/api/health`)).status).to.equal(200);
      expect((await fetch(`${api.url}/api/health`, { method: 'HEAD' })).status).to.equal(200);
      expect((await fetch(`${api.url}/api/status`, { method: 'HEAD' })).status).to.equal(401);
    });

    // Pages outside /api/ (the web app, the index) hold no data and must load before sign-in.
    for (const [method, path] of [
      ['GET', '/api'],
      ['GET', '/api/openapi.json'],
      ['GET', '/api/status'],
      ['GET', '/api/appointments/today'],
      ['POST', '/api/cycle'],
      ['PUT', '/api/templates/doctorReady'],
      ['GET', '/api/simulator/sms/sent'],
      ['GET', '/api/no-such-route'],
      ['GET', '/%61pi/status'],
    ] as const) {
      it(`${method} ${path} → 401 without the right token`, async () => {
        for (const authorization of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer ']) {
          const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
          const reply = await fetch(api.url + path, { method, headers });
          expect(reply.status, String(authorization)).to.equal(401);
          expect(reply.headers.get('www-authenticate')).to.equal('Bearer');
          expect(await reply.json()).to.deep.equal({ error: 'missing or wrong bearer token (api.token)' });
        }
      });
    }

    it('accepts the token (scheme case-insensitive)', async () => {
      const ok = await api.call('GET', '/api/status');
      expect(ok.status).to.equal(200);
      const lower = await fetch(`${api.url}/api/status`, { headers: { authorization: `bearer ${TOKEN}` } });
      expect(lower.status).to.equal(200);
    });

    it('does not refuse foreign Host headers (the token already proves the caller)', async () => {
      const reply = await rawGet(api.url, '/api/status', { host: 'clinic-pc.local:7171', authorization: `Bearer ${TOKEN}` });
      expect(reply.status).to.equal(200);
    });
  });

  describe('bearer check', () => {
    it('matches only the exact token', () => {
      const check = createBearerCheck(TOKEN);
      expect(check(`Bearer ${TOKEN}`)).to.equal(true);
      expect(check(undefined)).to.equal(false);
      expect(check(TOKEN)).to.equal(false);
      expect(check(`Bearer ${TOKEN} extra`)).to.equal(false);
    });
  });

  describe('without a token (loopback only)', () => {
    let api: TestApi;
    before(async () => {
      api = await startTestApi(new FakeHostControl());
    });
    after(() => api.close());

    it('refuses a foreign Host header (DNS rebinding) with 403', async () => {
      const port = new URL(api.url).port;
      expect((await rawGet(api.url, '/api/status', { host: `localhost:${port}` })).status).to.equal(200);
      expect((await rawGet(api.url, '/api/status', { host: `[::1]:${port}` })).status).to.equal(200);
      const refused = await rawGet(api.url, '/api/status', { host: `evil.example:${port}` });
      expect(refused.status).to.equal(403);
      expect(JSON.parse(refused.body)).to.deep.equal({ error: 'requests must address the API by a loopback host name' });
    });

    it('refuses cross-origin browser requests with 403, allows same-origin ones', async () => {
      const foreign = await api.call('POST', '/api/cycle', { headers: { origin: 'https://evil.example' } });
      expect(foreign.status).to.equal(403);
      expect(foreign.body).to.deep.equal({ error: 'cross-origin requests are not allowed' });
      const opaque = await api.call('POST', '/api/cycle', { headers: { origin: 'null' } });
      expect(opaque.status).to.equal(403);
      const same = await api.call('POST', '/api/cycle', { headers: { origin: api.url } });
      expect(same.status).to.equal(200);
    });

    it('limits bodies to 64 KB (413)', async () => {
      const reply = await api.call('PUT', '/api/templates/doctorReady', { json: { text: 'x'.repeat(70 * 1024) } });
      expect(reply.status).to.equal(413);
      expect(reply.body).to.have.property('error');
    });

    it('answers malformed JSON with 400 and other media types with 415', async () => {
      const malformed = await api.call('POST', '/api/simulator/inbox', { headers: { 'content-type': 'application/json' }, rawBody: '{"from":' });
      expect(malformed.status).to.equal(400);
      expect(malformed.body).to.have.property('error');
      const form = await api.call('POST', '/api/cycle', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: 'a=1' });
      expect(form.status).to.equal(415);
    });

    it('refuses JSON in a charset other than UTF-8 (415, saying to send UTF-8)', async () => {
      const api = await startTestApi(new FakeHostControl(), { pluginRoutes: createSimulatorPlugins().routeSets });
      try {
        const rawBody = JSON.stringify({ from: '0412345678', body: 'YES' });
        for (const type of ['application/json; charset=latin1', 'application/json; charset=ISO-8859-1', 'application/json;charset="windows-1252"']) {
          const reply = await api.call('POST', '/api/simulator/inbox', { headers: { 'content-type': type }, rawBody });
          expect(reply.status, type).to.equal(415);
          expect(reply.body.code).to.equal('CA_ERR_UNSUPPORTED_CHARSET');
          expect(reply.body.error).to.match(
            /^JSON bodies must be UTF-8, but the Content-Type says charset=(latin1|ISO-8859-1|windows-1252); send the body as UTF-8/,
          );
        }
        for (const type of ['application/json; charset=utf-8', 'application/json; charset=UTF8', 'application/json;charset="Utf-8"', 'application/json']) {
          const reply = await api.call('POST', '/api/simulator/inbox', { headers: { 'content-type': type }, rawBody });
          expect(reply.status, type).to.equal(201);
        }
      } finally {
        await api.close();
      }
    });

    it('rejects prototype poisoning in JSON bodies', async () => {
      const reply = await api.call('PATCH', '/api/practitioners/p1', {
        headers: { 'content-type': 'application/json' },
        rawBody: '{"ignore":true,"__proto__":{"admin":true}}',
      });
      expect(reply.status).to.equal(400);
    });
  });

  describe('logging', () => {
    it('logs one debug line per request, never the token or bodies', async () => {
      const control = new FakeHostControl();
      control.templates.set('doctorReady', { defaultText: 'x', text: 'x', source: 'default', variables: [] });
      control.cycleFailure = new Error('store unavailable');
      const api = await startTestApi(control, { token: TOKEN, pluginRoutes: createSimulatorPlugins().routeSets });
      try {
        const secretText = 'PATIENT-SECRET-REPLY';
        await api.call('POST', '/api/simulator/inbox', { json: { from: '+61412345678', body: secretText } });
        await api.call('PUT', '/api/templates/doctorReady', { json: { text: secretText } });
        await api.call('POST', '/api/cycle');
        await api.call('GET', '/api/status', { token: 'guessed-token' });
        const logged = JSON.stringify(api.logs);
        expect(logged).not.to.include(TOKEN);
        expect(logged).not.to.include('guessed-token');
        expect(logged).not.to.include(secretText);
        expect(logged).not.to.include('+61412345678');
        const requests = api.logs.filter((line) => line.message === 'api request');
        expect(requests.map((line) => [line.level, line.fields.route, line.fields.status])).to.deep.equal([
          ['debug', '/api/simulator/inbox', 201],
          ['debug', '/api/templates/:name', 200],
          ['debug', '/api/cycle', 500],
          ['debug', '/api/status', 401],
        ]);
      } finally {
        await api.close();
      }
    });
  });
});
