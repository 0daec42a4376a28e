import { expect } from 'chai';
import { startFhirTestServer, type FhirTestServer } from './fhir-test-server.js';
import { DAY, EXPECTED_IDS, VIDEO_LINK, seedClinicDay } from './fhir-day-fixture.js';
import { makeFhirPms } from './fhir-plugin-harness.js';

describe('pms-fhir-r4: reading a clinic day', function () {
  let server: FhirTestServer;
  before(async function () {
    server = await startFhirTestServer();
    await seedClinicDay(server.baseUrl);
  });
  after(async function () {
    await server.close();
  });
  beforeEach(function () {
    server.omitFromIncludes.clear();
  });

  const paramsOf = (url: string) => new URLSearchParams(url.split('?')[1]);

  async function poll(options: Parameters<typeof makeFhirPms>[0]) {
    const made = makeFhirPms(options);
    await made.instance.start!();
    server.requests.length = 0;
    const listing = await made.source.listAppointments(DAY);
    return { ...made, listing, requests: server.requests.map((r) => r.url) };
  }

  it('reads the day with one search plus its pages and maps every case', async function () {
    const { listing, requests } = await poll({ baseUrl: server.baseUrl, pageSize: 3 });
    const byId = new Map(listing.appointments.map((a) => [a.id, a]));
    expect([...byId.keys()].sort()).to.deep.equal([...EXPECTED_IDS].sort());

    const searches = requests.filter((u) => u.startsWith('Appointment?'));
    expect(searches, 'first page + 2 next pages for 9 matches at _count=3').to.have.length(3);
    const first = paramsOf(searches[0]!);
    expect(first.getAll('date')).to.deep.equal(['ge2026-11-23T00:00:00+11:00', 'lt2026-11-24T00:00:00+11:00']);
    expect(first.getAll('_include')).to.deep.equal(['Appointment:actor']);
    expect(first.get('status')!.split(',')).to.include.members(['booked', 'arrived', 'cancelled', 'fulfilled']);
    expect(first.get('status')!.split(',')).not.to.include('entered-in-error');
    expect(searches.slice(1).every((u) => u.includes('_offset='))).to.equal(true);

    // Midnight edges: the instant decides, whatever offset the PMS wrote.
    expect(byId.get('a-midnight')!.start).to.equal('2026-11-23T00:05:00+11:00');
    expect(byId.get('a-utc')).to.include({ start: '2026-11-23T12:50:00Z', end: '2026-11-23T13:05:00Z' });
    expect(byId.has('a-prev-day') || byId.has('a-next-day') || byId.has('a-brisbane')).to.equal(false);

    // Phones: the flagged mobile first; otherwise the number typed as mobile; never the landline.
    expect(byId.get('a-midnight')!.patient).to.deep.equal({ id: 'pat-many', name: 'Mai Middle Nguyen', firstName: 'Mai', mobile: '0412 345 678' });
    expect(byId.get('a-utc')!.patient.mobile).to.equal('0423 111 222');

    // Practitioners: direct, and through a PractitionerRole (its Practitioner read once).
    expect(byId.get('a-midnight')!.practitioner).to.deep.equal({ id: 'pr-ada', name: 'Dr Ada Ferris' });
    expect(byId.get('a-role')!.practitioner).to.deep.equal({ id: 'pr-ben', name: 'Dr Ben Okafor' });
    const practitionerReads = requests.filter((u) => u.startsWith('Practitioner?'));
    expect(practitionerReads).to.have.length(1);
    expect(paramsOf(practitionerReads[0]!).get('_id')).to.equal('pr-ben');

    expect(byId.get('a-cancelled')!.status).to.equal('cancelled');
    expect(byId.get('a-video')).to.include({ isVideo: true, videoLink: VIDEO_LINK, created: '2026-11-01T10:00:00+11:00' });
    expect(byId.get('a-midnight')).to.include({ isVideo: false }).and.not.have.property('videoLink');
    // The Patient's standard patient-interpreterRequired extension; absent means not known.
    expect(byId.get('a-video')).to.include({ interpreterRequired: true });
    expect(byId.get('a-utc')).to.include({ interpreterRequired: false });
    expect(byId.get('a-role')).not.to.have.property('interpreterRequired');

    expect(listing.skipped).to.deep.equal({ 'no-patient': 1, 'no-mobile': 1, unreadable: 1 });
  });

  it('reads references missing from the bundle once each per poll, batched', async function () {
    server.omitFromIncludes.add('Patient/pat-many').add('Patient/pat-unflagged');
    const { listing, requests } = await poll({ baseUrl: server.baseUrl, pageSize: 3 });
    expect(listing.appointments.map((a) => a.id).sort()).to.deep.equal([...EXPECTED_IDS].sort());
    const patientReads = requests.filter((u) => u.startsWith('Patient'));
    expect(patientReads, 'one batched read for two patients behind four appointments').to.have.length(1);
    expect(paramsOf(patientReads[0]!).get('_id')!.split(',').sort()).to.deep.equal(['pat-many', 'pat-unflagged']);
    expect(listing.appointments.find((a) => a.id === 'a-video')!.patient.mobile).to.equal('0412 345 678');
  });

  it('counts skipped records in health without failing the poll', async function () {
    const { instance } = await poll({ baseUrl: server.baseUrl });
    const health = await instance.checkHealth!();
    expect(health.status).to.equal('ok');
    expect(health.detail).to.contain('3 appointment(s) skipped').and.contain('no-mobile: 1');
    expect(health.data).to.deep.include({ lastPollAppointments: 6, skipped: { 'no-patient': 1, 'no-mobile': 1, unreadable: 1 } });
  });

  it('stops at maxPages and says so in health', async function () {
    const { listing, instance, requests } = await poll({ baseUrl: server.baseUrl, pageSize: 3, maxPages: 2 });
    expect(requests.filter((u) => u.startsWith('Appointment?'))).to.have.length(2);
    expect(listing.appointments.length).to.be.lessThan(EXPECTED_IDS.length);
    expect((await instance.checkHealth!()).detail).to.contain('maxPages (2)');
  });

  it('sends the narrower includes and the plain day form when configured', async function () {
    const { listing, requests } = await poll({ baseUrl: server.baseUrl, include: 'patient-practitioner', dateSearch: 'day' });
    const search = paramsOf(requests.find((u) => u.startsWith('Appointment?'))!);
    expect(search.getAll('date')).to.deep.equal(['2026-11-23']);
    expect(search.getAll('_include')).to.deep.equal(['Appointment:patient', 'Appointment:practitioner']);
    // The role is not included by Appointment:practitioner, so it and its Practitioner are read.
    expect(requests.filter((u) => u.startsWith('PractitionerRole?') || u.startsWith('Practitioner?'))).to.have.length(2);
    // This server reads a plain day in UTC (the clinic's morning falls on the day before); whatever
    // the server makes of it, the window is enforced as instants.
    for (const a of listing.appointments) expect(Date.parse(a.start)).to.be.within(DAY.from, DAY.to - 1);
    expect(listing.appointments.map((a) => a.id)).to.include.members(['a-utc', 'a-unflagged-2']);
    expect(listing.appointments.find((a) => a.id === 'a-unflagged-2')!.practitioner.name).to.equal('Dr Ben Okafor');
  });
});
