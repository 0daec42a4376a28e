import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import { remoteDetailOf } from '@clinic-arrivals/plugin-kit';
import { AuthError, ConfigError } from '@clinic-arrivals/plugin-kit';
import { ManualClock, expectRejection } from '@clinic-arrivals/plugin-kit/testing';
import { DAY } from './fhir-day-fixture.js';
import { makeFhirPms } from './fhir-plugin-harness.js';
import { startFhirTestServer, type FhirTestServer } from './fhir-test-server.js';
import { startSmartTokenEndpoint, type SmartTokenEndpoint } from './smart-token-endpoint.js';

/** A logger that keeps every line, to prove secrets never reach it. */
function recordingLogger(lines: string[]): Logger {
  const log = (fields: unknown, message?: string) => void lines.push(JSON.stringify(fields) + (message ?? ''));
  const logger: Logger = { trace: log, debug: log, info: log, warn: log, error: log, fatal: log, child: () => logger };
  return logger;
}

const pem = (k: { export(o: object): string | Buffer }) => k.export({ type: 'pkcs8', format: 'pem' }).toString();
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('pms-fhir-r4: authentication', function () {
  describe('bearer and basic', function () {
    let server: FhirTestServer;
    afterEach(async function () {
      await server?.close();
    });

    it('sends a bearer token; a rejected one is an AuthError and health goes down', async function () {
      server = await startFhirTestServer({ requireAuthorization: 'Bearer s3cret-token' });
      const lines: string[] = [];
      const good = makeFhirPms({ baseUrl: server.baseUrl, auth: { type: 'bearer', token: 's3cret-token' } }, { logger: recordingLogger(lines) });
      await good.instance.start!();
      expect((await good.source.listAppointments(DAY)).appointments).to.deep.equal([]);

      const bad = makeFhirPms({ baseUrl: server.baseUrl, auth: { type: 'bearer', token: 'stale' } }, { logger: recordingLogger(lines) });
      await bad.instance.start!();
      const error = await expectRejection(() => bad.source.listAppointments(DAY), AuthError);
      // The status and the OperationOutcome's code in the message; the server's own text only beside it.
      expect(error.message).to.contain('answered 401').and.contain('error/login').and.not.contain('Authorization required');
      expect(remoteDetailOf(error)).to.equal('Authorization required');
      expect(bad.sleeps, 'auth failures are not retried').to.deep.equal([]);
      expect((await bad.instance.checkHealth!()).status).to.equal('down');
      expect(lines.join('\n')).not.to.contain('s3cret-token');
    });

    it('sends basic credentials', async function () {
      server = await startFhirTestServer({ requireAuthorization: `Basic ${Buffer.from('clinic:pa55').toString('base64')}` });
      const { instance, source } = makeFhirPms({ baseUrl: server.baseUrl, auth: { type: 'basic', username: 'clinic', password: 'pa55' } });
      await instance.start!();
      expect((await source.listAppointments(DAY)).appointments).to.deep.equal([]);
    });
  });

  describe('SMART Backend Services', function () {
    let clock: ManualClock;
    let tokens: SmartTokenEndpoint;
    let server: FhirTestServer;
    let dir: string;
    beforeEach(async function () {
      clock = new ManualClock('2026-11-23T08:00:00+11:00');
      tokens = await startSmartTokenEndpoint({
        clock,
        expiresInSeconds: 300,
        clients: {
          'clinic-rs': { publicKey: rsa.publicKey, algorithm: 'RS384' },
          'clinic-es': { publicKey: ec.publicKey, algorithm: 'ES384' },
        },
      });
      server = await startFhirTestServer({
        acceptBearer: (token) => tokens.isValid(token),
        smartConfiguration: { token_endpoint: tokens.tokenUrl, token_endpoint_auth_methods_supported: ['private_key_jwt'] },
      });
      dir = await mkdtemp(path.join(os.tmpdir(), 'fhir-smart-'));
      await writeFile(path.join(dir, 'rs.pem'), pem(rsa.privateKey));
    });
    afterEach(async function () {
      await server.close();
      await tokens.close();
      await rm(dir, { recursive: true, force: true });
    });

    const smart = (auth: Record<string, unknown>, logger?: Logger) =>
      makeFhirPms({ baseUrl: server.baseUrl, auth: { type: 'smart-backend', ...auth } as never }, { clock, configDir: dir, logger });

    it('discovers the token endpoint, signs RS384, caches the token and refreshes it before expiry', async function () {
      const lines: string[] = [];
      const { instance, source } = smart({ clientId: 'clinic-rs', privateKeyPath: 'rs.pem', scope: 'system/Appointment.rs' }, recordingLogger(lines));
      await instance.start!();
      await source.listAppointments(DAY);
      await source.listAppointments(DAY);
      expect(tokens.rejections).to.deep.equal([]);
      expect(tokens.issued).to.have.length(1);
      expect(tokens.issued[0]).to.include({ clientId: 'clinic-rs', scope: 'system/Appointment.rs' });

      clock.advance(250_000); // 50 s left: inside the 60 s refresh margin
      await source.listAppointments(DAY);
      expect(tokens.issued).to.have.length(2);
      const log = lines.join('\n');
      for (const grant of tokens.issued) expect(log).not.to.contain(grant.token);
      expect(log).not.to.contain('PRIVATE KEY');
    });

    it('signs ES384 with a key given inline and a configured token URL', async function () {
      const { instance, source } = smart({ clientId: 'clinic-es', algorithm: 'ES384', privateKey: pem(ec.privateKey), tokenUrl: tokens.tokenUrl });
      await instance.start!();
      await source.listAppointments(DAY);
      expect(tokens.issued.map((i) => i.clientId)).to.deep.equal(['clinic-es']);
      expect(server.requests.some((r) => r.url.includes('smart-configuration'))).to.equal(false);
    });

    it('answers a 401 with one token refresh', async function () {
      const { instance, source } = smart({ clientId: 'clinic-rs', privateKeyPath: 'rs.pem' });
      await instance.start!();
      await source.listAppointments(DAY);
      tokens.revokeAll();
      await source.listAppointments(DAY);
      expect(tokens.issued).to.have.length(2);
    });

    it('is an AuthError at start when the endpoint rejects the signature, the audience or an expired assertion', async function () {
      const wrongKey = smart({ clientId: 'clinic-rs', privateKey: pem(stranger.privateKey) });
      await expectRejection(() => wrongKey.instance.start!(), AuthError);
      expect(tokens.rejections.pop()).to.equal('invalid signature');
      expect((await wrongKey.instance.checkHealth!()).status).to.equal('down');

      const wrongAudience = smart({ clientId: 'clinic-rs', privateKeyPath: 'rs.pem', tokenUrl: tokens.tokenUrl.replace('127.0.0.1', 'localhost') });
      await expectRejection(() => wrongAudience.instance.start!(), AuthError);
      expect(tokens.rejections.pop()).to.match(/audience invalid/);

      // The plugin's clock is ten minutes behind the authorization server's.
      const lateClock = new ManualClock(clock.now() - 600_000);
      const stale = makeFhirPms(
        { baseUrl: server.baseUrl, auth: { type: 'smart-backend', clientId: 'clinic-rs', privateKeyPath: 'rs.pem' } as never },
        { clock: lateClock, configDir: dir },
      );
      const error = await expectRejection(() => stale.instance.start!(), AuthError);
      expect(tokens.rejections.pop()).to.equal('jwt expired');
      expect(error.message).to.contain('invalid_client').and.not.contain('jwt expired');
      expect(remoteDetailOf(error)).to.equal('invalid_client: jwt expired');
      expect(tokens.issued).to.have.length(0);
    });

    it('refuses to start on an unreadable or unfitting key (ConfigError)', async function () {
      await expectRejection(() => smart({ clientId: 'clinic-rs', privateKeyPath: 'missing.pem' }).instance.start!(), ConfigError);
      await expectRejection(() => smart({ clientId: 'clinic-rs', privateKey: 'not a key' }).instance.start!(), ConfigError);
      const wrongType = await expectRejection(
        () => smart({ clientId: 'clinic-es', algorithm: 'ES384', privateKeyPath: 'rs.pem' }).instance.start!(),
        ConfigError,
      );
      expect(wrongType.message).to.contain('ES384');
    });
  });
});
