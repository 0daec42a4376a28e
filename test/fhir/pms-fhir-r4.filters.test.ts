import { expect } from 'chai';
import { NotFoundError } from '@clinic-arrivals/plugin-kit';
import { OptionsSchemaError, expectRejection, resolvePluginOptions } from '@clinic-arrivals/plugin-kit/testing';
import plugin from '../../plugins/pms-fhir-r4/index.js';
import { validatePluginOptions } from '../../core/config/validate.js';
import { startFhirTestServer, type FhirTestServer } from './fhir-test-server.js';
import { DAY } from './fhir-day-fixture.js';
import { makeFhirPms } from './fhir-plugin-harness.js';
import { getResource } from './fhir-seed.js';
import { GP_SERVICE, seedTwoClinics } from './fhir-two-clinics-fixture.js';

describe('pms-fhir-r4: filters for a clinic on a shared FHIR server', function () {
  let server: FhirTestServer;
  before(async function () {
    server = await startFhirTestServer();
    await seedTwoClinics(server);
  });
  after(async function () {
    await server.close();
  });

  const paramsOf = (url: string) => new URLSearchParams(url.split('?')[1]);

  async function listWith(filters: Record<string, unknown>) {
    const made = makeFhirPms({ baseUrl: server.baseUrl, filters });
    await made.instance.start!();
    server.requests.length = 0;
    const listing = await made.source.listAppointments(DAY);
    return { ...made, ids: listing.appointments.map((a) => a.id).sort(), requests: server.requests.map((r) => r.url) };
  }

  it('two instances with different filters each list only their own appointments, and read only their own patients', async function () {
    server.omitFromIncludes.add('Patient/pat-n1').add('Patient/pat-s1');
    try {
      const north = await listWith({ location: ['loc-north'] });
      const south = await listWith({ organization: ['Organization/org-south'] });
      expect(north.ids).to.deep.equal(['n-0900', 'n-1000', 'n-1100']);
      expect(south.ids).to.deep.equal(['s-0900', 's-1000']);

      const northSearch = paramsOf(north.requests.find((u) => u.startsWith('Appointment?'))!);
      expect(northSearch.get('location')).to.equal('Location/loc-north');
      // The organization becomes its Locations, looked up first.
      expect(paramsOf(south.requests[0]!).get('organization')).to.equal('Organization/org-south');
      expect(south.requests[0]!.startsWith('Location?')).to.equal(true);
      expect(paramsOf(south.requests.find((u) => u.startsWith('Appointment?'))!).get('location')).to.equal('Location/loc-south');
      // References left out of the bundle are read only for the clinic's own appointments.
      expect(north.requests.filter((u) => u.startsWith('Patient?')).map((u) => paramsOf(u).get('_id'))).to.deep.equal(['pat-n1']);
      expect(south.requests.filter((u) => u.startsWith('Patient?')).map((u) => paramsOf(u).get('_id'))).to.deep.equal(['pat-s1']);
    } finally {
      server.omitFromIncludes.clear();
    }
  });

  it('sends practitioner, service type and extra parameters with every search', async function () {
    const { ids, requests } = await listWith({ practitioner: ['pr-south'], serviceType: [GP_SERVICE], extra: { 'part-status': 'accepted' } });
    expect(ids).to.deep.equal(['s-0900', 's-1000']);
    const search = paramsOf(requests.find((u) => u.startsWith('Appointment?'))!);
    expect(search.get('practitioner')).to.equal('Practitioner/pr-south');
    expect(search.get('service-type')).to.equal(GP_SERVICE);
    expect(search.get('part-status')).to.equal('accepted');
  });

  it("writes only to the clinic's own appointments", async function () {
    const { source } = await listWith({ location: ['loc-north'] });
    await expectRejection(() => source.markArrived('s-0900'), NotFoundError);
    expect((await getResource(server.baseUrl, 'Appointment/s-0900')).status).to.equal('booked');
    server.requests.length = 0;
    await source.markArrived('n-0900');
    expect((await getResource(server.baseUrl, 'Appointment/n-0900')).status).to.equal('arrived');
    const check = paramsOf(server.requests.find((r) => r.url.startsWith('Appointment?'))!.url);
    expect(check.get('_id')).to.equal('n-0900');
    expect(check.get('location')).to.equal('Location/loc-north');
  });

  it('reads nothing when the organization has no Locations, and says so', async function () {
    const { ids, requests, instance } = await listWith({ organization: ['org-none'] });
    expect(ids).to.deep.equal([]);
    expect(
      requests.some((u) => u.startsWith('Appointment?')),
      'never an unfiltered search',
    ).to.equal(false);
    expect((await instance.checkHealth!()).detail).to.contain('organization filter matched no Location');
  });

  it('accepts FHIR search parameter names in extra and refuses the ones the plugin owns', function () {
    const resolve = (extra: Record<string, string>) => resolvePluginOptions(plugin, { baseUrl: 'https://pms.example/fhir', filters: { extra } });
    expect(resolve({ 'actor:Location.organization': 'Organization/7', specialty: 'gp', _tag: 'x' }).filters.extra).to.have.property('specialty');
    for (const owned of ['_count', 'date', '_lastUpdated', 'status', '_include', 'date:missing', '_sort', 'has space', 'a&b']) {
      expect(() => resolve({ [owned]: '1' }), owned).to.throw(OptionsSchemaError);
    }
    expect(() => resolvePluginOptions(plugin, { baseUrl: 'https://pms.example/fhir', filters: { location: [] } })).to.throw(OptionsSchemaError);
    // The host's config check names the key and says why.
    const problems = validatePluginOptions(
      plugin,
      'pms',
      { baseUrl: 'https://pms.example/fhir', filters: { extra: { _count: '5' } } },
      { fileLabel: 'c.yaml' },
    ).problems;
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^c\.yaml: pms\.options\.filters\.extra: must not be one the plugin sets itself .*_count/);
  });
});
