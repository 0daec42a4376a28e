import { expect } from 'chai';
import type { CapabilityStatement } from '@medplum/fhirtypes';
import { ConfigError } from '@clinic-arrivals/plugin-kit';
import { expectRejection } from '@clinic-arrivals/plugin-kit/testing';
import plugin from '../../plugins/pms-fhir-r4/index.js';
import { AU_APPOINTMENT_TYPE_SYSTEM, AU_VIDEO_LINK_EXTENSION, CONFIRMED_BY_TEXT_EXTENSION, DEFAULT_SMART_SCOPE } from '../../plugins/pms-fhir-r4/options.js';
import { resolvePluginOptions, OptionsSchemaError } from '@clinic-arrivals/plugin-kit/testing';
import { makeFhirPms } from './fhir-plugin-harness.js';
import { startFhirTestServer, type FhirTestServer } from './fhir-test-server.js';

const appointmentOf = (s: CapabilityStatement) => s.rest![0]!.resource!.find((r) => r.type === 'Appointment')!;

describe('pms-fhir-r4: start-up checks', function () {
  let server: FhirTestServer | undefined;
  afterEach(async function () {
    await server?.close();
    server = undefined;
  });

  async function startAgainst(capability: (s: CapabilityStatement) => CapabilityStatement) {
    server = await startFhirTestServer({ capability });
    const made = makeFhirPms({ baseUrl: server.baseUrl });
    return { ...made, starting: () => made.instance.start!() };
  }

  it('starts on a FHIR 4.x server that searches Appointments by date, and reports it healthy', async function () {
    const { starting, instance } = await startAgainst((s) => s);
    await starting();
    const health = await instance.checkHealth!();
    expect(health).to.deep.include({ status: 'ok' });
    expect(health.data).to.include({ fhirVersion: '4.0.1' });
  });

  it('refuses a server that is not FHIR R4', async function () {
    const { starting, instance } = await startAgainst((s) => ({ ...s, fhirVersion: '3.0.2' as never }));
    const error = await expectRejection(starting, ConfigError);
    expect(error.message).to.contain('FHIR 3.0.2').and.contain('R4');
    expect(error.key).to.equal('pms.options.baseUrl');
    const health = await instance.checkHealth!();
    expect(health.status).to.equal('down');
    expect(health.detail).to.contain('FHIR 3.0.2');
  });

  it('refuses a server that cannot search Appointments by date', async function () {
    const { starting } = await startAgainst((s) => {
      const a = appointmentOf(s);
      a.searchParam = a.searchParam!.filter((p) => p.name !== 'date');
      return s;
    });
    expect((await expectRejection(starting, ConfigError)).message).to.contain('by date');
  });

  it('refuses a server without Appointments, or an answer that is not a CapabilityStatement', async function () {
    const none = await startAgainst((s) => ({ ...s, rest: [{ mode: 'server', resource: [] }] }));
    expect((await expectRejection(none.starting, ConfigError)).message).to.contain('Appointment');
    await server!.close();
    const other = await startAgainst(() => ({ resourceType: 'Patient' }) as never);
    expect((await expectRejection(other.starting, ConfigError)).message).to.contain('not a FHIR CapabilityStatement');
  });

  it('starts but warns in health when the declared includes differ', async function () {
    const { starting, instance } = await startAgainst((s) => {
      appointmentOf(s).searchInclude = ['Appointment:patient'];
      return s;
    });
    await starting();
    expect((await instance.checkHealth!()).detail).to.contain('Appointment:actor');
  });

  it('validates options with its schema: unknown keys and missing secrets are errors, defaults are filled', function () {
    expect(() => resolvePluginOptions(plugin, { baseUrl: 'https://pms.example/fhir', colour: 'blue' })).to.throw(OptionsSchemaError);
    expect(() => resolvePluginOptions(plugin, { baseUrl: 'https://pms.example/fhir', auth: { type: 'bearer' } })).to.throw(OptionsSchemaError);
    const options = resolvePluginOptions(plugin, { baseUrl: 'https://pms.example/fhir' });
    expect(options).to.include({ dateSearch: 'range', include: 'actor', pageSize: 100 });
    expect(options.auth).to.deep.equal({ type: 'none' });
    const schemaText = JSON.stringify(plugin.optionsSchema);
    expect(schemaText.match(/"x-secret":true/g)).to.have.length(3);
  });

  it('fills every default from the schema alone, smart-backend settings inside the auth alternatives too', function () {
    const options = resolvePluginOptions(plugin, { baseUrl: 'https://pms.example/fhir' });
    expect(options).to.deep.equal({
      baseUrl: 'https://pms.example/fhir',
      auth: { type: 'none' },
      headers: {},
      timeoutMs: 10000,
      retries: 3,
      retryMinDelayMs: 250,
      retryMaxDelayMs: 4000,
      dateSearch: 'range',
      include: 'actor',
      statuses: ['pending', 'booked', 'arrived', 'checked-in', 'fulfilled', 'cancelled', 'noshow'],
      filters: {},
      incremental: true,
      fullReadMinutes: 15,
      overlapSeconds: 60,
      pageSize: 100,
      maxPages: 100,
      videoConsultCoding: { system: AU_APPOINTMENT_TYPE_SYSTEM, code: 'teleconsultation', display: 'Teleconsultation' },
      videoLinkExtensionUrl: AU_VIDEO_LINK_EXTENSION,
      appendVideoUrlToComment: false,
      confirmationExtensionUrl: CONFIRMED_BY_TEXT_EXTENSION,
      conflictRetries: 3,
      logRemoteErrorText: false,
    });
    const smart = resolvePluginOptions(plugin, { baseUrl: 'https://pms.example/fhir', auth: { type: 'smart-backend', clientId: 'clinic', privateKey: 'pem' } });
    expect(smart.auth).to.deep.equal({
      type: 'smart-backend',
      clientId: 'clinic',
      privateKey: 'pem',
      scope: DEFAULT_SMART_SCOPE,
      algorithm: 'RS384',
      refreshBeforeExpirySeconds: 60,
    });
    const given = resolvePluginOptions(plugin, {
      baseUrl: 'https://pms.example/fhir',
      auth: { type: 'smart-backend', clientId: 'clinic', privateKey: 'pem', scope: 'system/*.read', algorithm: 'ES384', refreshBeforeExpirySeconds: 5 },
    });
    expect(given.auth).to.include({ scope: 'system/*.read', algorithm: 'ES384', refreshBeforeExpirySeconds: 5 });
    // The other alternatives get nothing added (they refuse unknown keys).
    expect(resolvePluginOptions(plugin, { baseUrl: 'https://pms.example/fhir', auth: { type: 'bearer', token: 't' } }).auth).to.deep.equal({
      type: 'bearer',
      token: 't',
    });
    expect(() =>
      resolvePluginOptions(plugin, { baseUrl: 'https://pms.example/fhir', auth: { type: 'smart-backend', clientId: 'clinic', algorithm: 'HS256' } }),
    ).to.throw(OptionsSchemaError);
  });

  it('does no I/O in create(); start() reads /metadata', async function () {
    server = await startFhirTestServer();
    const { instance } = makeFhirPms({ baseUrl: server.baseUrl });
    // A request sent after create() and answered: anything create() had sent would be there before it.
    await fetch(`${server.baseUrl}/metadata?probe`);
    expect(server.requests.map((r) => r.url)).to.deep.equal(['metadata?probe']);
    await instance.start!();
    expect(server.requests.slice(1).map((r) => r.url)).to.deep.equal(['metadata']);
  });
});
